"""API routes of comment rounds (included by api/urls.py under /api/v1/consultation/)."""

from rest_framework.routers import SimpleRouter

from .rounds import CommentRoundViewSet

router = SimpleRouter()
router.register("comment-rounds", CommentRoundViewSet, basename="consultation-comment-round")

urlpatterns = router.urls
