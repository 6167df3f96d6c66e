"""Action items (落实事项, issue 8 point 3): the work a consensus item of a signed document is
carried out by — a named owner of the responsible agency, a due date, progress with evidence of
completion, reminders to the owner before the due date and one escalation to the liaisons when it
is overdue.

Every write is one transaction, audited, and refuses bad input with a stable code before anything
is written. Who may act:

- create: a liaison / agency admin of the responsible agency or of the document's drafting agency
  (platform admins too), once the document is signed;
- progress and completion: the owner, the responsible agency's liaisons and admins, or an agency
  system of the responsible agency (API);
- reassign: the responsible agency's liaisons and admins;
- extend, cancel: those of the responsible agency or of the drafting agency.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.uploads import UploadRejected, inspect_upload
from ipcollab.notifications.models import Notification
from ipcollab.notifications.services import notify

from .models import ActionItem, ActionStatus, ActionUpdate, ConsensusItem, DocumentStatus
from .rules import manages_for

ACTIVE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
REMIND_DAYS = (7, 1)
EVIDENCE_TYPES = (
    (b"%PDF", "application/pdf", ()),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    (b"PK\x03\x04", "application/ofd", (".ofd",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", ()),
    (b"\xff\xd8\xff", "image/jpeg", ()),
)


def today():
    return timezone.localdate()


def max_evidence_bytes():
    return getattr(settings, "CONSULTATION_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


# ---------------------------------------------------------------- who may act


def _system_of(user, agency_id):
    return bool(user is not None and user.is_authenticated and user.is_active and getattr(user, "kind", "") == "system" and user.agency_id == agency_id)


def can_report(user, item):
    """Progress and completion: the owner, the responsible agency's managers, its agency system."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return item.owner_id == user.pk or manages_for(user, item.agency_id) or _system_of(user, item.agency_id)


def can_reassign(user, item):
    return manages_for(user, item.agency_id)


def can_steer(user, item):
    """Extend and cancel: the responsible agency's or the drafting agency's managers."""
    return manages_for(user, item.agency_id) or manages_for(user, item.document.drafting_agency_id)


def can_create(user, consensus_item):
    return manages_for(user, consensus_item.responsible_agency_id) or manages_for(user, consensus_item.document.drafting_agency_id)


def owner_candidates(agency_id):
    """Active staff of the responsible agency, by name."""
    return get_user_model().objects.filter(agency_id=agency_id, kind="staff", is_active=True).order_by("full_name", "username")


# ---------------------------------------------------------------- helpers


def _invalid(code, fields, message=None, status=None):
    raise ServiceError(code, message, fields=fields, status=status)


def _snapshot(item):
    return {
        "id": item.pk,
        "agency": item.agency_id,
        "owner": item.owner_id,
        "title": item.title,
        "due_on": item.due_on,
        "status": item.status,
        "progress": item.progress,
        "completed_on": item.completed_on,
        "cancel_reason": item.cancel_reason,
    }


def _lock(item):
    pk = getattr(item, "pk", item)
    locked = ActionItem.objects.select_for_update(of=("self",)).select_related("document", "meeting", "agency", "owner").filter(pk=pk).first()
    if locked is None:
        raise NotFound()
    return locked


def _require_active(item):
    if item.status not in ACTIVE:
        raise ServiceError(ErrorCode.ACTION_CLOSED, status=409)


def _check_owner(owner, agency_id):
    if owner is None:
        _invalid(ErrorCode.ACTION_OWNER_REQUIRED, {"owner": [_("请指定责任人。")]})
    if not (owner.is_active and getattr(owner, "kind", "") == "staff" and owner.agency_id == agency_id):
        _invalid(ErrorCode.ACTION_OWNER_NOT_IN_AGENCY, {"owner": [_("责任人须为责任单位的在职工作人员。")]})


def earliest_due(document):
    """The meeting's day (or, without a meeting, the document's date): a due date may not be earlier."""
    meeting = document.meeting
    if meeting is not None and meeting.held_on:
        return meeting.held_on
    return document.issued_on


