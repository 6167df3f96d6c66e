"""The mediation agreements panel on a right's dossier (registry.panels): the terms about this
right in effective agreements of mediations the reader can see, each "已达成" (agreed) and then
"已司法确认" (confirmed) once a court ruled the agreement valid, and whether CNIPA recorded a
transfer or licence term. Three queries whatever the number of terms (confirmation.right_terms)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.registry.panels import register_panel

from . import confirmation


def _data(right, user):
    if not (user.is_authenticated and user.is_active):
        return None
    rows = confirmation.right_terms(right, user)
    if not rows:
        return None
    return {
        "terms": [
            {
                "id": term.pk,
                "kind": term.kind,
                "kind_label": str(term.get_kind_display()),
                "mediation": term.agreement.mediation.number,
                "agreement": term.agreement_id,
                "effective_on": term.agreement.effective_on.isoformat() if term.agreement.effective_on else None,
                "state": "confirmed" if confirmed else "agreed",
                "state_label": str(_("已司法确认") if confirmed else _("已达成")),
                "recorded": term.recorded_event_id is not None,
                "recordable": term.kind in ("assignment", "licence") and term.recorded_event_id is None,
                "url": reverse("mediation:agreements", args=[term.agreement.mediation_id]) if getattr(user, "kind", "") != "external" else "",
            }
            for term, confirmed in rows
        ],
        "can_record": confirmation.can_record_on_register(user),
    }


def _render(right, user, request):
    data = _data(right, user)
    if data is None:
        return None
    return render_to_string("mediation/agreements/panel_right.html", {"right": right, "data": data}, request=request)


register_panel("mediation.agreements", _("调解协议条款"), 265, render=_render, api=_data)
