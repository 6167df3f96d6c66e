"""Pages of action items (落实事项), under /consultation/actions/ (included by urls.py)."""

from django.urls import path

from . import views_actions as v

urlpatterns = [
    path("", v.action_list, name="actions"),
    path("meeting/<int:pk>/", v.actions_meeting, name="actions_meeting"),
    path("new/<int:pk>/", v.action_new, name="action_new"),
    path("<int:pk>/", v.action_detail, name="action_detail"),
    path("<int:pk>/progress/", v.action_progress, name="action_progress"),
    path("<int:pk>/complete/", v.action_complete, name="action_complete"),
    path("<int:pk>/reassign/", v.action_reassign, name="action_reassign"),
    path("<int:pk>/extend/", v.action_extend, name="action_extend"),
    path("<int:pk>/cancel/", v.action_cancel, name="action_cancel"),
    path("evidence/<int:pk>/", v.action_evidence, name="action_evidence"),
]
