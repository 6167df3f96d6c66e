from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("parties/", views.party_list, name="party_list"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("parties/<int:pk>/rename/", views.party_rename, name="party_rename"),
    path("parties/<int:pk>/merge/", views.party_merge, name="party_merge"),
    path("parties/<int:pk>/reveal/", views.party_reveal, name="party_reveal"),
    path("parties/<int:pk>/powers/new/", views.power_grant, name="power_grant"),
    path("powers/<int:pk>/revoke/", views.power_revoke, name="power_revoke"),
    path("representatives/", views.representative_list, name="representative_list"),
    path("representatives/new/", views.representative_create, name="representative_create"),
    path("representatives/<int:pk>/", views.representative_detail, name="representative_detail"),
    path("representatives/<int:pk>/edit/", views.representative_edit, name="representative_edit"),
]
