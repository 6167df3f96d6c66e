"""Hearing rooms (审理室) of IP protection centres, IP offices and courts, and their bookings.

    rooms_for(user) -> queryset                      rooms the user may see (every agency account)
    can_book(user, room) -> bool
    book_room(*, actor, room, starts_at, ends_at, purpose, record_type="", record_id="", record_label="") -> RoomBooking
    cancel_booking(*, actor, booking) -> RoomBooking
    day_plan(room, day) -> [(start, end, booking|None)]   bookings and free slots of one working day

A room is booked by its own agency, by the IP office hosting it (a protection centre's parent) and,
when `shared_with_courts`, by judges and clerks of any court (the Opinions: protection centres'
rooms serve courts too). Two live bookings of one room never overlap: the check runs under a lock
of the room's row, so two bookers racing for one slot cannot both win (`room_clash`)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.principals import is_platform_admin

from .models import HearingRoom, RoomBooking

DAY_START = datetime.time(9, 0)
DAY_END = datetime.time(18, 0)
COURT_ROLES = ("judge", "clerk")


def rooms_for(user):
    if not user.is_authenticated or not (user.agency_id or is_platform_admin(user)):
        return HearingRoom.objects.none()
    return HearingRoom.objects.select_related("agency").filter(is_active=True)


def can_book(user, room):
    if not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    if user.kind != "staff" or not user.agency_id or not room.is_active:
        return False
    if user.agency_id in (room.agency_id, room.agency.parent_id):
        return True
    return bool(room.shared_with_courts and user.agency.kind == "court" and user.has_role(*COURT_ROLES))


def live_bookings(room):
    return RoomBooking.objects.filter(room=room, cancelled_at__isnull=True)


def clash(room, starts_at, ends_at, exclude_pk=None):
    qs = live_bookings(room).filter(starts_at__lt=ends_at, ends_at__gt=starts_at).select_related("agency")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("starts_at").first()


def _aware(value):
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


@transaction.atomic
def book_room(*, actor, room, starts_at, ends_at, purpose, record_type="", record_id="", record_label="", agency=None):
    """Book `room` from `starts_at` to `ends_at` for `actor`'s agency (or `agency`, for a service
    acting for it)."""
    room = HearingRoom.objects.select_for_update().select_related("agency").get(pk=room.pk)
    if not can_book(actor, room):
        raise ServiceError(ErrorCode.ROOM_NOT_BOOKABLE, status=403)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    fields = {}
    if not isinstance(starts_at, datetime.datetime):
        fields["starts_at"] = [_("请输入开始时间。")]
    if not isinstance(ends_at, datetime.datetime):
        fields["ends_at"] = [_("请输入结束时间。")]
    elif isinstance(starts_at, datetime.datetime) and ends_at <= starts_at:
        fields["ends_at"] = [_("结束时间须晚于开始时间。")]
    elif isinstance(starts_at, datetime.datetime) and ends_at - starts_at > datetime.timedelta(hours=12):
        fields["ends_at"] = [_("一次预约不超过12小时。")]
    purpose = (purpose or "").strip()
    if not purpose:
        fields["purpose"] = [_("请填写用途。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    other = clash(room, starts_at, ends_at)
    if other is not None:
        local = timezone.localtime
        message = _("%(room)s 在 %(start)s 至 %(end)s 已由%(agency)s预约（%(purpose)s）。") % {
            "room": room,
            "start": local(other.starts_at).strftime("%Y-%m-%d %H:%M"),
            "end": local(other.ends_at).strftime("%H:%M"),
            "agency": other.agency.short_name or other.agency.name,
            "purpose": other.purpose,
        }
        raise ServiceError(ErrorCode.ROOM_CLASH, message, fields={"starts_at": [message]}, status=409)
    booking = RoomBooking.objects.create(
        room=room,
        agency=agency or actor.agency or room.agency,
        booked_by=actor if getattr(actor, "pk", None) else None,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose[:200],
        record_type=record_type,
        record_id=str(record_id or ""),
        record_label=record_label[:100],
    )
    audit.record(
        actor=actor,
        action="orgs.room.book",
        obj=booking,
        after={"room": room.pk, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(), "purpose": booking.purpose},
    )
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking):
    booking = RoomBooking.objects.select_for_update().select_related("room__agency").get(pk=booking.pk)
    if not (is_platform_admin(actor) or (actor.agency_id and actor.agency_id == booking.agency_id)):
        raise ServiceError(ErrorCode.ROOM_NOT_BOOKABLE, status=403)
    if booking.cancelled_at is None:
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at", "updated_at"])
        audit.record(
            actor=actor, action="orgs.room.cancel", obj=booking, before={"cancelled_at": None}, after={"cancelled_at": booking.cancelled_at.isoformat()}
        )
    return booking


def day_plan(room, day, bookings=None):
    """The working day 09:00–18:00 of `room` on `day` as consecutive spans: (start, end, booking)
    for each booking and (start, end, None) for each free slot."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, DAY_START, tzinfo=tz)
    end = datetime.datetime.combine(day, DAY_END, tzinfo=tz)
    if bookings is None:
        bookings = list(live_bookings(room).filter(starts_at__lt=end, ends_at__gt=start).select_related("agency").order_by("starts_at"))
    spans = []
    cursor = start
    for b in sorted(bookings, key=lambda b: b.starts_at):
        b_start, b_end = max(timezone.localtime(b.starts_at, tz), start), min(timezone.localtime(b.ends_at, tz), end)
        if b_end <= start or b_start >= end:
            continue
        if b_start > cursor:
            spans.append((cursor, b_start, None))
        spans.append((b_start, b_end, b))
        cursor = max(cursor, b_end)
    if cursor < end:
        spans.append((cursor, end, None))
    return spans


def week_plan(room, first_day, days=7):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_day, DAY_START, tzinfo=tz)
    end = datetime.datetime.combine(first_day + datetime.timedelta(days=days - 1), DAY_END, tzinfo=tz)
    bookings = list(live_bookings(room).filter(starts_at__lt=end, ends_at__gt=start).select_related("agency").order_by("starts_at"))
    out = []
    for i in range(days):
        day = first_day + datetime.timedelta(days=i)
        out.append(
            (day, day_plan(room, day, [b for b in bookings if timezone.localtime(b.starts_at, tz).date() <= day <= timezone.localtime(b.ends_at, tz).date()]))
        )
    return out
