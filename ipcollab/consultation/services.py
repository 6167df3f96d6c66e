"""Writes of consultation meetings (会商, issue 8 point 1): scheduling (organiser, kind, time, place
or video link, participating and invited agencies, people invited), rescheduling, agenda items
proposed by any participating agency with the records and trend data they rest on, the organiser's
decision and order of the agenda, materials, holding (attendance, summary, items discussed) and
cancelling. One transaction each, audited; the participating agencies' liaisons are notified.

Who: the organiser's liaisons / agency admins run the meeting; a participating agency's liaisons /
agency admins propose items and add materials (rules.manages_for). A meeting out of the actor's
reach is NotFound; a forbidden action on a visible meeting is PermissionDenied."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.principals import is_platform_admin
from ipcollab.core.uploads import UploadRejected, inspect_upload
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry.models import Right

from . import selectors, trends
from .models import (
    AgendaItem,
    AgendaLink,
    AgendaStatus,
    Attendee,
    Material,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantRole,
    StandardsFeedback,
)
from .rules import manages_for

MATERIAL_TYPES = (
    (b"%PDF-", "application/pdf", ()),
    (b"\x89PNG\r\n\x1a\n", "image/png", ()),
    (b"\xff\xd8\xff", "image/jpeg", ()),
    (b"PK\x03\x04", "application/zip", (".ofd", ".docx", ".xlsx", ".pptx")),
)
MAX_LINKS = 20
MAX_ATTENDEES = 200
MAX_PARTICIPANTS = 50


def max_material_bytes():
    return getattr(settings, "CONSULTATION_MATERIAL_MAX_BYTES", 20 * 1024 * 1024)


def _today():
    return timezone.localdate()


def _invalid(fields, code=ErrorCode.INVALID, message=None):
    raise ServiceError(code, message, fields=fields)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _link(meeting):
    return reverse("consultation:meeting_detail", args=[meeting.pk])


def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("organiser").get(pk=meeting.pk)


def snapshot(m):
    return {
        "title": m.title,
        "kind": m.kind,
        "organiser": m.organiser_id,
        "starts_at": m.starts_at.isoformat() if m.starts_at else None,
        "ends_at": m.ends_at.isoformat() if m.ends_at else None,
        "place": m.place,
        "video_link": m.video_link,
        "status": m.status,
        "agenda_deadline": m.agenda_deadline.isoformat() if m.agenda_deadline else None,
        "held_on": m.held_on.isoformat() if m.held_on else None,
        "cancelled_reason": m.cancelled_reason,
    }


def _item_snapshot(item):
    return {"meeting": item.meeting_id, "topic": item.topic, "status": item.status, "position": item.position, "agency": item.proposed_by_agency_id}


def _require_organiser(actor, meeting):
    if not manages_for(actor, meeting.organiser_id):
        raise PermissionDenied(_("只有召集单位的联络人或机构管理员可以执行此操作。"))


def _require_planned(meeting):
    if meeting.status != MeetingStatus.PLANNED:
        raise ServiceError(ErrorCode.MEETING_STATE, _("该会议%(s)s，不能再执行此操作。") % {"s": meeting.get_status_display()})


def _reach(actor, meeting):
    """A meeting out of the actor's reach is NotFound (the views and the API read it through the
    selectors already; this keeps direct callers honest)."""
    agency_id = selectors.agency_member(actor)
    if not (is_platform_admin(actor) or (agency_id and meeting.participants.filter(agency_id=agency_id).exists())):
        raise NotFound()


def _system_of(actor, agency_id):
    """An agency system (API token) of that agency: it proposes items for its agency."""
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and getattr(actor, "kind", "") == "system" and actor.agency_id == agency_id)


# --- notifications ---------------------------------------------------------------------------------


def _tell(agency_ids, *, actor, code, title, body, link, key):
    """Notify the liaisons of `agency_ids` (not the actor), once per (recipient, key)."""
    told = set()
    for people in selectors.liaisons_of(agency_ids).values():
        for person in people:
            if person.pk in told or person.pk == getattr(actor, "pk", None):
                continue
            told.add(person.pk)
            notify(recipient=person, code=code, title=title[:200], body=body, link=link, dedupe_key=f"{key}:{person.pk}")
    return told


def _when(meeting):
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")


# --- checks of input ----------------------------------------------------------------------------------


def _aware(value, name, fields):
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if not isinstance(value, datetime.datetime):
        fields[name] = [_("请填写有效的日期时间。")]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _check_times(starts_at, ends_at, agenda_deadline, fields):
    starts_at = _aware(starts_at, "starts_at", fields)
    if ends_at is not None:
        ends_at = _aware(ends_at, "ends_at", fields)
        if starts_at and ends_at and ends_at <= starts_at:
            fields["ends_at"] = [_("结束时间须晚于开始时间。")]
    if agenda_deadline is not None:
        if not isinstance(agenda_deadline, datetime.date) or isinstance(agenda_deadline, datetime.datetime):
            fields["agenda_deadline"] = [_("请填写有效的日期。")]
        elif starts_at and agenda_deadline > timezone.localtime(starts_at).date():
            fields["agenda_deadline"] = [_("议题提交截止日不能晚于会议日期。")]
    return starts_at, ends_at


def _check_venue(place, video_link):
    place = (place or "").strip()
    video_link = (video_link or "").strip()
    if len(place) > 200:
        _invalid({"place": [_("地点最长200个字符。")]})
    if video_link:
        try:
            URLValidator(schemes=["https", "http"])(video_link)
        except ValidationError:
            _invalid({"video_link": [_("请填写有效的视频会议链接（https://…）。")]})
        if len(video_link) > 200:
            _invalid({"video_link": [_("链接最长200个字符。")]})
    if not place and not video_link:
        message = _("请填写会议地点或视频会议链接。")
        raise ServiceError(ErrorCode.MEETING_PLACE_REQUIRED, fields={"place": [message], "video_link": [message]})
    return place, video_link


def _participants_error(message, field="participants"):
    raise ServiceError(ErrorCode.MEETING_PARTICIPANTS_INVALID, message, fields={field: [message]})


def _check_participants(organiser, participants):
    rows, seen = [], {organiser.pk}
    if not participants:
        _participants_error(_("请至少选择一个参会单位。"))
    if len(participants) > MAX_PARTICIPANTS:
        _participants_error(_("参会单位最多%(n)s个。") % {"n": MAX_PARTICIPANTS})
    for row in participants:
        row = row if isinstance(row, dict) else {"agency": row}
        agency = row.get("agency")
        if not isinstance(agency, Agency) or not agency.pk:
            _participants_error(_("参会单位须为平台中的机构。"))
        if agency.pk in seen:
            _participants_error(_("%(a)s重复：同一单位只能列一次（召集单位自动列入）。") % {"a": agency.name})
        seen.add(agency.pk)
        role = row.get("role") or ParticipantRole.PARTICIPANT
        if role not in (ParticipantRole.PARTICIPANT, ParticipantRole.INVITED):
            _participants_error(_("参会身份须为参会单位或列席单位。"))
        signs = row.get("signs")
        signs = role == ParticipantRole.PARTICIPANT if signs is None else bool(signs)
        rows.append({"agency": agency, "role": role, "signs": signs})
    return rows


def _check_attendees(attendees, agency_ids):
    rows, users = [], set()
    attendees = list(attendees or ())
    if len(attendees) > MAX_ATTENDEES:
        _participants_error(_("参会人员最多%(n)s人。") % {"n": MAX_ATTENDEES}, "attendees")
    for row in attendees:
        agency, user = row.get("agency"), row.get("user")
        if user is not None:
            if not (user.is_active and user.kind == "staff" and user.agency_id):
                _participants_error(_("%(u)s不是在职的机构人员。") % {"u": user.display_name}, "attendees")
            agency = agency or user.agency
            if user.agency_id != agency.pk:
                _participants_error(_("%(u)s不是%(a)s的人员。") % {"u": user.display_name, "a": agency.name}, "attendees")
            if user.pk in users:
                _participants_error(_("%(u)s重复。") % {"u": user.display_name}, "attendees")
            users.add(user.pk)
        if not isinstance(agency, Agency) or agency.pk not in agency_ids:
            _participants_error(_("参会人员须来自召集单位或参会、列席单位。"), "attendees")
        name = (row.get("name") or (user.display_name if user else "")).strip()
        title = (row.get("title") or (user.title if user else "") or "").strip()
        if not name or len(name) > 60 or len(title) > 60:
            _participants_error(_("参会人员须有姓名（60字以内），职务60字以内。"), "attendees")
        rows.append({"agency": agency, "user": user, "name": name, "title": title})
    return rows


# --- meetings ---------------------------------------------------------------------------------------


def schedule_meeting(
    *,
    actor,
    title,
    starts_at,
    participants,
    kind=MeetingKind.REGULAR,
    organiser=None,
    ends_at=None,
    place="",
    video_link="",
    agenda_deadline=None,
    attendees=(),
):
    """Schedule a meeting. The organiser (default: the actor's agency) is its first participant
    and co-signs; `participants`: [{"agency", "role": participant|invited, "signs"}]; `attendees`:
    [{"agency", "user" or None, "name", "title"}]. The participating agencies' liaisons are told."""
    organiser = organiser or getattr(actor, "agency", None)
    if organiser is None or not manages_for(actor, organiser.pk):
        raise PermissionDenied(_("只有召集单位的联络人或机构管理员可以安排会商会议。"))
    fields = {}
    title = (title or "").strip()
    if not title or len(title) > 200:
        fields["title"] = [_("请填写会议名称（200字以内）。")]
    if kind not in MeetingKind.values:
        fields["kind"] = [_("会议类别须为例行会商或专题会商。")]
    starts_at, ends_at = _check_times(starts_at, ends_at, agenda_deadline, fields)
    if fields:
        _invalid(fields)
    place, video_link = _check_venue(place, video_link)
    rows = _check_participants(organiser, list(participants or ()))
    people = _check_attendees(attendees, {organiser.pk, *(r["agency"].pk for r in rows)})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            title=title,
            kind=kind,
            organiser=organiser,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            video_link=video_link,
            agenda_deadline=agenda_deadline,
            created_by=_user_or_none(actor),
        )
        Participant.objects.create(meeting=meeting, agency=organiser, role=ParticipantRole.ORGANISER, signs=True)
        Participant.objects.bulk_create([Participant(meeting=meeting, **r) for r in rows])
        Attendee.objects.bulk_create([Attendee(meeting=meeting, **p) for p in people])
        record(
            actor=actor,
            action="consultation.meeting.schedule",
            obj=meeting,
            agency=organiser,
            after={**snapshot(meeting), "participants": [[r["agency"].pk, r["role"], r["signs"]] for r in rows], "attendees": len(people)},
        )
        _tell(
            [organiser.pk, *(r["agency"].pk for r in rows)],
            actor=actor,
            code="consultation.meeting.scheduled",
            title=_("会商会议通知：%(t)s") % {"t": title},
            body=_("%(o)s召集的会商会议将于 %(w)s 召开，地点：%(p)s。") % {"o": organiser.name, "w": _when(meeting), "p": place or video_link},
            link=_link(meeting),
            key=f"consultation.meeting.{meeting.pk}.scheduled",
        )
    return meeting


