from django.urls import path

from . import views
from .urls_agreements import urlpatterns as agreement_urlpatterns

app_name = "mediation"

# The agreements' and parties' pages first: the mediation's own paths below start with an id.
urlpatterns = [
    *agreement_urlpatterns,
    path("", views.mediation_list, name="list"),
    path("new/<str:source>/", views.mediation_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/mediators/new/", views.mediator_new, name="mediator_new"),
    path("mediators/", views.mediator_list, name="mediators"),
    path("mediators/<int:pk>/", views.mediator_edit, name="mediator_edit"),
    path("<int:pk>/", views.mediation_detail, name="detail"),
    path("<int:pk>/documents/<int:document>/", views.document_file, name="document"),
    path("<int:pk>/act/<str:action>/", views.mediation_action, name="action"),
]