def _check_due(due_on, document):
    if due_on is None:
        _invalid(ErrorCode.REQUIRED, {"due_on": [_("请填写完成时限。")]})
    if not isinstance(due_on, datetime.date) or isinstance(due_on, datetime.datetime):
        _invalid(ErrorCode.INVALID, {"due_on": [_("日期无效。")]})
    floor = earliest_due(document)
    if floor is not None and due_on < floor:
        message = _("完成时限不能早于作出决定的会议日期（%(d)s）。") % {"d": floor.isoformat()}
        _invalid(ErrorCode.ACTION_DUE_BEFORE_MEETING, {"due_on": [message]}, message)


def check_evidence(upload):
    """Type by content (PDF, DOCX, OFD, PNG, JPEG), size and SHA-256 of an upload, before anything is written."""
    try:
        name, _size, kind, sha = inspect_upload(
            upload, types=EVIDENCE_TYPES, max_bytes=max_evidence_bytes(), default_name="evidence", accepted=_("PDF、OFD、DOCX、JPEG或PNG")
        )
    except UploadRejected as exc:
        _invalid(ErrorCode.ACTION_EVIDENCE_INVALID, {"evidence": [exc.message]}, exc.message)
    return name, kind, sha


def _progress_value(progress):
    """An integer 0–100 (an int, or a string of digits)."""
    value = None
    if isinstance(progress, int) and not isinstance(progress, bool):
        value = progress
    elif isinstance(progress, str) and progress.strip().isdigit() and len(progress.strip()) <= 3:
        value = int(progress.strip())
    if value is None or not 0 <= value <= 100:
        _invalid(ErrorCode.ACTION_PROGRESS_INVALID, {"progress": [_("进度须为0至100之间的整数。")]})
    return value


def _default_title(ci):
    lines = [line.strip() for line in (ci.text or "").splitlines() if line.strip()]
    return (lines[0] if lines else _("共识事项%(n)d") % {"n": ci.position})[:200]


def _link(item):
    return reverse("consultation:action_detail", args=[item.pk])


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- writes


def create_action_item(*, actor, consensus_item, owner, due_on, title="", description=""):
    """An action item for a consensus item of a signed document; the meeting is the document's."""
    title = (title or "").strip()
    description = (description or "").strip()
    with transaction.atomic():
        ci = ConsensusItem.objects.select_related("document__meeting", "responsible_agency").filter(pk=getattr(consensus_item, "pk", consensus_item)).first()
        if ci is None:
            raise NotFound()
        document = ci.document
        if not can_create(actor, ci):
            raise PermissionDenied()
        if document.status != DocumentStatus.SIGNED or document.locked_at is None:
            raise ServiceError(ErrorCode.ACTION_DOCUMENT_NOT_SIGNED, status=409)
        _check_owner(owner, ci.responsible_agency_id)
        _check_due(due_on, document)
        if len(title) > 200:
            _invalid(ErrorCode.INVALID, {"title": [_("事项名称不超过200字。")]})
        item = ActionItem.objects.create(
            consensus_item=ci,
            document=document,
            meeting=document.meeting,
            agency_id=ci.responsible_agency_id,
            owner=owner,
            title=title or _default_title(ci),
            description=description,
            due_on=due_on,
            created_by=_user_or_none(actor),
        )
        record(actor=actor, action="consultation.action.create", obj=item, agency=item.agency_id, after=_snapshot(item))
        _notify_owner(
            item,
            "consultation.action.assigned",
            _("您被指定为落实事项的责任人：%(t)s") % {"t": item.title},
            _("完成时限：%(d)s。") % {"d": item.due_on.isoformat()},
            f"consultation.action.assigned:{item.pk}:{item.owner_id}",
        )
    return item


def _update(actor, item, *, note, progress, status, evidence):
    """Shared by report_progress and complete_action: one ActionUpdate and the item's new state."""
    if status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE):
        _invalid(ErrorCode.INVALID, {"status": [_("状态只能为未开始、推进中或已完成。")]})
    evidence_info = check_evidence(evidence) if evidence else None
    with transaction.atomic():
        item = _lock(item)
        if not can_report(actor, item):
            raise PermissionDenied()
        _require_active(item)
        before = _snapshot(item)
        item.status = status
        item.progress = 100 if status == ActionStatus.DONE else progress
        item.completed_on = today() if status == ActionStatus.DONE else None
        item.save(update_fields=["status", "progress", "completed_on", "updated_at"])
        update = ActionUpdate(item=item, author=_user_or_none(actor), note=note, progress=item.progress, status=status)
        if evidence_info:
            name, content_type, sha = evidence_info
            update.evidence_name, update.evidence_content_type, update.evidence_sha256 = name, content_type, sha
            update.evidence.save(name, evidence, save=False)
        update.save()
        after = {**_snapshot(item), "update": update.pk, "evidence_sha256": update.evidence_sha256}
        record(
            actor=actor,
            action="consultation.action.done" if status == ActionStatus.DONE else "consultation.action.progress",
            obj=item,
            agency=item.agency_id,
            before=before,
            after=after,
        )
    return update