def reschedule_meeting(*, actor, meeting, starts_at, ends_at=None, place="", video_link="", agenda_deadline=None):
    """Move a planned meeting (time, place or link, agenda deadline); the participants' liaisons
    are told of the new time."""
    _reach(actor, meeting)
    _require_organiser(actor, meeting)
    fields = {}
    starts_at, ends_at = _check_times(starts_at, ends_at, agenda_deadline, fields)
    if fields:
        _invalid(fields)
    place, video_link = _check_venue(place, video_link)
    with transaction.atomic():
        m = _locked(meeting)
        _require_planned(m)
        before = snapshot(m)
        m.starts_at, m.ends_at, m.place, m.video_link, m.agenda_deadline = starts_at, ends_at, place, video_link, agenda_deadline
        m.save(update_fields=["starts_at", "ends_at", "place", "video_link", "agenda_deadline", "updated_at"])
        record(actor=actor, action="consultation.meeting.reschedule", obj=m, agency=m.organiser_id, before=before, after=snapshot(m))
        _tell(
            selectors.participant_agency_ids(m),
            actor=actor,
            code="consultation.meeting.rescheduled",
            title=_("会商会议调整：%(t)s") % {"t": m.title},
            body=_("会议改于 %(w)s 召开，地点：%(p)s。") % {"w": _when(m), "p": place or video_link},
            link=_link(m),
            key=f"consultation.meeting.{m.pk}.rescheduled." + hashlib.sha256(f"{starts_at.isoformat()}|{place}|{video_link}".encode()).hexdigest()[:32],
        )
    return m


