from .agreements_urls import urlpatterns as agreement_urlpatterns

urlpatterns = [
    *agreement_urlpatterns,
]
