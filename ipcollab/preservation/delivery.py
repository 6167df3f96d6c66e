"""Delivery of freeze orders (issue 5, points 4, 5 and 7): the service record and electronic
receipt of every hand-off between a court and CNIPA (or a court and its successor), the
notifications to the people concerned, and the expiry reminders to the holding court.

Every step of an order's history passes through ``services._history``, which calls
:func:`record_handoffs`: the steps that hand the order from one agency to another become
:class:`~.models.Handoff` rows, inside the step's transaction. The platform is the channel, so a
hand-off is delivered when it is recorded: its receipt number (回执号) and the SHA-256 digest of
its payload are fixed then. The receiving agency's acknowledgement (签收) is its own act, recorded
once (:func:`acknowledge_handoff`, through the API by its system or a person). See
docs/preservation.md, "Delivery and reminders"."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import NotFound, PermissionDenied
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency

from . import receipts, reminders
from .models import ExpiryReminder, FreezeOrder, Handoff, HandoffStep, OrderEvent, OrderStatus, ReturnReason

TO_OFFICE, TO_HOLDER, TO_SUCCESSOR = "office", "holder", "successor"
# The history steps that hand the order over, and in which direction. "submitted" is two
# hand-offs: the order to CNIPA, and CNIPA's receipt back to the court at the same moment.
PLAN = {
    "submitted": ((HandoffStep.SUBMITTED, TO_OFFICE), (HandoffStep.RECEIVED, TO_HOLDER)),
    "waiting": ((HandoffStep.QUEUED, TO_HOLDER),),
    "effective": ((HandoffStep.EFFECTIVE, TO_HOLDER),),
    "registered": ((HandoffStep.REGISTERED, TO_HOLDER),),
    "returned": ((HandoffStep.RETURNED, TO_HOLDER),),
    "renewed": ((HandoffStep.RENEWED, TO_OFFICE),),
    "released": ((HandoffStep.RELEASED, TO_OFFICE),),
    "lapsed": ((HandoffStep.LAPSED, TO_HOLDER),),
    "converted": ((HandoffStep.CONVERTED, TO_SUCCESSOR),),
    "ended": ((HandoffStep.ENDED, TO_HOLDER),),
}
CLOSING = ("released", "lapsed", "returned")
COURT_ROLES = ("judge", "clerk")


def order_link(order_id):
    try:
        return reverse("preservation:order_detail", args=[order_id])
    except NoReverseMatch:
        return f"/preservation/orders/{order_id}/"


def _language(user):
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(users, *, code, dedupe_key, link, render):
    """One notification per person, its title and body rendered in the person's language;
    ``dedupe_key`` makes a second run a no-op. Returns the people notified now."""
    notified = []
    for user in users:
        with translation.override(_language(user)):
            title, body = render()
            title, body = str(title), str(body)
        if notify(recipient=user, code=code, title=title[:200], body=body, link=link, dedupe_key=dedupe_key) is not None:
            notified.append(user)
    return notified


# --- who is concerned ----------------------------------------------------------------------------
def _agency_admins(agency_id):
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, agency_id=agency_id, memberships__role__code="agency_admin", memberships__agency_id=F("agency_id"))
        .distinct()
        .order_by("pk")
    )


def court_people(order, agency_id):
    """The people of a court concerned by an order. The issuing court: the person who submitted
    it and the signing judge. A successor court (after convert_order): its judges and clerks who
    acted on the order (its history), else — before anyone there has — its agency admins, who
    hand it on. Inactive accounts never; the admins also when the issuing court's two are gone."""
    User = get_user_model()
    if agency_id == order.court_id:
        people = list(User.objects.filter(pk__in={order.created_by_id, order.signing_judge_id}, is_active=True).order_by("pk"))
    else:
        actors = OrderEvent.objects.filter(order_id=order.pk, actor__agency_id=agency_id).values("actor_id")
        people = list(
            User.objects.filter(
                pk__in=actors, is_active=True, agency_id=agency_id, memberships__role__code__in=COURT_ROLES, memberships__agency_id=F("agency_id")
            )
            .distinct()
            .order_by("pk")
        )
    return people or _agency_admins(agency_id)


