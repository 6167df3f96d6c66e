"""Writes of the freeze register: one transaction each, the right's row locked so that its queue
changes one order at a time, audited, published. The queue rules are ipcollab.preservation.queue
(pure); the legal events (frozen / unfrozen / transferred) go on the right's timeline through the
register, whose state machine suspends the procedures of a frozen right."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, Count, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.access.models import RecordGrant
from ipcollab.access.services import grant_record, revoke_grant
from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_agency_admin, is_platform_admin
from ipcollab.events.registry import register_event_type
from ipcollab.events.services import publish
from ipcollab.identifiers import IdentifierError, parse_case_number
from ipcollab.registry import services as register
from ipcollab.registry.models import Right, RightParty
from ipcollab.rulebook.registry import RuleError, get_rule

from . import attachments as attachment_files
from . import queue as q
from . import selectors
from .models import FreezeOrder, OrderAttachment, OrderEvent, OrderKind, OrderStatus, PeriodUnit, ReturnReason, period_label
from .suspension import SUSPENDED_CODES

logger = logging.getLogger(__name__)

MAX_PERIOD_RULE = "preservation.freeze_max_period.patent"
for _type, _zh, _en, _text in (
    ("preservation.order.effective", "冻结已生效", "Freeze in effect", "冻结裁定已生效，权利的有关手续中止办理。"),
    ("preservation.order.queued", "冻结已轮候", "Freeze queued", "权利已被冻结，裁定进入轮候。"),
    ("preservation.order.closed", "冻结已结束", "Freeze ended", "冻结裁定已解除、期满失效、退回或因处分终结。"),
):
    register_event_type(_type, _zh, _en, _text)


def _deny():
    raise PermissionDenied()


def _snapshot(order):
    return {
        "id": order.pk,
        "right": order.right_id,
        "case_number": order.case_number,
        "court": order.court_id,
        "holder": order.holder_id,
        "kind": order.kind,
        "status": order.status,
        "starts_on": order.starts_on,
        "ends_on": order.ends_on,
        "registered": order.registered_at is not None,
        "return_reason": order.return_reason,
    }


def _next_receipt_seq():
    """The tie-breaking sequence of receipts: a PostgreSQL sequence; on SQLite the transaction
    holds the write lock from its start (IMMEDIATE), so max + 1 is safe."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval('preservation_receipt_seq')")
        else:
            cursor.execute("SELECT coalesce(max(receipt_seq), 0) + 1 FROM preservation_freezeorder")
        return cursor.fetchone()[0]


def _queue(right):
    orders = {o.pk: o for o in FreezeOrder.objects.filter(right=right)}
    slots = [q.Slot(o.pk, (o.received_at, o.receipt_seq), o.status, o.period_amount, o.period_unit, o.starts_on, o.ends_on) for o in orders.values()]
    return q.Queue(slots), orders


def _period_warning(amount, unit, on):
    try:
        rule = get_rule(MAX_PERIOD_RULE, on)
    except RuleError:
        return ""
    limit, limit_unit = rule.parameters.get("amount"), rule.parameters.get("unit")
    months = {"days": amount / 30.0, "months": amount, "years": amount * 12}[unit]
    limit_months = {"days": (limit or 0) / 30.0, "months": limit, "years": (limit or 0) * 12}.get(limit_unit)
    if limit_months and months > limit_months:
        return _("期限超过%(basis)s规定的每次最长%(period)s（以裁定载明的期限为准）。") % {"basis": rule.legal_basis, "period": period_label(limit, limit_unit)}
    return ""


def _history(order, type, on, actor=None, details=None):
    """One step of the order's history (every hand-off goes through here)."""
    from .delivery import record_handoffs  # the hand-offs' service records, receipts and notices

    event = OrderEvent.objects.create(order=order, type=type, on=on, actor=actor if getattr(actor, "pk", None) else None, details=details or {})
    record_handoffs(event)
    return event


