from .urls_agreements import urlpatterns as agreement_urlpatterns

app_name = "mediation"

urlpatterns = [
    *agreement_urlpatterns,
]
