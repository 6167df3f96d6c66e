"""URL patterns added to the preservation api/urls_documents (filled by its module)."""

urlpatterns = []
