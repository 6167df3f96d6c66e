from rest_framework.routers import SimpleRouter

from .views import AgencyViewSet, LiaisonViewSet, RegionViewSet

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("liaisons", LiaisonViewSet, basename="liaison")
urlpatterns = router.urls
