"""API of the consultation app under /api/v1/consultation/, one module per part."""

from django.urls import include, path

urlpatterns = [
    path("consultation/", include("ipcollab.consultation.api.meetings_urls")),
    path("consultation/", include("ipcollab.consultation.api.documents_urls")),
    path("consultation/", include("ipcollab.consultation.api.actions_urls")),
    path("consultation/", include("ipcollab.consultation.api.threads_urls")),
    path("consultation/", include("ipcollab.consultation.api.rounds_urls")),
    path("consultation/", include("ipcollab.consultation.api.feedback_urls")),
]
