"""Writes of the deadlines app: the holiday calendar (platform admins) and service records.
Each write is one transaction with its audit event."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError

from . import calendar_store, engine, presumptions
from .engine import DeadlineError
from .models import CalendarDay, CalendarRevision, CalendarYear, DayKind, ServiceRecord

DAY_FIELDS = ["date", "kind", "name", "source", "note"]
YEAR_FIELDS = ["year", "published", "source", "published_on", "note"]
SERVICE_FIELDS = [
    "agency",
    "visibility",
    "document_title",
    "document_number",
    "content_type",
    "object_id",
    "recipient_name",
    "recipient_role",
    "recipient_agency",
    "recipient_user",
    "regime",
    "method",
    "dispatched_at",
    "dispatch_reference",
    "presumed_received_on",
    "presumption_key",
    "presumption_basis",
    "received_on",
    "receipt_proof",
]
MIN_YEAR, MAX_YEAR = 1900, 2200
# before the Patent Law (in force 1985-04-01) no service record on this platform makes sense;
# the bound also keeps local-mean-time offsets of ancient dates out of the API
EARLIEST_DISPATCH = datetime.datetime(1985, 1, 1, tzinfo=datetime.UTC)


def _require(actor, perm, obj=None):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied()


def as_service_error(exc):
    """A DeadlineError as the ServiceError the views and the API answer with."""
    field = exc.field or "non_field_errors"
    return ServiceError(ErrorCode(exc.code), exc.message, {field: [exc.message]})


# ---------------------------------------------------------------------------------------------
# The holiday calendar
# ---------------------------------------------------------------------------------------------


def bump_revision():
    """Mark the calendar changed (call inside the writing transaction)."""
    now = timezone.now()
    if not CalendarRevision.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=now):
        CalendarRevision.objects.create(pk=1, revision=1, changed_at=now)
    transaction.on_commit(calendar_store.clear_cache)


def _validate_day(date, kind):
    if kind not in DayKind.values:
        raise ServiceError(ErrorCode.INVALID, fields={"kind": [_("类别须为法定节假日或调休工作日。")]})
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ServiceError(ErrorCode.INVALID, fields={"date": [_("日期须在 1900 至 2200 年之间。")]})
    if kind == DayKind.WORKDAY and date.weekday() < 5:
        message = _("调休工作日须为周六或周日：周一至周五本来就是工作日。")
        raise ServiceError(ErrorCode.CALENDAR_DAY_REDUNDANT, message, {"date": [message]})


@transaction.atomic
def calendar_day_create(*, actor, date, kind, name="", source="manual", note=""):
    _require(actor, "deadlines.manage_calendar")
    _validate_day(date, kind)
    if CalendarDay.objects.filter(date=date).exists():
        message = _("该日期已有记录，请修改原记录。")
        raise ServiceError(ErrorCode.CALENDAR_DAY_TAKEN, message, {"date": [message]})
    day = CalendarDay(date=date, kind=kind, name=name, source=source or "manual", note=note)
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError:
        message = _("该日期已有记录，请修改原记录。")
        raise ServiceError(ErrorCode.CALENDAR_DAY_TAKEN, message, {"date": [message]}) from None
    bump_revision()
    audit.record(actor=actor, action="deadlines.calendar_day.create", obj=day, after=audit.snapshot(day, DAY_FIELDS))
    return day


@transaction.atomic
def calendar_day_update(*, actor, day, kind, name="", note="", source="manual"):
    """Change a day's kind, name or note (the date is its identity: remove and add to move it)."""
    _require(actor, "deadlines.manage_calendar")
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    _validate_day(day.date, kind)
    before = audit.snapshot(day, DAY_FIELDS)
    day.kind, day.name, day.note = kind, name, note
    day.source = source or "manual"
    old, new = audit.diff(before, audit.snapshot(day, DAY_FIELDS))
    if not new:
        return day
    day.save()
    bump_revision()
    audit.record(actor=actor, action="deadlines.calendar_day.update", obj=day, before=old, after=new)
    return day


@transaction.atomic
def calendar_day_remove(*, actor, day, reason=""):
    _require(actor, "deadlines.manage_calendar")
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    before = audit.snapshot(day, DAY_FIELDS)
    label, pk = str(day), day.pk
    day.delete()
    bump_revision()
    audit.record(
        actor=actor,
        action="deadlines.calendar_day.remove",
        object_type="deadlines.calendarday",
        object_id=str(pk),
        object_label=label,
        before=before,
        reason=reason,
    )


@transaction.atomic
def calendar_year_set(*, actor, year, published, source=None, published_on=None, note=None, confirm_empty=False):
    """Publish or unpublish a year (e.g. when the State Council's notice for it comes out).
    `source`, `published_on` and `note` left as None keep their current values.
    Publishing a year with no holiday on record needs `confirm_empty`: a year without holidays
    would silently compute every deadline as if there were none."""
    _require(actor, "deadlines.manage_calendar")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ServiceError(ErrorCode.INVALID, fields={"year": [_("年份须在 1900 至 2200 之间。")]})
    if published and not confirm_empty:
        has_holiday = CalendarDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY).exists()
        if not has_holiday:
            message = _("%(year)d 年尚未录入任何法定节假日。确认该年度确无节假日安排后再发布。") % {"year": year}
            raise ServiceError(ErrorCode.CALENDAR_YEAR_EMPTY, message, {"confirm_empty": [message]})
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        row = CalendarYear(year=year)
        before = None
    else:
        before = audit.snapshot(row, YEAR_FIELDS)
    row.published = bool(published)
    if source is not None:
        row.source = source
    if published_on is not None:
        row.published_on = published_on
    if note is not None:
        row.note = note
    after = audit.snapshot(row, YEAR_FIELDS)
    if before is not None:
        before, after = audit.diff(before, after)
        if not after:
            return row
    row.save()
    bump_revision()
    action = "deadlines.calendar_year.publish" if published else "deadlines.calendar_year.unpublish"
    audit.record(actor=actor, action=action, obj=row, before=before, after=after)
    return row


