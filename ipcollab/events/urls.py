from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("subscriptions/", views.subscription_list, name="subscriptions"),
    path("subscriptions/new/", views.subscription_create, name="subscription_create"),
    path("subscriptions/<int:pk>/", views.subscription_edit, name="subscription_edit"),
    path("subscriptions/<int:pk>/active/", views.subscription_toggle, name="subscription_toggle"),
    path("subscriptions/<int:pk>/delete/", views.subscription_delete, name="subscription_delete"),
    path("subscriptions/<int:pk>/rotate-secret/", views.subscription_rotate, name="subscription_rotate"),
    path("subscriptions/<int:pk>/test/", views.subscription_test, name="subscription_test"),
    path("subscriptions/<int:pk>/deliveries/", views.delivery_log, name="delivery_log"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("agency-systems/", views.agency_subscriptions, name="agency_subscriptions"),
    path("schedule/", views.schedule, name="schedule"),
]
