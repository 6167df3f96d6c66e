from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import MeView, PersonViewSet, RoleListView

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("roles/", RoleListView.as_view(), name="role-list"),
    *router.urls,
]
