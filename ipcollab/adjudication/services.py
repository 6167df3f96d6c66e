"""Writes of administrative adjudication (专利侵权纠纷行政裁决) and of the court's review of the
enforcement application (行审). Every write is one transaction with its audit event, its log entry
(the timeline both sides see) and the notifications of the people who must act next. Periods come
from the rule registry (rule_deadline → the deadline engine); a period ending in a year whose
holiday calendar is unpublished raises `calendar_unpublished`.

Office side:  receive_request, accept, refuse, assign_handlers, schedule_hearing, suspend, resume,
              decide, serve_decision, record_suit, record_compliance, serve_demand,
              apply_enforcement, mediate_damages
Court side:   court_accept, court_not_accept, court_hear, court_rule
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.principals import is_platform_admin
from ipcollab.identifiers import IdentifierError
from ipcollab.identifiers.case_numbers import parse_case_number
from ipcollab.notifications.services import notify
from ipcollab.orgs import rooms
from ipcollab.orgs.models import Agency, HearingRoom
from ipcollab.proceedings.models import Kind, Proceeding, Status
from ipcollab.proceedings.services import check_claims
from ipcollab.rulebook.errors import RuleError
from ipcollab.rulebook.jurisdiction import adjudication_office
from ipcollab.rulebook.registry import get_rule, rule_deadline

from .models import (
    Adjudication,
    AdjudicationParty,
    ApplicationStatus,
    Decision,
    EnforcementApplication,
    EnforcementCourt,
    Handler,
    Hearing,
    LogEntry,
    LogKind,
    RequesterStatus,
    Ruling,
    Side,
    Stage,
    Suspension,
)
from .rules import can_handle, can_review

SUIT_RULE = "patent.adjudication.suit_period"
ACCEPT_RULE = "adjudication.accept_period"
DECIDE_RULE = "adjudication.decide_period"
DEMAND_RULE = "admin_enforcement.demand_period"
APPLY_RULE = "admin_enforcement.apply_within"
COURT_ACCEPT_RULE = "admin_enforcement.court_accept"
COURT_RULE_RULE = "admin_enforcement.court_rule"
COURT_HEARING_RULE = "admin_enforcement.court_rule_after_hearing"
COURT_RULE_CODE = "admin_enforcement.competent_court"
ENFORCEMENT_TYPE = "行审"
SUIT_TYPE = "行初"
SERVICE_METHODS = ("direct", "post", "electronic", "announcement")
SERVICE_METHOD_LABELS = {"direct": "直接送达", "post": "邮寄送达", "electronic": "电子送达", "announcement": "公告送达"}
RECORD_TYPE = "adjudication.adjudication"


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _d(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _check_date(value, name, fields, *, not_before=None, not_before_label=""):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        fields[name] = [_("请输入有效日期（YYYY-MM-DD）。")]
        return
    if value > _today():
        fields[name] = [_("日期不能晚于今天。")]
    elif not_before is not None and value < not_before:
        fields[name] = [_("日期不能早于%(label)s（%(d)s）。") % {"label": not_before_label, "d": not_before.isoformat()}]


def _raise_fields(fields):
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)


def _locked(adjudication):
    return Adjudication.objects.select_for_update().select_related("office", "right", "region").get(pk=adjudication.pk)


def _require_handle(actor, adjudication):
    if not can_handle(actor, adjudication):
        raise PermissionDenied(_("只有本案裁决机关的承办人员才能办理。"))


def _require_review(actor, application):
    if not can_review(actor, application):
        raise PermissionDenied(_("只有受理法院的法官、书记员才能办理。"))


def _state(message, field="stage"):
    raise ServiceError(ErrorCode.ADJUDICATION_STATE, message, fields={field: [message]}, status=409)


def _open(adjudication):
    if adjudication.is_closed:
        _state(_("本案已结束（%(stage)s），不能再办理。") % {"stage": adjudication.get_stage_display()})


def _not_suspended(adjudication):
    if adjudication.suspended:
        _state(_("本案已中止处理，请先恢复。"))


def _deadline(code, start, field):
    """rule_deadline with the engine's error surfacing on `field` (calendar_unpublished, …)."""
    try:
        return rule_deadline(code, start)
    except RuleError as exc:
        raise ServiceError(exc.code, exc.message, fields={field: [str(exc.message)]}) from exc


def link_of(adjudication):
    return reverse("adjudication:detail", kwargs={"pk": adjudication.pk})


