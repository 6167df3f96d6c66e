from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CompetentCourtView, RuleViewSet

router = SimpleRouter()
router.register("rules", RuleViewSet, basename="rule")
urlpatterns = [
    path("jurisdiction/competent-court/", CompetentCourtView.as_view(), name="competent-court"),
    *router.urls,
]
