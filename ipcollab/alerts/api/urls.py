from rest_framework.routers import SimpleRouter

from .views import FollowViewSet, WatchViewSet

router = SimpleRouter()
router.register("follows", FollowViewSet, basename="follow")
router.register("watches", WatchViewSet, basename="watch")

urlpatterns = router.urls
