"""The freeze panel on a right's dossier (registry.panels). It shows the user's own reach of the
confidential register: the orders on this right that the user may see (their court's, or those
assigned to them), with status and place in the queue, and for a court the way to submit an order
or to inquire for a case (the waiting list of other courts is learned by inquiry only, audited).
Fixed number of queries, whatever the right's history."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ipcollab.registry.panels import register_panel

from . import selectors


def _data(right, user):
    court = user.has_perm("preservation.order")
    handler = user.has_perm("preservation.handle")
    if not (court or handler):
        return None
    # Only the courts the panel names: the list's other joins cost more to plan than the rows.
    orders = list(selectors.orders_for(user).select_related(None).select_related("court", "holder").filter(right=right).order_by("received_at", "receipt_seq"))
    positions = selectors.positions(orders) if orders else {}
    return {
        "can_submit": court,
        "can_inquire": court,
        "orders": [
            {
                "id": o.pk,
                "case_number": o.case_number,
                "court": o.court.name,
                "holder": o.holder.name,
                "status": o.status,
                "status_label": str(o.get_status_display()),
                "position": positions.get(o.pk),
                "received_at": o.received_at.isoformat(),
                "starts_on": o.starts_on.isoformat() if o.starts_on else None,
                "ends_on": o.ends_on.isoformat() if o.ends_on else None,
                "registered": o.registered_at is not None,
                "url": o.get_absolute_url(),
            }
            for o in orders
        ],
    }


def _render(right, user, request):
    data = _data(right, user)
    if data is None:
        return None
    return render_to_string("preservation/panels/freezes.html", {"right": right, "data": data}, request=request)


register_panel("preservation.freezes", _("司法查控"), 200, render=_render, api=_data)
