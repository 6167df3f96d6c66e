"""API URL patterns of the freeze documents (spliced before the freezes router in api/urls.py)."""

from django.urls import path

from .views_documents import FreezeDocumentVerifyView, FreezeDocumentView

urlpatterns = [
    path("freezes/documents/verify/", FreezeDocumentVerifyView.as_view(), name="freeze-document-verify"),
    path("freezes/<int:pk>/documents/<slug:kind>/", FreezeDocumentView.as_view(), name="freeze-document"),
]
