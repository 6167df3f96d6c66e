"""Navigation entries, home attention items and the dossier panel of the mediation app."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.registry.panels import register_panel


def _can_use(user):
    return bool(user.is_authenticated and user.is_active and user.kind in ("staff", "external") and (user.agency_id or user.kind == "external"))


navigation.register(navigation.NavEntry(key="mediation.list", label=_("调解"), url_name="mediation:list", order=37, visible=_can_use))


@attention.register
def mediations_needing_attention(user):
    """A mediator: cases assigned to them to accept, cases due within 5 days; the organisation's
    liaison or admin: cases to assign; everyone in reach: overdue mediations."""
    from . import selectors

    if not (user.is_authenticated and user.is_active and user.kind == "staff"):
        return []
    items = []
    url = reverse("mediation:list")
    pending = selectors.to_accept(user).count()
    if pending:
        items.append(
            attention.Attention(
                "warning",
                str(_("调解案件待接受")),
                str(_("分配给您的调解案件尚未接受：请在当日接受或说明理由退回。")),
                url=url + "?status=assigned",
                count=pending,
            )
        )
    unassigned = selectors.awaiting_assignment(user).count()
    if unassigned:
        items.append(
            attention.Attention(
                "warning", str(_("调解案件待分配")), str(_("本组织收到的调解案件尚未分配调解员。")), url=url + "?status=awaiting", count=unassigned
            )
        )
    soon = selectors.due_soon(user).filter(mediator__user=user).count()
    if soon:
        items.append(
            attention.Attention(
                "info",
                str(_("调解期限即将届满")),
                str(_("您承办的调解案件将在5日内届满：记录结果，或经当事人同意延长。")),
                url=url + "?status=active",
                count=soon,
            )
        )
    late = selectors.overdue(user).count()
    if late:
        items.append(
            attention.Attention("danger", str(_("调解已超期")), str(_("您可见的调解案件已超过调解期限，尚未记录结果。")), url=url + "?overdue=1", count=late)
        )
    return items


_PANEL_FIELDS = ("number", "title", "source", "status", "outcome", "received_on", "due_on", "ended_on", "organisation__agency__name")


def _panel_data(right, user):
    from . import selectors

    if not (user.is_authenticated and user.is_active):
        return None
    # Only what the panel shows: the list's other joins (court, office, case, mediator) cost a dossier
    # more to plan and build than the rows themselves.
    rows = list(
        selectors.mediations_for(user)
        .select_related(None)
        .select_related("organisation__agency")
        .only(*_PANEL_FIELDS)
        .filter(rights=right)
        .order_by("-received_on", "-pk")[:50]
    )
    return {
        "mediations": [
            {
                "id": m.pk,
                "number": m.number,
                "title": m.title,
                "source": m.source,
                "source_label": str(m.get_source_display()),
                "organisation": m.organisation.agency.name,
                "status": m.status,
                "status_label": str(m.get_status_display()),
                "outcome": m.outcome,
                "outcome_label": str(m.get_outcome_display()) if m.outcome else "",
                "received_on": m.received_on.isoformat(),
                "due_on": m.due_on.isoformat() if m.due_on else None,
                "ended_on": m.ended_on.isoformat() if m.ended_on else None,
                "url": reverse("mediation:detail", args=[m.pk]),
            }
            for m in rows
        ]
    }


def _panel_render(right, user, request):
    data = _panel_data(right, user)
    if not data or not data["mediations"]:
        return None
    return render_to_string("mediation/panels/mediations.html", {"right": right, "data": data}, request=request)


register_panel("mediation.mediations", _("调解"), 260, render=_panel_render, api=_panel_data)

from . import hooks_agreements  # noqa: E402, F401  (agreements: navigation, attention, the dossier panel)