def log(adjudication, text, *, on=None, kind=LogKind.STEP, actor=None, from_agency=None, to_agency=None, to_party=None):
    return LogEntry.objects.create(
        adjudication=adjudication,
        kind=kind,
        text=text,
        on=on or _today(),
        from_agency=from_agency,
        to_agency=to_agency,
        to_party=to_party,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def office_people(adjudication):
    """Who acts for the office: the case's handlers, else the office's case handlers."""
    User = get_user_model()
    handler_ids = list(adjudication.handlers.values_list("user_id", flat=True))
    if handler_ids:
        return list(User.objects.filter(pk__in=handler_ids, is_active=True))
    return list(
        User.objects.filter(
            is_active=True, kind="staff", agency_id=adjudication.office_id, memberships__role__code="case_handler", memberships__agency_id=F("agency_id")
        ).distinct()
    )


def court_people(application):
    """Who acts for the court: the judge in charge, else the court's judges and clerks."""
    User = get_user_model()
    if application.judge_id:
        return [application.judge]
    return list(
        User.objects.filter(
            is_active=True, kind="staff", agency_id=application.court_id, memberships__role__code__in=("judge", "clerk"), memberships__agency_id=F("agency_id")
        ).distinct()
    )


def _tell(people, adjudication, code, title, body, key):
    link = link_of(adjudication)
    for user in people:
        notify(recipient=user, code=code, title=title, body=body, link=link, dedupe_key=f"adjudication:{adjudication.pk}:{key}:{user.pk}")


def snapshot(a):
    return {
        "stage": a.stage,
        "suspended": a.suspended,
        "decision": a.decision,
        "decided_on": _d(a.decided_on),
        "window_ends_on": _d(a.window_ends_on),
        "complied": a.complied,
        "demand_served_on": _d(a.demand_served_on),
        "suit_number": a.suit_number,
    }


def _save(actor, a, action, before, *fields, reason=""):
    a.save(update_fields=[*fields, "updated_at"])
    audit.record(actor=actor, action=action, obj=a, agency=a.office_id, before=before, after=snapshot(a), reason=reason)


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------


def number_prefix(office):
    """The office's own case-number style: 京知执字 (Beijing), 苏知执字, 国知执字 (CNIPA); a city's
    department takes the city's name (深圳知执字). See docs/adjudication.md ([R])."""
    from ipcollab.orgs.reference_data import PROVINCES

    if office.level == "national":
        return "国知执字"
    if office.level == "provincial":
        abbr = {code[:2]: a for code, _n, a, _s, _p in PROVINCES}.get(str(office.region_id)[:2], "")
        return f"{abbr}知执字"
    name = re.sub(r"(市|州|盟|地区).*$", "", office.name)
    return f"{name[:3]}知执字"


def next_number(office, year):
    Agency.objects.select_for_update().filter(pk=office.pk).first()
    prefix = number_prefix(office)
    taken = set(Adjudication.objects.filter(office=office, number__startswith=f"{prefix}〔{year}〕").values_list("number", flat=True))
    seq = len(taken) + 1
    while f"{prefix}〔{year}〕{seq}号" in taken or Adjudication.objects.filter(number=f"{prefix}〔{year}〕{seq}号").exists():
        seq += 1
    return f"{prefix}〔{year}〕{seq}号"


# ---------------------------------------------------------------------------------------------
# receiving, accepting, refusing
# ---------------------------------------------------------------------------------------------


def _right_in_force(right):
    if right is None or right.kind != "patent" or right.status != "granted":
        label = getattr(right, "number", "?")
        message = _("%(n)s 不是有效的授权专利（法律状态：%(s)s），不能请求处理专利侵权纠纷。") % {
            "n": label,
            "s": right.get_status_display() if right is not None and right.status else _("未知"),
        }
        raise ServiceError(ErrorCode.ADJUDICATION_RIGHT_NOT_IN_FORCE, message, fields={"right": [message]})


def competent_office(region, on, major=False):
    try:
        return adjudication_office(getattr(region, "code", region), on, major=major)
    except RuleError as exc:
        raise ServiceError(exc.code, exc.message, fields={"region": [str(exc.message)]}) from exc


@transaction.atomic
def receive_request(
    *,
    actor,
    region,
    right,
    requester,
    respondents,
    facts,
    received_on,
    claims=(),
    evidence=(),
    title="",
    major=False,
    requester_status=RequesterStatus.PATENTEE,
    number="",
    office=None,
    source_system="manual",
    source_id="",
):
    """Register a request for handling a patent-infringement dispute at the actor's office (a
    platform admin names the office). Idempotent by (source_system, source_id): the same pair
    returns the existing record. The office must be the competent one for the place of
    infringement (jurisdiction table; CNIPA for a dispute of major national significance)."""
    source_id = (source_id or "").strip()
    if source_id:
        existing = Adjudication.objects.filter(source_system=source_system, source_id=source_id).first()
        if existing is not None:
            _require_handle(actor, existing)
            return existing
    if office is None or not is_platform_admin(actor):
        office = actor.agency if actor.is_authenticated and actor.agency_id else None
    if office is None or office.kind != "ip_office":
        raise PermissionDenied(_("只有知识产权管理部门才能受理专利侵权纠纷处理请求。"))
    probe = Adjudication(office=office)
    _require_handle(actor, probe)
    fields = {}
    _check_date(received_on, "received_on", fields)
    facts = (facts or "").strip()
    if not facts:
        fields["facts"] = [_("请填写请求事项与事实理由。")]
    if requester_status not in RequesterStatus.values:
        fields["requester_status"] = [_("请求人身份无效。")]
    respondents = [p for p in (respondents or []) if p is not None]
    if requester is None:
        fields["requester"] = [_("请指明请求人。")]
    if not respondents:
        fields["respondents"] = [_("请指明至少一名被请求人。")]
    elif requester is not None and any(p.pk == requester.pk for p in respondents):
        fields["respondents"] = [_("请求人不能同时是被请求人。")]
    elif len({p.pk for p in respondents}) != len(respondents):
        fields["respondents"] = [_("被请求人重复。")]
    if not isinstance(evidence, (list, tuple)) or any(not isinstance(e, str) for e in evidence):
        fields["evidence"] = [_("证据清单须为文字条目的列表。")]
    if region is None:
        fields["region"] = [_("请指明侵权行为地。")]
    _raise_fields(fields)
    if right is not None:
        right.refresh_from_db()
    _right_in_force(right)
    claims = check_claims(right, list(claims or []))
    if right.patent_kind != "design" and not claims:
        raise ServiceError(ErrorCode.REQUIRED, fields={"claims": [_("请列明主张的权利要求。")]})
    if requester_status == RequesterStatus.PATENTEE and not right.right_parties.filter(party=requester).exists():
        message = _("请求人不是专利 %(n)s 的专利权人；被许可人或继承人请选择相应的请求人身份。") % {"n": right.number}
        raise ServiceError(ErrorCode.INVALID, message, fields={"requester": [message]})
    decision = competent_office(region, received_on, major)
    if decision.agency.pk != office.pk:
        message = _("该纠纷（侵权行为地：%(region)s%(major)s）由%(office)s处理（%(basis)s），不属于%(me)s管辖。") % {
            "region": region.name,
            "major": _("，全国有重大影响") if major else "",
            "office": decision.agency.name,
            "basis": decision.citation,
            "me": office.name,
        }
        raise ServiceError(ErrorCode.ADJUDICATION_OFFICE_NOT_COMPETENT, message, fields={"region": [message]})
    accept_due = _deadline(ACCEPT_RULE, received_on, "received_on")
    number = (number or "").strip()
    if number and Adjudication.objects.filter(number=number).exists():
        raise ServiceError(ErrorCode.CONFLICT, _("案号已存在。"), fields={"number": [_("案号已存在。")]}, status=409)
    number = number or next_number(office, received_on.year)
    try:
        with transaction.atomic():
            a = Adjudication.objects.create(
                number=number,
                office=office,
                region=region,
                major=bool(major),
                jurisdiction_basis=decision.citation[:200],
                right=right,
                claims=claims,
                requester_status=requester_status,
                title=(title or "").strip()[:300] or _("%(p)s 与 %(r)s 专利侵权纠纷") % {"p": requester.name, "r": respondents[0].name},
                facts=facts,
                evidence=list(evidence or []),
                received_on=received_on,
                accept_due=accept_due.deadline,
                source_system=source_system or "manual",
                source_id=source_id,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        existing = Adjudication.objects.filter(source_system=source_system, source_id=source_id).first() if source_id else None
        if existing is not None:
            return existing
        raise ServiceError(ErrorCode.CONFLICT, status=409) from exc
    AdjudicationParty.objects.create(adjudication=a, party=requester, side=Side.REQUESTER)
    for p in respondents:
        AdjudicationParty.objects.create(adjudication=a, party=p, side=Side.RESPONDENT)
    log(
        a,
        _("收到 %(p)s 的处理请求；立案审查期限至 %(due)s（%(rule)s）。")
        % {"p": requester.name, "due": a.accept_due.isoformat(), "rule": accept_due.rule.citation},
        on=received_on,
        actor=actor,
    )
    audit.record(actor=actor, action="adjudication.receive", obj=a, agency=office.pk, after=snapshot(a))
    _tell(
        office_people(a),
        a,
        "adjudication.received",
        _("新的专利侵权纠纷处理请求：%(n)s") % {"n": a.number},
        _("请于 %(due)s 前作出立案或不予受理的决定。") % {"due": a.accept_due.isoformat()},
        "received",
    )
    return a


def _handlers(office, users):
    users = [u for u in (users or []) if u is not None]
    if not users:
        raise ServiceError(ErrorCode.REQUIRED, fields={"handlers": [_("请指定至少一名承办人。")]})
    for u in users:
        if u.agency_id != office.pk or u.kind != "staff" or not u.is_active or not u.has_role("case_handler"):
            message = _("%(u)s 不是本机关在岗的案件承办人。") % {"u": u.display_name}
            raise ServiceError(ErrorCode.INVALID, message, fields={"handlers": [message]})
    return users


def _write_handlers(a, users):
    a.handlers.all().delete()
    for i, u in enumerate(users):
        Handler.objects.create(adjudication=a, user=u, lead=i == 0)


@transaction.atomic
def accept(*, actor, adjudication, accepted_on, handlers):
    """立案: register the case and assign its handlers (the first is the lead)."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage != Stage.RECEIVED:
        _state(_("只有待审查的请求才能立案（当前：%(s)s）。") % {"s": a.get_stage_display()})
    fields = {}
    _check_date(accepted_on, "accepted_on", fields, not_before=a.received_on, not_before_label=_("收到请求日期"))
    _raise_fields(fields)
    users = _handlers(a.office, handlers)
    before = snapshot(a)
    a.stage = Stage.ACCEPTED
    a.accepted_on = accepted_on
    a.decide_due = _deadline(DECIDE_RULE, accepted_on, "accepted_on").deadline
    _write_handlers(a, users)
    late = accepted_on > a.accept_due
    _save(actor, a, "adjudication.accept", before, "stage", "accepted_on", "decide_due")
    log(
        a,
        _("立案；承办人：%(h)s；结案期限 %(due)s。%(late)s")
        % {"h": "、".join(u.display_name for u in users), "due": a.decide_due.isoformat(), "late": _("（超过立案审查期限）") if late else ""},
        on=accepted_on,
        actor=actor,
    )
    for p in a.parties.select_related("party"):
        what = _("受理通知书") if p.side == Side.REQUESTER else _("请求书副本及答辩通知书")
        log(
            a,
            _("向%(p)s送达%(w)s。") % {"p": p.party.name, "w": what},
            on=accepted_on,
            kind=LogKind.HAND_OFF,
            actor=actor,
            from_agency=a.office,
            to_party=p.party,
        )
    _tell(users, a, "adjudication.assigned", _("您被指定承办行政裁决案件 %(n)s") % {"n": a.number}, a.title, "assigned")
    return a


@transaction.atomic
def refuse(*, actor, adjudication, refused_on, reason):
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage != Stage.RECEIVED:
        _state(_("只有待审查的请求才能不予受理（当前：%(s)s）。") % {"s": a.get_stage_display()})
    fields = {}
    _check_date(refused_on, "refused_on", fields, not_before=a.received_on, not_before_label=_("收到请求日期"))
    reason = (reason or "").strip()
    if not reason:
        fields["reason"] = [_("请说明不予受理的理由。")]
    _raise_fields(fields)
    before = snapshot(a)
    a.stage = Stage.REFUSED
    a.refused_on = refused_on
    a.refusal_reason = reason
    _save(actor, a, "adjudication.refuse", before, "stage", "refused_on", "refusal_reason", reason=reason)
    requester = a.parties.select_related("party").filter(side=Side.REQUESTER).first()
    log(a, _("不予受理：%(r)s") % {"r": reason}, on=refused_on, actor=actor)
    if requester:
        log(
            a,
            _("向%(p)s送达不予受理通知书。") % {"p": requester.party.name},
            on=refused_on,
            kind=LogKind.HAND_OFF,
            actor=actor,
            from_agency=a.office,
            to_party=requester.party,
        )
    return a


@transaction.atomic
def assign_handlers(*, actor, adjudication, handlers):
    a = _locked(adjudication)
    _require_handle(actor, a)
    _open(a)
    if a.stage == Stage.RECEIVED:
        _state(_("立案时指定承办人。"))
    users = _handlers(a.office, handlers)
    before = {"handlers": list(a.handlers.values_list("user_id", flat=True))}
    _write_handlers(a, users)
    audit.record(actor=actor, action="adjudication.assign", obj=a, agency=a.office_id, before=before, after={"handlers": [u.pk for u in users]})
    log(a, _("承办人变更为：%(h)s") % {"h": "、".join(u.display_name for u in users)}, actor=actor)
    _tell(users, a, "adjudication.assigned", _("您被指定承办行政裁决案件 %(n)s") % {"n": a.number}, a.title, f"assigned:{timezone.now().timestamp()}")
    return a


@transaction.atomic
def withdraw(*, actor, adjudication, withdrawn_on, reason=""):
    """The requester withdraws the request (撤回) before the decision; the case ends."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage not in (Stage.RECEIVED, Stage.ACCEPTED):
        _state(_("作出裁决后不能撤回请求（当前：%(s)s）。") % {"s": a.get_stage_display()})
    fields = {}
    _check_date(withdrawn_on, "withdrawn_on", fields, not_before=a.received_on, not_before_label=_("收到请求日期"))
    _raise_fields(fields)
    before = snapshot(a)
    a.stage = Stage.WITHDRAWN
    a.withdrawn_on = withdrawn_on
    a.suspended = False
    a.suspensions.filter(resumed_on__isnull=True).update(resumed_on=withdrawn_on, resumed_because=_("请求人撤回请求"))
    _save(actor, a, "adjudication.withdraw", before, "stage", "withdrawn_on", "suspended", reason=reason or "")
    log(a, _("请求人撤回处理请求，本案结束。%(r)s") % {"r": (reason or "").strip()}, on=withdrawn_on, actor=actor)
    return a


# ---------------------------------------------------------------------------------------------
# hearing, suspension
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def schedule_hearing(*, actor, adjudication, room, starts_at, ends_at):
    """Book `room` (a protection centre's, usually) for the oral hearing (口头审理); a clash is refused."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    _open(a)
    _not_suspended(a)
    if a.stage != Stage.ACCEPTED:
        _state(_("立案后、裁决前才能安排口头审理。"))
    if not isinstance(room, HearingRoom):
        raise ServiceError(ErrorCode.REQUIRED, fields={"room": [_("请选择审理室。")]})
    booking = rooms.book_room(
        actor=actor,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=_("专利侵权纠纷口头审理"),
        record_type=RECORD_TYPE,
        record_id=a.pk,
        record_label=a.number,
        agency=a.office,
    )
    hearing = Hearing.objects.create(adjudication=a, booking=booking, starts_at=booking.starts_at, ends_at=booking.ends_at)
    local = timezone.localtime(booking.starts_at)
    audit.record(
        actor=actor, action="adjudication.hearing", obj=a, agency=a.office_id, after={"booking": booking.pk, "starts_at": booking.starts_at.isoformat()}
    )
    log(a, _("安排口头审理：%(t)s，%(room)s。") % {"t": local.strftime("%Y-%m-%d %H:%M"), "room": booking.room}, actor=actor)
    for p in a.parties.select_related("party"):
        log(a, _("向%(p)s送达口头审理通知书。") % {"p": p.party.name}, kind=LogKind.HAND_OFF, actor=actor, from_agency=a.office, to_party=p.party)
    if booking.room.agency_id != a.office_id:
        log(
            a,
            _("向%(c)s预约审理室。") % {"c": booking.room.agency.name},
            kind=LogKind.HAND_OFF,
            actor=actor,
            from_agency=a.office,
            to_agency=booking.room.agency,
        )
    return hearing


def pending_invalidations(right):
    return Proceeding.objects.filter(kind=Kind.PATENT_INVALIDATION, rights__right=right, status__in=(Status.PENDING, Status.STAYED)).distinct()


@transaction.atomic
def suspend(*, actor, adjudication, invalidation, started_on, reason=""):
    """中止: while an invalidation of the same patent is pending at CNIPA."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    _open(a)
    if a.stage != Stage.ACCEPTED:
        _state(_("立案后、裁决前才能中止处理。"))
    if a.suspended:
        raise ServiceError(ErrorCode.ADJUDICATION_NOT_SUSPENDABLE, _("本案已中止处理。"), status=409)
    if invalidation is None or not pending_invalidations(a.right).filter(pk=invalidation.pk).exists():
        message = _("只有涉案专利 %(n)s 尚在审查中的无效宣告程序才能作为中止的依据。") % {"n": a.right.number}
        raise ServiceError(ErrorCode.ADJUDICATION_NOT_SUSPENDABLE, message, fields={"invalidation": [message]}, status=409)
    fields = {}
    _check_date(started_on, "started_on", fields, not_before=a.accepted_on, not_before_label=_("立案日期"))
    _raise_fields(fields)
    before = snapshot(a)
    Suspension.objects.create(adjudication=a, invalidation=invalidation, started_on=started_on, reason=(reason or "").strip())
    a.suspended = True
    _save(actor, a, "adjudication.suspend", before, "suspended", reason=reason or "")
    log(a, _("因无效宣告请求（%(n)s）中止处理。") % {"n": invalidation.number}, on=started_on, actor=actor)
    for p in a.parties.select_related("party"):
        log(
            a, _("向%(p)s送达中止处理通知书。") % {"p": p.party.name}, on=started_on, kind=LogKind.HAND_OFF, actor=actor, from_agency=a.office, to_party=p.party
        )
    return a


@transaction.atomic
def resume(*, actor, adjudication, resumed_on, because=""):
    """Resume a suspended case; the days suspended do not count against the time limit."""
    a = _locked(adjudication)
    if actor is not None:
        _require_handle(actor, a)
    s = a.suspensions.select_related("invalidation").filter(resumed_on__isnull=True).first()
    if not a.suspended or s is None:
        raise ServiceError(ErrorCode.ADJUDICATION_NOT_SUSPENDABLE, _("本案未中止，无需恢复。"), status=409)
    fields = {}
    _check_date(resumed_on, "resumed_on", fields, not_before=s.started_on, not_before_label=_("中止日期"))
    _raise_fields(fields)
    before = snapshot(a)
    s.resumed_on = resumed_on
    s.resumed_because = (because or "").strip()[:200]
    s.save(update_fields=["resumed_on", "resumed_because"])
    a.suspended = False
    if a.decide_due:
        a.decide_due = a.decide_due + (resumed_on - s.started_on)
    _save(actor, a, "adjudication.resume", before, "suspended", "decide_due")
    log(
        a,
        _("恢复处理%(b)s；结案期限顺延至 %(due)s。") % {"b": f"（{s.resumed_because}）" if s.resumed_because else "", "due": _d(a.decide_due)},
        on=resumed_on,
        actor=actor,
    )
    return a


def on_invalidation_decided(proceeding, details):
    """proceeding_event "decision" of a CNIPA invalidation: resume every adjudication suspended for it
    (in the same transaction) and tell its handlers what CNIPA decided."""
    if proceeding.kind != Kind.PATENT_INVALIDATION:
        return
    open_ = Suspension.objects.filter(invalidation=proceeding, resumed_on__isnull=True).select_related("adjudication")
    for s in open_:
        decided_on = details.get("decided_on") or proceeding.closed_on or _today()
        if decided_on < s.started_on:
            decided_on = s.started_on
        result = details.get("result") or proceeding.result or ""
        because = _("无效宣告请求审查决定 %(n)s 已作出（%(r)s）") % {"n": proceeding.decision_number or proceeding.number, "r": result}
        a = resume(actor=None, adjudication=s.adjudication, resumed_on=min(decided_on, _today()), because=because)
        _tell(office_people(a), a, "adjudication.resumed", _("行政裁决案件 %(n)s 恢复处理") % {"n": a.number}, because, f"resumed:{s.pk}")


# ---------------------------------------------------------------------------------------------
# decision and service
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def decide(*, actor, adjudication, decision, decided_on, decision_number, reasons):
    """The decision: infringement found → order to stop (责令停止侵权行为); not found → dismissed.
    Damages are never decided (only mediated: mediate_damages)."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    _open(a)
    _not_suspended(a)
    if a.stage != Stage.ACCEPTED:
        _state(_("立案后才能作出裁决（当前：%(s)s）。") % {"s": a.get_stage_display()})
    fields = {}
    if decision not in Decision.values:
        fields["decision"] = [_("裁决结果须为认定侵权或驳回请求。")]
    _check_date(decided_on, "decided_on", fields, not_before=a.accepted_on, not_before_label=_("立案日期"))
    decision_number = (decision_number or "").strip()
    if not decision_number:
        fields["decision_number"] = [_("请填写裁决书文号。")]
    reasons = (reasons or "").strip()
    if not reasons:
        fields["reasons"] = [_("请填写裁决理由。")]
    _raise_fields(fields)
    if decision == Decision.INFRINGEMENT:
        a.right.refresh_from_db(fields=["status"])
        if a.right.status == "invalid":
            message = _("专利权已被宣告无效，不能认定侵权。")
            raise ServiceError(ErrorCode.ADJUDICATION_RIGHT_NOT_IN_FORCE, message, fields={"decision": [message]})
    before = snapshot(a)
    a.stage = Stage.DECIDED
    a.decision = decision
    a.decided_on = decided_on
    a.decision_number = decision_number[:80]
    a.decision_reasons = reasons
    _save(actor, a, "adjudication.decide", before, "stage", "decision", "decided_on", "decision_number", "decision_reasons")
    log(a, _("作出裁决 %(n)s：%(d)s。") % {"n": a.decision_number, "d": a.get_decision_display()}, on=decided_on, actor=actor)
    return a


@transaction.atomic
def serve_decision(*, actor, adjudication, party, served_on, method="direct"):
    """Service of the decision on one party: that party's 15-day window to sue runs from its own
    service date (专利法第65条). When every party is served, the case is `served` and the last day
    to apply for enforcement is set (3 months after the last window ends)."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage not in (Stage.DECIDED, Stage.SERVED):
        _state(_("作出裁决后才能送达裁决书。"))
    row = a.parties.select_related("party").filter(party=party).first() if party is not None else None
    if row is None:
        raise ServiceError(ErrorCode.INVALID, fields={"party": [_("不是本案当事人。")]})
    if row.served_on is not None:
        _state(_("已向%(p)s送达裁决书（%(d)s）。") % {"p": row.party.name, "d": row.served_on.isoformat()}, field="party")
    fields = {}
    _check_date(served_on, "served_on", fields, not_before=a.decided_on, not_before_label=_("裁决日期"))
    if method not in SERVICE_METHODS:
        fields["method"] = [_("送达方式无效。")]
    _raise_fields(fields)
    window = _deadline(SUIT_RULE, served_on, "served_on")
    before = snapshot(a)
    row.served_on = served_on
    row.service_method = method
    row.window_ends_on = window.deadline
    row.save(update_fields=["served_on", "service_method", "window_ends_on"])
    log(
        a,
        _("向%(p)s%(m)s裁决书 %(n)s；起诉期限至 %(end)s（%(rule)s）。")
        % {"p": row.party.name, "m": SERVICE_METHOD_LABELS[method], "n": a.decision_number, "end": window.deadline.isoformat(), "rule": window.rule.citation},
        on=served_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=a.office,
        to_party=row.party,
    )
    if not a.parties.filter(served_on__isnull=True).exists():
        a.stage = Stage.SERVED
        a.window_ends_on = max(a.parties.values_list("window_ends_on", flat=True))
        fields_ = ["stage", "window_ends_on"]
        if a.decision == Decision.INFRINGEMENT:
            try:
                a.apply_by = _deadline(APPLY_RULE, a.window_ends_on, "served_on").deadline
            except ServiceError as exc:
                if exc.code != ErrorCode.CALENDAR_UNPUBLISHED:
                    raise
                a.apply_by = None  # computed again when the office applies (and refused clearly then)
                log(a, _("申请强制执行的期限暂无法计算：%(m)s") % {"m": exc.message}, on=served_on, actor=actor)
            fields_.append("apply_by")
        _save(actor, a, "adjudication.serve", before, *fields_)
    else:
        audit.record(
            actor=actor,
            action="adjudication.serve",
            obj=a,
            agency=a.office_id,
            before=before,
            after={"party": row.party_id, "served_on": served_on.isoformat()},
        )
    return row


@transaction.atomic
def record_suit(*, actor, adjudication, party, suit_number, filed_on):
    """A party sued (行政诉讼, 行初): the enforcement path stops."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage not in (Stage.SERVED, Stage.DECIDED) or a.stage == Stage.SUED:
        _state(_("裁决送达后、申请强制执行前才能登记起诉。"))
    row = a.parties.select_related("party").filter(party=party).first() if party is not None else None
    fields = {}
    if row is None:
        fields["party"] = [_("不是本案当事人。")]
    _check_date(filed_on, "filed_on", fields, not_before=a.decided_on, not_before_label=_("裁决日期"))
    number = (suit_number or "").strip()
    parsed = None
    try:
        parsed = parse_case_number(number)
    except IdentifierError:
        fields["suit_number"] = [_("案号格式无效，例如（2026）京0108行初12号。")]
    if parsed is not None and parsed.type_code != SUIT_TYPE:
        fields["suit_number"] = [_("行政诉讼一审案号的类型代字应为“行初”。")]
    _raise_fields(fields)
    before = snapshot(a)
    a.stage = Stage.SUED
    a.suit_number = parsed.normalized
    a.suit_filed_on = filed_on
    a.suit_by = row.party
    a.suit = Proceeding.objects.filter(track="court", number=parsed.normalized).first()
    _save(actor, a, "adjudication.suit", before, "stage", "suit_number", "suit_filed_on", "suit_by", "suit")
    late = row.window_ends_on and filed_on > row.window_ends_on
    log(
        a,
        _("%(p)s 于 %(d)s 提起行政诉讼（%(n)s），强制执行程序终止。%(late)s")
        % {"p": row.party.name, "d": filed_on.isoformat(), "n": a.suit_number, "late": _("（起诉时已超过其起诉期限）") if late else ""},
        on=filed_on,
        actor=actor,
    )
    return a


def _window_has_run(a, on):
    if a.window_ends_on is None or on <= a.window_ends_on:
        rule = get_rule(SUIT_RULE, a.decided_on)
        message = _("%(rule)s：各方当事人的起诉期限（最晚至 %(end)s）尚未届满，%(on)s 不能%(what)s。") % {
            "rule": rule.citation,
            "end": _d(a.window_ends_on) or _("未全部送达"),
            "on": on.isoformat(),
            "what": "%(what)s",
        }
        return message
    return None


@transaction.atomic
def record_compliance(*, actor, adjudication, complied, checked_on, note=""):
    """After every window to sue has run: did the respondent stop the infringement?"""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage != Stage.SERVED or a.decision != Decision.INFRINGEMENT:
        _state(_("只有认定侵权、已送达且无人起诉的裁决才需核查履行情况。"))
    fields = {}
    _check_date(checked_on, "checked_on", fields)
    _raise_fields(fields)
    pending = _window_has_run(a, checked_on)
    if pending:
        message = pending % {"what": _("核查履行情况")}
        _state(message, field="checked_on")
    if a.complied is not None and a.complied is False and complied is False:
        _state(_("已登记未履行。"))
    before = snapshot(a)
    a.complied = bool(complied)
    a.compliance_checked_on = checked_on
    a.compliance_note = (note or "").strip()
    fields_ = ["complied", "compliance_checked_on", "compliance_note"]
    if a.complied:
        a.stage = Stage.COMPLIED
        fields_.append("stage")
    _save(actor, a, "adjudication.compliance", before, *fields_)
    log(
        a,
        (_("被请求人已停止侵权行为，本案结束。") if a.complied else _("起诉期限届满，被请求人未起诉也未履行。"))
        + (f" {a.compliance_note}" if a.compliance_note else ""),
        on=checked_on,
        actor=actor,
    )
    return a


@transaction.atomic
def serve_demand(*, actor, adjudication, served_on):
    """催告: serve the demand to perform; the application may follow after 10 working days."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.stage != Stage.SERVED or a.decision != Decision.INFRINGEMENT or a.complied is not False:
        _state(_("登记未履行后才能催告。"))
    fields = {}
    _check_date(served_on, "served_on", fields)
    _raise_fields(fields)
    pending = _window_has_run(a, served_on)
    if pending:
        _state(pending % {"what": _("催告")}, field="served_on")
    ends = _deadline(DEMAND_RULE, served_on, "served_on")
    before = snapshot(a)
    a.stage = Stage.DEMANDED
    a.demand_served_on = served_on
    a.demand_ends_on = ends.deadline
    _save(actor, a, "adjudication.demand", before, "stage", "demand_served_on", "demand_ends_on")
    for p in a.parties.select_related("party").filter(side=Side.RESPONDENT):
        log(
            a,
            _("向%(p)s送达履行催告书；催告期间至 %(end)s（%(rule)s）。") % {"p": p.party.name, "end": ends.deadline.isoformat(), "rule": ends.rule.citation},
            on=served_on,
            kind=LogKind.HAND_OFF,
            actor=actor,
            from_agency=a.office,
            to_party=p.party,
        )
    return a


def enforcement_court(office):
    row = EnforcementCourt.objects.select_related("court").filter(office=office).first()
    if row is None:
        message = _("“申请强制执行的管辖法院”表中没有%(o)s所在地的基层人民法院，请平台管理员补充。") % {"o": office.name}
        raise ServiceError(ErrorCode.NO_ENFORCEMENT_COURT, message, fields={"court": [message]})
    return row


@transaction.atomic
def apply_enforcement(*, actor, adjudication, applied_on):
    """Apply to the basic court where the office sits for compulsory enforcement: after the last
    window to sue has run, after the demand's 10 working days, and within 3 months after the window."""
    a = _locked(adjudication)
    _require_handle(actor, a)
    fields = {}
    _check_date(applied_on, "applied_on", fields)
    _raise_fields(fields)
    if a.decision == Decision.INFRINGEMENT and a.stage in (Stage.SERVED, Stage.DEMANDED):
        if a.window_ends_on is None or applied_on <= a.window_ends_on:
            rule = get_rule(SUIT_RULE, a.decided_on)
            message = _("%(rule)s：当事人的起诉期限至 %(end)s 届满，%(on)s 尚不能申请强制执行。") % {
                "rule": rule.citation,
                "end": _d(a.window_ends_on) or _("（尚未全部送达）"),
                "on": applied_on.isoformat(),
            }
            raise ServiceError(ErrorCode.ENFORCEMENT_TOO_EARLY, message, fields={"applied_on": [message]})
        if a.apply_by is None:
            a.apply_by = _deadline(APPLY_RULE, a.window_ends_on, "applied_on").deadline
            a.save(update_fields=["apply_by", "updated_at"])
        if applied_on > a.apply_by:
            rule = get_rule(APPLY_RULE, a.window_ends_on)
            message = _("%(rule)s：申请强制执行的期限自起诉期限届满（%(end)s）起三个月，至 %(by)s 止；%(on)s 申请已逾期。") % {
                "rule": rule.citation,
                "end": a.window_ends_on.isoformat(),
                "by": a.apply_by.isoformat(),
                "on": applied_on.isoformat(),
            }
            raise ServiceError(ErrorCode.ENFORCEMENT_TOO_LATE, message, fields={"applied_on": [message]})
    if a.stage != Stage.DEMANDED or a.decision != Decision.INFRINGEMENT or hasattr_enforcement(a):
        message = _("不能申请强制执行：须认定侵权、无人起诉、登记未履行并已催告（当前：%(s)s）。") % {"s": a.get_stage_display()}
        raise ServiceError(ErrorCode.ENFORCEMENT_NOT_AVAILABLE, message, fields={"applied_on": [message]}, status=409)
    if applied_on <= a.demand_ends_on:
        rule = get_rule(DEMAND_RULE, a.demand_served_on)
        message = _("%(rule)s：催告书于 %(s)s 送达，十个工作日的催告期间至 %(end)s 届满，%(on)s 尚不能申请强制执行。") % {
            "rule": rule.citation,
            "s": a.demand_served_on.isoformat(),
            "end": a.demand_ends_on.isoformat(),
            "on": applied_on.isoformat(),
        }
        raise ServiceError(ErrorCode.ENFORCEMENT_TOO_EARLY, message, fields={"applied_on": [message]})
    court_row = enforcement_court(a.office)
    basis = get_rule(COURT_RULE_CODE, applied_on).citation
    accept = _deadline(COURT_ACCEPT_RULE, applied_on, "applied_on")
    before = snapshot(a)
    app = EnforcementApplication.objects.create(
        adjudication=a,
        court=court_row.court,
        court_basis=_("%(basis)s；机关所在地：%(seat)s") % {"basis": basis, "seat": court_row.seat},
        applied_on=applied_on,
        apply_by=a.apply_by,
        accept_due=accept.deadline,
        applied_by=actor if getattr(actor, "pk", None) else None,
    )
    a.stage = Stage.ENFORCEMENT
    _save(actor, a, "adjudication.apply_enforcement", before, "stage")
    log(
        a,
        _("向%(c)s申请强制执行（%(basis)s）；法院受理期限至 %(due)s（%(rule)s）。")
        % {"c": court_row.court.name, "basis": basis, "due": accept.deadline.isoformat(), "rule": accept.rule.citation},
        on=applied_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=a.office,
        to_agency=court_row.court,
    )
    _tell(
        court_people(app),
        a,
        "adjudication.enforcement_applied",
        _("%(o)s申请强制执行行政裁决 %(n)s") % {"o": a.office.name, "n": a.decision_number},
        _("请于 %(due)s 前立案审查（行审）。") % {"due": accept.deadline.isoformat()},
        "applied",
    )
    return app


def hasattr_enforcement(a):
    return EnforcementApplication.objects.filter(adjudication=a).exists()


# ---------------------------------------------------------------------------------------------
# the court (行审)
# ---------------------------------------------------------------------------------------------


def _locked_app(application):
    return EnforcementApplication.objects.select_for_update().select_related("adjudication", "adjudication__office", "court").get(pk=application.pk)


def _court_state(message, field="status"):
    raise ServiceError(ErrorCode.ADJUDICATION_STATE, message, fields={field: [message]}, status=409)


def parse_review_number(number, court):
    number = (number or "").strip()
    try:
        parsed = parse_case_number(number)
    except IdentifierError:
        parsed = None
    if parsed is None or parsed.type_code != ENFORCEMENT_TYPE:
        message = _("案号须为“行审”类型的案号，例如（2026）%(c)s行审12号。") % {"c": court.court_code or "京0108"}
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, message, fields={"case_number": [message]})
    if parsed.court_code != court.court_code:
        message = _("案号中的法院代字（%(got)s）不是本院的代字（%(own)s）。") % {"got": parsed.court_code, "own": court.court_code}
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, message, fields={"case_number": [message]})
    return parsed