def _handlers(order):
    from .services import assigned_handlers

    return [u for u in assigned_handlers(order) if u.is_active]


def _office(order, handlers):
    """The IP office on CNIPA's side of an order: its assigned handler's, else the office whose
    handler it will be assigned to (services.handler_candidates), else CNIPA."""
    from .services import handler_candidates

    if handlers:
        return handlers[0].agency_id
    candidates = handler_candidates()
    if candidates:
        return candidates[0].agency_id
    office = Agency.objects.filter(code="cnipa").values_list("pk", flat=True).first()
    return office or Agency.objects.filter(kind="ip_office").order_by("pk").values_list("pk", flat=True).first()


# --- hand-offs -----------------------------------------------------------------------------------
def _payload(order, event, step, from_id, to_id, sent_at):
    return {
        "step": str(step),
        "order": order.pk,
        "case_number": order.case_number,
        "right": order.right_id,
        "court": order.court_id,
        "holder": order.holder_id,
        "kind": order.kind,
        "from_agency": from_id,
        "to_agency": to_id,
        "on": event.on,
        "sent_at": sent_at,
        "status": order.status,
        "received_at": order.received_at,
        "receipt_seq": order.receipt_seq,
        "period": {"amount": order.period_amount, "unit": order.period_unit},
        "starts_on": order.starts_on,
        "ends_on": order.ends_on,
        "return_reason": order.return_reason,
        "details": event.details or {},
    }


def _create(order, event, step, from_id, to_id):
    sent_at = timezone.now()
    payload = receipts.normalized(_payload(order, event, step, from_id, to_id, sent_at))
    handoff = Handoff.objects.create(
        order=order,
        event=event,
        step=step,
        from_agency_id=from_id,
        to_agency_id=to_id,
        on=event.on,
        sent_at=sent_at,
        payload=payload,
        digest=receipts.digest(payload),
    )
    handoff.receipt_number = receipts.receipt_number(timezone.localtime(sent_at).year, handoff.pk)
    Handoff.objects.filter(pk=handoff.pk).update(receipt_number=handoff.receipt_number)
    return handoff


def record_handoffs(event):
    """The hand-offs of one history step (called from services._history, in its transaction),
    each with its receipt, and the notifications to the people concerned. Returns the hand-offs."""
    order = event.order
    if event.type == "assigned":
        _on_assigned(event)
        return []
    plan = PLAN.get(event.type)
    if plan is None:
        return []
    if event.type == "waiting" and order.status != OrderStatus.WAITING:
        return []  # a new order that took effect at once: its "effective" hand-off says so
    handlers = _handlers(order)
    office = None
    created = []
    for step, direction in plan:
        if direction == TO_SUCCESSOR:
            from_id, to_id = event.details["from"], event.details["to"]
        else:
            office = office or _office(order, handlers)
            from_id, to_id = (order.holder_id, office) if direction == TO_OFFICE else (office, order.holder_id)
        handoff = _create(order, event, step, from_id, to_id)
        _deliver(handoff, order, event, handlers)
        created.append(handoff)
    return created


def _deliver(handoff, order, event, handlers):
    if handoff.step in (HandoffStep.SUBMITTED, HandoffStep.RENEWED, HandoffStep.RELEASED):
        people = handlers
    else:
        people = court_people(order, handoff.to_agency_id)
        if handoff.step == HandoffStep.CONVERTED:
            people = people + [h for h in handlers if h not in people]
    link = order_link(order.pk)
    names = dict(Agency.objects.filter(pk__in=[handoff.from_agency_id, handoff.to_agency_id, order.court_id]).values_list("pk", "name"))
    notified = _send(
        people,
        code=f"preservation.handoff.{handoff.step}",
        dedupe_key=f"preservation.handoff:{handoff.pk}",
        link=link,
        render=lambda: _texts(handoff, order, event, names),
    )
    if notified:
        handoff.recipients.add(*notified)
    if handoff.step == HandoffStep.EFFECTIVE:
        _notify_previous_court(handoff, order, event, names)


