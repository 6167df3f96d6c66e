"""URL patterns added to the preservation api/urls_delivery (filled by its module)."""

urlpatterns = []
