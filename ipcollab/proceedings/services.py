"""Writes on proceedings (issue 6): filing court cases and recording CNIPA proceedings, their
handlers, stays, decisions and service, and telling the other side. Each function is one
transaction, audited, and answers bad input with a ServiceError and a stable code, writing nothing.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.principals import is_platform_admin
from ipcollab.identifiers import IdentifierError, parse_case_number
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency, AgencyLevel
from ipcollab.registry import services as register
from ipcollab.registry import status as legal
from ipcollab.rulebook.jurisdiction import appellate_court
from ipcollab.rulebook.registry import RuleError, period_rule_deadline

from . import causes, coordination, linking, outcomes, signals
from . import rules as access
from .models import (
    COURT_KINDS,
    OFFICE_KINDS,
    VALIDITY_KINDS,
    Assignment,
    AssignmentRole,
    Change,
    Document,
    DocumentKind,
    DrugLinkage,
    DrugType,
    EvaluationReport,
    Extension,
    Kind,
    Link,
    LinkKind,
    LinkStatus,
    PartyRole,
    Priority,
    PriorityRequest,
    Procedure,
    Proceeding,
    ProceedingParty,
    ProceedingRight,
    Relation,
    ReportStatus,
    ServiceMethod,
    ServiceRecord,
    Stage,
    Status,
    Stay,
    Track,
)
from .time_limits import retrial_rule

# Which stage of a court case may follow which relation to its previous instance.
_RELATION_OF_STAGE = {Stage.SECOND_INSTANCE: Relation.APPEAL, Stage.RETRIAL_REVIEW: Relation.RETRIAL_REVIEW, Stage.RETRIAL: Relation.RETRIAL}
_SUPPORTED_STAGES = (Stage.FIRST_INSTANCE, Stage.SECOND_INSTANCE, Stage.RETRIAL_REVIEW, Stage.RETRIAL, Stage.SPECIAL, Stage.OTHER)
_COURT_ROLES = {
    Stage.FIRST_INSTANCE: (PartyRole.PLAINTIFF, PartyRole.DEFENDANT, PartyRole.THIRD_PARTY, PartyRole.DEFENDANT_UNIT),
    Stage.SECOND_INSTANCE: (PartyRole.APPELLANT, PartyRole.APPELLEE, PartyRole.THIRD_PARTY, PartyRole.DEFENDANT_UNIT),
    Stage.RETRIAL_REVIEW: (PartyRole.PETITIONER, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY),
    Stage.RETRIAL: (PartyRole.PETITIONER, PartyRole.RESPONDENT, PartyRole.THIRD_PARTY),
}
_OFFICE_ROLES = (PartyRole.REQUESTER, PartyRole.OWNER, PartyRole.OPPONENT, PartyRole.THIRD_PARTY)
# Registry outcome of a CNIPA validity decision.
_REGISTER_OUTCOME = {
    "all_invalid": legal.ALL_INVALID,
    "partly_invalid": legal.PARTLY_INVALID,
    "upheld": legal.UPHELD,
    "mark_invalid": legal.ALL_INVALID,
    "mark_partly_invalid": legal.PARTLY_INVALID,
    "mark_maintained": legal.UPHELD,
    "withdrawn": legal.REQUEST_WITHDRAWN,
}
_SUIT_WINDOW_RULE = {"patent": "cnipa.patent_decision.suit_window", "trademark": "cnipa.trademark_decision.suit_window"}


def link_of(proceeding):
    return reverse("proceedings:detail", args=[proceeding.pk])


def snapshot(p):
    return {
        "number": p.number,
        "kind": p.kind,
        "stage": p.stage,
        "status": p.status,
        "judge": p.judge_id,
        "clerk": p.clerk_id,
        "closed_on": p.closed_on.isoformat() if p.closed_on else None,
        "disposition": p.disposition,
        "result": p.result,
        "decision_number": p.decision_number,
        "surviving_claims": list(p.surviving_claims or []),
        "fast_track": p.fast_track,
        "procedure": p.procedure,
        "time_limit_rule": p.time_limit_rule,
        "priority": p.priority,
        "source_version": p.source_version,
    }


def _changed(proceeding, what):
    Change.objects.create(proceeding=proceeding, what=what)


def _today():
    return timezone.localdate()


def _require(actor, perm):
    if not actor.has_perm(perm):
        raise PermissionDenied()


def _require_act(actor, proceeding):
    if not access.can_act(actor, proceeding):
        raise PermissionDenied(_("只有承办该程序的机构的人员可以办理。"))


def _locked(proceeding):
    return Proceeding.objects.select_for_update().get(pk=proceeding.pk)


def _check_date(value, name, fields, *, not_before=None, not_before_label=""):
    if not isinstance(value, datetime.date):
        fields[name] = [_("请填写有效日期。")]
        return
    if value > _today():
        fields[name] = [_("日期不能晚于今天。")]
    elif not_before is not None and value < not_before:
        fields[name] = [_("日期不能早于%(what)s（%(d)s）。") % {"what": not_before_label, "d": not_before.isoformat()}]


def check_claims(right, claims):
    """The claims asserted or challenged must be claims the patent has (1 … claim_count); a design
    patent and a trademark have none. Returns the sorted, de-duplicated list."""
    if claims in (None, ""):
        return []
    if not isinstance(claims, (list, tuple)) or any(not isinstance(c, int) or isinstance(c, bool) for c in claims):
        raise ServiceError(ErrorCode.CLAIMS_NOT_IN_RIGHT, _("权利要求须为正整数编号的列表。"), fields={"claims": [_("权利要求须为正整数编号的列表。")]})
    claims = sorted(set(claims))
    if not claims:
        return []
    if right.kind != "patent" or right.patent_kind == "design":
        message = _("%(number)s 没有权利要求（外观设计专利和商标不按权利要求确定保护范围）。") % {"number": right.number}
        raise ServiceError(ErrorCode.CLAIMS_NOT_IN_RIGHT, message, fields={"claims": [message]})
    bad = [c for c in claims if c < 1 or (right.claim_count is not None and c > right.claim_count)]
    if bad:
        message = _("专利 %(number)s 共有 %(n)s 项权利要求，没有第 %(bad)s 项。") % {
            "number": right.number,
            "n": right.claim_count if right.claim_count is not None else "?",
            "bad": "、".join(str(c) for c in bad),
        }
        raise ServiceError(ErrorCode.CLAIMS_NOT_IN_RIGHT, message, fields={"claims": [message]})
    return claims


def _add_parties(parties, allowed_roles, fields):
    rows = []
    seen = set()
    for i, item in enumerate(parties or ()):
        party, role = item.get("party"), item.get("role")
        if party is None:
            fields.setdefault("parties", []).append(_("第%(n)s个当事人不存在。") % {"n": i + 1})
            continue
        if party.merged_into_id:
            fields.setdefault("parties", []).append(_("“%(name)s”已合并至其他当事人，请选用合并后的当事人。") % {"name": party.name})
            continue
        if role not in allowed_roles:
            fields.setdefault("parties", []).append(_("“%(name)s”的诉讼地位不适用于此类程序。") % {"name": party.name})
            continue
        if (party.pk, role) in seen:
            continue
        seen.add((party.pk, role))
        rows.append((party, role, list(item.get("representatives") or ())))
    if not rows and "parties" not in fields:
        fields["parties"] = [_("至少需要一名当事人。")]
    return rows


def _write_parties(proceeding, rows):
    for order, (party, role, reps) in enumerate(rows):
        pp = ProceedingParty.objects.create(proceeding=proceeding, party=party, role=role, order=order)
        if reps:
            pp.representatives.set(reps)


def sync_party_dates(proceeding):
    """A proceeding's filing date changed (a newer pushed version): the copies on its party rows
    follow (``ProceedingParty.filed_on``)."""
    ProceedingParty.objects.filter(proceeding=proceeding).exclude(filed_on=proceeding.filed_on).update(filed_on=proceeding.filed_on)


def _write_rights(proceeding, rights):
    ProceedingRight.objects.bulk_create([ProceedingRight(proceeding=proceeding, right=r, claims=c) for r, c in rights])


def _checked_rights(rights, fields):
    out, seen = [], set()
    for item in rights or ():
        right = item.get("right")
        if right is None:
            fields.setdefault("rights", []).append(_("权利不存在。"))
            continue
        if right.pk in seen:
            continue
        seen.add(right.pk)
        out.append((right, check_claims(right, item.get("claims"))))
    return out


def _court_officer(user, court, roles):
    return user is not None and user.kind == "staff" and user.agency_id == court.pk and user.has_role(*roles)


def time_limit_rule(kind, stage, previous=None, procedure=""):
    """The 审限 rule of a case. A civil or administrative retrial is tried under the procedure of the
    instance whose judgment it reopens (CPL 2023 art 218): the first-instance rule when that was a
    first instance, the appeal rule when it was an appeal, none while the reopened case is unknown."""
    if kind == Kind.CIVIL and stage == Stage.FIRST_INSTANCE:
        if procedure == Procedure.SIMPLIFIED:
            return "trial.time_limit.civil_simplified"
        return "trial.time_limit.civil_first_instance"
    if stage == Stage.RETRIAL and kind in (Kind.CIVIL, Kind.ADMINISTRATIVE):
        return retrial_rule(kind, previous.stage) if previous is not None else ""
    if kind == Kind.CRIMINAL and stage == Stage.RETRIAL:
        return "trial.time_limit.criminal_retrial"
    if kind == Kind.ADMINISTRATIVE and stage == Stage.RETRIAL_REVIEW:
        return "trial.time_limit.admin_retrial_review"
    if kind == Kind.CIVIL and stage == Stage.SECOND_INSTANCE:
        ruling = previous is not None and previous.disposition == outcomes.RULING
        return "trial.time_limit.civil_appeal_ruling" if ruling else "trial.time_limit.civil_appeal_judgment"
    if kind == Kind.ADMINISTRATIVE and stage == Stage.FIRST_INSTANCE:
        return "trial.time_limit.admin_first_instance"
    if kind == Kind.ADMINISTRATIVE and stage == Stage.SECOND_INSTANCE:
        return "trial.time_limit.admin_appeal"
    if kind == Kind.CIVIL and stage == Stage.RETRIAL_REVIEW:
        return "trial.time_limit.civil_retrial_review"
    if kind == Kind.CRIMINAL and stage == Stage.FIRST_INSTANCE:
        return "trial.time_limit.criminal_first_instance"
    if kind == Kind.CRIMINAL and stage == Stage.SECOND_INSTANCE:
        return "trial.time_limit.criminal_appeal"
    return ""


def _drug_linkage(data, filed_on, fields):
    """Check the linkage facts: filed within 45 days of CDE's publication; the 9-month waiting
    period (chemical generics only) from acceptance. Returns the unsaved DrugLinkage or None."""
    if not data:
        return None
    published_on = data.get("published_on")
    drug_type = data.get("drug_type")
    declaration = data.get("declaration")
    local = {}
    if not isinstance(published_on, datetime.date):
        local["drug_linkage.published_on"] = [_("请填写药审中心公开日期。")]
    if drug_type not in DrugType.values:
        local["drug_linkage.drug_type"] = [_("药品类型须为化学仿制药、中药同名同方药或生物类似药。")]
    if declaration not in ("4.1", "4.2"):
        local["drug_linkage.declaration"] = [_("声明类型须为4.1类或4.2类。")]
    if not (data.get("drug_name") or "").strip() or not (data.get("application_number") or "").strip():
        local["drug_linkage.drug_name"] = [_("请填写药品名称和仿制药上市许可申请受理号。")]
    if local:
        fields.update(local)
        return None
    try:
        window_ends = period_rule_deadline("drug_linkage.patentee_suit_window", published_on)
        waiting_ends = period_rule_deadline("drug_linkage.waiting_period", filed_on) if drug_type == DrugType.CHEMICAL else None
    except (RuleError, ServiceError) as exc:
        fields["drug_linkage.published_on"] = [str(exc)]
        return None
    if isinstance(filed_on, datetime.date) and filed_on > window_ends:
        message = _("药品专利链接纠纷须自药审中心公开之日（%(p)s）起45日内提起，即不晚于%(e)s；本案%(f)s立案/受理，不适用早期解决机制。") % {
            "p": published_on.isoformat(),
            "e": window_ends.isoformat(),
            "f": filed_on.isoformat(),
        }
        raise ServiceError(ErrorCode.DRUG_LINKAGE_LATE, message, fields={"filed_on": [message]})
    return DrugLinkage(
        drug_name=data["drug_name"].strip()[:200],
        application_number=data["application_number"].strip()[:40],
        drug_type=drug_type,
        declaration=declaration,
        published_on=published_on,
        window_ends=window_ends,
        waiting_ends=waiting_ends,
    )


# --- court cases ---------------------------------------------------------------------------------


def parse_court_case_number(number):
    """(CaseNumber, court Agency) or ServiceError case_number_invalid / case_type_unsupported."""
    try:
        parsed = parse_case_number(number)
    except IdentifierError as exc:
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, str(exc), fields={"number": [str(exc)]}) from exc
    court = Agency.objects.filter(kind="court", court_code=parsed.court_code).first()
    if court is None:
        message = _("平台中没有法院代字为“%(code)s”的法院。") % {"code": parsed.court_code}
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, message, fields={"number": [message]})
    if parsed.kind not in COURT_KINDS or parsed.stage not in _SUPPORTED_STAGES:
        message = _("“%(type)s”类案件不在本模块登记（保全、执行案件由司法查控模块办理）。") % {"type": parsed.type_code}
        raise ServiceError(ErrorCode.CASE_TYPE_UNSUPPORTED, message, fields={"number": [message]})
    return parsed, court


def file_case(
    *,
    actor,
    number,
    cause,
    filed_on,
    parties,
    rights=(),
    judge=None,
    clerk=None,
    title="",
    previous=None,
    reviewed=None,
    complaint_served_on=None,
    foreign_defendant=False,
    drug_linkage=None,
    source="manual",
    source_id="",
    source_version=0,
    procedure="",
):
    """File a court case. `parties`: [{"party", "role", "representatives"}]; `rights`: [{"right",
    "claims"}]; `previous`: the proceeding of the previous instance (appeal, retrial); `reviewed`:
    the CNIPA proceeding an administrative suit is about; `procedure`: "simplified" for a civil
    first-instance case of a basic court tried under the simplified procedure (简易程序)."""
    _require(actor, "proceedings.file_case")
    parsed, court = parse_court_case_number(number)
    if not is_platform_admin(actor) and actor.agency_id != court.pk:
        raise PermissionDenied(_("只能登记本院的案件。"))
    check_procedure(procedure, parsed.kind, parsed.stage, court)
    fields = {}
    c = causes.cause(cause)
    if c is None or c.kind != parsed.kind:
        message = _("案由与案号的案件类型（%(kind)s）不符。") % {"kind": Kind(parsed.kind).label}
        raise ServiceError(ErrorCode.CAUSE_MISMATCH, message, fields={"cause": [message]})
    _check_date(filed_on, "filed_on", fields)
    if isinstance(filed_on, datetime.date) and filed_on.year != parsed.year:
        fields["filed_on"] = [_("立案日期须在案号的收案年度（%(y)s年）内。") % {"y": parsed.year}]
    if complaint_served_on is not None:
        _check_date(
            complaint_served_on,
            "complaint_served_on",
            fields,
            not_before=filed_on if isinstance(filed_on, datetime.date) else None,
            not_before_label=_("立案日期"),
        )
    for user, name, roles in ((judge, "judge", ("judge",)), (clerk, "clerk", ("clerk",))):
        if user is not None and not _court_officer(user, court, roles):
            fields[name] = [_("须为本院的法官（书记员）。")]
    relation = _RELATION_OF_STAGE.get(parsed.stage, "")
    # Decide on the records as they are now, not as the caller read them.
    previous = Proceeding.objects.select_related("agency").get(pk=previous.pk) if previous is not None else None
    reviewed = Proceeding.objects.get(pk=reviewed.pk) if reviewed is not None else None
    if previous is not None:
        if previous.track != Track.COURT or not relation:
            fields["previous"] = [_("只有二审、再审审查和再审案件才有前审案件，前审须为法院案件。")]
        elif previous.status != Status.CLOSED or (isinstance(filed_on, datetime.date) and previous.closed_on and previous.closed_on > filed_on):
            message = _("前审案件 %(n)s 尚未审结，不能登记其上诉或再审案件。") % {"n": previous.number}
            raise ServiceError(ErrorCode.PREVIOUS_INSTANCE_PENDING, message, fields={"previous": [message]}, status=409)
    if reviewed is not None:
        if parsed.kind != Kind.ADMINISTRATIVE or reviewed.track != Track.OFFICE:
            fields["reviewed"] = [_("只有行政案件可以关联被诉的国家知识产权局决定。")]
        elif reviewed.status != Status.CLOSED or not reviewed.result:
            message = _("%(n)s 尚未作出决定，不能对其提起行政诉讼。") % {"n": reviewed.number}
            raise ServiceError(ErrorCode.DECISION_NOT_REVIEWABLE, message, fields={"reviewed": [message]})
    roles = _COURT_ROLES.get(parsed.stage, _COURT_ROLES[Stage.FIRST_INSTANCE] + _COURT_ROLES[Stage.SECOND_INSTANCE])
    party_rows = _add_parties(parties, roles, fields)
    right_rows = _checked_rights(rights, fields)
    linkage = _drug_linkage(drug_linkage, filed_on, fields) if cause == "drug_patent_scope" or drug_linkage else None
    if cause == "drug_patent_scope" and not drug_linkage:
        fields["drug_linkage"] = [_("药品专利链接纠纷须填写药品与声明信息。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    if Proceeding.objects.filter(track=Track.COURT, number=parsed.normalized).exists():
        raise ServiceError(
            ErrorCode.PROCEEDING_DUPLICATE, _("案号 %(n)s 已登记。") % {"n": parsed.normalized}, fields={"number": [_("该案号已登记。")]}, status=409
        )
    expected = None
    if previous is not None:
        try:
            expected = appellate_court(previous.agency, c.category, filed_on).court
        except (RuleError, ServiceError):
            expected = None
    with transaction.atomic():
        case = Proceeding.objects.create(
            track=Track.COURT,
            kind=parsed.kind,
            stage=parsed.stage,
            number=parsed.normalized,
            agency=court,
            year=parsed.year,
            court_code=parsed.court_code,
            type_code=parsed.type_code,
            sequence=parsed.sequence,
            specialized=bool(parsed.specialized),
            cause=cause,
            category=c.category,
            title=(title or "").strip()[:300],
            filed_on=filed_on,
            judge=judge,
            clerk=clerk,
            previous=previous,
            relation=relation if previous is not None else "",
            reviewed=reviewed,
            expected_court=expected,
            time_limit_rule=time_limit_rule(parsed.kind, parsed.stage, previous, procedure or ""),
            procedure=procedure or "",
            complaint_served_on=complaint_served_on,
            foreign_defendant=bool(foreign_defendant),
            source=source or "manual",
            source_id=source_id or "",
            source_version=source_version or 0,
            linked_at=None,  # linked below: suggestions by party, cases waiting for this one
            created_by=actor if actor.is_authenticated else None,
        )
        _write_parties(case, party_rows)
        _write_rights(case, right_rows)
        if linkage is not None:
            linkage.proceeding = case
            linkage.save()
        for user, role in ((judge, AssignmentRole.JUDGE), (clerk, AssignmentRole.CLERK)):
            if user is not None:
                Assignment.objects.create(proceeding=case, role=role, user=user, assigned_by=actor, reason=_("立案分配"))
        _changed(case, "filed")
        linking.link_pending(ids=[case.pk])
        record(actor=actor, action="proceedings.case.file", obj=case, agency=court, after=snapshot(case))
        signals.send(case, signals.NEW_PROCEEDING, actor=actor)
        if previous is not None:
            signals.send(previous, signals.APPEAL, actor=actor, next=case.pk, number=case.number, relation=case.relation)
    return case


def assign(*, actor, proceeding, role, user, delegated=False, reason=""):
    """Assign (or reassign, or delegate) the judge, clerk or CNIPA handler of a proceeding."""
    _require_act(actor, proceeding)
    if role not in AssignmentRole.values:
        raise ServiceError(ErrorCode.INVALID, fields={"role": [_("职责须为承办法官、书记员或审查员。")]})
    wanted = {"judge": ("judge",), "clerk": ("clerk",), "handler": ("examiner", "case_handler")}[role]
    track_ok = (role == "handler") == (proceeding.track == Track.OFFICE)
    if user is None or not track_ok or user.kind != "staff" or not user.is_active or user.agency_id != proceeding.agency_id or not user.has_role(*wanted):
        raise ServiceError(ErrorCode.INVALID, fields={"user": [_("须为承办机构中具有相应职责的在职人员。")]})
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请说明指派、变更或委托的原因。")]})
    with transaction.atomic():
        p = _locked(proceeding)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("程序已结束，不能再变更承办人。"), status=409)
        before = snapshot(p)
        field = "clerk" if role == "clerk" else "judge"
        setattr(p, field, user)
        p.save(update_fields=[field, "updated_at"])
        Assignment.objects.create(proceeding=p, role=role, user=user, delegated=bool(delegated), reason=reason[:300], assigned_by=actor)
        _changed(p, "assigned")
        record(actor=actor, action="proceedings.assign", obj=p, agency=p.agency, before=before, after=snapshot(p), reason=reason)
        signals.send(p, signals.STATUS_CHANGE, actor=actor, change="assigned", role=role, user=user.pk)
    return p


def extend_time_limit(*, actor, case, amount, unit, approved_on, approved_by, reason):
    _require_act(actor, case)
    fields = {}
    if unit not in ("days", "months"):
        fields["unit"] = [_("单位须为日或月。")]
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= 366:
        fields["amount"] = [_("延长期限须为正整数。")]
    _check_date(approved_on, "approved_on", fields, not_before=case.filed_on, not_before_label=_("立案日期"))
    if not (approved_by or "").strip():
        fields["approved_by"] = [_("请填写批准人（如本院院长、上级法院）。")]
    if not (reason or "").strip():
        fields["reason"] = [_("请填写延长理由。")]
    if not case.time_limit_rule:
        fields["unit"] = [_("该类案件的审限未纳入计算。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(case)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件已审结，不能延长审限。"), status=409)
        ext = Extension.objects.create(
            proceeding=p,
            amount=amount,
            unit=unit,
            approved_on=approved_on,
            approved_by=approved_by.strip()[:100],
            reason=reason.strip()[:300],
            recorded_by=actor,
        )
        _changed(p, "extended")
        record(
            actor=actor,
            action="proceedings.extend",
            obj=p,
            agency=p.agency,
            after={"amount": amount, "unit": unit, "approved_on": approved_on.isoformat(), "extension": ext.pk},
        )
    return ext


def _asserted_claims_invalidated(case, right):
    """Did a CNIPA decision declare invalid every claim asserted in `case` on `right`?"""
    asserted = next((set(pr.claims or ()) for pr in case.rights.all() if pr.right_id == right.pk), set())
    decisions = Proceeding.objects.filter(
        rights__right=right, kind__in=VALIDITY_KINDS, status=Status.CLOSED, result__in=sorted(outcomes.INVALIDATING_RESULTS)
    ).order_by("-closed_on", "-id")
    for d in decisions:
        if d.result in ("all_invalid", "mark_invalid"):
            return True
        if asserted and not asserted & set(d.surviving_claims or ()):
            return True
    return False


def guidance_for(case, *, basis=None, grounds=()):
    """The stay guidance (reference §7) for `case`, with the invalidation request `basis` (default:
    the latest pending invalidation of the case's patent requested by a defendant), or None when
    the case is not a patent infringement suit."""
    c = causes.cause(case.cause)
    if c is None or not c.infringement or c.right_kind != "patent" or case.track != Track.COURT:
        return None
    pr = next((pr for pr in case.rights.all() if pr.right.kind == "patent"), None)
    if pr is None:
        return None
    right = pr.right
    patent_kind = right.patent_kind or c.patent_kind
    if basis is None:
        defendants = [pp.party_id for pp in case.parties.all() if pp.role in (PartyRole.DEFENDANT, PartyRole.APPELLANT, PartyRole.APPELLEE)]
        basis = (
            Proceeding.objects.filter(kind=Kind.PATENT_INVALIDATION, rights__right=right, parties__party_id__in=defendants, parties__role=PartyRole.REQUESTER)
            .order_by("-filed_on", "-id")
            .first()
        )
    upheld = Proceeding.objects.filter(kind=Kind.PATENT_INVALIDATION, rights__right=right, status=Status.CLOSED, result="upheld").exists()
    invalidated = _asserted_claims_invalidated(case, right)
    return coordination.stay_guidance(
        patent_kind=patent_kind,
        requested_on=basis.filed_on if basis is not None and basis.status != Status.CLOSED else None,
        complaint_served_on=case.complaint_served_on,
        foreign_defendant=case.foreign_defendant,
        upheld_by_cnipa=upheld and not invalidated,
        asserted_claims_invalidated=invalidated,
        grounds=grounds,
    ), basis


def record_stay(*, actor, case, started_on, reason, basis=None):
    """Stay (中止) a pending court case: its 审限 pauses from `started_on`. The guidance the judge
    saw is kept with the stay (outcome and the rule cited)."""
    _require_act(actor, case)
    if case.track != Track.COURT:
        raise ServiceError(ErrorCode.INVALID, fields={"case": [_("只有法院案件可以中止。")]})
    if case.status == Status.CLOSED:
        raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件 %(n)s 已审结，不能中止。") % {"n": case.number}, status=409)
    fields = {}
    _check_date(started_on, "started_on", fields, not_before=case.filed_on, not_before_label=_("立案日期"))
    reason = (reason or "").strip()
    if not reason:
        fields["reason"] = [_("请填写中止理由。")]
    if basis is not None and basis.track != Track.OFFICE:
        fields["basis"] = [_("中止所依据的程序须为国家知识产权局的程序。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(case)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件 %(n)s 已审结，不能中止。") % {"n": p.number}, status=409)
        if p.status == Status.STAYED or Stay.objects.filter(proceeding=p, ended_on__isnull=True).exists():
            raise ServiceError(ErrorCode.STAY_ALREADY_OPEN, _("案件已中止。"), status=409)
        last = Stay.objects.filter(proceeding=p).order_by("-ended_on").values_list("ended_on", flat=True).first()
        if last is not None and started_on < last:
            raise ServiceError(ErrorCode.INVALID, fields={"started_on": [_("中止日期不能早于上一次恢复审理的日期（%(d)s）。") % {"d": last.isoformat()}]})
        cited = guidance_for(p, basis=basis)
        guidance, rule = "", None
        if cited is not None:
            cited_guidance, _basis = cited
            guidance, rule = cited_guidance.guidance.outcome, cited_guidance.rule
        before = snapshot(p)
        stay = Stay.objects.create(
            proceeding=p,
            started_on=started_on,
            reason=reason[:300],
            basis=basis,
            guidance=guidance,
            rule_code=rule.code if rule is not None else "",
            rule_citation=f"{rule.legal_basis}{rule.article}（{rule.version_label}）"[:200] if rule is not None else "",
            decided_by=actor,
        )
        p.status = Status.STAYED
        p.save(update_fields=["status", "updated_at"])
        _changed(p, "stayed")
        record(
            actor=actor,
            action="proceedings.stay",
            obj=p,
            agency=p.agency,
            before=before,
            after=snapshot(p) | {"stay": stay.pk, "started_on": started_on.isoformat(), "guidance": guidance},
            reason=reason,
        )
        signals.send(p, signals.STAY, actor=actor, stayed=True, started_on=started_on.isoformat())
    return stay


def lift_stay(*, actor, case, ended_on):
    """Resume a stayed case on `ended_on`: the 审限 runs again from that day."""
    _require_act(actor, case)
    with transaction.atomic():
        p = _locked(case)
        stay = Stay.objects.filter(proceeding=p, ended_on__isnull=True).first()
        if stay is None:
            raise ServiceError(ErrorCode.STAY_NOT_OPEN, _("案件未处于中止状态。"), status=409)
        fields = {}
        _check_date(ended_on, "ended_on", fields, not_before=stay.started_on, not_before_label=_("中止日期"))
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        before = snapshot(p)
        stay.ended_on = ended_on
        stay.save(update_fields=["ended_on"])
        p.status = Status.PENDING
        p.save(update_fields=["status", "updated_at"])
        _changed(p, "resumed")
        record(
            actor=actor,
            action="proceedings.resume",
            obj=p,
            agency=p.agency,
            before=before,
            after=snapshot(p) | {"stay": stay.pk, "ended_on": ended_on.isoformat()},
        )
        signals.send(p, signals.STAY, actor=actor, stayed=False, ended_on=ended_on.isoformat())
    return stay


def close_case(*, actor, case, result, closed_on, disposition=None, decision_number=""):
    """Close a court case with its result; an open stay ends on the closing day. When the case is
    an administrative suit about a CNIPA decision, the CNIPA handler of that decision is told."""
    _require_act(actor, case)
    if case.track != Track.COURT:
        raise ServiceError(ErrorCode.INVALID, fields={"case": [_("国家知识产权局的程序以决定结束。")]})
    allowed = outcomes.court_results(case.kind, case.stage, about_decision=case.reviewed_id is not None, drug_linkage=case.cause == "drug_patent_scope")
    if result not in allowed:
        message = _("“%(r)s”不是此类案件的结案结果。") % {"r": outcomes.label(result)}
        raise ServiceError(ErrorCode.RESULT_NOT_ALLOWED, message, fields={"result": [message]})
    dispositions = outcomes.court_dispositions(result)
    disposition = disposition or dispositions[0]
    if disposition not in dispositions or (disposition == outcomes.MEDIATION and case.kind != Kind.CIVIL):
        message = _("结案方式与结果不符。")
        raise ServiceError(ErrorCode.RESULT_NOT_ALLOWED, message, fields={"disposition": [message]})
    fields = {}
    _check_date(closed_on, "closed_on", fields, not_before=case.filed_on, not_before_label=_("立案日期"))
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(case)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件已审结。"), status=409)
        open_stay = Stay.objects.filter(proceeding=p, ended_on__isnull=True).first()
        if open_stay is not None:
            if closed_on < open_stay.started_on:
                raise ServiceError(ErrorCode.INVALID, fields={"closed_on": [_("结案日期不能早于中止日期。")]})
            open_stay.ended_on = closed_on
            open_stay.save(update_fields=["ended_on"])
        before = snapshot(p)
        p.status, p.closed_on, p.result, p.disposition = Status.CLOSED, closed_on, result, disposition
        p.decision_number = (decision_number or "").strip()[:60] or p.number
        p.save(update_fields=["status", "closed_on", "result", "disposition", "decision_number", "updated_at"])
        Document.objects.create(
            proceeding=p,
            kind={outcomes.JUDGMENT: DocumentKind.JUDGMENT, outcomes.MEDIATION: DocumentKind.MEDIATION}.get(disposition, DocumentKind.RULING),
            title=f"{p.number} {outcomes.DISPOSITIONS[disposition]}",
            number=p.decision_number,
            issued_on=closed_on,
            created_by=actor if actor.is_authenticated else None,
        )
        _changed(p, "closed")
        record(actor=actor, action="proceedings.case.close", obj=p, agency=p.agency, before=before, after=snapshot(p))
        signals.send(p, signals.DECISION, actor=actor, result=result, disposition=disposition)
        if p.reviewed_id:
            tell_office_of_court_decision(p)
    return p


def tell_office_of_court_decision(case):
    """Tell the CNIPA handler of the decision an administrative suit was about how the court
    decided it (the services and the push both call this once a case closes)."""
    decision = case.reviewed
    recipients = [u for u in (decision.judge,) if u is not None and u.is_active]
    title = _("法院对%(d)s作出裁判：%(r)s") % {"d": decision.decision_number or decision.number, "r": outcomes.label(case.result)}
    body = _("%(court)s %(case)s（%(stage)s）于%(on)s结案：%(r)s。") % {
        "court": case.agency.name,
        "case": case.number,
        "stage": Stage(case.stage).label,
        "on": case.closed_on.isoformat(),
        "r": outcomes.label(case.result),
    }
    for user in recipients:
        notify(
            recipient=user,
            code="proceedings.court_decided",
            title=title,
            body=body,
            link=link_of(case),
            dedupe_key=f"proceedings.court_decided:{case.pk}:{user.pk}",
        )


def check_procedure(procedure, kind, stage, court):
    """The simplified procedure is for civil first-instance cases of a basic court (CPL 2023 art 160)."""
    procedure = procedure or ""
    if procedure not in Procedure.values:
        raise ServiceError(ErrorCode.INVALID, fields={"procedure": [_("未知的审理程序。")]})
    if procedure == Procedure.SIMPLIFIED and not (kind == Kind.CIVIL and stage == Stage.FIRST_INSTANCE and court.level == AgencyLevel.COUNTY):
        message = _("简易程序只适用于基层人民法院审理的第一审民事案件。")
        raise ServiceError(ErrorCode.PROCEDURE_NOT_AVAILABLE, message, fields={"procedure": [message]})


def convert_to_ordinary(*, actor, case, converted_on, reason):
    """A simplified-procedure case converted to the ordinary procedure (简易程序转为普通程序): its 审限
    becomes the ordinary one, counted from the filing date as before (CPL interpretation art 258, [R])."""
    _require_act(actor, case)
    fields = {}
    _check_date(converted_on, "converted_on", fields, not_before=case.filed_on, not_before_label=_("立案日期"))
    if isinstance(converted_on, datetime.date) and converted_on > timezone.localdate():
        fields["converted_on"] = [_("日期不能晚于今天。")]
    if not (reason or "").strip():
        fields["reason"] = [_("请填写转为普通程序的理由。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(case)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件已审结。"), status=409)
        if p.procedure != Procedure.SIMPLIFIED:
            message = _("该案件未适用简易程序。")
            raise ServiceError(ErrorCode.PROCEDURE_NOT_AVAILABLE, message, fields={"procedure": [message]}, status=409)
        before = snapshot(p)
        p.procedure, p.procedure_converted_on = Procedure.ORDINARY, converted_on
        p.time_limit_rule = time_limit_rule(p.kind, p.stage, p.previous, p.procedure)
        p.save(update_fields=["procedure", "procedure_converted_on", "time_limit_rule", "updated_at"])
        _changed(p, "procedure")
        record(actor=actor, action="proceedings.convert_to_ordinary", obj=p, agency=p.agency, before=before, after=snapshot(p), reason=reason.strip())
        signals.send(p, signals.STATUS_CHANGE, actor=actor, change="procedure", procedure="ordinary")
    return p


def mark_fast_track(*, actor, case, fast_track=True, reason=""):
    """Mark an administrative suit tied to a major infringement dispute for fast handling (快速办理)."""
    _require(actor, "proceedings.fast_track")
    if not is_platform_admin(actor) and actor.agency_id != case.agency_id:
        raise PermissionDenied(_("只能标记本院的案件。"))
    if case.kind != Kind.ADMINISTRATIVE:
        raise ServiceError(ErrorCode.INVALID, fields={"case": [_("快速办理适用于与重大侵权纠纷相关的行政案件。")]})
    reason = (reason or "").strip()
    if fast_track and not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请说明关联的重大侵权纠纷。")]})
    with transaction.atomic():
        p = _locked(case)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件已审结。"), status=409)
        before = snapshot(p)
        p.fast_track, p.fast_track_reason = bool(fast_track), reason[:300] if fast_track else ""
        p.save(update_fields=["fast_track", "fast_track_reason", "updated_at"])
        _changed(p, "fast_track")
        record(actor=actor, action="proceedings.fast_track", obj=p, agency=p.agency, before=before, after=snapshot(p), reason=reason)
        signals.send(p, signals.STATUS_CHANGE, actor=actor, change="fast_track", fast_track=p.fast_track)
    return p


# --- CNIPA proceedings ---------------------------------------------------------------------------


def record_office_proceeding(
    *,
    actor,
    kind,
    number,
    right,
    filed_on,
    parties,
    grounds=(),
    evidence=(),
    claims=(),
    handler=None,
    drug_linkage=None,
    source="manual",
    source_id="",
    source_version=0,
):
    """Record a CNIPA proceeding (invalidation, reexamination, trademark opposition or review,
    drug-linkage ruling) on `right`."""
    _require(actor, "proceedings.record_office")
    agency = actor.agency if actor.agency_id else None
    fields = {}
    if kind not in OFFICE_KINDS:
        raise ServiceError(ErrorCode.INVALID, fields={"kind": [_("不是国家知识产权局的程序种类。")]})
    # Stored as the linking engine looks numbers up (NFKC, no spaces, upper case).
    number = linking.office_number_key(number) or ""
    if not number or len(number) > 60:
        fields["number"] = [_("请填写案件编号（不超过60个字符）。")]
    if agency is None or agency.kind != "ip_office":
        fields["agency"] = [_("须由知识产权局的人员或系统登记。")]
    want_kind = "trademark" if kind.startswith("tm_") else "patent"
    if right is None or right.kind != want_kind:
        fields["right"] = [_("%(kind)s须针对%(what)s。") % {"kind": Kind(kind).label, "what": _("商标") if want_kind == "trademark" else _("专利")}]
    _check_date(filed_on, "filed_on", fields)
    grounds = [str(g).strip()[:200] for g in (grounds or ()) if str(g).strip()]
    evidence = [str(e).strip()[:300] for e in (evidence or ()) if str(e).strip()]
    if kind in (Kind.PATENT_INVALIDATION, Kind.TM_INVALIDATION, Kind.TM_OPPOSITION) and not grounds:
        fields["grounds"] = [_("请填写请求的理由。")]
    if handler is not None and (handler.agency_id != getattr(agency, "pk", None) or not handler.has_role("examiner", "case_handler")):
        fields["handler"] = [_("审查员须为本局在职的审查员。")]
    party_rows = _add_parties(parties, _OFFICE_ROLES, fields)
    claim_list = check_claims(right, claims) if right is not None and not fields.get("right") else []
    linkage = _drug_linkage(drug_linkage, filed_on, fields) if kind == Kind.DRUG_LINKAGE_RULING else None
    if kind == Kind.DRUG_LINKAGE_RULING and not drug_linkage:
        fields["drug_linkage"] = [_("药品专利纠纷行政裁决须填写药品与声明信息。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    if Proceeding.objects.filter(track=Track.OFFICE, number=number).exists():
        raise ServiceError(
            ErrorCode.PROCEEDING_DUPLICATE, _("案件编号 %(n)s 已登记。") % {"n": number}, fields={"number": [_("该案件编号已登记。")]}, status=409
        )
    with transaction.atomic():
        p = Proceeding.objects.create(
            track=Track.OFFICE,
            kind=kind,
            stage=Stage.OFFICE,
            number=number,
            agency=agency,
            category="admin_cnipa_trademark" if want_kind == "trademark" else "admin_cnipa_patent",
            grounds=grounds,
            evidence=evidence,
            filed_on=filed_on,
            judge=handler,
            source=source or "manual",
            source_id=source_id or "",
            source_version=source_version or 0,
            linked_at=None,  # linked below: suggestions by party, cases waiting for this one
            created_by=actor if actor.is_authenticated else None,
        )
        _write_parties(p, party_rows)
        _write_rights(p, [(right, claim_list)])
        if linkage is not None:
            linkage.proceeding = p
            linkage.save()
        if handler is not None:
            Assignment.objects.create(proceeding=p, role=AssignmentRole.HANDLER, user=handler, assigned_by=actor, reason=_("受理分配"))
        if kind in (Kind.PATENT_INVALIDATION, Kind.TM_INVALIDATION):
            register.record_event(actor, right, legal.INVALIDATION_REQUESTED, filed_on, {"proceeding": p.number}, authorized_by_module=True)
        _changed(p, "filed")
        linking.link_pending(ids=[p.pk])
        record(actor=actor, action="proceedings.office.record", obj=p, agency=agency, after=snapshot(p) | {"right": right.pk, "grounds": grounds})
        signals.send(p, signals.NEW_PROCEEDING, actor=actor)
    return p


def decide(*, actor, proceeding, result, decided_on, decision_number, surviving_claims=()):
    """Record CNIPA's decision. A validity decision updates the right's legal status and tells at
    once every court with a pending suit on that right (judge and clerk), with the surviving claims."""
    _require_act(actor, proceeding)
    if proceeding.track != Track.OFFICE:
        raise ServiceError(ErrorCode.INVALID, fields={"proceeding": [_("法院案件以结案登记结束。")]})
    allowed = outcomes.OFFICE_RESULTS.get(proceeding.kind, ())
    if result not in allowed:
        message = _("“%(r)s”不是%(k)s的决定结果。") % {"r": outcomes.label(result), "k": Kind(proceeding.kind).label}
        raise ServiceError(ErrorCode.RESULT_NOT_ALLOWED, message, fields={"result": [message]})
    fields = {}
    _check_date(decided_on, "decided_on", fields, not_before=proceeding.filed_on, not_before_label=_("受理日期"))
    decision_number = (decision_number or "").strip()
    if result != "withdrawn" and not decision_number:
        fields["decision_number"] = [_("请填写决定号。")]
    pr = proceeding.rights.select_related("right").first()
    right = pr.right if pr else None
    survivors = []
    if result in outcomes.PARTIAL_RESULTS:
        survivors = check_claims(right, surviving_claims) if right is not None else []
        if not survivors:
            fields["surviving_claims"] = [_("部分无效须列明维持有效的权利要求。")]
        elif right is not None and right.claim_count is not None and len(survivors) >= right.claim_count:
            fields["surviving_claims"] = [_("维持全部权利要求有效应选择“维持专利权有效”。")]
    elif surviving_claims:
        fields["surviving_claims"] = [_("只有部分无效的决定才列明维持有效的权利要求。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(proceeding)
        if p.status == Status.CLOSED:
            raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("%(n)s 已作出决定。") % {"n": p.number}, status=409)
        before = snapshot(p)
        p.status, p.closed_on, p.result = Status.CLOSED, decided_on, result
        p.disposition = outcomes.WITHDRAWAL if result == "withdrawn" else outcomes.DECISION
        p.decision_number = decision_number[:60]
        p.surviving_claims = survivors
        p.save(update_fields=["status", "closed_on", "result", "disposition", "decision_number", "surviving_claims", "updated_at"])
        if result != "withdrawn":
            Document.objects.create(
                proceeding=p,
                kind=DocumentKind.DECISION,
                title=_("审查决定书"),
                number=p.decision_number,
                issued_on=decided_on,
                created_by=actor if actor.is_authenticated else None,
            )
        outcome = _REGISTER_OUTCOME.get(result)
        if right is not None and outcome is not None and p.kind in (Kind.PATENT_INVALIDATION, Kind.TM_INVALIDATION):
            register.record_event(
                actor,
                right,
                legal.INVALIDATION_DECIDED,
                decided_on,
                {"proceeding": p.number, "decision_number": p.decision_number, "surviving_claims": survivors},
                outcome=outcome,
                authorized_by_module=True,
            )
        _changed(p, "decided")
        record(actor=actor, action="proceedings.office.decide", obj=p, agency=p.agency, before=before, after=snapshot(p))
        signals.send(p, signals.DECISION, actor=actor, result=result, surviving_claims=survivors)
        if right is not None and p.kind in VALIDITY_KINDS and result != "withdrawn":
            _tell_courts_of_decision(p, right)
    return p


def pending_suits(right):
    return (
        Proceeding.objects.filter(track=Track.COURT, rights__right=right, status__in=(Status.PENDING, Status.STAYED))
        .select_related("judge", "clerk", "agency")
        .distinct()
    )


def _tell_courts_of_decision(decision, right):
    survivors = "、".join(str(c) for c in decision.surviving_claims) or "—"
    title = _("国家知识产权局对%(number)s作出无效宣告请求审查决定：%(r)s") % {"number": right.number, "r": outcomes.label(decision.result)}
    for case in pending_suits(right):
        body = _("决定号 %(d)s，%(on)s作出；维持有效的权利要求：%(s)s。贵院在审案件 %(case)s 涉及该权利。") % {
            "d": decision.decision_number,
            "on": decision.closed_on.isoformat(),
            "s": survivors if decision.result == "partly_invalid" else (_("全部") if decision.result in ("upheld", "mark_maintained") else _("无")),
            "case": case.number,
        }
        for user in {u.pk: u for u in (case.judge, case.clerk) if u is not None and u.is_active}.values():
            notify(
                recipient=user,
                code="proceedings.invalidation_decided",
                title=title,
                body=body,
                link=link_of(case),
                dedupe_key=f"proceedings.decided:{decision.pk}:{case.pk}:{user.pk}",
            )


def serve(*, actor, proceeding, party, method, served_on=None, sent_on=None, document=None):
    """Record service of the proceeding's decision (or `document`) on `party`. For a CNIPA decision
    the party's window to sue follows: 3 months (patents) or 30 days (trademarks) from its own
    service; a decision sent by post or electronically without proof of receipt is presumed
    received 15 days after dispatch."""
    _require_act(actor, proceeding)
    fields = {}
    if method not in ServiceMethod.values:
        fields["method"] = [_("送达方式无效。")]
    if party is None or not proceeding.parties.filter(party=party).exists():
        fields["party"] = [_("受送达人须为该程序的当事人。")]
    if document is not None and document.proceeding_id != proceeding.pk:
        fields["document"] = [_("文书不属于该程序。")]
    if document is None:
        document = (
            proceeding.documents.filter(kind__in=(DocumentKind.DECISION, DocumentKind.JUDGMENT, DocumentKind.RULING, DocumentKind.MEDIATION))
            .order_by("-issued_on", "-id")
            .first()
        )
    if document is None:
        fields["document"] = [_("尚无可送达的决定或裁判文书。")]
    presumed = False
    if served_on is None and sent_on is not None and method in (ServiceMethod.POST, ServiceMethod.ELECTRONIC) and proceeding.track == Track.OFFICE:
        _check_date(sent_on, "sent_on", fields)
        if not fields:
            rule = "trademark.presumed_receipt" if proceeding.kind.startswith("tm_") else "cnipa.presumed_receipt"
            served_on = period_rule_deadline(rule, sent_on)
            presumed = True
    if served_on is None:
        fields["served_on"] = [_("请填写送达日期（或邮寄、电子送达的发出日期）。")]
    elif not presumed:
        _check_date(served_on, "served_on", fields, not_before=document.issued_on if document else None, not_before_label=_("文书作出日期"))
    if sent_on is not None and served_on is not None and served_on < sent_on:
        fields["served_on"] = [_("送达日期不能早于发出日期。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    window_rule, window_ends = "", None
    if proceeding.track == Track.OFFICE and document.kind == DocumentKind.DECISION:
        right_kind = "trademark" if proceeding.kind.startswith("tm_") else "patent"
        window_rule = _SUIT_WINDOW_RULE[right_kind]
        try:
            window_ends = period_rule_deadline(window_rule, served_on)
        except (RuleError, ServiceError) as exc:
            raise ServiceError(getattr(exc, "code", ErrorCode.INVALID), str(exc), fields={"served_on": [str(exc)]}) from exc
    with transaction.atomic():
        if ServiceRecord.objects.filter(document=document, party=party).exists():
            raise ServiceError(ErrorCode.INVALID, fields={"party": [_("已记录对该当事人的送达。")]})
        sr = ServiceRecord.objects.create(
            document=document,
            party=party,
            method=method,
            sent_on=sent_on,
            served_on=served_on,
            presumed=presumed,
            window_rule=window_rule,
            window_ends=window_ends,
            recorded_by=actor if actor.is_authenticated else None,
        )
        _changed(proceeding, "served")
        record(
            actor=actor,
            action="proceedings.serve",
            obj=proceeding,
            agency=proceeding.agency,
            after={
                "document": document.pk,
                "party": party.pk,
                "served_on": served_on.isoformat(),
                "window_ends": window_ends.isoformat() if window_ends else None,
            },
        )
    return sr


# --- links ---------------------------------------------------------------------------------------


def _pair(a, b):
    return (a, b) if a.pk < b.pk else (b, a)


def link(*, actor, proceeding, other, reason):
    """Link two proceedings by hand, with the reason (a suggestion between them is accepted)."""
    _require(actor, "proceedings.link")
    reason = (reason or "").strip()
    if other is None or other.pk == proceeding.pk:
        raise ServiceError(ErrorCode.LINK_INVALID, _("不能把程序与自身关联。"), fields={"other": [_("请选择另一个程序。")]})
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请说明关联的理由。")]})
    source, target = _pair(proceeding, other)
    with transaction.atomic():
        existing = Link.objects.select_for_update().filter(source=source, target=target).first()
        if existing is not None and existing.status == LinkStatus.ACCEPTED:
            raise ServiceError(ErrorCode.LINK_INVALID, _("两程序已关联。"), fields={"other": [_("两程序已关联。")]})
        if existing is None:
            existing = Link(source=source, target=target, kind=LinkKind.MANUAL, created_by=actor)
        existing.status, existing.reason = LinkStatus.ACCEPTED, reason[:300]
        existing.decided_by, existing.decided_at = actor, timezone.now()
        existing.save()
        for p in (source, target):
            _changed(p, "linked")
        record(
            actor=actor,
            action="proceedings.link",
            obj=existing,
            agency=actor.agency,
            after={"source": source.pk, "target": target.pk, "kind": existing.kind, "reason": reason},
        )
    return existing


def decide_suggestion(*, actor, suggestion, accept, reason=""):
    """Accept or reject a suggested link; a rejected pair is never suggested again."""
    _require(actor, "proceedings.link")
    with transaction.atomic():
        item = Link.objects.select_for_update().get(pk=suggestion.pk)
        if item.status != LinkStatus.SUGGESTED:
            raise ServiceError(ErrorCode.LINK_INVALID, _("该建议已处理。"), status=409)
        item.status = LinkStatus.ACCEPTED if accept else LinkStatus.REJECTED
        item.reason = ((reason or "").strip() or item.reason)[:300]
        item.decided_by, item.decided_at = actor, timezone.now()
        item.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        record(
            actor=actor,
            action="proceedings.link.accept" if accept else "proceedings.link.reject",
            obj=item,
            agency=actor.agency,
            after={"source": item.source_id, "target": item.target_id, "status": item.status},
        )
    return item


def unlink(*, actor, link_item, reason):
    _require(actor, "proceedings.link")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请说明取消关联的理由。")]})
    with transaction.atomic():
        item = Link.objects.select_for_update().get(pk=link_item.pk)
        if item.status != LinkStatus.ACCEPTED:
            raise ServiceError(ErrorCode.LINK_INVALID, _("两程序未关联。"), status=409)
        item.status, item.reason, item.decided_by, item.decided_at = LinkStatus.REJECTED, reason[:300], actor, timezone.now()
        item.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        record(
            actor=actor, action="proceedings.unlink", obj=item, agency=actor.agency, after={"source": item.source_id, "target": item.target_id}, reason=reason
        )
    return item


# --- priority examination (优先审查) -------------------------------------------------------------


def request_priority(*, actor, proceeding, reason, dispute=None):
    """A court or local IP office handling the infringement dispute asks CNIPA to examine the
    linked invalidation first."""
    _require(actor, "proceedings.request_priority")
    if proceeding.kind not in VALIDITY_KINDS or proceeding.status == Status.CLOSED:
        raise ServiceError(ErrorCode.INVALID, fields={"proceeding": [_("只能对尚未决定的无效宣告程序请求优先审查。")]})
    reason = (reason or "").strip()
    fields = {}
    if not reason:
        fields["reason"] = [_("请说明请求优先审查的理由（如关联侵权纠纷的审理需要）。")]
    if dispute is not None:
        shares = ProceedingRight.objects.filter(
            proceeding=dispute, right_id__in=ProceedingRight.objects.filter(proceeding=proceeding).values("right_id")
        ).exists()
        if dispute.track != Track.COURT or not shares:
            fields["dispute"] = [_("侵权纠纷案件须涉及同一权利。")]
        elif not is_platform_admin(actor) and dispute.agency_id != actor.agency_id:
            fields["dispute"] = [_("只能以本机构办理的纠纷请求。")]
    elif actor.agency_id and actor.agency.kind == "court":
        fields["dispute"] = [_("请选择本院审理的关联侵权案件。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        p = _locked(proceeding)
        if PriorityRequest.objects.filter(proceeding=p, agency=actor.agency, status=Priority.REQUESTED).exists():
            raise ServiceError(ErrorCode.PRIORITY_ALREADY_REQUESTED, _("本机构已就该程序提出优先审查请求，尚待处理。"), status=409)
        item = PriorityRequest.objects.create(
            proceeding=p, dispute=dispute, agency=actor.agency, reason=reason[:500], status=Priority.REQUESTED, requested_by=actor
        )
        if p.priority in ("", Priority.REFUSED):
            p.priority = Priority.REQUESTED
            p.save(update_fields=["priority", "updated_at"])
        _changed(p, "priority_requested")
        record(
            actor=actor,
            action="proceedings.priority.request",
            obj=p,
            agency=actor.agency,
            after={"request": item.pk, "dispute": getattr(dispute, "pk", None), "reason": reason},
        )
        title = _("优先审查请求：%(n)s") % {"n": p.number}
        body = _("%(a)s 请求优先审查，理由：%(r)s") % {"a": actor.agency.name, "r": reason}
        for user in [u for u in (p.judge,) if u is not None and u.is_active]:
            notify(
                recipient=user,
                code="proceedings.priority_requested",
                title=title,
                body=body,
                link=link_of(p),
                dedupe_key=f"proceedings.priority:{item.pk}:{user.pk}",
            )
    return item


def decide_priority(*, actor, request_item, grant, reason):
    """CNIPA grants or refuses a priority-examination request, with the reason; the requester is told."""
    _require_act(actor, request_item.proceeding)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请填写准予或不予优先审查的理由。")]})
    with transaction.atomic():
        item = PriorityRequest.objects.select_for_update(of=("self",)).select_related("proceeding").get(pk=request_item.pk)
        if item.status != Priority.REQUESTED:
            raise ServiceError(ErrorCode.PRIORITY_ALREADY_DECIDED, _("该请求已处理。"), status=409)
        p = _locked(item.proceeding)
        item.status = Priority.GRANTED if grant else Priority.REFUSED
        item.decision_reason, item.decided_by, item.decided_at = reason[:500], actor, timezone.now()
        item.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        if grant:
            p.priority = Priority.GRANTED
        elif p.priority != Priority.GRANTED and not PriorityRequest.objects.filter(proceeding=p, status=Priority.REQUESTED).exists():
            p.priority = Priority.REFUSED
        p.save(update_fields=["priority", "updated_at"])
        _changed(p, "priority_decided")
        record(actor=actor, action="proceedings.priority.decide", obj=p, agency=p.agency, after={"request": item.pk, "status": item.status}, reason=reason)
        signals.send(p, signals.STATUS_CHANGE, actor=actor, change="priority", priority=p.priority)
        title = (_("优先审查已准予：%(n)s") if grant else _("优先审查未获准：%(n)s")) % {"n": p.number}
        notify(
            recipient=item.requested_by,
            code="proceedings.priority_decided",
            title=title,
            body=reason,
            link=link_of(p),
            dedupe_key=f"proceedings.priority_decided:{item.pk}",
        )
    return item


# --- patent evaluation reports (专利权评价报告) ----------------------------------------------------


def _report_right(right):
    if right is None or right.kind != "patent" or right.patent_kind not in ("utility_model", "design"):
        raise ServiceError(
            ErrorCode.EVALUATION_REPORT_NOT_AVAILABLE,
            _("专利权评价报告只适用于实用新型和外观设计专利。"),
            fields={"right": [_("专利权评价报告只适用于实用新型和外观设计专利。")]},
        )


def order_evaluation_report(*, actor, case, right, ordered_on):
    """The court orders the patentee to produce an evaluation report in `case`."""
    _require_act(actor, case)
    _report_right(right)
    fields = {}
    if case.track != Track.COURT or not case.rights.filter(right=right).exists():
        fields["right"] = [_("须为本案涉及的专利。")]
    _check_date(ordered_on, "ordered_on", fields, not_before=case.filed_on, not_before_label=_("立案日期"))
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    if case.status == Status.CLOSED:
        raise ServiceError(ErrorCode.PROCEEDING_CLOSED, _("案件已审结。"), status=409)
    with transaction.atomic():
        report = EvaluationReport.objects.filter(right=right, status=ReportStatus.ISSUED).order_by("-issued_on").first()
        if report is not None:
            raise ServiceError(ErrorCode.INVALID, fields={"right": [_("该专利已有评价报告（%(n)s），可直接查看。") % {"n": report.number}]})
        report = EvaluationReport.objects.create(right=right, case=case, status=ReportStatus.ORDERED, ordered_on=ordered_on, created_by=actor)
        _changed(case, "report_ordered")
        record(actor=actor, action="proceedings.report.order", obj=report, agency=case.agency, after={"case": case.pk, "right": right.pk})
    return report


def request_evaluation_report(*, actor, right, requester, requested_on, report=None):
    """CNIPA records the patentee's (or interested party's, or alleged infringer's) request; it is
    due 2 months later (rule cnipa.evaluation_report.issue)."""
    _require(actor, "proceedings.record_office")
    _report_right(right)
    fields = {}
    _check_date(requested_on, "requested_on", fields)
    if requester is None:
        fields["requester"] = [_("请选择请求人。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    due = period_rule_deadline("cnipa.evaluation_report.issue", requested_on)
    with transaction.atomic():
        if report is None:
            report = EvaluationReport.objects.select_for_update().filter(right=right, status=ReportStatus.ORDERED).order_by("id").first()
        if report is None:
            report = EvaluationReport(right=right, created_by=actor)
        elif report.status != ReportStatus.ORDERED:
            raise ServiceError(ErrorCode.INVALID, fields={"report": [_("该报告已请求或已出具。")]})
        report.status, report.requester, report.requested_on, report.due_on = ReportStatus.REQUESTED, requester, requested_on, due
        report.save()
        record(actor=actor, action="proceedings.report.request", obj=report, agency=actor.agency, after={"right": right.pk, "due_on": due.isoformat()})
    return report


def issue_evaluation_report(*, actor, report, number, issued_on, defects_found, conclusion, claims_without_defect=()):
    """CNIPA issues the report: the court that ordered it, and every court with a pending suit on
    the patent, sees it on the case and the dossier — and is told."""
    _require(actor, "proceedings.record_office")
    fields = {}
    if report.status != ReportStatus.REQUESTED:
        fields["report"] = [_("只能对已请求的评价报告出具报告。")]
    if not (number or "").strip():
        fields["number"] = [_("请填写报告编号。")]
    _check_date(issued_on, "issued_on", fields, not_before=report.requested_on, not_before_label=_("请求日期"))
    if not isinstance(defects_found, bool):
        fields["defects_found"] = [_("请选择是否发现不符合授权条件的缺陷。")]
    if not (conclusion or "").strip():
        fields["conclusion"] = [_("请填写结论。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    survivors = check_claims(report.right, list(claims_without_defect or ()))
    with transaction.atomic():
        r = EvaluationReport.objects.select_for_update(of=("self",)).select_related("right", "case").get(pk=report.pk)
        if r.status != ReportStatus.REQUESTED:
            raise ServiceError(ErrorCode.INVALID, fields={"report": [_("只能对已请求的评价报告出具报告。")]})
        r.status, r.number, r.issued_on, r.defects_found, r.conclusion, r.claims_without_defect = (
            ReportStatus.ISSUED,
            number.strip()[:40],
            issued_on,
            defects_found,
            conclusion.strip(),
            survivors,
        )
        r.save()
        record(actor=actor, action="proceedings.report.issue", obj=r, agency=actor.agency, after={"number": r.number, "defects_found": defects_found})
        cases = {c.pk: c for c in pending_suits(r.right)}
        if r.case_id and r.case.status != Status.CLOSED:
            cases[r.case_id] = r.case
        title = _("专利权评价报告已出具：%(n)s") % {"n": r.right.number}
        for case in cases.values():
            _changed(case, "report_issued")
            for user in {u.pk: u for u in (case.judge, case.clerk) if u is not None and u.is_active}.values():
                notify(
                    recipient=user,
                    code="proceedings.report_issued",
                    title=title,
                    body=r.conclusion[:300],
                    link=link_of(case),
                    dedupe_key=f"proceedings.report:{r.pk}:{case.pk}:{user.pk}",
                )
    return r


def add_document(*, actor, proceeding, kind, title, issued_on, number=""):
    """Record a document of the proceeding (complaint, notice, ruling…), to be served on parties."""
    _require_act(actor, proceeding)
    fields = {}
    if kind not in DocumentKind.values:
        fields["kind"] = [_("文书种类无效。")]
    title = (title or "").strip()
    if not title:
        fields["title"] = [_("请填写文书名称。")]
    _check_date(
        issued_on,
        "issued_on",
        fields,
        not_before=proceeding.filed_on - datetime.timedelta(days=366) if proceeding.filed_on else None,
        not_before_label=_("立案前一年"),
    )
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        doc = Document.objects.create(
            proceeding=proceeding,
            kind=kind,
            title=title[:200],
            number=(number or "").strip()[:60],
            issued_on=issued_on,
            created_by=actor if actor.is_authenticated else None,
        )
        _changed(proceeding, "document")
        record(
            actor=actor,
            action="proceedings.document.add",
            obj=proceeding,
            agency=proceeding.agency,
            after={"document": doc.pk, "kind": kind, "title": doc.title},
        )
    return doc