def _texts(handoff, order, event, names):
    """Title and body of a hand-off's notification (in the active language)."""
    values = {
        "case": order.case_number,
        "step": HandoffStep(handoff.step).label,
        "receipt": handoff.receipt_number,
        "court": names.get(order.court_id, ""),
        "from": names.get(handoff.from_agency_id, ""),
        "to": names.get(handoff.to_agency_id, ""),
        "start": order.starts_on.isoformat() if order.starts_on else "",
        "end": order.ends_on.isoformat() if order.ends_on else "",
        "on": handoff.on.isoformat(),
    }
    step = handoff.step
    if step == HandoffStep.SUBMITTED:
        body = _("%(court)s的冻结裁定已送达%(to)s，回执号%(receipt)s。") % values
    elif step == HandoffStep.RECEIVED:
        body = _("%(from)s已收到冻结裁定（案号%(case)s），回执号%(receipt)s。") % values
    elif step == HandoffStep.QUEUED:
        body = _("该权利已被冻结，本冻结裁定进入轮候，轮候期间不计算冻结期限。回执号%(receipt)s。") % values
    elif step == HandoffStep.EFFECTIVE:
        body = _("冻结自%(start)s起生效，至%(end)s届满。回执号%(receipt)s。") % values
    elif step == HandoffStep.REGISTERED:
        body = _("%(from)s已登记该冻结裁定。回执号%(receipt)s。") % values
    elif step == HandoffStep.RETURNED:
        values["reason"] = ReturnReason(order.return_reason).label if order.return_reason in ReturnReason.values else ""
        body = _("%(from)s退回该冻结裁定，原因：%(reason)s。回执号%(receipt)s。") % values
    elif step == HandoffStep.RENEWED:
        body = _("%(from)s续行冻结，新的届满日为%(end)s。回执号%(receipt)s。") % values
    elif step == HandoffStep.RELEASED:
        body = _("%(from)s已解除冻结（%(on)s）。回执号%(receipt)s。") % values
    elif step == HandoffStep.LAPSED:
        body = _("冻结期限已届满，冻结自%(on)s起失效。回执号%(receipt)s。") % values
    elif step == HandoffStep.CONVERTED:
        body = _("%(from)s将冻结移交%(to)s，冻结期限连续计算，届满日为%(end)s。回执号%(receipt)s。") % values
    elif (event.details or {}).get("from") == "waiting":
        values["holder"] = getattr(getattr(event.actor, "agency", None), "name", "") or _("持有冻结的法院")
        body = _("%(holder)s已在执行中处分该权利，本院轮候的冻结裁定终结。回执号%(receipt)s。") % values
    else:
        body = _("该权利已在执行中处分，冻结终结。回执号%(receipt)s。") % values
    return _("冻结裁定%(case)s：%(step)s") % values, body


def _notify_previous_court(handoff, order, event, names):
    """A waiting order took effect because the effective one was released, lapsed or returned
    just before (the step recorded right before this one on the same right): the court whose
    freeze ended hears which court's order now runs, from and to when."""
    previous = OrderEvent.objects.filter(order__right_id=order.right_id, pk__lt=event.pk).select_related("order").order_by("-pk").first()
    if previous is None or previous.order_id == order.pk or previous.type not in CLOSING or (previous.details or {}).get("from") != "effective":
        return []
    ended = previous.order
    holder_name = names.get(order.holder_id) or Agency.objects.filter(pk=order.holder_id).values_list("name", flat=True).first() or ""
    values = {
        "case": ended.case_number,
        "holder": holder_name,
        "start": order.starts_on.isoformat() if order.starts_on else "",
        "end": order.ends_on.isoformat() if order.ends_on else "",
        "receipt": handoff.receipt_number,
    }
    return _send(
        court_people(ended, ended.holder_id),
        code="preservation.handoff.promoted",
        dedupe_key=f"preservation.promoted:{handoff.pk}",
        link=order_link(ended.pk),
        render=lambda: (
            _("轮候冻结已生效：%(case)s之后") % values,
            _("本院冻结（%(case)s）结束后，%(holder)s的轮候冻结自%(start)s起生效，至%(end)s届满。回执号%(receipt)s。") % values,
        ),
    )


