"""API routes of agreements and judicial confirmation (included by api/urls.py)."""

from rest_framework.routers import SimpleRouter

from .agreements import AgreementViewSet, ApplicationViewSet

router = SimpleRouter()
router.register("mediation-agreements", AgreementViewSet, basename="mediation-agreement")
router.register("confirmation-applications", ApplicationViewSet, basename="confirmation-application")

urlpatterns = router.urls