def report_progress(*, actor, item, note, progress, status=None, evidence=None):
    note = (note or "").strip()
    if not note:
        _invalid(ErrorCode.REQUIRED, {"note": [_("请填写进展情况。")]})
    value = _progress_value(progress)
    if status in (None, ""):
        status = ActionStatus.IN_PROGRESS if value > 0 else ActionStatus.OPEN
    return _update(actor, item, note=note, progress=value, status=status, evidence=evidence)


def complete_action(*, actor, item, note, evidence=None):
    note = (note or "").strip()
    if not note and not evidence:
        _invalid(ErrorCode.REQUIRED, {"note": [_("请填写完成情况或上传完成佐证。")]})
    return _update(actor, item, note=note or _("已完成（见佐证材料）。"), progress=100, status=ActionStatus.DONE, evidence=evidence)


def cancel_action(*, actor, item, reason):
    reason = (reason or "").strip()
    if not reason:
        _invalid(ErrorCode.REQUIRED, {"reason": [_("请填写撤销原因。")]})
    if len(reason) > 200:
        _invalid(ErrorCode.INVALID, {"reason": [_("撤销原因不超过200字。")]})
    with transaction.atomic():
        item = _lock(item)
        if not can_steer(actor, item):
            raise PermissionDenied()
        _require_active(item)
        before = _snapshot(item)
        item.status, item.cancel_reason = ActionStatus.CANCELLED, reason
        item.save(update_fields=["status", "cancel_reason", "updated_at"])
        ActionUpdate.objects.create(item=item, author=_user_or_none(actor), note=_("撤销：%(r)s") % {"r": reason}, progress=item.progress, status=item.status)
        record(actor=actor, action="consultation.action.cancel", obj=item, agency=item.agency_id, before=before, after=_snapshot(item), reason=reason)
        _notify_owner(item, "consultation.action.cancelled", _("落实事项已撤销：%(t)s") % {"t": item.title}, reason, f"consultation.action.cancelled:{item.pk}")
    return item


def reassign_action(*, actor, item, owner):
    with transaction.atomic():
        item = _lock(item)
        if not can_reassign(actor, item):
            raise PermissionDenied()
        _require_active(item)
        _check_owner(owner, item.agency_id)
        if owner.pk == item.owner_id:
            _invalid(ErrorCode.INVALID, {"owner": [_("该人员已是责任人。")]})
        before = _snapshot(item)
        previous = item.owner
        item.owner = owner
        item.save(update_fields=["owner", "updated_at"])
        ActionUpdate.objects.create(
            item=item,
            author=_user_or_none(actor),
            note=_("责任人由%(a)s改为%(b)s。") % {"a": previous.display_name, "b": owner.display_name},
            progress=item.progress,
            status=item.status,
        )
        record(actor=actor, action="consultation.action.reassign", obj=item, agency=item.agency_id, before=before, after=_snapshot(item))
        _notify_owner(
            item,
            "consultation.action.assigned",
            _("您被指定为落实事项的责任人：%(t)s") % {"t": item.title},
            _("完成时限：%(d)s。") % {"d": item.due_on.isoformat()},
            f"consultation.action.assigned:{item.pk}:{item.owner_id}",
        )
    return item