@transaction.atomic
def court_accept(*, actor, application, case_number, accepted_on, judge=None):
    """The court registers the application as a 行审 case and accepts it; the ruling is due in 7
    working days (30 days if it then hears the parties)."""
    app = _locked_app(application)
    _require_review(actor, app)
    if app.status != ApplicationStatus.FILED:
        _court_state(_("该申请已处理（%(s)s）。") % {"s": app.get_status_display()})
    fields = {}
    _check_date(accepted_on, "accepted_on", fields, not_before=app.applied_on, not_before_label=_("申请日期"))
    if judge is not None and (judge.agency_id != app.court_id or not judge.has_role("judge")):
        fields["judge"] = [_("承办法官须为本院法官。")]
    _raise_fields(fields)
    parsed = parse_review_number(case_number, app.court)
    if EnforcementApplication.objects.filter(case_number=parsed.normalized).exclude(pk=app.pk).exists():
        raise ServiceError(ErrorCode.CONFLICT, _("案号已被使用。"), fields={"case_number": [_("案号已被使用。")]}, status=409)
    rule = _deadline(COURT_RULE_RULE, accepted_on, "accepted_on")
    before = {"status": app.status}
    app.status = ApplicationStatus.ACCEPTED
    app.case_number = parsed.normalized
    app.accepted_on = accepted_on
    app.rule_due = rule.deadline
    app.judge = judge or (actor if getattr(actor, "kind", "") == "staff" and actor.has_role("judge") else None)
    app.save(update_fields=["status", "case_number", "accepted_on", "rule_due", "judge", "updated_at"])
    a = app.adjudication
    audit.record(
        actor=actor,
        action="adjudication.court_accept",
        obj=app,
        agency=app.court_id,
        before=before,
        after={"status": app.status, "case_number": app.case_number},
    )
    late = accepted_on > app.accept_due
    log(
        a,
        _("%(c)s立案受理（%(n)s）；裁定期限至 %(due)s（%(rule)s）。%(late)s")
        % {
            "c": app.court.name,
            "n": app.case_number,
            "due": rule.deadline.isoformat(),
            "rule": rule.rule.citation,
            "late": _("（超过受理期限）") if late else "",
        },
        on=accepted_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=app.court,
        to_agency=a.office,
    )
    _tell(office_people(a), a, "adjudication.court_accepted", _("法院已受理强制执行申请 %(n)s") % {"n": app.case_number}, app.court.name, "court_accepted")
    return app


