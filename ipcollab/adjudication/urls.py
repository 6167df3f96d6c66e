from django.urls import path

from . import views

app_name = "adjudication"

urlpatterns = [
    path("", views.adjudication_list, name="list"),
    path("new/", views.adjudication_new, name="new"),
    path("figures/", views.adjudication_figures, name="figures"),
    path("<int:pk>/", views.adjudication_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.adjudication_action, name="action"),
]