def _apply(actor, right, queue, orders, changes, today):
    """Persist the slots the queue changed, with their history, the legal events on the right and
    the published events (the effective order's court holds the freeze). A new order that takes
    effect at once passes through "waiting" inside the queue; its history says only "effective"."""
    final = {change.id: change.after for change in changes}
    passed_through = set()
    for change in changes:
        order = orders[change.id]
        slot = queue._get(change.id)
        if change.before == "" and change.after == q.WAITING and final[change.id] == q.EFFECTIVE:
            passed_through.add(change.id)
            continue
        if change.before == q.EFFECTIVE and change.after != q.EFFECTIVE:
            register.record_event(actor, right, "unfrozen", today, {"court": str(order.holder_id), "order": order.pk}, authorized_by_module=True)
        if change.after == q.EFFECTIVE and change.before != q.EFFECTIVE:
            try:
                register.record_event(
                    actor,
                    right,
                    "frozen",
                    today,
                    {"court": str(order.holder_id), "order": order.pk, "case_number": order.case_number},
                    authorized_by_module=True,
                )
            except ServiceError as exc:
                raise ServiceError(
                    ErrorCode.FREEZE_RIGHT_NOT_LIVE,
                    _("该权利当前的法律状态不能冻结：%(reason)s") % {"reason": exc.message},
                    fields={"right": [exc.message]},
                    status=409,
                ) from exc
        order.status, order.starts_on, order.ends_on = slot.status, slot.starts_on, slot.ends_on
        order.save(update_fields=["status", "starts_on", "ends_on"])
        _history(order, change.after, change.on, actor, {"from": "" if change.id in passed_through else change.before})
        kind = {q.EFFECTIVE: "effective", q.WAITING: "queued"}.get(change.after, "closed")
        if change.before != change.after:
            # The subject is the order, not the right: the order's grants (its assigned handlers),
            # never the right's, decide who hears of it.
            publish(f"preservation.order.{kind}", agency=order.court, subject=order, payload=_snapshot(order), actor=actor, visibility="private")


def _locked_right(right):
    return Right.objects.select_for_update().get(pk=right.pk)


def _check_holder(actor, order):
    if not (actor.has_perm("preservation.order") and actor.agency_id == order.holder_id):
        _deny()


# --- assignment (record-level grants) --------------------------------------------------------------
ASSIGNED = selectors.ASSIGNED


def handler_candidates():
    """Active preservation handlers of the IP offices (CNIPA's first), least loaded first."""
    ct = ContentType.objects.get_for_model(FreezeOrder)
    open_ids = FreezeOrder.objects.filter(status__in=[OrderStatus.WAITING, OrderStatus.EFFECTIVE], registered_at__isnull=True).values("pk")
    open_keys = open_ids.values_list(Cast("pk", CharField()), flat=True)  # object_id is text (PostgreSQL compares no text to bigint)
    load = (
        RecordGrant.objects.filter(content_type=ct, grantee_user=OuterRef("pk"), reason=ASSIGNED, object_id__in=open_keys)
        .order_by()
        .values("grantee_user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            kind="staff",
            agency__kind="ip_office",
            memberships__role__code="preservation_handler",
            memberships__agency_id=F("agency_id"),
        )
        .distinct()
    )
    users = users.annotate(load=Subquery(load)).select_related("agency")
    return sorted(users, key=lambda u: (u.agency.code != "cnipa", u.load or 0, u.pk))


def assigned_handlers(order):
    ct = ContentType.objects.get_for_model(FreezeOrder)
    return [
        g.grantee_user
        for g in RecordGrant.objects.filter(content_type=ct, object_id=str(order.pk), reason=ASSIGNED, grantee_user__isnull=False).select_related(
            "grantee_user__agency"
        )
    ]


def _assign(actor, order, handler):
    grant_record(actor=actor, obj=order, user=handler, reason=ASSIGNED)
    _history(order, "assigned", timezone.localdate(), actor, {"handler": handler.pk})


def assign_order(*, actor, order, handler):
    """Hand a received order to another preservation handler (the previous one loses sight of it,
    as the order is confidential). A CNIPA agency admin, a platform admin or the handler holding
    it may do this."""
    current = assigned_handlers(order)
    if not (
        is_platform_admin(actor)
        or (actor.has_perm("preservation.handle") and actor in current)
        or (is_agency_admin(actor) and actor.agency.kind == "ip_office")
    ):
        _deny()
    if (
        handler is None
        or not handler.is_active
        or handler.kind != "staff"
        or not (handler.agency.kind == "ip_office" and handler.has_role("preservation_handler"))
    ):
        raise ServiceError(ErrorCode.INVALID, fields={"handler": [_("请选择知识产权局的保全登记承办人。")]})
    if handler in current:
        return order
    with transaction.atomic():
        ct = ContentType.objects.get_for_model(FreezeOrder)
        for grant in RecordGrant.objects.filter(content_type=ct, object_id=str(order.pk), reason=ASSIGNED):
            revoke_grant(actor=actor, grant=grant, reason=ASSIGNED)
        _assign(actor, order, handler)
    return order


