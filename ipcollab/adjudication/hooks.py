"""Navigation entries, home attention items and the dossier panel of the adjudication app, and the
listener that resumes a suspended adjudication when CNIPA decides the invalidation it waited for."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.proceedings.signals import DECISION, proceeding_event
from ipcollab.registry.panels import register_panel


def _office_or_court(user):
    return bool(
        user.is_authenticated
        and ((user.agency_id and user.agency.kind in ("ip_office", "court") and user.kind == "staff") or user.has_perm("adjudication.handle"))
    )


navigation.register(navigation.NavEntry(key="adjudication.list", label=_("行政裁决"), url_name="adjudication:list", order=36, visible=_office_or_court))


@attention.register
def adjudications_needing_attention(user):
    """An office: requests to accept, cases to decide, windows that have run, demands whose period
    ended; a court: enforcement applications to accept or rule on. Overdue ones counted apart."""
    from . import selectors

    if not _office_or_court(user):
        return []
    todo, overdue = selectors.attention_counts(user)
    items = []
    url = reverse("adjudication:list")
    if overdue:
        items.append(
            attention.Attention(
                "danger", str(_("行政裁决事项逾期")), str(_("有行政裁决或强制执行申请的办理期限已过，请尽快处理。")), url=url + "?overdue=on", count=overdue
            )
        )
    if todo:
        items.append(
            attention.Attention("warning", str(_("行政裁决待办")), str(_("有待您一方办理的行政裁决或强制执行申请。")), url=url + "?status=open", count=todo)
        )
    return items


@receiver(proceeding_event, dispatch_uid="adjudication.resume_on_invalidation_decision")
def _resume_on_decision(sender, proceeding, event, actor=None, details=None, **kwargs):
    if event != DECISION:
        return
    from .services import on_invalidation_decided

    on_invalidation_decided(proceeding, details or {})


def _panel_rows(right, user):
    from . import selectors

    if not user.is_authenticated:
        return []
    return list(selectors.for_right(user, right)[:50])


def _render(right, user, request):
    rows = _panel_rows(right, user)
    if not rows:
        return None
    return render_to_string("adjudication/panel.html", {"rows": rows}, request=request)


def _data(right, user):
    rows = _panel_rows(right, user)
    if not rows:
        return None
    return {
        "adjudications": [
            {
                "id": a.pk,
                "number": a.number,
                "office": a.office.name,
                "stage": a.stage,
                "received_on": a.received_on.isoformat(),
                "decision": a.decision or None,
            }
            for a in rows
        ]
    }


register_panel("adjudication.adjudications", _("专利侵权纠纷行政裁决"), 110, render=_render, api=_data)