def cancel_meeting(*, actor, meeting, reason):
    _reach(actor, meeting)
    _require_organiser(actor, meeting)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        _invalid({"reason": [_("请说明取消原因（200字以内）。")]})
    with transaction.atomic():
        m = _locked(meeting)
        _require_planned(m)
        before = snapshot(m)
        m.status, m.cancelled_reason = MeetingStatus.CANCELLED, reason
        m.save(update_fields=["status", "cancelled_reason", "updated_at"])
        record(actor=actor, action="consultation.meeting.cancel", obj=m, agency=m.organiser_id, before=before, after=snapshot(m), reason=reason)
        _tell(
            selectors.participant_agency_ids(m),
            actor=actor,
            code="consultation.meeting.cancelled",
            title=_("会商会议取消：%(t)s") % {"t": m.title},
            body=_("原定 %(w)s 召开的会议已取消。原因：%(r)s") % {"w": _when(m), "r": reason},
            link=_link(m),
            key=f"consultation.meeting.{m.pk}.cancelled",
        )
    return m


def hold_meeting(*, actor, meeting, held_on, attendance=None, summary="", discussed=()):
    """Record that the meeting was held: the date, who attended ({attendee id: bool}), a summary and
    the agenda items discussed (→ discussed; the other accepted items → deferred)."""
    _reach(actor, meeting)
    _require_organiser(actor, meeting)
    if not isinstance(held_on, datetime.date) or isinstance(held_on, datetime.datetime) or held_on > _today():
        _invalid({"held_on": [_("召开日期须为今天或以前的日期。")]})
    summary = (summary or "").strip()
    if len(summary) > 10000:
        _invalid({"summary": [_("会议情况最长10000字。")]})
    attendance = dict(attendance or {})
    try:
        discussed = {int(i) for i in discussed or ()}
    except (TypeError, ValueError):
        _invalid({"discussed": [_("讨论的议题须为本会议的议题。")]})
    with transaction.atomic():
        m = _locked(meeting)
        _require_planned(m)
        people = {a.pk: a for a in m.attendees.all()}
        unknown = [k for k in attendance if k not in people]
        if unknown or any(not isinstance(v, bool) for v in attendance.values()):
            _invalid({"attendance": [_("出席情况只能记录本会议的参会人员（出席或缺席）。")]})
        items = {i.pk: i for i in m.agenda_items.all()}
        if discussed - set(items):
            _invalid({"discussed": [_("讨论的议题须为本会议的议题。")]})
        if any(items[i].status != AgendaStatus.ACCEPTED for i in discussed):
            _invalid({"discussed": [_("只有已列入议程的议题可以记为已讨论。")]})
        before = snapshot(m)
        for pk, present in attendance.items():
            people[pk].attended = present
        Attendee.objects.bulk_update([people[pk] for pk in attendance], ["attended"])
        for item in items.values():
            if item.status == AgendaStatus.ACCEPTED:
                item.status = AgendaStatus.DISCUSSED if item.pk in discussed else AgendaStatus.DEFERRED
                item.save(update_fields=["status", "updated_at"])
        m.status, m.held_on, m.summary = MeetingStatus.HELD, held_on, summary
        m.save(update_fields=["status", "held_on", "summary", "updated_at"])
        record(
            actor=actor,
            action="consultation.meeting.hold",
            obj=m,
            agency=m.organiser_id,
            before=before,
            after={**snapshot(m), "attended": sorted(k for k, v in attendance.items() if v), "discussed": sorted(discussed)},
        )
    return m


