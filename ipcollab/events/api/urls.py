from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import EventTypeListView, SubscriptionViewSet

router = SimpleRouter()
router.register("subscriptions", SubscriptionViewSet, basename="subscription")

urlpatterns = [path("event-types/", EventTypeListView.as_view(), name="event-type-list"), *router.urls]
