from rest_framework.routers import SimpleRouter

from .agreements_urls import urlpatterns as agreement_urlpatterns
from .views import MediationViewSet, MediatorViewSet, OrganisationViewSet

router = SimpleRouter()
router.register("mediations", MediationViewSet, basename="mediation")
router.register("mediation-organisations", OrganisationViewSet, basename="mediation-organisation")
router.register("mediators", MediatorViewSet, basename="mediator")

# The agreements' routes first: their paths may sit under mediations/<id>/.
urlpatterns = [
    *agreement_urlpatterns,
    *router.urls,
]
