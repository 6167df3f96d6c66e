"""API routes of liaison threads (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .threads import ThreadViewSet

router = SimpleRouter()
router.register("threads", ThreadViewSet, basename="consultation-thread")

urlpatterns = router.urls
