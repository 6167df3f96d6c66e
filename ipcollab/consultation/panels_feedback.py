"""The standards-feedback panel on a right's dossier (registry.panels): feedback records linked to
proceedings about this right, in the reader's reach (one query whatever the right's history).
Registered at start-up by hooks_feedback.py."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.registry.panels import register_panel

from . import feedback as fb


def _data(right, user):
    if not (user.is_authenticated and user.is_active):
        return None
    rows = fb.for_right(right, user)
    if not rows:
        return None
    return {
        "feedback": [
            {
                "id": f.pk,
                "title": f.title,
                "area": f.area,
                "area_label": str(f.get_area_display()),
                "status": f.status,
                "status_label": str(f.get_status_display()),
                "raised_by": f.raised_by_agency.name,
                "counterpart": f.counterpart.name,
                "url": reverse("consultation:feedback_detail", args=[f.pk]) if getattr(user, "kind", "") == "staff" else "",
            }
            for f in rows
        ]
    }


def _render(right, user, request):
    data = _data(right, user)
    if data is None:
        return None
    return render_to_string("consultation/feedback_panel_right.html", {"right": right, "data": data}, request=request)


KEY = "consultation.feedback"


def register():
    return register_panel(KEY, _("标准反馈"), 275, render=_render, api=_data)
