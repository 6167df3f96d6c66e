"""API routes of action items (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .actions import ActionItemViewSet

router = SimpleRouter()
router.register("action-items", ActionItemViewSet, basename="consultation-action-item")

urlpatterns = router.urls
