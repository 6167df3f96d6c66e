"""Pages of consultation meetings (会商) at /consultation/."""

from django.urls import path

from . import views_meetings as views

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/act/<str:action>/", views.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/materials/<int:material>/", views.material_file, name="meeting_material"),
]
