"""URL patterns added to the preservation urls_delivery (filled by its module)."""

urlpatterns = []
