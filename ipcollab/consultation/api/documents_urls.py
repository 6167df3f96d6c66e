"""API routes of consensus documents (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .documents import DocumentViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="consultation-document")

urlpatterns = router.urls