@transaction.atomic
def court_not_accept(*, actor, application, decided_on, reasons):
    app = _locked_app(application)
    _require_review(actor, app)
    if app.status != ApplicationStatus.FILED:
        _court_state(_("该申请已处理（%(s)s）。") % {"s": app.get_status_display()})
    fields = {}
    _check_date(decided_on, "decided_on", fields, not_before=app.applied_on, not_before_label=_("申请日期"))
    reasons = (reasons or "").strip()
    if not reasons:
        fields["reasons"] = [_("请说明不予受理的理由。")]
    _raise_fields(fields)
    app.status = ApplicationStatus.NOT_ACCEPTED
    app.reasons = reasons
    app.ruled_on = decided_on
    app.save(update_fields=["status", "reasons", "ruled_on", "updated_at"])
    a = Adjudication.objects.select_for_update().get(pk=app.adjudication_id)
    before = snapshot(a)
    a.stage = Stage.NOT_ENFORCED
    _save(actor, a, "adjudication.court_not_accept", before, "stage", reason=reasons)
    log(
        a,
        _("%(c)s不予受理强制执行申请：%(r)s") % {"c": app.court.name, "r": reasons},
        on=decided_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=app.court,
        to_agency=a.office,
    )
    _tell(office_people(a), a, "adjudication.court_not_accepted", _("法院不予受理强制执行申请"), reasons, "court_not_accepted")
    return app


