from . import urls_delivery, urls_documents

urlpatterns = [*urls_documents.urlpatterns, *urls_delivery.urlpatterns]
