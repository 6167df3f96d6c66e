"""API routes of consultation meetings (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .meetings import MeetingViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="consultation-meeting")

urlpatterns = router.urls
