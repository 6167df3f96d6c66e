from . import urls_delivery, urls_documents

app_name = "preservation"

urlpatterns = [*urls_documents.urlpatterns, *urls_delivery.urlpatterns]