# --- agenda -------------------------------------------------------------------------------------------


def _links_error(message, field):
    raise ServiceError(ErrorCode.MEETING_LINK_INVALID, message, fields={field: [message]})


def _resolve_proceedings(actor, values):
    from ipcollab.identifiers import IdentifierError, parse_case_number
    from ipcollab.proceedings.selectors import proceeding_by_number, proceedings_for

    out = []
    for value in values:
        if isinstance(value, Proceeding):
            if not proceedings_for(actor).filter(pk=value.pk).exists():
                _links_error(_("您可见的范围内没有该案件。"), "proceedings")
            out.append(value)
            continue
        text = str(value or "").strip()
        if not text:
            continue
        looks_like_court_number = any(ch in text for ch in "（(号")
        if looks_like_court_number:
            try:
                parse_case_number(text)
            except IdentifierError:
                _links_error(_("案号“%(n)s”无法识别。") % {"n": text[:60]}, "proceedings")
        found = proceeding_by_number(actor, text)
        if found is None:
            _links_error(_("您可见的范围内没有案号（程序编号）为“%(n)s”的案件。") % {"n": text[:60]}, "proceedings")
        out.append(found)
    return out


def _resolve_rights(actor, values):
    from ipcollab.registry.selectors import parse_right_number, rights_for_user

    out = []
    for value in values:
        if isinstance(value, Right):
            if not rights_for_user(actor).filter(pk=value.pk).exists():
                _links_error(_("您可见的范围内没有该权利。"), "rights")
            out.append(value)
            continue
        text = str(value or "").strip()
        if not text:
            continue
        parsed = parse_right_number(text)
        if parsed is None:
            _links_error(_("“%(n)s”不是有效的专利号或商标注册号。") % {"n": text[:60]}, "rights")
        found = rights_for_user(actor).filter(kind=parsed[0], number=parsed[1]).first()
        if found is None:
            _links_error(_("登记簿中没有权利“%(n)s”。") % {"n": text[:60]}, "rights")
        out.append(found)
    return out


