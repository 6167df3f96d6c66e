from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.follow_list, name="follows"),
    path("follow/", views.follow_create, name="follow_create"),
    path("follows/<int:pk>/", views.follow_edit, name="follow_edit"),
    path("follows/<int:pk>/delete/", views.follow_delete, name="follow_delete"),
    path("watches/", views.watch_list, name="watches"),
    path("watches/new/", views.watch_create, name="watch_create"),
    path("watches/<int:pk>/", views.watch_detail, name="watch_detail"),
    path("watches/<int:pk>/edit/", views.watch_edit, name="watch_edit"),
    path("watches/<int:pk>/delete/", views.watch_delete, name="watch_delete"),
]
