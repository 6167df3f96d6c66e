"""Pages of comment rounds on drafts (征求意见), under /consultation/rounds/ (included by urls.py)."""

from django.urls import path

from . import views_rounds as v

urlpatterns = [
    path("", v.round_list, name="rounds"),
    path("new/", v.round_new, name="round_new"),
    path("<int:pk>/", v.round_detail, name="round_detail"),
    path("<int:pk>/comment/", v.round_comment, name="round_comment"),
    path("<int:pk>/no-comment/", v.round_no_comment, name="round_no_comment"),
    path("<int:pk>/close/", v.round_close, name="round_close"),
    path("<int:pk>/conclude/", v.round_conclude, name="round_conclude"),
    path("<int:pk>/export.xlsx", v.round_export, name="round_export"),
    path("comments/<int:pk>/respond/", v.round_respond, name="round_respond"),
]
