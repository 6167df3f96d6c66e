"""Pages of liaison threads (联络沟通), under /consultation/threads/ (included by urls.py)."""

from django.urls import path

from . import views_threads as v

urlpatterns = [
    path("", v.thread_list, name="threads"),
    path("new/", v.thread_new, name="thread_new"),
    path("<int:pk>/", v.thread_detail, name="thread_detail"),
    path("<int:pk>/reply/", v.thread_reply, name="thread_reply"),
    path("<int:pk>/close/", v.thread_close, name="thread_close"),
]
