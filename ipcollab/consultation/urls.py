"""Pages of the consultation app, one module per part (meetings, consensus documents, action items,
liaison threads, comment rounds, standards feedback)."""

from django.urls import include, path

app_name = "consultation"

urlpatterns = [
    path("", include("ipcollab.consultation.urls_meetings")),
    path("documents/", include("ipcollab.consultation.urls_documents")),
    path("actions/", include("ipcollab.consultation.urls_actions")),
    path("threads/", include("ipcollab.consultation.urls_threads")),
    path("rounds/", include("ipcollab.consultation.urls_rounds")),
    path("feedback/", include("ipcollab.consultation.urls_feedback")),
]