def submit_order(*, actor, right, case_number, party, period_amount, period_unit, signing_judge, suspended=None, attachments=None):
    """A court's ruling and notice reach CNIPA now: the order takes its place in the queue of the
    right (effective at once when the right is not frozen, else waiting)."""
    if not actor.has_perm("preservation.order"):
        _deny()
    fields = {}
    try:
        parsed = parse_case_number(case_number)
    except IdentifierError as exc:
        fields["case_number"] = [str(exc)]
        parsed = None
    if period_unit not in PeriodUnit.values:
        fields["period_unit"] = [_("期限单位须为日、月或年。")]
    if not isinstance(period_amount, int) or isinstance(period_amount, bool) or not 1 <= period_amount <= 3650:
        fields["period_amount"] = [_("冻结期限须为正整数。")]
    if signing_judge is None or signing_judge.agency_id != actor.agency_id or not signing_judge.has_role("judge"):
        fields["signing_judge"] = [_("签发法官须为本院法官。")]
    if party is None or not RightParty.objects.filter(right=right, party=party).exists():
        fields["party"] = [_("被冻结权利的当事人须为该权利的权利人或申请人。")]
    suspended = SUSPENDED_CODES if suspended is None else suspended
    if not isinstance(suspended, (list, tuple)) or any(code not in SUSPENDED_CODES for code in suspended):
        fields["suspended"] = [_("中止办理的事项不在可选范围内。")]
    try:
        files = attachment_files.check(attachments)
    except ServiceError as exc:
        fields.update(exc.fields)
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    today = timezone.localdate()
    with transaction.atomic():
        right = _locked_right(right)
        queue, orders = _queue(right)
        order = FreezeOrder(
            right=right,
            court_id=actor.agency_id,
            holder_id=actor.agency_id,
            case_number=parsed.normalized,
            party=party,
            suspended=[code for code in SUSPENDED_CODES if code in suspended],
            period_amount=period_amount,
            period_unit=period_unit,
            signing_judge=signing_judge,
            status=OrderStatus.WAITING,
            received_at=timezone.now(),
            receipt_seq=_next_receipt_seq(),
            period_warning=_period_warning(period_amount, period_unit, today),
            created_by=actor,
        )
        order.save()
        orders[order.pk] = order
        _store_attachments(actor, order, files)
        _history(order, "submitted", today, actor, {"receipt_seq": order.receipt_seq, "attachments": [f["sha256"] for f in files]})
        candidates = handler_candidates()
        if candidates:
            _assign(actor, order, candidates[0])
        changes = queue.add(q.Slot(order.pk, (order.received_at, order.receipt_seq), "", period_amount, period_unit), today)
        _apply(actor, right, queue, orders, changes, today)
        record(actor=actor, action="preservation.order.submit", obj=order, agency=actor.agency_id, after=_snapshot(order))
    return order


MAX_RIGHTS_PER_RULING = 50


def submit_orders(*, actor, rights, **particulars):
    """One ruling freezing several rights of the party: one order per right, each taking its own
    place in its right's queue — all of them or none. The rights are locked in id order (the
    register's lock order), so two rulings on overlapping rights never deadlock."""
    rights = sorted({right.pk: right for right in rights}.values(), key=lambda right: right.pk)
    if not 1 <= len(rights) <= MAX_RIGHTS_PER_RULING:
        raise ServiceError(ErrorCode.INVALID, fields={"rights": [_("一份裁定冻结1至%(n)s件权利。") % {"n": MAX_RIGHTS_PER_RULING}]})
    if len(rights) == 1:
        return [submit_order(actor=actor, right=rights[0], **particulars)]
    with transaction.atomic():
        orders = []
        for right in rights:
            try:
                orders.append(submit_order(actor=actor, right=right, **particulars))
            except ServiceError as exc:
                named = {field: [f"{right.number}：{message}" for message in messages] for field, messages in exc.fields.items()}
                raise ServiceError(exc.code, f"{right.number}：{exc.message}", fields=named, status=exc.status) from exc
        return orders