@transaction.atomic
def court_hear(*, actor, application, decided_on):
    """The court decides to hear the parties (行政强制法第58条): the ruling is due 30 days from acceptance."""
    app = _locked_app(application)
    _require_review(actor, app)
    if app.status != ApplicationStatus.ACCEPTED or app.hearing:
        _court_state(_("受理后、裁定前才能决定听取意见（且只能决定一次）。"))
    fields = {}
    _check_date(decided_on, "decided_on", fields, not_before=app.accepted_on, not_before_label=_("受理日期"))
    _raise_fields(fields)
    rule = _deadline(COURT_HEARING_RULE, app.accepted_on, "decided_on")
    app.hearing = True
    app.rule_due = rule.deadline
    app.save(update_fields=["hearing", "rule_due", "updated_at"])
    a = app.adjudication
    audit.record(actor=actor, action="adjudication.court_hear", obj=app, agency=app.court_id, after={"rule_due": app.rule_due.isoformat()})
    log(
        a,
        _("%(c)s决定听取被执行人和行政机关的意见；裁定期限至 %(due)s（%(rule)s）。")
        % {"c": app.court.name, "due": rule.deadline.isoformat(), "rule": rule.rule.citation},
        on=decided_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=app.court,
        to_agency=a.office,
    )
    _tell(office_people(a), a, "adjudication.court_hearing", _("法院将听取意见：%(n)s") % {"n": app.case_number}, app.court.name, "court_hearing")
    return app