def _check_feedback(actor, feedback):
    if feedback is None:
        return None
    if not isinstance(feedback, StandardsFeedback):
        _links_error(_("标准反馈记录不存在。"), "feedback")
    if not (is_platform_admin(actor) or actor.agency_id in (feedback.raised_by_agency_id, feedback.counterpart_id)):
        _links_error(_("您可见的范围内没有该标准反馈记录。"), "feedback")
    return feedback


def propose_agenda_item(*, actor, meeting, topic, background="", trend=None, proceedings=(), rights=(), feedback=None, note=""):
    """A participating agency (organiser included) proposes a topic, with the records and the trend
    data it rests on. `proceedings`: Proceeding objects or case / CNIPA numbers; `rights`: Right
    objects or patent / trademark numbers; `trend`: a dict (trends.validate). The organiser's
    liaisons are told."""
    if not (selectors.agency_member(actor) or is_platform_admin(actor)):
        raise NotFound()
    participation = meeting.participants.filter(agency_id=actor.agency_id).first()
    if participation is None:
        if is_platform_admin(actor):
            raise PermissionDenied(_("只有参会单位可以提议议题。"))
        raise NotFound()
    if not (manages_for(actor, actor.agency_id) or _system_of(actor, actor.agency_id)):
        raise PermissionDenied(_("只有参会单位的联络人或机构管理员可以提议议题。"))
    topic = (topic or "").strip()
    if not topic or len(topic) > 200:
        _invalid({"topic": [_("请填写议题（200字以内）。")]})
    background = (background or "").strip()
    if len(background) > 10000:
        _invalid({"background": [_("背景最长10000字。")]})
    note = (note or "").strip()[:200]
    trend = trends.validate(trend)
    found_proceedings = _resolve_proceedings(actor, list(proceedings or ()))
    found_rights = _resolve_rights(actor, list(rights or ()))
    feedback = _check_feedback(actor, feedback)
    if len(found_proceedings) + len(found_rights) > MAX_LINKS:
        _links_error(_("关联记录最多%(n)s项。") % {"n": MAX_LINKS}, "proceedings")
    with transaction.atomic():
        m = _locked(meeting)
        if m.status != MeetingStatus.PLANNED or (m.agenda_deadline and _today() > m.agenda_deadline):
            raise ServiceError(ErrorCode.AGENDA_CLOSED, fields={"topic": [str(_("该会议已不接受议题。"))]})
        last = m.agenda_items.order_by("-position").values_list("position", flat=True).first()
        item = AgendaItem.objects.create(
            meeting=m,
            proposed_by_agency_id=actor.agency_id,
            proposed_by=_user_or_none(actor),
            topic=topic,
            background=background,
            trend=trend,
            position=(last or 0) + 1,
        )
        links = [AgendaLink(item=item, proceeding=p, note=note) for p in dict.fromkeys(found_proceedings)]
        links += [AgendaLink(item=item, right=r, note=note) for r in dict.fromkeys(found_rights)]
        if feedback is not None:
            links.append(AgendaLink(item=item, feedback=feedback, note=note))
        AgendaLink.objects.bulk_create(links)
        record(
            actor=actor,
            action="consultation.agenda.propose",
            obj=item,
            agency=m.organiser_id,
            after={**_item_snapshot(item), "links": len(links), "trend": trend.get("code", bool(trend))},
        )
        _tell(
            [m.organiser_id],
            actor=actor,
            code="consultation.agenda.proposed",
            title=_("新的会商议题：%(t)s") % {"t": topic},
            body=_("%(a)s为会议“%(m)s”提议了议题，请决定是否列入议程。") % {"a": actor.agency.name, "m": m.title},
            link=_link(m),
            key=f"consultation.agenda.{item.pk}.proposed",
        )
    return item