def _store_attachments(actor, order, files):
    for item in files:
        item["upload"].seek(0)
        attachment = OrderAttachment(
            order=order, name=item["name"], content_type=item["content_type"], size=item["size"], sha256=item["sha256"], uploaded_by=actor
        )
        attachment.file.save(item["name"], item["upload"], save=False)
        attachment.save()


def add_attachments(*, actor, order, files):
    """The issuing or holding court adds papers to its order (e.g. the signed ruling as scanned)."""
    if not (actor.has_perm("preservation.order") and actor.agency_id in (order.court_id, order.holder_id)):
        _deny()
    checked = attachment_files.check(files, already=order.attachments.count())
    if not checked:
        raise ServiceError(ErrorCode.INVALID, fields={"attachments": [_("请选择要上传的文件。")]})
    with transaction.atomic():
        _store_attachments(actor, order, checked)
        record(
            actor=actor,
            action="preservation.order.attach",
            obj=order,
            agency=actor.agency_id,
            after={"attachments": [{"name": f["name"], "sha256": f["sha256"], "size": f["size"]} for f in checked]},
        )
    return order


def read_attachment(*, actor, order, attachment_id):
    """One attachment of an order in the actor's reach, opened for reading; audited as a read.
    Raises NotFound when the order has no such attachment or its file is gone."""
    item = order.attachments.filter(pk=parse_pk(attachment_id)).first()
    if item is None:
        raise NotFound()
    try:
        handle = item.file.open("rb")
    except OSError:
        raise NotFound() from None
    with transaction.atomic():
        record(
            actor=actor,
            action="preservation.attachment.read",
            obj=order,
            agency=actor.agency_id,
            is_read=True,
            after={"attachment": item.pk, "sha256": item.sha256},
        )
    return item, handle


def _close(actor, order, status, *, reason="", by_holder=False):
    today = timezone.localdate()
    with transaction.atomic():
        right = _locked_right(order.right)
        queue, orders = _queue(right)
        current = orders[order.pk]
        if by_holder:
            _check_holder(actor, current)  # again under the lock: a conversion may have just passed it on
        before = _snapshot(current)
        try:
            changes = queue.close(current.pk, status, today)
        except q.QueueError as exc:
            raise ServiceError(ErrorCode.FREEZE_ORDER_CLOSED, _("该冻结裁定已经结束。"), status=409) from exc
        if reason:
            current.return_reason = reason
            current.save(update_fields=["return_reason"])
        _apply(actor, right, queue, orders, changes, today)
        record(actor=actor, action=f"preservation.order.{status}", obj=current, agency=actor.agency_id, before=before, after=_snapshot(current))
    return current


def register_order(*, actor, order):
    """A CNIPA preservation handler registers a received order (it keeps its place)."""
    if not actor.has_perm("preservation.handle"):
        _deny()
    with transaction.atomic():
        current = FreezeOrder.objects.select_for_update().get(pk=order.pk)
        if current.status not in (OrderStatus.WAITING, OrderStatus.EFFECTIVE):
            raise ServiceError(ErrorCode.FREEZE_ORDER_CLOSED, _("该冻结裁定已经结束。"), status=409)
        if current.registered_at is not None:
            raise ServiceError(ErrorCode.FREEZE_ALREADY_REGISTERED, _("该冻结裁定已经登记。"), status=409)
        before = _snapshot(current)
        current.registered_at, current.registered_by = timezone.now(), actor
        current.save(update_fields=["registered_at", "registered_by"])
        _history(current, "registered", timezone.localdate(), actor)
        record(actor=actor, action="preservation.order.register", obj=current, agency=actor.agency_id, before=before, after=_snapshot(current))
    return current


def return_order(*, actor, order, reason):
    """CNIPA returns an order it cannot register (owner differs, right lapsed, duplicate, papers
    incomplete); if it was effective, the next order takes effect."""
    if not actor.has_perm("preservation.handle"):
        _deny()
    if reason not in ReturnReason.values:
        raise ServiceError(ErrorCode.INVALID, fields={"reason": [_("请选择退回原因。")]})
    return _close(actor, order, q.RETURNED, reason=reason)


def release_order(*, actor, order):
    """The holding court releases its order by ruling; the head of the queue takes effect."""
    _check_holder(actor, order)
    return _close(actor, order, q.RELEASED, by_holder=True)


