from django.urls import path

from . import views, views_rooms

app_name = "orgs"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/divisions/new/", views.division_create, name="division_create"),
    path("agencies/<int:pk>/divisions/<int:division_pk>/edit/", views.division_edit, name="division_edit"),
    path("agencies/<int:pk>/liaisons/new/", views.liaison_create, name="liaison_create"),
    path("liaisons/", views.liaison_directory, name="liaison_directory"),
    path("liaisons/<int:pk>/", views.liaison_detail, name="liaison_detail"),
    path("liaisons/<int:pk>/edit/", views.liaison_edit, name="liaison_edit"),
    path("liaisons/<int:pk>/end/", views.liaison_end, name="liaison_end"),
    path("rooms/", views_rooms.room_list, name="room_list"),
    path("rooms/<int:pk>/", views_rooms.room_detail, name="room_detail"),
]
