"""Pages of consensus documents (会议纪要, 会签文件, 指导意见), under /consultation/documents/ (included by urls.py)."""

from django.urls import path

from . import views_documents as v

urlpatterns = [
    path("", v.document_list, name="documents"),
    path("new/", v.document_new, name="document_new"),
    path("<int:pk>/", v.document_detail, name="document_detail"),
    path("<int:pk>/comments/", v.document_comment, name="document_comment"),
    path("<int:pk>/comments/<int:comment>/answer/", v.document_answer, name="document_answer"),
    path("<int:pk>/revise/", v.document_revise, name="document_revise"),
    path("<int:pk>/diff/", v.document_diff, name="document_diff"),
    path("<int:pk>/circulate/", v.document_circulate, name="document_circulate"),
    path("<int:pk>/open-signing/", v.document_open_signing, name="document_open_signing"),
    path("<int:pk>/sign/", v.document_sign, name="document_sign"),
    path("<int:pk>/return/", v.document_return, name="document_return"),
    path("<int:pk>/pdf/", v.document_pdf, name="document_pdf"),
]
