"""Standards feedback (标准反馈; Opinions 三(五)): either side records a divergence between an
administrative and a judicial standard — typically a court revoked a CNIPA decision on a ground
CNIPA applies differently — linked to the proceedings concerned; the two agencies discuss it in a
liaison thread (threads.py), propose it as an agenda item of a meeting both take part in
(services.propose_agenda_item), and record the resolution with the signed guidance that settled it,
or close it with a reason.

Who: a record is seen by staff (and systems) of the raising and the counterpart agency and by
platform admins; anyone else gets NotFound. The two agencies' liaisons and admins act on it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import ProceedingRight
from ipcollab.proceedings.selectors import proceedings_for

from .models import (
    ConsensusDocument,
    DocumentStatus,
    FeedbackArea,
    FeedbackStatus,
    MeetingStatus,
    Participant,
    Signatory,
    StandardsFeedback,
    ThreadStatus,
)
from .rounds import liaisons_of
from .rules import manages_for

ACTIVE = (FeedbackStatus.OPEN, FeedbackStatus.DISCUSSING, FeedbackStatus.ON_AGENDA)
MAX_PROCEEDINGS = 50


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- reads


def feedback_for(user):
    qs = StandardsFeedback.objects.select_related("raised_by_agency", "counterpart")
    if is_platform_admin(user):
        return qs
    if not (user is not None and user.is_authenticated and user.is_active and getattr(user, "kind", None) in ("staff", "system") and user.agency_id):
        return qs.none()
    return qs.filter(Q(raised_by_agency_id=user.agency_id) | Q(counterpart_id=user.agency_id))


def get_feedback(user, pk):
    pk = parse_pk(pk)
    row = feedback_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def agency_ids(feedback):
    return {feedback.raised_by_agency_id, feedback.counterpart_id}


def can_act(user, feedback):
    return any(manages_for(user, agency_id) for agency_id in agency_ids(feedback))


def linked_proceedings(user, feedback):
    """The linked proceedings the reader can see, with their outcome fields."""
    return list(proceedings_for(user).filter(standards_feedback=feedback).select_related("agency", "reviewed").order_by("filed_on", "pk"))


def meetings_to_propose(user, feedback):
    """Planned meetings both agencies take part in, that the user can see."""
    from .selectors import meetings_for

    qs = meetings_for(user).filter(status=MeetingStatus.PLANNED)
    for agency_id in agency_ids(feedback):
        qs = qs.filter(Exists(Participant.objects.filter(meeting=OuterRef("pk"), agency_id=agency_id)))
    return qs.order_by("starts_at", "pk")


def signed_documents(user, feedback):
    """Signed consensus documents one of the two agencies drafted or signed, that the user can see."""
    from .document_selectors import documents_for

    ids = agency_ids(feedback)
    signed_by = Exists(Signatory.objects.filter(document=OuterRef("pk"), agency_id__in=ids))
    return documents_for(user).filter(status=DocumentStatus.SIGNED).filter(Q(drafting_agency_id__in=ids) | signed_by).order_by("-issued_on", "-pk")


def for_right(right, user):
    """Feedback linked to proceedings about this right, in the reader's reach (one query)."""
    # Semi-joins through the (right, proceeding) index: no join of the proceedings table, no DISTINCT
    # (the join took PostgreSQL longer to plan than the dossier's other panels).
    about = ProceedingRight.objects.filter(right=right).values("proceeding_id")
    linked = StandardsFeedback.proceedings.through.objects.filter(proceeding_id__in=about).values("standardsfeedback_id")
    return list(feedback_for(user).filter(pk__in=linked).order_by("-created_at", "-pk")[:50])


def _link(feedback):
    return reverse("consultation:feedback_detail", args=[feedback.pk])


def _snapshot(feedback):
    return {"status": feedback.status, "title": feedback.title, "area": feedback.area, "counterpart": feedback.counterpart_id}


def _lock(feedback):
    return StandardsFeedback.objects.select_for_update().get(pk=feedback.pk)


