"""URL patterns added to the preservation urls_documents (filled by its module)."""

urlpatterns = []
