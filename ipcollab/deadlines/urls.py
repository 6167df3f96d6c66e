from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("calendar/", views.calendar_index, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/publish/", views.calendar_year_edit, name="calendar_year_edit"),
    path("calendar/days/new/", views.calendar_day_create, name="calendar_day_create"),
    path("calendar/days/<int:pk>/edit/", views.calendar_day_edit, name="calendar_day_edit"),
    path("calendar/days/<int:pk>/remove/", views.calendar_day_remove, name="calendar_day_remove"),
    path("service/", views.service_list, name="service_list"),
    path("service/new/", views.service_create, name="service_create"),
    path("service/<int:pk>/", views.service_detail, name="service_detail"),
    path("service/<int:pk>/receipt/", views.service_receipt, name="service_receipt"),
]