def _check_actor(actor, feedback):
    if not can_act(actor, feedback):
        raise PermissionDenied(_("只有提出单位或对口单位的联络人可以处理该标准反馈。"))


def _check_active(feedback, states=ACTIVE):
    if feedback.status not in states:
        raise ServiceError(ErrorCode.FEEDBACK_STATE, _("该标准反馈已%(status)s。") % {"status": feedback.get_status_display()})


# ---------------------------------------------------------------- writes


def raise_feedback(*, actor, title, area, counterpart, description, administrative_standard="", judicial_standard="", proceedings=()):
    """For the actor's agency: its liaisons and admins, or its agency system (over the API)."""
    agency_id = getattr(actor, "agency_id", None)
    system = getattr(actor, "kind", None) == "system" and actor.is_active
    if not agency_id or not (system or manages_for(actor, agency_id)):
        raise PermissionDenied()
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("请填写标题。")]
    elif len(title) > 200:
        errors["title"] = [_("标题不能超过200个字符。")]
    if area not in FeedbackArea.values:
        errors["area"] = [_("未知的领域。")]
    if not description:
        errors["description"] = [_("请描述问题。")]
    if errors:
        raise ServiceError(ErrorCode.INVALID, fields=errors)
    if not isinstance(counterpart, Agency) or counterpart.pk == agency_id or not counterpart.is_active:
        raise ServiceError(ErrorCode.FEEDBACK_COUNTERPART_INVALID, fields={"counterpart": [_("对口单位须为本单位以外的平台机构。")]})
    wanted = {p.pk for p in proceedings or ()}
    if len(wanted) > MAX_PROCEEDINGS:
        raise ServiceError(ErrorCode.INVALID, fields={"proceedings": [_("相关案件不能超过%(n)d件。") % {"n": MAX_PROCEEDINGS}]})
    found = set(proceedings_for(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    if found != wanted:
        raise ServiceError(ErrorCode.INVALID, fields={"proceedings": [_("在您可见的范围内没有该案件。")]})
    with transaction.atomic():
        feedback = StandardsFeedback.objects.create(
            title=title,
            area=area,
            raised_by_agency_id=agency_id,
            raised_by=actor,
            counterpart=counterpart,
            description=description,
            administrative_standard=(administrative_standard or "").strip(),
            judicial_standard=(judicial_standard or "").strip(),
        )
        if wanted:
            feedback.proceedings.set(sorted(wanted))
        audit(actor=actor, action="consultation.feedback_raise", obj=feedback, after={**_snapshot(feedback), "proceedings": sorted(wanted)})
        for person in liaisons_of([counterpart.pk]):
            notify(
                recipient=person,
                code="consultation.feedback_raised",
                title=_("标准反馈：%(title)s") % {"title": title},
                body=_("%(agency)s提出了一项标准反馈，请查看并讨论。") % {"agency": feedback.raised_by_agency.name},
                link=_link(feedback),
                dedupe_key=f"consultation:feedback:{feedback.pk}:raised:{person.pk}",
            )
    return feedback


def discuss_feedback(*, actor, feedback, body):
    """Post in the feedback's liaison thread: the first post starts it (both agencies), later posts
    continue the open one. The record moves from 已提出 to 讨论中."""
    from . import threads

    with transaction.atomic():
        feedback = _lock(feedback)
        _check_actor(actor, feedback)
        _check_active(feedback)
        thread = feedback.threads.filter(status=ThreadStatus.OPEN).order_by("pk").first()
        if thread is None:
            agencies = list(Agency.objects.filter(pk__in=agency_ids(feedback)).order_by("pk"))
            thread = threads.start_thread(actor=actor, topic=feedback.title[:200], agencies=agencies, body=body, feedback=feedback)
            post = thread.posts.order_by("pk").first()
        else:
            post = threads.post_reply(actor=actor, thread=thread, body=body)
        if feedback.status == FeedbackStatus.OPEN:
            feedback.status = FeedbackStatus.DISCUSSING
            feedback.save(update_fields=["status", "updated_at"])
            audit(actor=actor, action="consultation.feedback_discuss", obj=feedback, before={"status": FeedbackStatus.OPEN}, after={"status": feedback.status})
    return post


def propose_feedback_to_meeting(*, actor, feedback, meeting, background=""):
    """Propose the divergence as an agenda item of a planned meeting both agencies take part in."""
    from . import services

    with transaction.atomic():
        feedback = _lock(feedback)
        _check_actor(actor, feedback)
        _check_active(feedback, (FeedbackStatus.OPEN, FeedbackStatus.DISCUSSING))
        taking_part = set(Participant.objects.filter(meeting=meeting).values_list("agency_id", flat=True))
        if meeting.status != MeetingStatus.PLANNED or not agency_ids(feedback) <= taking_part:
            raise ServiceError(ErrorCode.FEEDBACK_MEETING_INVALID, fields={"meeting": [_("提出单位和对口单位须都参加该会议，且会议尚在筹备中。")]})
        item = services.propose_agenda_item(
            actor=actor,
            meeting=meeting,
            topic=feedback.title[:200],
            background=(background or "").strip() or feedback.description,
            proceedings=list(feedback.proceedings.all()),
            feedback=feedback,
        )
        before = feedback.status
        feedback.status, feedback.agenda_item = FeedbackStatus.ON_AGENDA, item
        feedback.save(update_fields=["status", "agenda_item", "updated_at"])
        audit(
            actor=actor,
            action="consultation.feedback_propose",
            obj=feedback,
            before={"status": before},
            after={"status": feedback.status, "meeting": meeting.pk, "agenda_item": item.pk},
        )
    return item


def resolve_feedback(*, actor, feedback, resolution, document, resolved_on=None):
    """Record how the divergence was settled and the signed consensus document that settled it."""
    resolution = (resolution or "").strip()
    resolved_on = resolved_on or today()
    with transaction.atomic():
        feedback = _lock(feedback)
        _check_actor(actor, feedback)
        _check_active(feedback)
        if not resolution:
            raise ServiceError(ErrorCode.REQUIRED, fields={"resolution": [_("请填写解决情况。")]})
        if resolved_on > today():
            raise ServiceError(ErrorCode.INVALID, fields={"resolved_on": [_("解决日期不能晚于今天。")]})
        if not isinstance(document, ConsensusDocument) or not signed_documents(actor, feedback).filter(pk=document.pk).exists():
            raise ServiceError(ErrorCode.FEEDBACK_DOCUMENT_UNSIGNED, fields={"document": [_("请选择两单位已会签的共识文件。")]})
        before = _snapshot(feedback)
        feedback.status = FeedbackStatus.RESOLVED
        feedback.resolution, feedback.resolved_by_document, feedback.resolved_on = resolution, document, resolved_on
        feedback.save(update_fields=["status", "resolution", "resolved_by_document", "resolved_on", "updated_at"])
        audit(
            actor=actor,
            action="consultation.feedback_resolve",
            obj=feedback,
            before=before,
            after={"status": feedback.status, "document": document.pk, "resolved_on": resolved_on, "resolution": resolution},
        )
        for person in liaisons_of(agency_ids(feedback)):
            if person.pk == actor.pk:
                continue
            notify(
                recipient=person,
                code="consultation.feedback_resolved",
                title=_("标准反馈已解决：%(title)s") % {"title": feedback.title},
                body=resolution[:500],
                link=_link(feedback),
                dedupe_key=f"consultation:feedback:{feedback.pk}:resolved:{person.pk}",
            )
    return feedback


def close_feedback(*, actor, feedback, reason):
    """Close without resolution (不予处理), with the reason (kept as the record's resolution text)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        feedback = _lock(feedback)
        _check_actor(actor, feedback)
        _check_active(feedback)
        if not reason:
            raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请填写理由。")]})
        before = _snapshot(feedback)
        feedback.status, feedback.resolution = FeedbackStatus.CLOSED, reason
        feedback.save(update_fields=["status", "resolution", "updated_at"])
        audit(actor=actor, action="consultation.feedback_close", obj=feedback, before=before, after={"status": feedback.status, "reason": reason})
    return feedback
