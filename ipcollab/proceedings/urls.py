from django.urls import path, re_path

from . import views, views_export

app_name = "proceedings"

urlpatterns = [
    path("", views.proceeding_list, name="list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("office/new/", views.office_new, name="office_new"),
    path("priority/", views.priority_queue, name="priority_queue"),
    path("reports/", views.reports, name="reports"),
    path("export/", views_export.proceeding_export, name="export"),
    path("<int:pk>/", views.proceeding_detail, name="detail"),
    re_path(
        r"^(?P<pk>[0-9]+)/(?P<action>stay|lift|close|decide|serve|assign|extend|procedure|fast_track|link|suggestion|priority|priority_decide|report|document|unlink)/$",
        views.proceeding_action,
        name="action",
    ),
]