@transaction.atomic
def court_rule(*, actor, application, ruling, ruled_on, reasons):
    app = _locked_app(application)
    _require_review(actor, app)
    if app.status != ApplicationStatus.ACCEPTED:
        _court_state(_("受理后才能裁定（当前：%(s)s）。") % {"s": app.get_status_display()})
    fields = {}
    if ruling not in Ruling.values:
        fields["ruling"] = [_("裁定结果须为准予或不准予强制执行。")]
    _check_date(ruled_on, "ruled_on", fields, not_before=app.accepted_on, not_before_label=_("受理日期"))
    reasons = (reasons or "").strip()
    if not reasons:
        fields["reasons"] = [_("请填写裁定理由。")]
    _raise_fields(fields)
    app.status = ApplicationStatus.RULED
    app.ruling = ruling
    app.ruled_on = ruled_on
    app.reasons = reasons
    app.save(update_fields=["status", "ruling", "ruled_on", "reasons", "updated_at"])
    a = Adjudication.objects.select_for_update().get(pk=app.adjudication_id)
    before = snapshot(a)
    a.stage = Stage.ENFORCED if ruling == Ruling.ENFORCE else Stage.NOT_ENFORCED
    _save(actor, a, "adjudication.court_rule", before, "stage")
    audit.record(actor=actor, action="adjudication.court_rule", obj=app, agency=app.court_id, after={"ruling": ruling, "ruled_on": ruled_on.isoformat()})
    late = app.rule_due and ruled_on > app.rule_due
    log(
        a,
        _("%(c)s裁定%(r)s（%(n)s）：%(why)s%(late)s")
        % {"c": app.court.name, "r": app.get_ruling_display(), "n": app.case_number, "why": reasons, "late": _("（超过裁定期限）") if late else ""},
        on=ruled_on,
        kind=LogKind.HAND_OFF,
        actor=actor,
        from_agency=app.court,
        to_agency=a.office,
    )
    _tell(
        office_people(a),
        a,
        "adjudication.court_ruled",
        _("法院已裁定：%(r)s（%(n)s）") % {"r": app.get_ruling_display(), "n": app.case_number},
        reasons,
        "court_ruled",
    )
    return app


