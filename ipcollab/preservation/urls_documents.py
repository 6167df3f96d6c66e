"""URL patterns of the freeze documents (spliced into preservation's urls.py, app_name
"preservation"): the PDF of an order's ruling, notice or receipt, and the verification page."""

from django.urls import path

from . import views_documents

urlpatterns = [
    path("orders/<int:pk>/documents/<slug:kind>.pdf", views_documents.order_document, name="order_document"),
    path("documents/verify/", views_documents.document_verify, name="document_verify"),
]