def decide_agenda_item(*, actor, item, accept, reason=""):
    """The organiser puts a proposed item on the agenda, or declines it with a reason (it may
    revisit its decision while the meeting is planned)."""
    meeting = item.meeting
    _reach(actor, meeting)
    _require_organiser(actor, meeting)
    reason = (reason or "").strip()
    if not accept and not reason:
        _invalid({"reason": [_("不列入议程须说明理由。")]})
    if len(reason) > 2000:
        _invalid({"reason": [_("说明最长2000字。")]})
    with transaction.atomic():
        m = _locked(meeting)
        _require_planned(m)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.status not in (AgendaStatus.PROPOSED, AgendaStatus.ACCEPTED, AgendaStatus.DECLINED):
            raise ServiceError(ErrorCode.MEETING_STATE, _("该议题已讨论或延后，不能再决定。"))
        before = _item_snapshot(item)
        item.status = AgendaStatus.ACCEPTED if accept else AgendaStatus.DECLINED
        item.decision_note = reason
        item.save(update_fields=["status", "decision_note", "updated_at"])
        record(
            actor=actor, action="consultation.agenda.decide", obj=item, agency=m.organiser_id, before=before, after=_item_snapshot(item), reason=reason[:500]
        )
        if item.proposed_by_id and item.proposed_by_id != actor.pk:
            notify(
                recipient=item.proposed_by,
                code="consultation.agenda.decided",
                title=((_("议题已列入议程：%(t)s") if accept else _("议题未列入议程：%(t)s")) % {"t": item.topic})[:200],
                body=reason,
                link=_link(m),
                dedupe_key=f"consultation.agenda.{item.pk}.decided.{item.status}.{item.updated_at.isoformat()}",
            )
    return item