# ---------------------------------------------------------------------------------------------
# damages: only by mediation (专利法第65条)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def mediate_damages(*, actor, adjudication, received_on, claim_amount=None, summary=""):
    """Start an administrative mediation of the damages (赔偿数额) at the office's own mediation
    organisation (mediation.services.start_mediation, source "administrative")."""
    from ipcollab.mediation import services as mediation_services
    from ipcollab.mediation.models import Organisation

    a = _locked(adjudication)
    _require_handle(actor, a)
    if a.decision != Decision.INFRINGEMENT or a.is_closed and a.stage not in (Stage.ENFORCED, Stage.COMPLIED):
        _state(_("认定侵权后才能就赔偿数额进行调解。"))
    if a.mediation_id:
        _state(_("已就赔偿数额启动调解（%(n)s）。") % {"n": a.mediation.number})
    organisation = Organisation.objects.filter(agency=a.office, active=True).first()
    if organisation is None:
        message = _("%(o)s尚未登记为调解组织，不能进行行政调解。") % {"o": a.office.name}
        raise ServiceError(ErrorCode.INVALID, message, fields={"received_on": [message]})
    parties = [{"party": p.party, "side": "applicant" if p.side == Side.REQUESTER else "respondent"} for p in a.parties.select_related("party")]
    mediation = mediation_services.start_mediation(
        actor=actor,
        source="administrative",
        organisation=organisation,
        title=_("%(t)s（赔偿数额调解）") % {"t": a.title},
        parties=parties,
        received_on=received_on,
        field="patent",
        summary=(summary or "").strip() or _("就专利侵权纠纷行政裁决 %(n)s 认定的侵权行为的赔偿数额进行调解。") % {"n": a.number},
        claim_amount=claim_amount,
        office=a.office,
        rights=(a.right,),
        source_system="adjudication",
        source_id=str(a.pk),
    )
    before = snapshot(a)
    a.mediation = mediation
    _save(actor, a, "adjudication.mediate", before, "mediation")
    log(
        a,
        _("就赔偿数额启动行政调解（%(n)s）。") % {"n": mediation.number},
        on=received_on,
        actor=actor,
        kind=LogKind.HAND_OFF,
        from_agency=a.office,
        to_agency=organisation.agency,
    )
    return mediation