def renew_order(*, actor, order, period_amount, period_unit):
    """The holding court continues its effective order before it expires (续行)."""
    _check_holder(actor, order)
    if period_unit not in PeriodUnit.values or not isinstance(period_amount, int) or not 1 <= period_amount <= 3650:
        raise ServiceError(ErrorCode.INVALID, fields={"period_amount": [_("冻结期限须为正整数。")]})
    today = timezone.localdate()
    with transaction.atomic():
        right = _locked_right(order.right)
        queue, orders = _queue(right)
        current = orders[order.pk]
        _check_holder(actor, current)
        before = _snapshot(current)
        try:
            queue.renew(current.pk, period_amount, period_unit, today)
        except q.QueueError as exc:
            code = ErrorCode.FREEZE_RENEWAL_AFTER_EXPIRY if exc.code == "renewal_after_expiry" else ErrorCode.FREEZE_ORDER_NOT_EFFECTIVE
            raise ServiceError(code, _("只能在冻结届满前续行正在生效的冻结。"), status=409) from exc
        slot = queue._get(current.pk)
        current.ends_on = slot.ends_on
        current.period_warning = _period_warning(period_amount, period_unit, today)
        current.save(update_fields=["ends_on", "period_warning"])
        _history(current, "renewed", today, actor, {"amount": period_amount, "unit": period_unit, "ends_on": slot.ends_on.isoformat()})
        record(actor=actor, action="preservation.order.renew", obj=current, agency=actor.agency_id, before=before, after=_snapshot(current))
    return current


CONVERT_PURPOSES = ("enforcement", "appeal")


