"""Pages of agreements, judicial confirmation and the parties' own view (included by urls.py)."""

urlpatterns = []
