"""Pages of standards feedback (标准反馈), under /consultation/feedback/ (included by urls.py)."""

from django.urls import path

from . import views_feedback as v

urlpatterns = [
    path("", v.feedback_list, name="feedback"),
    path("new/", v.feedback_new, name="feedback_new"),
    path("<int:pk>/", v.feedback_detail, name="feedback_detail"),
    path("<int:pk>/discuss/", v.feedback_discuss, name="feedback_discuss"),
    path("<int:pk>/propose/", v.feedback_propose, name="feedback_propose"),
    path("<int:pk>/resolve/", v.feedback_resolve, name="feedback_resolve"),
    path("<int:pk>/close/", v.feedback_close, name="feedback_close"),
]
