"""Reads of freeze orders, filtered by who may see them (in SQL). A freeze order is confidential:
it is visible to the court that issued it, the court now holding it (a successor), the CNIPA
preservation handlers assigned to it (record-level grants), the system of the IP office whose
handler holds it (read and sign only) and platform admins — to nobody else, the owner's side
included. Other courts learn of effective freezes and waiting lists only through
an inquiry for a stated case (services.inquire), which is audited. A record out of reach is a 404."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from ipcollab.access.models import RecordGrant
from ipcollab.access.visibility import grant_exists
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import FreezeOrder, OrderStatus

OPEN = (OrderStatus.WAITING, OrderStatus.EFFECTIVE)
# The reason of the record grant that assigns an order to a CNIPA preservation handler.
ASSIGNED = "preservation.assigned"


def _office_system(user):
    return user.kind == "system" and bool(user.agency_id) and user.agency.kind == "ip_office"


def _assigned_in_agency(agency_id):
    """An order assigned to a handler of this IP office (its system reads what its handlers hold)."""
    return Exists(
        RecordGrant.objects.filter(
            content_type=ContentType.objects.get_for_model(FreezeOrder),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            reason=ASSIGNED,
            grantee_user__agency_id=agency_id,
        )
    )


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
    if _office_system(user):
        # The IP office's own system (API) reads, and signs for, what its handlers hold; it
        # never registers or returns (a handler's act).
        qs = qs.annotate(_assigned_here=_assigned_in_agency(user.agency_id))
        condition |= Q(_assigned_here=True)
    return qs.filter(condition)


def order_get(user, pk):
    pk = parse_pk(pk)
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
    pk = parse_pk(pk)
    handoff = handoffs_for(order).filter(pk=pk).first()
    if handoff is None:
        raise NotFound()
    return handoff