# ---------------------------------------------------------------------------------------------
# Service records (送达)
# ---------------------------------------------------------------------------------------------


def presumed_receipt(regime, method, dispatched_at):
    """(presumed date, Presumption) for a dispatch, or (None, None) when the method has no
    presumption. Pure day arithmetic from the local dispatch date; never consults the calendar."""
    presumption = presumptions.for_service(regime, method)
    if presumption is None:
        return None, None
    day = timezone.localdate(dispatched_at)
    rule = presumptions.applied(presumption, day)
    try:
        return engine.compute(engine.Calendar(), day, rule.amount, rule.unit, roll_forward=False), rule
    except DeadlineError as exc:
        raise as_service_error(exc) from None


def _future(field):
    message = _("时间不能晚于当前时间。")
    return ServiceError(ErrorCode.SERVICE_IN_FUTURE, message, {field: [message]})


@transaction.atomic
def record_dispatch(
    *,
    actor,
    document_title,
    recipient_name,
    regime,
    method,
    dispatched_at,
    document_number="",
    recipient_role="other",
    recipient_agency=None,
    recipient_user=None,
    dispatch_reference="",
    visibility="private",
    document=None,
):
    """Record that the actor's agency sent a document to one recipient. `document` optionally
    links the record (any model instance) the document belongs to."""
    agency_id = getattr(actor, "agency_id", None)
    if not agency_id:
        raise PermissionDenied()
    _require(actor, "deadlines.record_service", actor.agency)
    if timezone.is_naive(dispatched_at):
        dispatched_at = timezone.make_aware(dispatched_at)
    if dispatched_at > timezone.now() + datetime.timedelta(minutes=5):
        raise _future("dispatched_at")
    if dispatched_at < EARLIEST_DISPATCH:
        raise ServiceError(ErrorCode.INVALID, fields={"dispatched_at": [_("发出时间须在1985年之后。")]})
    presumed, rule = presumed_receipt(regime, method, dispatched_at)
    record = ServiceRecord(
        agency_id=agency_id,
        visibility=visibility,
        document_title=document_title,
        document_number=document_number,
        recipient_name=recipient_name,
        recipient_role=recipient_role,
        recipient_agency=recipient_agency,
        recipient_user=recipient_user,
        regime=regime,
        method=method,
        dispatched_at=dispatched_at,
        dispatch_reference=dispatch_reference,
        presumed_received_on=presumed,
        presumption_key=presumptions.for_service(regime, method).key if rule else "",
        presumption_basis=rule.label if rule else "",
        created_by=actor,
    )
    if document is not None:
        record.content_type = ContentType.objects.get_for_model(document)
        record.object_id = str(document.pk)
    try:
        record.full_clean(exclude=["created_by", "content_type", "agency", "recipient_agency", "recipient_user"])
    except ValidationError as exc:
        raise ServiceError(ErrorCode.INVALID, fields=exc.message_dict) from None
    record.save()
    audit.record(actor=actor, action="deadlines.service.dispatch", obj=record, agency=agency_id, after=audit.snapshot(record, SERVICE_FIELDS))
    return record


@transaction.atomic
def record_receipt(*, actor, record, received_on, proof):
    """Record (or correct) the actual receipt date of one service, with its proof."""
    _require(actor, "deadlines.record_service", record)
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    proof = (proof or "").strip()
    if not proof:
        raise ServiceError(ErrorCode.REQUIRED, fields={"proof": [_("请填写送达证明（如送达回证编号、签收记录）。")]})
    if received_on < timezone.localdate(record.dispatched_at):
        message = _("送达日不能早于发出日（%(day)s）。") % {"day": timezone.localdate(record.dispatched_at).isoformat()}
        raise ServiceError(ErrorCode.RECEIPT_BEFORE_DISPATCH, message, {"received_on": [message]})
    if received_on > timezone.localdate():
        raise _future("received_on")
    before = audit.snapshot(record, ["received_on", "receipt_proof"])
    record.received_on, record.receipt_proof = received_on, proof[:300]
    old, new = audit.diff(before, audit.snapshot(record, ["received_on", "receipt_proof"]))
    if not new:
        return record
    record.save(update_fields=["received_on", "receipt_proof", "updated_at"])
    audit.record(actor=actor, action="deadlines.service.receipt", obj=record, agency=record.agency_id, before=old, after=new)
    return record


def deadline_from_service(record, amount, unit, roll_forward=True):
    """The last day of a period that runs from THIS recipient's receipt (actual if proven, else
    presumed). Raises ServiceError(service_not_received) when there is neither, and the
    deadline codes (calendar_unpublished, bad_unit, ...) as ServiceError."""
    from . import compute_deadline

    start = record.effective_receipt_date
    if start is None:
        raise ServiceError(ErrorCode.SERVICE_NOT_RECEIVED)
    try:
        return compute_deadline(start, amount, unit, roll_forward=roll_forward)
    except DeadlineError as exc:
        raise as_service_error(exc) from None
