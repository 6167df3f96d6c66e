"""API routes of agreements and judicial confirmation (included by api/urls.py)."""

urlpatterns = []