def reorder_agenda(*, actor, meeting, order):
    """Set the agenda's order: `order` lists every item id of the meeting once."""
    _reach(actor, meeting)
    _require_organiser(actor, meeting)
    try:
        order = [int(i) for i in order]
    except (TypeError, ValueError):
        _invalid({"order": [_("议程顺序须列出本会议的全部议题。")]})
    with transaction.atomic():
        m = _locked(meeting)
        _require_planned(m)
        items = {i.pk: i for i in m.agenda_items.all()}
        if len(order) != len(set(order)) or set(order) != set(items):
            _invalid({"order": [_("议程顺序须列出本会议的全部议题，每项一次。")]})
        before = [i.pk for i in sorted(items.values(), key=lambda i: (i.position, i.pk))]
        for position, pk in enumerate(order, start=1):
            items[pk].position = position
        AgendaItem.objects.bulk_update(list(items.values()), ["position"])
        record(actor=actor, action="consultation.agenda.reorder", obj=m, agency=m.organiser_id, before={"order": before}, after={"order": order})
    return m


def move_agenda_item(*, actor, item, up):
    """Move one item a place up or down the agenda (through reorder_agenda)."""
    ordered = list(item.meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
    i = ordered.index(item.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    return reorder_agenda(actor=actor, meeting=item.meeting, order=ordered)


# --- materials ------------------------------------------------------------------------------------


def _material_error(message):
    raise ServiceError(ErrorCode.MEETING_MATERIAL_INVALID, message, fields={"upload": [message]})


def check_material(upload):
    """Type by content, size and SHA-256 of one upload, before anything is written."""
    if upload is None:
        _material_error(_("请选择文件。"))
    try:
        return inspect_upload(
            upload, types=MATERIAL_TYPES, max_bytes=max_material_bytes(), default_name="material", accepted=_("PDF、OFD、DOCX、XLSX、PPTX、JPEG或PNG")
        )
    except UploadRejected as exc:
        _material_error(exc.message)


def add_material(*, actor, meeting, title, upload, agenda_item=None):
    """A participating agency's liaison attaches a material (to the meeting or one agenda item)."""
    _reach(actor, meeting)
    if not manages_for(actor, actor.agency_id) or not meeting.participants.filter(agency_id=actor.agency_id).exists():
        raise PermissionDenied(_("只有参会单位的联络人或机构管理员可以提交会议材料。"))
    title = (title or "").strip()
    if not title or len(title) > 200:
        _invalid({"title": [_("请填写材料名称（200字以内）。")]})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        _invalid({"agenda_item": [_("议题不属于本会议。")]})
    name, size, content_type, sha = check_material(upload)
    with transaction.atomic():
        m = _locked(meeting)
        if m.status == MeetingStatus.CANCELLED:
            raise ServiceError(ErrorCode.MEETING_STATE, _("会议已取消，不能再提交材料。"))
        material = Material(
            meeting=m,
            agenda_item=agenda_item,
            agency_id=actor.agency_id,
            uploaded_by=_user_or_none(actor),
            title=title,
            content_type=content_type,
            size=size,
            sha256=sha,
        )
        material.file.save(name, upload, save=False)
        material.save()
        record(
            actor=actor,
            action="consultation.material.add",
            obj=m,
            agency=m.organiser_id,
            after={"material": material.pk, "title": title, "sha256": sha, "size": size, "item": getattr(agenda_item, "pk", None)},
        )
    return material