def extend_action(*, actor, item, due_on, reason):
    reason = (reason or "").strip()
    if not reason:
        _invalid(ErrorCode.REQUIRED, {"reason": [_("请填写延期理由。")]})
    with transaction.atomic():
        item = _lock(item)
        if not can_steer(actor, item):
            raise PermissionDenied()
        _require_active(item)
        _check_due(due_on, item.document)
        if due_on <= item.due_on:
            _invalid(ErrorCode.INVALID, {"due_on": [_("延期后的时限须晚于原时限（%(d)s）。") % {"d": item.due_on.isoformat()}]})
        before = _snapshot(item)
        previous = item.due_on
        item.due_on = due_on
        item.save(update_fields=["due_on", "updated_at"])
        ActionUpdate.objects.create(
            item=item,
            author=_user_or_none(actor),
            note=_("完成时限由%(a)s延至%(b)s：%(r)s") % {"a": previous.isoformat(), "b": due_on.isoformat(), "r": reason},
            progress=item.progress,
            status=item.status,
        )
        record(actor=actor, action="consultation.action.extend", obj=item, agency=item.agency_id, before=before, after=_snapshot(item), reason=reason)
        _notify_owner(
            item,
            "consultation.action.extended",
            _("落实事项已延期：%(t)s") % {"t": item.title},
            _("新的完成时限：%(d)s。") % {"d": due_on.isoformat()},
            f"consultation.action.extended:{item.pk}:{due_on}",
        )
    return item


# ---------------------------------------------------------------- reminders and escalation


def _notify_owner(item, code, title, body, key):
    owner = item.owner
    if owner is None or not owner.is_active:
        return 0
    return int(notify(recipient=owner, code=code, title=title, body=body, link=_link(item), dedupe_key=f"{key}:owner:{owner.pk}") is not None)


def current_liaisons(agency_id, on=None):
    """The agency's current liaisons (orgs designations valid on `on`), else its users with role liaison."""
    from ipcollab.orgs.models import LiaisonDesignation

    on = on or today()
    User = get_user_model()
    designated = LiaisonDesignation.objects.filter(agency_id=agency_id, valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    people = list(User.objects.filter(pk__in=designated.values("person_id"), is_active=True).order_by("pk"))
    if people:
        return people
    return list(
        User.objects.filter(agency_id=agency_id, is_active=True, kind="staff", memberships__agency_id=agency_id, memberships__role__code="liaison")
        .distinct()
        .order_by("pk")
    )


def send_action_reminders(on=None):
    """Owners 7 days and 1 day before the due date (once per threshold and due date); once an item is
    overdue, one escalation per item and due date to the current liaisons of the responsible agency
    and of the meeting's organiser. Idempotent (notification dedupe keys). Returns notifications sent."""
    on = on or today()
    sent = 0
    soon = on + datetime.timedelta(days=max(REMIND_DAYS))
    due_soon = ActionItem.objects.filter(status__in=ACTIVE, due_on__gte=on, due_on__lte=soon).select_related("owner").order_by("due_on", "pk")
    for item in due_soon:
        left = (item.due_on - on).days
        threshold = min(d for d in REMIND_DAYS if left <= d)
        title = (_("落实事项明天到期：%(t)s") if left == 1 else _("落实事项今天到期：%(t)s") if left == 0 else _("落实事项%(n)d天后到期：%(t)s")) % {
            "t": item.title,
            "n": left,
        }
        body = _("完成时限：%(d)s，当前进度%(p)d%%。") % {"d": item.due_on.isoformat(), "p": item.progress}
        sent += _notify_owner(item, "consultation.action.reminder", title, body, f"consultation.action.remind:{item.pk}:{item.due_on}:{threshold}")
    overdue = ActionItem.objects.filter(status__in=ACTIVE, due_on__lt=on).select_related("owner", "agency", "meeting__organiser").order_by("due_on", "pk")
    for item in overdue:
        key = f"consultation.action.overdue:{item.pk}:{item.due_on}"
        if Notification.objects.filter(dedupe_key__startswith=f"{key}:").exists():
            continue
        people = {p.pk: p for p in current_liaisons(item.agency_id, on)}
        if item.meeting_id:
            people.update({p.pk: p for p in current_liaisons(item.meeting.organiser_id, on)})
        title = _("落实事项已逾期：%(t)s") % {"t": item.title}
        body = _("%(agency)s的落实事项（责任人%(owner)s）应于%(d)s完成，当前进度%(p)d%%。") % {
            "agency": item.agency.name,
            "owner": item.owner.display_name,
            "d": item.due_on.isoformat(),
            "p": item.progress,
        }
        for person in people.values():
            sent += int(
                notify(recipient=person, code="consultation.action.overdue", title=title, body=body, link=_link(item), dedupe_key=f"{key}:{person.pk}")
                is not None
            )
    return sent
