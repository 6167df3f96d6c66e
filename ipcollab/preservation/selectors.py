"""Reads of freeze orders, filtered by who may see them (in SQL). A freeze order is confidential:
it is visible to the court that issued it, the court now holding it (a successor), the CNIPA
preservation handlers assigned to it (record-level grants) and platform admins — to nobody else,
the owner's side included. Other courts learn of effective freezes and waiting lists only through
an inquiry for a stated case (services.inquire), which is audited. A record out of reach is a 404."""

import datetime

from django.db.models import Q
from django.utils import timezone

from ipcollab.access.visibility import grant_exists
from ipcollab.core.errors import NotFound
from ipcollab.core.principals import is_platform_admin

from .models import FreezeOrder, OrderStatus

OPEN = (OrderStatus.WAITING, OrderStatus.EFFECTIVE)
EXPIRING_DAYS = 30


def orders_for(user):
    qs = FreezeOrder.objects.select_related("right", "court", "holder", "party", "signing_judge")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if is_platform_admin(user):
        return qs
    condition = Q(pk__in=[])
    if user.has_perm("preservation.order"):
        condition |= Q(court_id=user.agency_id) | Q(holder_id=user.agency_id)
    if user.has_perm("preservation.handle"):
        qs = qs.annotate(_granted=grant_exists(FreezeOrder, user))
        condition |= Q(_granted=True)
    return qs.filter(condition)


def order_get(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    order = orders_for(user).filter(pk=pk).first()
    if order is None:
        raise NotFound()
    return order


def order_history(order):
    return order.history.select_related("actor").order_by("at", "pk")


def expiring(qs, days=EXPIRING_DAYS, today=None):
    today = today or timezone.localdate()
    return qs.filter(status=OrderStatus.EFFECTIVE, ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days)).order_by("ends_on", "pk")


# The named lists of the court's and CNIPA's desks: (key, label, filter). Labels live in views.
def court_list(user, key, today=None):
    qs = orders_for(user).filter(Q(court_id=user.agency_id) | Q(holder_id=user.agency_id))
    if key == "awaiting":
        return qs.filter(status__in=OPEN, registered_at__isnull=True).order_by("received_at", "receipt_seq")
    if key == "expiring":
        return expiring(qs, today=today)
    if key == "queued":
        return qs.filter(status=OrderStatus.WAITING).order_by("right_id", "received_at", "receipt_seq")
    return qs.order_by("-received_at", "-receipt_seq")


def cnipa_list(user, key, today=None, court=None):
    qs = orders_for(user)
    if court is not None:
        qs = qs.filter(court=court)
    if key == "returned":
        return qs.filter(status=OrderStatus.RETURNED).order_by("-received_at", "-receipt_seq")
    if key == "expiring":
        return expiring(qs, today=today)
    if key == "all":
        return qs.order_by("-received_at", "-receipt_seq")
    return qs.filter(status__in=OPEN, registered_at__isnull=True).order_by("received_at", "receipt_seq")


def positions(orders):
    """Queue positions (1 = effective) of the open orders given, computed per right in one query."""
    right_ids = {o.right_id for o in orders}
    ranks = {}
    open_orders = (
        FreezeOrder.objects.filter(right_id__in=right_ids, status__in=OPEN)
        .order_by("right_id", "received_at", "receipt_seq")
        .values_list("pk", "right_id", "status")
    )
    current, n = None, 0
    for pk, right_id, status in open_orders:
        if right_id != current:
            current, n = right_id, 0
        if status == OrderStatus.EFFECTIVE:
            ranks[pk] = 1
        else:
            n += 1
            ranks[pk] = n + 1
    return ranks


def handoffs_for(order):
    """The hand-offs (service records with receipts) of an order the caller already may see
    (order_get / orders_for): a hand-off is visible to exactly who sees its order."""
    from .models import Handoff

    return Handoff.objects.filter(order_id=order.pk).select_related("from_agency", "to_agency", "acknowledged_by").order_by("pk")


def handoff_get(user, order_pk, pk):
    order = order_get(user, order_pk)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    handoff = handoffs_for(order).filter(pk=pk).first()
    if handoff is None:
        raise NotFound()
    return handoff
