from rest_framework.routers import SimpleRouter

from .views import AdjudicationViewSet

router = SimpleRouter()
router.register("adjudications", AdjudicationViewSet, basename="adjudication")

urlpatterns = [*router.urls]
