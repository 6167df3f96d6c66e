"""API routes of standards feedback (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .feedback import StandardsFeedbackViewSet

router = SimpleRouter()
router.register("standards-feedback", StandardsFeedbackViewSet, basename="consultation-standards-feedback")

urlpatterns = router.urls
