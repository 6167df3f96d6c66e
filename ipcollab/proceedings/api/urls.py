from rest_framework.routers import SimpleRouter

from .views import ProceedingViewSet

router = SimpleRouter()
router.register("proceedings", ProceedingViewSet, basename="proceeding")

urlpatterns = [*router.urls]
