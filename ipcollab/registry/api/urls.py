from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import PartyViewSet, PowerOfAttorneyViewSet, RepresentativeViewSet
from .views_export import RightExportView
from .views_import import ImportJobViewSet
from .views_rights import RightViewSet

router = SimpleRouter()
router.register("parties", PartyViewSet, basename="party")
router.register("representatives", RepresentativeViewSet, basename="representative")
router.register("powers-of-attorney", PowerOfAttorneyViewSet, basename="power-of-attorney")
router.register("rights", RightViewSet, basename="right")
router.register("imports", ImportJobViewSet, basename="import-job")
urlpatterns = router.urls
# Before the router's routes: rights/export/ is not a right.
urlpatterns.insert(0, path("rights/export/", RightExportView.as_view(), name="right-export"))
