from django.urls import path

from . import views

app_name = "rulebook"
urlpatterns = [
    path("", views.rule_list, name="rule_list"),
    path("jurisdiction/", views.finder, name="finder"),
    path("jurisdiction/tables/", views.tables, name="tables"),
    path("<str:code>/", views.rule_detail, name="rule_detail"),
    path("<str:code>/adjust/", views.rule_adjust, name="rule_adjust"),
]