def _on_assigned(event):
    """An order assigned (or reassigned) to a CNIPA handler: the handler is told, and is one of
    the people the order's submission was delivered to."""
    handler = get_user_model().objects.filter(pk=(event.details or {}).get("handler"), is_active=True).first()
    if handler is None:
        return []
    order = event.order
    submitted = order.handoffs.filter(step=HandoffStep.SUBMITTED).order_by("pk").first()
    receipt = submitted.receipt_number if submitted else ""
    court = Agency.objects.filter(pk=order.court_id).values_list("name", flat=True).first() or ""
    values = {"case": order.case_number, "court": court, "receipt": receipt}
    notified = _send(
        [handler],
        code="preservation.assigned",
        dedupe_key=f"preservation.assigned:{event.pk}",
        link=order_link(order.pk),
        render=lambda: (_("冻结裁定待登记：%(case)s") % values, _("%(court)s的冻结裁定已分配给您办理。回执号%(receipt)s。") % values),
    )
    if submitted is not None and notified:
        submitted.recipients.add(*notified)
    return notified


def acknowledge_handoff(*, actor, handoff):
    """The receiving agency acknowledges a hand-off (签收): a person of that agency who can see
    the order, or its system. Idempotent: the first acknowledgement stands."""
    from .selectors import orders_for

    if not orders_for(actor).filter(pk=handoff.order_id).exists():
        raise NotFound()
    if not actor.agency_id or actor.agency_id != handoff.to_agency_id:
        raise PermissionDenied(_("只有接收机构可以签收该送达。"))
    with transaction.atomic():
        current = Handoff.objects.select_for_update().get(pk=handoff.pk)
        if current.acknowledged_at is None:
            current.acknowledged_at, current.acknowledged_by = timezone.now(), actor
            current.save(update_fields=["acknowledged_at", "acknowledged_by"])
            record(
                actor=actor,
                action="preservation.handoff.acknowledge",
                obj=current,
                agency=actor.agency_id,
                after={"order": current.order_id, "step": current.step, "receipt_number": current.receipt_number, "digest": current.digest},
            )
    return current


# --- expiry reminders ----------------------------------------------------------------------------
def send_reminders(today=None):
    """Remind the holding court of each effective freeze 30, 7 and 1 days before its last day
    (reminders.due_threshold): once per order, end date and threshold (ExpiryReminder's unique
    constraint and the notifications' dedupe keys), catching up the nearest missed threshold.
    Returns the number of orders reminded."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(reminders.THRESHOLDS))
    orders = (
        FreezeOrder.objects.filter(status=OrderStatus.EFFECTIVE, ends_on__gte=today, ends_on__lte=horizon).select_related("right").order_by("ends_on", "pk")
    )
    sent = {}
    for order_id, ends_on, threshold in ExpiryReminder.objects.filter(order__in=orders.values("pk")).values_list("order_id", "ends_on", "threshold"):
        sent.setdefault((order_id, ends_on), set()).add(threshold)
    count = 0
    for order in orders:
        threshold = reminders.due_threshold(today, order.ends_on, sent.get((order.pk, order.ends_on), ()))
        if threshold is None:
            continue
        try:
            with transaction.atomic():
                reminder = ExpiryReminder.objects.create(order=order, ends_on=order.ends_on, threshold=threshold)
                reminder.notified = len(_remind(order, threshold, today))
                reminder.save(update_fields=["notified"])
        except IntegrityError:
            continue  # another run reminded it at this threshold
        count += 1
    return count


def _remind(order, threshold, today):
    left = reminders.days_left(today, order.ends_on)
    values = {"case": order.case_number, "right": order.right.number, "end": order.ends_on.isoformat(), "days": left}

    def render():
        if left == 0:
            title = _("冻结今日届满：%(case)s") % values
        else:
            title = _("冻结将于%(days)s日后届满：%(case)s") % values
        body = _("权利%(right)s上的冻结（%(case)s）将于%(end)s届满。如需继续冻结，请在届满前续行；届满未续行的，冻结失效，轮候的冻结依次生效。") % values
        return title, body

    return _send(
        court_people(order, order.holder_id),
        code="preservation.expiring",
        dedupe_key=f"preservation.expiring:{order.pk}:{order.ends_on.isoformat()}:{threshold}",
        link=order_link(order.pk),
        render=render,
    )