def convert_order(*, actor, order, successor, purpose="enforcement"):
    """The freeze passes to a successor court in the same matter, its period running on: the case
    enters enforcement (the preservation freeze continues as an enforcement freeze, 民诉法解释
    art 168) or goes to the court of second instance, which may renew or release it (art 162)."""
    _check_holder(actor, order)
    fields = {}
    if successor is None or successor.kind != "court" or successor.pk == order.holder_id:
        fields["successor"] = [_("请选择承继的法院（不能是现持有冻结的法院）。")]
    if purpose not in CONVERT_PURPOSES:
        fields["purpose"] = [_("请选择移交事由：进入执行或二审。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        # The right's row first, as every other write on its queue does: locking the order first
        # would deadlock (PostgreSQL) with a release, renewal or sweep holding the right and
        # writing this order (tests/concurrency/test_lock_order.py).
        right = _locked_right(order.right)
        current = FreezeOrder.objects.select_for_update().get(pk=order.pk)
        _check_holder(actor, current)
        if current.status not in (OrderStatus.WAITING, OrderStatus.EFFECTIVE):
            raise ServiceError(ErrorCode.FREEZE_ORDER_CLOSED, _("该冻结裁定已经结束。"), status=409)
        before = _snapshot(current)
        old_holder = current.holder_id
        current.holder = successor
        if purpose == "enforcement":
            current.kind = OrderKind.ENFORCEMENT
        current.save(update_fields=["holder", "kind"])
        today = timezone.localdate()
        if current.status == OrderStatus.EFFECTIVE:
            # The timeline names the court holding the freeze: hand it over in one step.
            register.record_event(actor, right, "unfrozen", today, {"court": str(old_holder), "order": current.pk, "handover": True}, authorized_by_module=True)
            register.record_event(actor, right, "frozen", today, {"court": str(successor.pk), "order": current.pk, "handover": True}, authorized_by_module=True)
        _history(current, "converted", today, actor, {"from": old_holder, "to": successor.pk, "purpose": purpose})
        # The successor hears of the order's events from now on (events are filed under the issuer).
        if not RecordGrant.objects.filter(object_id=str(current.pk), grantee_agency=successor, content_type__model="freezeorder").exists():
            grant_record(actor=actor, obj=current, agency=successor, reason="preservation.successor")
        record(actor=actor, action="preservation.order.convert", obj=current, agency=actor.agency_id, before=before, after=_snapshot(current))
    return current


def dispose_right(*, actor, order, new_owner):
    """The holding court transfers the frozen right in enforcement (执行过户): the transfer passes
    its own freeze, the order ends and so does the waiting list (the other courts are told)."""
    _check_holder(actor, order)
    new_owner = (new_owner or "").strip()
    if not new_owner:
        raise ServiceError(ErrorCode.INVALID, fields={"new_owner": [_("请填写受让人。")]})
    today = timezone.localdate()
    with transaction.atomic():
        right = _locked_right(order.right)
        queue, orders = _queue(right)
        current = orders[order.pk]
        _check_holder(actor, current)
        try:
            changes = queue.dispose(current.pk, today)
        except q.QueueError as exc:
            raise ServiceError(ErrorCode.FREEZE_ORDER_NOT_EFFECTIVE, _("只有正在生效的冻结的法院可以处分该权利。"), status=409) from exc
        register.record_event(
            actor,
            right,
            "transferred",
            today,
            {"owner": new_owner[:200], "enforcement_court": str(current.holder_id), "order": current.pk},
            authorized_by_module=True,
        )
        _apply(actor, right, queue, orders, changes, today)
        record(actor=actor, action="preservation.right.dispose", obj=current, agency=actor.agency_id, after={**_snapshot(current), "new_owner": new_owner})
    return current


SWEEP_BATCH = 100  # rights locked and written in one transaction by the sweep


def sweep(today=None):
    """Lapse the freezes whose period has ended and promote their queues (idempotent: run from
    the schedule table). Returns the number of orders that lapsed.

    The index on (status, ends_on) finds the rights to sweep; the freezes that do not lapse are
    never read. The rights are then locked and their queues read a batch at a time (one
    transaction a batch: one commit for up to SWEEP_BATCH rights), and each right's changes are
    written as every service writes them (``_apply``: order, history, legal events, published
    events; the audit of each lapse) in a savepoint of its own: a right whose change the register
    refuses is logged and left for the next run, never blocking the others."""
    today = today or timezone.localdate()
    on = min(today, timezone.localdate())  # the register records the change on the day it runs
    right_ids = sorted(set(FreezeOrder.objects.filter(status=OrderStatus.EFFECTIVE, ends_on__lt=today).values_list("right_id", flat=True)))
    lapsed = 0
    for start in range(0, len(right_ids), SWEEP_BATCH):
        batch = right_ids[start : start + SWEEP_BATCH]
        with transaction.atomic():
            rights = Right.objects.select_for_update().order_by("pk").in_bulk(batch)
            orders_of = {}
            for order in FreezeOrder.objects.filter(right_id__in=batch):
                orders_of.setdefault(order.right_id, {})[order.pk] = order
            for right_id in batch:
                orders = orders_of.get(right_id, {})
                queue = q.Queue(
                    [q.Slot(o.pk, (o.received_at, o.receipt_seq), o.status, o.period_amount, o.period_unit, o.starts_on, o.ends_on) for o in orders.values()]
                )
                changes = queue.expire(today)
                if not changes:  # released or renewed since the scan
                    continue
                try:
                    with transaction.atomic():
                        _apply(None, rights[right_id], queue, orders, changes, on)
                        for change in changes:
                            if change.after == q.LAPSED:
                                order = orders[change.id]
                                record(actor=None, action="preservation.order.lapsed", obj=order, agency=order.court_id, after=_snapshot(order))
                except ServiceError:
                    logger.exception("freeze sweep: right %s left for the next run", right_id)
                    continue
                lapsed += sum(1 for c in changes if c.after == q.LAPSED)
    return lapsed


# --- inquiry (查询) ---------------------------------------------------------------------------------
HOLDER_ROLES = ("applicant", "patentee", "owner")
INQUIRY_RIGHT_FIELDS = ("kind", "number", "title", "owner_name", "status", "pledges", "licences")
INQUIRY_ORDER_FIELDS = (
    "right_id",
    "holder__name",
    "case_number",
    "kind",
    "status",
    "received_at",
    "receipt_seq",
    "period_amount",
    "period_unit",
    "starts_on",
    "ends_on",
    "registered_at",
)


def _right_facts(right, orders):
    """What an inquiring court learns of one right: owner, status, pledges and licences on file,
    the effective freeze and the waiting list with positions."""
    queue = q.Queue([q.Slot(o.pk, (o.received_at, o.receipt_seq), o.status, o.period_amount, o.period_unit, o.starts_on, o.ends_on) for o in orders])
    by_id = {o.pk: o for o in orders}

    def entry(slot):
        order = by_id[slot.id]
        return {
            "order": order.pk,
            "court": order.holder.name,
            "case_number": order.case_number,
            "kind": order.kind,
            "received_at": order.received_at,
            "starts_on": order.starts_on,
            "ends_on": order.ends_on,
            "position": queue.position(slot.id) + 1,  # 1 = the effective freeze, as everywhere in the API
            "registered": order.registered_at is not None,
        }

    effective = queue.effective
    return {
        "right": right.pk,
        "kind": right.kind,
        "number": right.number,
        "title": right.title,
        "owner": right.owner_name,
        "status": right.status,
        "pledges": right.pledges,
        "licences": right.licences,
        "effective": entry(effective) if effective else None,
        "waiting": [entry(slot) for slot in queue.waiting],
    }


INQUIRY_PAGE = 100


class InquiryPage(list):
    """The rights an inquiry answers with (a list), with ``total`` (all the party's rights) and
    ``next_after`` (the ``after`` of the next page, or None)."""

    def __init__(self, items, total, next_after):
        super().__init__(items)
        self.total, self.next_after = total, next_after


def inquire(*, actor, case_number, number="", credit_code="", party_name="", after=0, limit=INQUIRY_PAGE):
    """A court asks, for a stated case, about one right (its number in any spelling) or about all
    rights held by a party (credit code, or name), a page of ``limit`` at a time after right id
    ``after``. Every inquiry (every page) is audited with its case number."""
    from ipcollab.registry import selectors as register_selectors
    from ipcollab.registry.models import Party
    from ipcollab.registry.names import normalize_name

    if not actor.has_perm("preservation.order"):
        _deny()
    fields = {}
    try:
        case = parse_case_number(case_number).normalized
    except IdentifierError as exc:
        fields["case_number"] = [str(exc)]
        case = ""
    number, credit_code, party_name = (number or "").strip(), (credit_code or "").strip(), (party_name or "").strip()
    if sum(bool(x) for x in (number, credit_code, party_name)) != 1:
        fields["query"] = [_("请填写权利编号、统一社会信用代码或当事人名称中的一项。")]
    parsed = register_selectors.parse_right_number(number) if number else None
    if number and parsed is None:
        fields["number"] = [_("无法识别的专利申请号或商标注册号。")]
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        fields["after"] = [_("须为不小于0的整数。")]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 500:
        fields["limit"] = [_("每页1至500件。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    # Only the columns the answer shows (no JSON columns decoded). A party's rights come a page at
    # a time in the order of their ids, read from the links by party (index registry
    # right_party_by_party): a holder of 11,000 patents costs what a holder of 100 does.
    rights = Right.objects.only(*INQUIRY_RIGHT_FIELDS)
    total = None
    if parsed:
        rights = list(rights.filter(kind=parsed[0], number=parsed[1]))
        total, next_after = len(rights), None
    else:
        parties = Party.objects.filter(merged_into__isnull=True)
        if credit_code:
            parties = parties.filter(credit_code=credit_code.upper())
        else:
            parties = parties.filter(normalized_name=normalize_name(party_name))
        # The parties first (usually one): each then reads its own range of the index in order.
        party_ids = list(parties.values_list("pk", flat=True)[:50])
        links = RightParty.objects.filter(party_id__in=party_ids, role__in=HOLDER_ROLES).values("right_id").distinct()
        ids = list(links.filter(right_id__gt=after or 0).order_by("right_id").values_list("right_id", flat=True)[: limit + 1])
        next_after = ids[limit - 1] if len(ids) > limit else None
        by_id = {r.pk: r for r in rights.filter(pk__in=ids[:limit])}
        rights = [by_id[i] for i in ids[:limit] if i in by_id]
        total = links.count() if (after or next_after) else len(rights)
    orders_by_right = {}
    open_orders = FreezeOrder.objects.filter(right__in=[r.pk for r in rights], status__in=[OrderStatus.WAITING, OrderStatus.EFFECTIVE])
    for order in open_orders.select_related("holder").only(*INQUIRY_ORDER_FIELDS):
        orders_by_right.setdefault(order.right_id, []).append(order)
    result = InquiryPage([_right_facts(right, orders_by_right.get(right.pk, [])) for right in rights], total, next_after)
    with transaction.atomic():
        record(
            actor=actor,
            action="preservation.inquiry",
            agency=actor.agency_id,
            is_read=True,
            object_type="preservation.inquiry",
            object_id=case,
            object_label=case,
            after={
                "case_number": case,
                "number": number,
                "credit_code": credit_code,
                "party_name": party_name,
                "after": after or 0,
                "rights": [r["right"] for r in result],
            },
        )
    return result
