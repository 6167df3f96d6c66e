from django.urls import path

from . import views, views_import, views_rights
from .views_export import right_export

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
    path("rights/", views_rights.right_search, name="right_search"),
    path("rights/export/", right_export, name="right_export"),
    path("rights/new/", views_rights.right_create, name="right_create"),
    path("rights/<int:pk>/", views_rights.right_detail, name="right_detail"),
    path("rights/<int:pk>/edit/", views_rights.right_edit, name="right_edit"),
    path("rights/<int:pk>/mark/", views_rights.right_mark_image, name="right_mark_image"),
    path("rights/<int:pk>/events/new/", views_rights.right_record_event, name="right_record_event"),
    path("imports/", views_import.import_list, name="import_list"),
    path("imports/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.csv", views_import.import_errors_csv, name="import_errors_csv"),
    path("reconciliation/", views_rights.reconciliation_list, name="reconciliation_list"),
    path("reconciliation/<int:pk>/resolve/", views_rights.reconciliation_resolve, name="reconciliation_resolve"),
]
