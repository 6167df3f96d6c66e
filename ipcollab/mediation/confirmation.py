"""Agreements and judicial confirmation (issue 7, points 4 and 5): services and reads.

- Agreements: the mediator drafts structured terms (payment with instalments, cessation, licence,
  assignment, withdrawal of other proceedings, other), circulates a fixed text whose SHA-256 is
  stored, and each party confirms that very text online (or the mediator records a signed paper
  confirmation with the signed document). Once every party has confirmed, the agreement takes
  effect and the mediation ends with outcome "agreement" (services.record_outcome). A new version
  supersedes a circulated one; confirmations never carry over.
- Judicial confirmation (司法确认, 民特): a joint application within the period of rule
  `mediation.judicial_confirmation.apply_within` from the day the agreement took effect, to the
  competent court (`competent_court`: the entrusting court, or the court of the jurisdiction
  table) — never for an in-suit mediation, and for an administrative mediation only where the
  court runs a pilot (ConfirmationPilot) on the day. The court accepts (or not, with a reason),
  may extend once with the president's approval, and rules valid or invalid.
- CNIPA records a transfer or licence term on the right (registry.services.record_event): the
  register's state machine refuses a transfer of a frozen right — that refusal surfaces as is.

Every write is one transaction, audited, logged on the mediation and notified to the other side.
"""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.deadlines import compute_deadline
from ipcollab.identifiers import IdentifierError, parse_case_number
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency, AgencyKind
from ipcollab.proceedings.models import Proceeding, ProceedingParty
from ipcollab.registry import services as register
from ipcollab.registry.models import RightKind
from ipcollab.rulebook import jurisdiction
from ipcollab.rulebook.errors import RuleError
from ipcollab.rulebook.registry import get_rule, rule_deadline

from .models import (
    Agreement,
    AgreementStatus,
    ApplicationStatus,
    ConfirmationApplication,
    ConfirmationMethod,
    ConfirmationPilot,
    Document,
    LogEntry,
    LogKind,
    Mediation,
    MediationParty,
    PartyConfirmation,
    Ruling,
    Source,
    Status,
    Term,
    TermKind,
)
from .rules import works_on

APPLY_RULE = "mediation.judicial_confirmation.apply_within"
ACCEPT_RULE = "mediation.judicial_confirmation.decide_acceptance"
DECIDE_RULE = "mediation.judicial_confirmation.decide"
COURT_RULE = "mediation.judicial_confirmation.competent_court"
PILOT_RULE = "mediation.judicial_confirmation.administrative_pilot"
SETTLE_RULE = "mediation.settlement.special_authorisation"
LICENCE_TYPES = {"exclusive": "独占许可", "sole": "排他许可", "ordinary": "普通许可"}
COURT_ROLES = ("judge", "clerk")
FIELD_CATEGORY = {
    "trademark": "trademark",
    "copyright": "copyright",
    "unfair_competition": "unfair_competition",
    "technology": "technical_secret",
}
PATENT_CATEGORY = {"invention": "invention_patent", "utility_model": "utility_model", "design": "design_patent"}
INVALID_OPTIONS_TEXT = "法院裁定驳回申请（不予确认）。当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。"


def today():
    return timezone.localdate()


# --- who is who --------------------------------------------------------------------------------


def _mediations(user):
    from . import selectors  # the workflow's reach (mediations_for), same app

    return selectors.mediations_for(user)


def is_mediator_of(user, mediation):
    return bool(user and user.is_authenticated and mediation.mediator_id and mediation.mediator.user_id == user.pk)


def can_manage(user, mediation):
    """The mediator of the mediation, or those who run its organisation (rules.works_on)."""
    return works_on(user, mediation)


def is_court_staff(user, court_id):
    if not (user and user.is_authenticated and user.is_active and court_id and user.agency_id == court_id):
        return False
    if getattr(user, "kind", "") == "system":
        return True
    return getattr(user, "kind", "") == "staff" and user.has_role(*COURT_ROLES)


def can_invite(user, mediation):
    """The mediator (or the organisation), or the entrusting court's clerk or judge."""
    return can_manage(user, mediation) or (mediation.court_id is not None and getattr(user, "kind", "") == "staff" and is_court_staff(user, mediation.court_id))


def party_of(user, mediation):
    """The MediationParty the (external) user takes part as, or None."""
    if not (user and user.is_authenticated):
        return None
    return MediationParty.objects.select_related("party", "representative").filter(mediation=mediation, user=user).first()


def can_record_on_register(user):
    return bool(
        user
        and user.is_authenticated
        and user.agency_id
        and user.agency.kind == AgencyKind.IP_OFFICE
        and (user.has_perm("registry.record_event") or user.has_role("preservation_handler"))
    )


def _court_people(court_id):
    User = get_user_model()
    people = User.objects.filter(agency_id=court_id, is_active=True, kind="staff", memberships__agency_id=court_id, memberships__role__code__in=COURT_ROLES)
    return list(people.distinct())


# --- reads -------------------------------------------------------------------------------------


def agreements_for(user):
    """Agreements of mediations in reach, and those whose confirmation is applied for at the user's
    court (an administrative mediation's agreement reaches its pilot court only that way)."""
    q = Q(mediation__in=_mediations(user))
    if user.is_authenticated and user.agency_id and is_court_staff(user, user.agency_id):
        q |= Q(pk__in=ConfirmationApplication.objects.filter(court_id=user.agency_id).values("agreement_id"))
    return Agreement.objects.filter(q)


def get_agreement(user, pk):
    pk = parse_pk(pk)
    agreement = agreements_for(user).select_related("mediation__organisation__agency", "mediation__mediator__user", "mediation__court").filter(pk=pk).first()
    if agreement is None:
        raise NotFound()
    return agreement


def applications_for(user):
    """Applications the user may see: those of mediations in reach, and those sent to the user's
    court (its judges, clerks and systems)."""
    q = Q(agreement__mediation__in=_mediations(user))
    if user.is_authenticated and user.agency_id and (is_court_staff(user, user.agency_id) or is_platform_admin(user)):
        q |= Q(court_id=user.agency_id)
    if is_platform_admin(user):
        return ConfirmationApplication.objects.all()
    return ConfirmationApplication.objects.filter(q)


def get_application(user, pk):
    pk = parse_pk(pk)
    application = (
        applications_for(user).select_related("agreement__mediation__organisation__agency", "court", "judge", "consent_document").filter(pk=pk).first()
    )
    if application is None:
        raise NotFound()
    return application


def court_queue(user):
    """The court's queue: applications to the user's court, oldest first among the open ones."""
    if not (user.is_authenticated and user.agency_id and is_court_staff(user, user.agency_id)):
        return ConfirmationApplication.objects.none()
    return (
        ConfirmationApplication.objects.filter(court_id=user.agency_id).select_related("agreement__mediation", "judge").order_by("status", "applied_on", "pk")
    )


def agreement_effective(mediation):
    """The mediation's effective agreement, or None (contract with the workflow's record_outcome)."""
    return Agreement.objects.filter(mediation=mediation, status=AgreementStatus.EFFECTIVE).order_by("-version").first()


def current_agreement(mediation):
    """The latest version that is not superseded (draft, circulated or effective), or None."""
    return Agreement.objects.filter(mediation=mediation).exclude(status=AgreementStatus.SUPERSEDED).order_by("-version").first()


def open_application(agreement):
    return agreement.applications.exclude(status=ApplicationStatus.NOT_ACCEPTED).exclude(status=ApplicationStatus.RULED, ruling=Ruling.INVALID).first()


def pilot_in_effect(court, on):
    return (
        ConfirmationPilot.objects.filter(court=court, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )


# --- the agreement's text ----------------------------------------------------------------------


def _money(value):
    return f"{Decimal(value):,.2f}"


def _party_name(mp):
    return mp.party.name if mp is not None else "—"


def term_text(term, parties=None):
    """One term in the words of the agreement (Chinese: the agreement is a legal document)."""
    parties = parties or {}

    def p(pk):
        mp = parties.get(pk)
        if mp is None and pk:
            mp = MediationParty.objects.select_related("party").filter(pk=pk).first()
        return _party_name(mp)

    d = term.details or {}
    right = f"{'专利' if term.right and term.right.kind == RightKind.PATENT else '商标'}{term.right.number}（{term.right.title}）" if term.right_id else ""
    if term.kind == TermKind.PAYMENT:
        parts = [f"{p(term.obliged_id)}向{p(term.beneficiary_id)}支付人民币{_money(term.amount)}元"]
        if term.instalments:
            steps = "；".join(f"于{i['due_on']}前支付{_money(i['amount'])}元" for i in term.instalments)
            parts.append(f"，分{len(term.instalments)}期支付：{steps}")
        text = "".join(parts)
    elif term.kind == TermKind.CESSATION:
        text = f"{p(term.obliged_id)}自本协议生效之日起停止{d.get('conduct') or '侵害'}{right}的行为"
    elif term.kind == TermKind.LICENCE:
        text = (
            f"{p(term.obliged_id)}许可{d.get('licensee_name') or p(term.beneficiary_id)}以{LICENCE_TYPES.get(d.get('type'), d.get('type', ''))}方式"
            f"在{d.get('territory', '')}范围内实施{right}，许可期限自{d.get('period_from', '')}至{d.get('period_to', '')}"
        )
    elif term.kind == TermKind.ASSIGNMENT:
        text = f"{p(term.obliged_id)}将{right}转让给{p(term.beneficiary_id)}，并于本协议生效后共同向国家知识产权局办理著录项目变更手续"
    elif term.kind == TermKind.WITHDRAWAL:
        number = term.proceeding.number if term.proceeding_id else ""
        text = f"{p(term.obliged_id)}撤回{number}"
    else:
        text = ""
    extra = (term.text or "").strip()
    if extra:
        text = f"{text}。{extra}" if text else extra
    return text.rstrip("。") + "。"


def agreement_text(agreement):
    """The canonical text of the agreement (what its SHA-256 is taken of): mediation number,
    version, parties, preamble and numbered terms. Deterministic: only stored values."""
    mediation = agreement.mediation
    parties = {mp.pk: mp for mp in MediationParty.objects.select_related("party").filter(mediation=mediation).order_by("order", "pk")}
    lines = [f"调解协议书（{mediation.number}，第{agreement.version}版）"]
    for mp in parties.values():
        lines.append(f"{mp.get_side_display()}：{mp.party.name}")
    if (agreement.preamble or "").strip():
        lines.append(agreement.preamble.strip())
    terms = list(agreement.terms.select_related("right", "proceeding").order_by("order", "pk"))
    for n, term in enumerate(terms, start=1):
        lines.append(f"{n}. {term_text(term, parties)}")
    return "\n".join(lines)


def text_hash(agreement):
    return hashlib.sha256(agreement_text(agreement).encode("utf-8")).hexdigest()


# --- helpers of the writes -----------------------------------------------------------------------


def _log(mediation, actor, text, kind=LogKind.HAND_OFF, visible=True):
    LogEntry.objects.create(mediation=mediation, kind=kind, text=text, visible_to_parties=visible, actor=actor if getattr(actor, "pk", None) else None)


def _link_agreements(mediation):
    return reverse("mediation:agreements", args=[mediation.pk])


def _link_party(mediation):
    return reverse("mediation:party_matter", args=[mediation.pk])


def _notify_parties(mediation, code, title, body, key):
    for mp in MediationParty.objects.filter(mediation=mediation, user__isnull=False).select_related("user"):
        notify(recipient=mp.user, code=code, title=title, body=body, link=_link_party(mediation), dedupe_key=f"{key}:party:{mp.pk}")


def _notify_organisation(mediation, code, title, body, key, exclude=None):
    people = []
    if mediation.mediator_id:
        people.append(mediation.mediator.user)
    if mediation.organisation.liaison_id:
        people.append(mediation.organisation.liaison)
    seen = set()
    for person in people:
        if person.pk in seen or (exclude is not None and person.pk == exclude.pk):
            continue
        seen.add(person.pk)
        notify(recipient=person, code=code, title=title, body=body, link=_link_agreements(mediation), dedupe_key=f"{key}:org:{person.pk}")


def _notify_court(application, code, title, body, key):
    link = reverse("mediation:confirmation_detail", args=[application.pk])
    people = [application.judge] if application.judge_id else _court_people(application.court_id)
    sent = 0
    for person in people:
        sent += notify(recipient=person, code=code, title=title, body=body, link=link, dedupe_key=f"{key}:court:{person.pk}") is not None
    return sent


def _agreement_snapshot(agreement):
    return {
        "id": agreement.pk,
        "mediation": agreement.mediation_id,
        "version": agreement.version,
        "status": agreement.status,
        "text_hash": agreement.text_hash,
        "effective_on": agreement.effective_on,
        "terms": list(
            agreement.terms.order_by("order", "pk").values(
                "kind", "obliged_id", "beneficiary_id", "right_id", "amount", "instalments", "details", "proceeding_id"
            )
        ),
    }


def _application_snapshot(a):
    return {
        "id": a.pk,
        "agreement": a.agreement_id,
        "court": a.court_id,
        "status": a.status,
        "case_number": a.case_number,
        "applied_on": a.applied_on,
        "apply_by": a.apply_by,
        "accept_by": a.accept_by,
        "accepted_on": a.accepted_on,
        "rule_by": a.rule_by,
        "extended": a.extended,
        "ruling": a.ruling,
        "ruled_on": a.ruled_on,
        "joint": a.joint,
    }


def _lock_agreement(agreement):
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("mediation__organisation__agency", "mediation__mediator__user", "mediation__organisation__liaison")
        .get(pk=agreement.pk)
    )


def _require_manager(actor, mediation):
    if not can_manage(actor, mediation):
        raise PermissionDenied(_("只有本案调解员或调解组织可以办理调解协议。"))


def _date(value, field):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ServiceError(
            ErrorCode.AGREEMENT_TERMS_INVALID, _("日期无效：%(v)s") % {"v": value}, fields={field: [_("请输入有效日期（YYYY-MM-DD）。")]}
        ) from None


def _amount(value, field):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ServiceError(ErrorCode.AGREEMENT_TERMS_INVALID, _("金额无效。"), fields={field: [_("请输入有效金额。")]}) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        raise ServiceError(ErrorCode.AGREEMENT_TERMS_INVALID, _("金额须大于零。"), fields={field: [_("金额须大于零且小于一万亿元。")]})
    return amount


def _bad(field, message):
    raise ServiceError(ErrorCode.AGREEMENT_TERMS_INVALID, message, fields={field: [message]})


def clean_term(mediation, data):
    """A term's data checked against the mediation: returns the fields of a Term row."""
    kind = data.get("kind")
    if kind not in TermKind.values:
        _bad("kind", _("未知的条款类型。"))
    parties = {mp.pk: mp for mp in MediationParty.objects.filter(mediation=mediation)}

    def party(key):
        value = data.get(key)
        if value in (None, ""):
            return None
        pk = getattr(value, "pk", value)
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            pk = None
        if pk not in parties:
            _bad(key, _("须为本调解案件的当事人。"))
        return parties[pk]

    obliged, beneficiary = party("obliged"), party("beneficiary")
    right = data.get("right")
    if right is not None and not hasattr(right, "pk"):
        right = mediation.rights.filter(pk=right).first() if str(right).isdigit() else None
        if right is None:
            _bad("right", _("须为本调解案件涉及的权利。"))
    if right is not None and not mediation.rights.filter(pk=right.pk).exists():
        _bad("right", _("须为本调解案件涉及的权利。"))
    out = {
        "kind": kind,
        "obliged": obliged,
        "beneficiary": beneficiary,
        "right": right,
        "amount": None,
        "instalments": [],
        "details": {},
        "proceeding": None,
        "text": str(data.get("text") or "").strip()[:2000],
    }
    details = dict(data.get("details") or {})
    if kind == TermKind.PAYMENT:
        if obliged is None or beneficiary is None or obliged.pk == beneficiary.pk:
            _bad("obliged", _("支付条款须写明付款的当事人和收款的当事人（二者不同）。"))
        amount = _amount(data.get("amount"), "amount")
        instalments = data.get("instalments") or []
        if not isinstance(instalments, list | tuple):
            _bad("instalments", _("分期须为列表。"))
        cleaned, last = [], None
        for n, item in enumerate(instalments, start=1):
            if not isinstance(item, dict):
                _bad("instalments", _("第%(n)d期格式有误。") % {"n": n})
            due = _date(item.get("due_on"), "instalments")
            value = _amount(item.get("amount"), "instalments")
            if last is not None and due <= last:
                _bad("instalments", _("各期付款日须依次递增：第%(n)d期（%(due)s）不晚于上一期。") % {"n": n, "due": due.isoformat()})
            last = due
            cleaned.append({"due_on": due.isoformat(), "amount": str(value)})
        if cleaned and sum(Decimal(i["amount"]) for i in cleaned) != amount:
            total = sum(Decimal(i["amount"]) for i in cleaned)
            _bad("instalments", _("各期金额合计%(sum)s元，与支付总额%(amount)s元不符。") % {"sum": _money(total), "amount": _money(amount)})
        out.update(amount=amount, instalments=cleaned)
    elif kind == TermKind.CESSATION:
        if obliged is None:
            _bad("obliged", _("停止侵权条款须写明义务人。"))
        out["details"] = {"conduct": str(details.get("conduct") or "").strip()[:300]}
    elif kind == TermKind.LICENCE:
        if right is None:
            _bad("right", _("许可条款须写明许可实施的权利。"))
        if obliged is None:
            _bad("obliged", _("许可条款须写明许可人。"))
        licensee = beneficiary
        licensee_name = str(details.get("licensee_name") or "").strip()[:200]
        if licensee is None and not licensee_name:
            _bad("beneficiary", _("许可条款须写明被许可人。"))
        kind_ = details.get("type")
        if kind_ not in LICENCE_TYPES:
            _bad("type", _("许可类型须为独占许可、排他许可或普通许可。"))
        territory = str(details.get("territory") or "").strip()[:200]
        if not territory:
            _bad("territory", _("许可条款须写明许可地域。"))
        start, end = _date(details.get("period_from"), "period_from"), _date(details.get("period_to"), "period_to")
        if end <= start:
            _bad("period_to", _("许可期限的终止日须晚于起始日。"))
        out["details"] = {
            "type": kind_,
            "territory": territory,
            "period_from": start.isoformat(),
            "period_to": end.isoformat(),
            "licensee_name": licensee_name or (licensee.party.name if licensee else ""),
        }
    elif kind == TermKind.ASSIGNMENT:
        if right is None:
            _bad("right", _("转让条款须写明转让的权利。"))
        if obliged is None or beneficiary is None or obliged.pk == beneficiary.pk:
            _bad("beneficiary", _("转让条款须写明转让人和受让人（二者不同）。"))
    elif kind == TermKind.WITHDRAWAL:
        proceeding = data.get("proceeding")
        if proceeding is not None and not hasattr(proceeding, "pk"):
            proceeding = Proceeding.objects.filter(pk=proceeding).first() if str(proceeding).isdigit() else None
        if proceeding is None:
            _bad("proceeding", _("撤回条款须写明要撤回的程序。"))
        party_ids = [mp.party_id for mp in parties.values()]
        if not ProceedingParty.objects.filter(proceeding=proceeding, party_id__in=party_ids).exists():
            _bad("proceeding", _("该程序的当事人中没有本调解案件的当事人，不能约定撤回。"))
        if obliged is None:
            _bad("obliged", _("撤回条款须写明撤回的当事人。"))
        out["proceeding"] = proceeding
    elif not out["text"]:
        _bad("text", _("其他条款须写明内容。"))
    return out


# --- agreements: drafting, circulation, confirmation ---------------------------------------------


@transaction.atomic
def draft_agreement(*, actor, mediation, preamble="", terms=()):
    """A new draft version of the agreement (the mediator). A circulated version is superseded:
    its confirmations do not carry over. Refused once an agreement is effective or the mediation
    is not active."""
    mediation = Mediation.objects.select_for_update(of=("self",)).select_related("organisation__agency", "mediator__user").get(pk=mediation.pk)
    _require_manager(actor, mediation)
    if mediation.status != Status.ACTIVE:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("调解案件不在调解中，不能起草调解协议。"), status=409)
    if agreement_effective(mediation) is not None:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("本案已有生效的调解协议。"), status=409)
    if Agreement.objects.filter(mediation=mediation, status=AgreementStatus.DRAFT).exists():
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("本案已有一份草稿，请在草稿上修改。"), status=409)
    cleaned = [clean_term(mediation, dict(t)) for t in terms]
    superseded = list(Agreement.objects.filter(mediation=mediation, status=AgreementStatus.CIRCULATED))
    for old in superseded:
        old.status = AgreementStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    version = (Agreement.objects.filter(mediation=mediation).order_by("-version").values_list("version", flat=True).first() or 0) + 1
    agreement = Agreement.objects.create(mediation=mediation, version=version, preamble=str(preamble or "").strip(), created_by=actor)
    for n, data in enumerate(cleaned, start=1):
        Term.objects.create(agreement=agreement, order=n, **data)
    record(actor=actor, action="mediation.agreement.drafted", obj=agreement, agency=mediation.organisation.agency, after=_agreement_snapshot(agreement))
    if superseded:
        _log(mediation, actor, _("调解协议第%(v)d版起草，替代已发送确认的版本；此前的确认不再有效。") % {"v": version})
        _notify_parties(
            mediation,
            "mediation.agreement.superseded",
            _("调解协议已修改：%(n)s") % {"n": mediation.number},
            _("调解员起草了新版本的调解协议，此前版本的确认不再有效，请等待新版本发送后重新确认。"),
            f"mediation.agreement.superseded:{agreement.pk}",
        )
    else:
        _log(mediation, actor, _("调解协议第%(v)d版起草。") % {"v": version}, kind=LogKind.NOTE, visible=False)
    return agreement


def _require_draft(agreement):
    if agreement.status != AgreementStatus.DRAFT:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("只能修改草稿；已发送确认或已生效的协议须起草新版本。"), status=409)


@transaction.atomic
def update_draft(*, actor, agreement, preamble):
    agreement = _lock_agreement(agreement)
    _require_manager(actor, agreement.mediation)
    _require_draft(agreement)
    before = _agreement_snapshot(agreement)
    agreement.preamble = str(preamble or "").strip()
    agreement.save(update_fields=["preamble", "updated_at"])
    record(
        actor=actor,
        action="mediation.agreement.updated",
        obj=agreement,
        agency=agreement.mediation.organisation.agency,
        before=before,
        after=_agreement_snapshot(agreement),
    )
    return agreement


@transaction.atomic
def add_term(*, actor, agreement, **data):
    agreement = _lock_agreement(agreement)
    _require_manager(actor, agreement.mediation)
    _require_draft(agreement)
    before = _agreement_snapshot(agreement)
    cleaned = clean_term(agreement.mediation, data)
    order = (agreement.terms.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    term = Term.objects.create(agreement=agreement, order=order, **cleaned)
    record(
        actor=actor,
        action="mediation.agreement.term_added",
        obj=agreement,
        agency=agreement.mediation.organisation.agency,
        before=before,
        after=_agreement_snapshot(agreement),
    )
    return term


@transaction.atomic
def remove_term(*, actor, term):
    agreement = _lock_agreement(term.agreement)
    _require_manager(actor, agreement.mediation)
    _require_draft(agreement)
    before = _agreement_snapshot(agreement)
    Term.objects.filter(pk=term.pk, agreement=agreement).delete()
    record(
        actor=actor,
        action="mediation.agreement.term_removed",
        obj=agreement,
        agency=agreement.mediation.organisation.agency,
        before=before,
        after=_agreement_snapshot(agreement),
    )


@transaction.atomic
def circulate(*, actor, agreement):
    """Fix the text and send it to the parties for confirmation (the SHA-256 of the canonical
    text is stored: that is what each party confirms)."""
    agreement = _lock_agreement(agreement)
    mediation = agreement.mediation
    _require_manager(actor, mediation)
    _require_draft(agreement)
    if mediation.status != Status.ACTIVE:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("调解案件不在调解中，不能发送调解协议。"), status=409)
    if not agreement.terms.exists():
        raise ServiceError(ErrorCode.AGREEMENT_TERMS_INVALID, _("调解协议至少须有一项条款。"), fields={"terms": [_("请添加条款。")]})
    before = _agreement_snapshot(agreement)
    agreement.text_hash = text_hash(agreement)
    agreement.status = AgreementStatus.CIRCULATED
    agreement.circulated_at = timezone.now()
    agreement.save(update_fields=["text_hash", "status", "circulated_at", "updated_at"])
    record(
        actor=actor,
        action="mediation.agreement.circulated",
        obj=agreement,
        agency=mediation.organisation.agency,
        before=before,
        after=_agreement_snapshot(agreement),
    )
    _log(mediation, actor, _("调解协议第%(v)d版已发送各方当事人确认（文本摘要 %(h)s）。") % {"v": agreement.version, "h": agreement.text_hash[:16]})
    _notify_parties(
        mediation,
        "mediation.agreement.circulated",
        _("请确认调解协议：%(n)s") % {"n": mediation.number},
        _("调解员已发送调解协议第%(v)d版，请登录查看并在线确认。") % {"v": agreement.version},
        f"mediation.agreement.circulated:{agreement.pk}",
    )
    return agreement


def _check_settlement_authority(mp, on):
    """A representative acting online settles only with a power of attorney in effect with the
    special power `settle` (CPL art. 62)."""
    if not mp.acting_user_is_representative:
        return
    if mp.representative_id and register.can_settle(mp.representative, mp.party, on):
        return
    try:
        citation = get_rule(SETTLE_RULE, on).citation
    except RuleError:
        citation = _("《中华人民共和国民事诉讼法》第62条")
    message = _("代理人%(rep)s没有%(party)s“代为进行和解、调解”的特别授权（%(rule)s），不能代为确认调解协议或申请司法确认。") % {
        "rep": mp.representative.name if mp.representative_id else _("（未登记）"),
        "party": mp.party.name,
        "rule": citation,
    }
    raise ServiceError(ErrorCode.SETTLEMENT_NOT_AUTHORISED, message, fields={"rule": [SETTLE_RULE]}, status=403)


def _identity(user, mp):
    if mp.acting_user_is_representative and mp.representative_id:
        return f"{user.display_name}（{mp.party.name}的代理人{mp.representative.name}）"[:200]
    return f"{user.display_name}（{mp.party.name}）"[:200]


def _after_confirmation(actor, agreement, on):
    """Effective once every party confirmed: effective_on = the day of the last confirmation;
    the mediation ends with outcome agreement (the workflow's record_outcome)."""
    mediation = agreement.mediation
    parties = set(MediationParty.objects.filter(mediation=mediation).values_list("pk", flat=True))
    confirmed = set(agreement.confirmations.values_list("party_id", flat=True))
    if not parties or parties - confirmed:
        return agreement
    agreement.status = AgreementStatus.EFFECTIVE
    agreement.effective_on = on
    agreement.save(update_fields=["status", "effective_on", "updated_at"])
    record(actor=actor, action="mediation.agreement.effective", obj=agreement, agency=mediation.organisation.agency, after=_agreement_snapshot(agreement))
    _log(mediation, actor, _("各方当事人均已确认，调解协议第%(v)d版于%(d)s生效。") % {"v": agreement.version, "d": on.isoformat()}, kind=LogKind.STATUS)
    from . import services  # the workflow's outcome (same app)

    # the mediation ends in the mediator's name (the last confirmation may be a party's own)
    closer = mediation.mediator.user if mediation.mediator_id and not can_manage(actor, mediation) else actor
    services.record_outcome(actor=closer, mediation=mediation, outcome="agreement", ended_on=on, note=_("调解协议第%(v)d版生效。") % {"v": agreement.version})
    title = _("调解协议已生效：%(n)s") % {"n": mediation.number}
    body = _("各方当事人均已确认调解协议，协议自%(d)s起生效。") % {"d": on.isoformat()}
    if mediation.source != Source.IN_SUIT:
        try:
            last = rule_deadline(APPLY_RULE, on).deadline
            body += _("如需申请司法确认，应当在%(d)s前由双方共同申请。") % {"d": last.isoformat()}
        except RuleError:
            pass
    key = f"mediation.agreement.effective:{agreement.pk}"
    _notify_parties(mediation, "mediation.agreement.effective", title, body, key)
    _notify_organisation(mediation, "mediation.agreement.effective", title, body, key)
    return agreement


@transaction.atomic
def confirm_online(*, actor, agreement, text_hash_confirmed):
    """The party's own confirmation of the circulated text (identity: account name + party name,
    time, the hash confirmed)."""
    agreement = _lock_agreement(agreement)
    mediation = agreement.mediation
    mp = party_of(actor, mediation)
    if mp is None:
        raise NotFound()
    if agreement.status != AgreementStatus.CIRCULATED:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("该版本的调解协议不在待确认状态。"), status=409)
    confirmed = str(text_hash_confirmed or "").strip().lower()
    if confirmed != agreement.text_hash or text_hash(agreement) != agreement.text_hash:
        raise ServiceError(
            ErrorCode.AGREEMENT_TEXT_CHANGED,
            _("所确认的文本与发送确认的文本不一致（摘要不符），未记录确认，请刷新后查看最新文本。"),
            fields={"text_hash": [_("摘要不符。")]},
            status=409,
        )
    now = timezone.now()
    _check_settlement_authority(mp, timezone.localdate(now))
    if agreement.confirmations.filter(party=mp).exists():
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("您已确认过该版本的调解协议。"), status=409)
    confirmation = PartyConfirmation.objects.create(
        agreement=agreement,
        party=mp,
        user=actor,
        identity=_identity(actor, mp),
        method=ConfirmationMethod.ONLINE,
        text_hash=agreement.text_hash,
        confirmed_at=now,
    )
    record(
        actor=actor,
        action="mediation.agreement.confirmed",
        obj=agreement,
        agency=mediation.organisation.agency,
        after={"party": mp.pk, "identity": confirmation.identity, "text_hash": agreement.text_hash, "method": "online"},
    )
    _log(mediation, actor, _("%(who)s在线确认了调解协议第%(v)d版。") % {"who": confirmation.identity, "v": agreement.version})
    _notify_organisation(
        mediation,
        "mediation.agreement.confirmed",
        _("当事人已确认调解协议：%(n)s") % {"n": mediation.number},
        _("%(who)s已在线确认调解协议第%(v)d版。") % {"who": confirmation.identity, "v": agreement.version},
        f"mediation.agreement.confirmed:{confirmation.pk}",
    )
    _after_confirmation(actor, agreement, timezone.localdate(now))
    return confirmation


def save_document(*, mediation, actor, upload, title, visible=True):
    """Store an uploaded signed document on the mediation (SHA-256, size): PDF or image only."""
    data = upload.read(20 * 1024 * 1024 + 1)
    if not data or len(data) > 20 * 1024 * 1024:
        raise ServiceError(ErrorCode.INVALID, _("上传的文件为空或超过 20 MiB。"), fields={"document": [_("文件为空或过大。")]})
    if not (data.startswith(b"%PDF") or data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff")):
        raise ServiceError(ErrorCode.INVALID, _("签署的文件须为 PDF、PNG 或 JPEG。"), fields={"document": [_("文件类型不受支持。")]})
    from django.core.files.base import ContentFile

    sha = hashlib.sha256(data).hexdigest()
    name = getattr(upload, "name", "") or "signed.pdf"
    document = Document(mediation=mediation, title=title[:200], sha256=sha, size=len(data), visible_to_parties=visible, uploaded_by=actor)
    document.file.save(name.rsplit("/", 1)[-1][:100], ContentFile(data), save=False)
    document.save()
    return document


@transaction.atomic
def record_paper_confirmation(*, actor, agreement, party, upload, signed_on=None):
    """The mediator records a party's signed paper confirmation of the circulated text, with the
    signed document uploaded."""
    agreement = _lock_agreement(agreement)
    mediation = agreement.mediation
    _require_manager(actor, mediation)
    if agreement.status != AgreementStatus.CIRCULATED:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("该版本的调解协议不在待确认状态。"), status=409)
    mp = MediationParty.objects.select_related("party").filter(mediation=mediation, pk=getattr(party, "pk", party)).first()
    if mp is None:
        raise ServiceError(ErrorCode.INVALID, fields={"party": [_("须为本调解案件的当事人。")]})
    if text_hash(agreement) != agreement.text_hash:
        raise ServiceError(ErrorCode.AGREEMENT_TEXT_CHANGED, status=409)
    if agreement.confirmations.filter(party=mp).exists():
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("该当事人已确认过该版本的调解协议。"), status=409)
    on = signed_on or today()
    if on > today() or (agreement.circulated_at and on < timezone.localdate(agreement.circulated_at)):
        raise ServiceError(ErrorCode.INVALID, _("签署日期须在协议发送确认之后、不晚于今天。"), fields={"signed_on": [_("日期无效。")]})
    if upload is None:
        raise ServiceError(ErrorCode.REQUIRED, fields={"document": [_("请上传签署的调解协议。")]})
    document = save_document(
        mediation=mediation, actor=actor, upload=upload, title=_("%(p)s签署的调解协议（第%(v)d版）") % {"p": mp.party.name, "v": agreement.version}
    )
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12, 0))) if on != today() else timezone.now()
    confirmation = PartyConfirmation.objects.create(
        agreement=agreement,
        party=mp,
        user=None,
        identity=_("%(p)s（书面签署，由%(m)s录入）") % {"p": mp.party.name, "m": actor.display_name},
        method=ConfirmationMethod.SIGNED_CONSENT,
        document=document,
        text_hash=agreement.text_hash,
        confirmed_at=at,
    )
    record(
        actor=actor,
        action="mediation.agreement.confirmed",
        obj=agreement,
        agency=mediation.organisation.agency,
        after={"party": mp.pk, "method": "signed", "document": document.pk, "sha256": document.sha256, "text_hash": agreement.text_hash},
    )
    _log(mediation, actor, _("录入%(p)s书面签署的调解协议第%(v)d版。") % {"p": mp.party.name, "v": agreement.version})
    _after_confirmation(actor, agreement, on)
    return confirmation


# --- judicial confirmation ---------------------------------------------------------------------


@dataclass(frozen=True)
class CourtProposal:
    court: Agency
    basis: str
    rule_code: str


def _category(mediation):
    if mediation.field == "patent":
        right = mediation.rights.filter(kind=RightKind.PATENT).order_by("pk").first()
        return PATENT_CATEGORY.get(getattr(right, "patent_kind", "") or "invention", "invention_patent")
    return FIELD_CATEGORY.get(mediation.field)


def _regions(mediation):
    """Where the court may be: the organisation's region, then each party's domicile."""
    codes = []
    if mediation.organisation.region_id:
        codes.append(mediation.organisation.region_id)
    elif mediation.organisation.agency.region_id:
        codes.append(mediation.organisation.agency.region_id)
    for code in MediationParty.objects.filter(mediation=mediation).values_list("party__region_code", flat=True):
        if code and code not in codes:
            codes.append(code)
    return codes


def competent_courts(mediation, on):
    """The courts competent for the confirmation, each with its basis (reference §9): the
    entrusting court for a court-entrusted (pre-suit) mediation; otherwise the court of the
    jurisdiction table for the dispute's category in the organisation's or a party's region —
    a basic court, or the intermediate (IP) court where the dispute belongs there."""
    rule = get_rule(COURT_RULE, on)
    if mediation.source == Source.IN_SUIT:
        raise ServiceError(
            ErrorCode.CONFIRMATION_NOT_AVAILABLE,
            _("诉中委托调解达成的协议由受诉法院出具调解书或准许撤诉结案，不适用司法确认程序。"),
            status=409,
        )
    if mediation.source == Source.PRE_SUIT and mediation.court_id:
        return [
            CourtProposal(
                mediation.court,
                _("委派调解的人民法院（%(rule)s：人民法院邀请调解组织开展先行调解的，向作出邀请的人民法院提出）") % {"rule": rule.citation},
                COURT_RULE,
            )
        ]
    category = _category(mediation)
    if category is None:
        raise ServiceError(ErrorCode.NO_COMPETENT_COURT, _("该纠纷领域没有可适用的管辖规则，请选择受理法院。"))
    out, seen = [], set()
    for code in _regions(mediation):
        try:
            decision = jurisdiction.competent_court(category, code, on)
        except RuleError:
            continue
        if decision.court.pk in seen:
            continue
        seen.add(decision.court.pk)
        tier = _("中级人民法院") if decision.court.level != "county" else _("基层人民法院")
        basis = _("%(rule)s；纠纷由%(tier)s管辖（%(table)s）") % {"rule": rule.citation, "tier": tier, "table": decision.citation}
        out.append(CourtProposal(decision.court, basis[:300], COURT_RULE))
    if not out:
        raise ServiceError(ErrorCode.NO_COMPETENT_COURT, _("管辖表中没有适用于该纠纷类别和地域的法院。"))
    return out


def apply_deadline(agreement):
    """(last day, rule version) of the application period from the day the agreement took effect."""
    deadline = rule_deadline(APPLY_RULE, agreement.effective_on)
    return deadline.deadline, deadline.rule


def _acting_party(actor, mediation):
    """A party's account files for the parties; the mediator (or its organisation) may file for
    them through the platform."""
    mp = party_of(actor, mediation)
    if mp is not None:
        return mp
    if can_manage(actor, mediation):
        return None
    raise NotFound()


@transaction.atomic
def apply_for_confirmation(*, actor, agreement, court=None, consent_upload=None, consent_document=None, applied_on=None):
    """The joint application (民特): refused for an in-suit mediation, an administrative one
    without a pilot at the court, a non-joint or late application, or a court not competent."""
    agreement = _lock_agreement(agreement)
    mediation = agreement.mediation
    mp = _acting_party(actor, mediation)
    on = applied_on or today()
    if on > today():
        raise ServiceError(ErrorCode.INVALID, fields={"applied_on": [_("申请日期不能晚于今天。")]})
    if agreement.status != AgreementStatus.EFFECTIVE:
        raise ServiceError(ErrorCode.CONFIRMATION_NOT_AVAILABLE, _("只有已生效的调解协议可以申请司法确认。"), status=409)
    if open_application(agreement) is not None:
        raise ServiceError(ErrorCode.CONFIRMATION_NOT_AVAILABLE, _("该调解协议已申请司法确认。"), status=409)
    proposals = competent_courts(mediation, on)
    if mp is not None:
        _check_settlement_authority(mp, on)
    chosen = proposals[0]
    if court is not None:
        court_pk = getattr(court, "pk", court)
        match = [p for p in proposals if p.court.pk == court_pk]
        if not match:
            names = "、".join(f"{p.court.name}（{p.basis}）" for p in proposals)
            raise ServiceError(
                ErrorCode.CONFIRMATION_COURT_NOT_COMPETENT,
                _("所选法院对该申请没有管辖权。有管辖权的法院：%(names)s") % {"names": names},
                fields={"court": [_("请选择有管辖权的法院。")]},
            )
        chosen = match[0]
    if mediation.source == Source.ADMINISTRATIVE:
        pilot = pilot_in_effect(chosen.court, on)
        if pilot is None:
            citation = get_rule(PILOT_RULE, on).citation
            raise ServiceError(
                ErrorCode.CONFIRMATION_NO_PILOT,
                _("%(court)s在%(on)s未开展行政调解协议司法确认试点（%(rule)s），不能申请确认该行政调解协议。")
                % {"court": chosen.court.name, "on": on.isoformat(), "rule": citation},
                fields={"rule": [PILOT_RULE]},
            )
    last, rule = apply_deadline(agreement)
    if on > last:
        raise ServiceError(
            ErrorCode.CONFIRMATION_LATE,
            _("申请司法确认的期间已届满：调解协议于%(eff)s生效，依%(rule)s应在%(last)s前申请（期间届满日遇节假日顺延）。")
            % {"eff": agreement.effective_on.isoformat(), "rule": rule.citation, "last": last.isoformat()},
            fields={"applied_on": [last.isoformat()], "rule": [APPLY_RULE]},
        )
    parties = list(MediationParty.objects.select_related("party").filter(mediation=mediation))
    online = set(agreement.confirmations.filter(method=ConfirmationMethod.ONLINE).values_list("party_id", flat=True))
    absent = [p for p in parties if p.pk not in online]
    document = None
    if absent:
        if consent_document is not None:
            document = Document.objects.filter(mediation=mediation, pk=getattr(consent_document, "pk", consent_document)).first()
        elif consent_upload is not None:
            document = save_document(
                mediation=mediation,
                actor=actor,
                upload=consent_upload,
                title=_("%(p)s同意申请司法确认的书面意见") % {"p": "、".join(p.party.name for p in absent)},
            )
        if document is None:
            raise ServiceError(
                ErrorCode.CONFIRMATION_NOT_JOINT,
                _("司法确认须由双方当事人共同申请：%(p)s未在平台确认调解协议，且未附其签署的同意书。") % {"p": "、".join(p.party.name for p in absent)},
                fields={"consent_document": [_("请上传未在线确认的当事人签署的同意书。")]},
            )
    accept_by = rule_deadline(ACCEPT_RULE, on).deadline
    application = ConfirmationApplication.objects.create(
        agreement=agreement,
        court=chosen.court,
        court_basis=chosen.basis[:300],
        applied_on=on,
        apply_by=last,
        apply_rule=APPLY_RULE,
        joint=not absent,
        consent_document=document,
        accept_by=accept_by,
        created_by=actor,
    )
    record(actor=actor, action="mediation.confirmation.applied", obj=application, agency=chosen.court, after=_application_snapshot(application))
    _log(mediation, actor, _("向%(court)s申请司法确认（%(basis)s）。") % {"court": chosen.court.name, "basis": chosen.basis})
    key = f"mediation.confirmation.applied:{application.pk}"
    title = _("司法确认申请：%(n)s") % {"n": mediation.number}
    body = _("%(org)s调解的协议申请司法确认，请于%(d)s前决定是否受理。") % {"org": mediation.organisation.agency.name, "d": accept_by.isoformat()}
    _notify_court(application, "mediation.confirmation.applied", title, body, key)
    party_body = _("司法确认申请已提交%(court)s。") % {"court": chosen.court.name}
    _notify_parties(mediation, "mediation.confirmation.applied", title, party_body, key)
    _notify_organisation(mediation, "mediation.confirmation.applied", title, party_body, key, exclude=actor)
    return application


def _lock_application(application):
    return (
        ConfirmationApplication.objects.select_for_update(of=("self",))
        .select_related("agreement__mediation__organisation__agency", "agreement__mediation__mediator__user", "court")
        .get(pk=application.pk)
    )


def _require_court(actor, application):
    if not is_court_staff(actor, application.court_id):
        raise NotFound() if not applications_for(actor).filter(pk=application.pk).exists() else PermissionDenied(_("只有受理法院的法官、书记员可以办理。"))


def _tell_parties(application, code, title, body):
    mediation = application.agreement.mediation
    key = f"{code}:{application.pk}"
    _notify_parties(mediation, code, title, body, key)
    _notify_organisation(mediation, code, title, body, key)


def parse_confirmation_number(application, number):
    """A 民特 case number of the application's own court."""
    try:
        parsed = parse_case_number(str(number or ""))
    except IdentifierError as exc:
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, str(exc), fields={"case_number": [str(exc)]}) from None
    if parsed.type_code != "民特":
        raise ServiceError(ErrorCode.CASE_NUMBER_INVALID, _("司法确认案件的类型代字须为“民特”。"), fields={"case_number": [_("类型代字须为“民特”。")]})
    if parsed.court_code != application.court.court_code:
        raise ServiceError(
            ErrorCode.CASE_NUMBER_INVALID,
            _("案号的法院代字“%(code)s”不是%(court)s的代字（%(own)s）。")
            % {"code": parsed.court_code, "court": application.court.name, "own": application.court.court_code},
            fields={"case_number": [_("法院代字不符。")]},
        )
    if ConfirmationApplication.objects.filter(case_number=parsed.normalized).exclude(pk=application.pk).exists():
        raise ServiceError(ErrorCode.PROCEEDING_DUPLICATE, _("该案号已被使用。"), fields={"case_number": [_("该案号已被使用。")]}, status=409)
    return parsed.normalized


@transaction.atomic
def accept_application(*, actor, application, case_number, accepted_on=None, judge=None):
    """The court accepts (受理) with its 民特 number; the ruling is due within the period of
    rule `decide` (15 days) from acceptance."""
    application = _lock_application(application)
    _require_court(actor, application)
    if application.status != ApplicationStatus.FILED:
        raise ServiceError(ErrorCode.CONFIRMATION_STATE, _("该申请已处理，不能再受理。"), status=409)
    on = accepted_on or today()
    if on > today() or on < application.applied_on:
        raise ServiceError(ErrorCode.INVALID, fields={"accepted_on": [_("受理日期须在申请日之后、不晚于今天。")]})
    number = parse_confirmation_number(application, case_number)
    if judge is None and getattr(actor, "kind", "") == "staff" and actor.has_role("judge"):
        judge = actor
    if judge is not None and not (judge.agency_id == application.court_id and judge.has_role("judge")):
        raise ServiceError(ErrorCode.INVALID, fields={"judge": [_("承办法官须为本院法官。")]})
    before = _application_snapshot(application)
    application.case_number = number
    application.status = ApplicationStatus.ACCEPTED
    application.accepted_on = on
    application.rule_by = rule_deadline(DECIDE_RULE, on).deadline
    application.judge = judge
    application.save()
    record(
        actor=actor,
        action="mediation.confirmation.accepted",
        obj=application,
        agency=application.court,
        before=before,
        after=_application_snapshot(application),
    )
    mediation = application.agreement.mediation
    _log(
        mediation,
        actor,
        _("%(court)s受理司法确认申请，案号%(no)s，应于%(d)s前作出裁定。")
        % {"court": application.court.name, "no": number, "d": application.rule_by.isoformat()},
    )
    _tell_parties(
        application,
        "mediation.confirmation.accepted",
        _("司法确认申请已受理：%(no)s") % {"no": number},
        _("%(court)s已受理司法确认申请，案号%(no)s。") % {"court": application.court.name, "no": number},
    )
    return application


@transaction.atomic
def refuse_application(*, actor, application, reason):
    """The court does not accept (不予受理): a reason is required."""
    application = _lock_application(application)
    _require_court(actor, application)
    if application.status != ApplicationStatus.FILED:
        raise ServiceError(ErrorCode.CONFIRMATION_STATE, _("该申请已处理。"), status=409)
    reason = str(reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, _("不予受理须写明理由。"), fields={"reason": [_("请填写不予受理的理由。")]})
    before = _application_snapshot(application)
    application.status = ApplicationStatus.NOT_ACCEPTED
    application.reason = reason[:2000]
    application.ruled_on = today()
    application.save()
    record(
        actor=actor,
        action="mediation.confirmation.not_accepted",
        obj=application,
        agency=application.court,
        before=before,
        after=_application_snapshot(application),
        reason=reason,
    )
    _log(application.agreement.mediation, actor, _("%(court)s不予受理司法确认申请：%(r)s") % {"court": application.court.name, "r": reason})
    _tell_parties(
        application,
        "mediation.confirmation.not_accepted",
        _("司法确认申请不予受理"),
        _("%(court)s不予受理，理由：%(r)s") % {"court": application.court.name, "r": reason},
    )
    return application


@transaction.atomic
def extend_application(*, actor, application, approval):
    """Extension by the rule's extension days, with the president's approval (recorded)."""
    application = _lock_application(application)
    _require_court(actor, application)
    if application.status != ApplicationStatus.ACCEPTED or application.extended:
        raise ServiceError(ErrorCode.CONFIRMATION_STATE, _("只有已受理、未延长的申请可以延长审查期限。"), status=409)
    approval = str(approval or "").strip()
    if not approval:
        raise ServiceError(ErrorCode.REQUIRED, _("延长审查期限须经院长批准，请写明批准情况。"), fields={"approval": [_("请填写院长批准情况。")]})
    rule = get_rule(DECIDE_RULE, application.accepted_on)
    days = int(rule.parameters.get("extension_days") or 0)
    before = _application_snapshot(application)
    application.rule_by = compute_deadline(application.rule_by, days, "days")
    application.extended = True
    application.save()
    record(
        actor=actor,
        action="mediation.confirmation.extended",
        obj=application,
        agency=application.court,
        before=before,
        after=_application_snapshot(application),
        reason=approval,
    )
    _log(
        application.agreement.mediation,
        actor,
        _("经院长批准（%(a)s），审查期限延长%(n)d日至%(d)s（%(rule)s）。")
        % {"a": approval, "n": days, "d": application.rule_by.isoformat(), "rule": rule.citation},
    )
    _tell_parties(
        application, "mediation.confirmation.extended", _("司法确认审查期限延长"), _("审查期限延长至%(d)s。") % {"d": application.rule_by.isoformat()}
    )
    return application


@transaction.atomic
def rule_application(*, actor, application, ruling, reason="", ruled_on=None):
    """The ruling: valid (the agreement is enforceable; the dossier shows it confirmed) or invalid
    (the parties are told their options: amend by mediation, a new agreement, or suit)."""
    application = _lock_application(application)
    _require_court(actor, application)
    if application.status != ApplicationStatus.ACCEPTED:
        raise ServiceError(ErrorCode.CONFIRMATION_STATE, _("只有已受理的申请可以裁定。"), status=409)
    if ruling not in Ruling.values:
        raise ServiceError(ErrorCode.INVALID, fields={"ruling": [_("裁定结果须为确认有效或驳回申请。")]})
    reason = str(reason or "").strip()
    if ruling == Ruling.INVALID and not reason:
        raise ServiceError(ErrorCode.REQUIRED, _("驳回申请须写明理由。"), fields={"reason": [_("请填写理由。")]})
    on = ruled_on or today()
    if on > today() or on < application.accepted_on:
        raise ServiceError(ErrorCode.INVALID, fields={"ruled_on": [_("裁定日期须在受理之后、不晚于今天。")]})
    before = _application_snapshot(application)
    application.status = ApplicationStatus.RULED
    application.ruling = ruling
    application.ruled_on = on
    application.reason = reason[:2000]
    if application.judge_id is None and getattr(actor, "kind", "") == "staff" and actor.has_role("judge"):
        application.judge = actor
    application.save()
    record(
        actor=actor,
        action="mediation.confirmation.ruled",
        obj=application,
        agency=application.court,
        before=before,
        after=_application_snapshot(application),
        reason=reason,
    )
    mediation = application.agreement.mediation
    if ruling == Ruling.VALID:
        text = _("%(court)s裁定确认调解协议有效（%(no)s）。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。") % {
            "court": application.court.name,
            "no": application.case_number,
        }
    else:
        text = (
            _("%(court)s裁定驳回司法确认申请（%(no)s），理由：%(r)s。") % {"court": application.court.name, "no": application.case_number, "r": reason}
            + INVALID_OPTIONS_TEXT
        )
    _log(mediation, actor, text, kind=LogKind.STATUS)
    _tell_parties(application, "mediation.confirmation.ruled", _("司法确认裁定：%(no)s") % {"no": application.case_number}, text)
    return application


# --- pilots (platform admin) -------------------------------------------------------------------


def _require_admin(actor):
    if not is_platform_admin(actor):
        raise PermissionDenied(_("只有平台管理员可以管理试点。"))


@transaction.atomic
def pilot_create(*, actor, court, effective_from, basis, effective_to=None):
    _require_admin(actor)
    if court is None or court.kind != AgencyKind.COURT:
        raise ServiceError(ErrorCode.INVALID, fields={"court": [_("请选择法院。")]})
    basis = str(basis or "").strip()
    if not basis:
        raise ServiceError(ErrorCode.REQUIRED, fields={"basis": [_("请写明试点依据（文件名称、文号）。")]})
    if effective_to is not None and effective_to < effective_from:
        raise ServiceError(ErrorCode.INVALID, fields={"effective_to": [_("失效日期不能早于生效日期。")]})
    get_rule(PILOT_RULE, effective_from)
    overlapping = ConfirmationPilot.objects.filter(court=court).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
    if effective_to is not None:
        overlapping = overlapping.filter(effective_from__lte=effective_to)
    if overlapping.exists():
        raise ServiceError(ErrorCode.RULE_DATES_OVERLAP, _("该法院在此期间已有试点。"), fields={"effective_from": [_("与已有试点的期间重叠。")]})
    pilot = ConfirmationPilot.objects.create(
        court=court, effective_from=effective_from, effective_to=effective_to, rule_code=PILOT_RULE, basis=basis[:300], created_by=actor
    )
    record(
        actor=actor,
        action="mediation.pilot.created",
        obj=pilot,
        agency=court,
        after={"court": court.pk, "from": effective_from, "to": effective_to, "basis": pilot.basis},
    )
    return pilot


@transaction.atomic
def pilot_end(*, actor, pilot, effective_to):
    _require_admin(actor)
    pilot = ConfirmationPilot.objects.select_for_update(of=("self",)).get(pk=pilot.pk)
    if effective_to < pilot.effective_from:
        raise ServiceError(ErrorCode.INVALID, fields={"effective_to": [_("失效日期不能早于生效日期。")]})
    before = {"to": pilot.effective_to}
    pilot.effective_to = effective_to
    pilot.save(update_fields=["effective_to", "updated_at"])
    record(actor=actor, action="mediation.pilot.ended", obj=pilot, agency=pilot.court_id, before=before, after={"to": effective_to})
    return pilot


# --- CNIPA records a transfer or licence term ----------------------------------------------------


def terms_to_record(user):
    """Transfer and licence terms of effective agreements not yet recorded (CNIPA's list)."""
    if not can_record_on_register(user):
        return Term.objects.none()
    return (
        Term.objects.filter(
            kind__in=[TermKind.ASSIGNMENT, TermKind.LICENCE], agreement__status=AgreementStatus.EFFECTIVE, recorded_event__isnull=True, right__isnull=False
        )
        .select_related("agreement__mediation", "right", "obliged__party", "beneficiary__party")
        .order_by("agreement__effective_on", "pk")
    )


@transaction.atomic
def record_term_on_register(*, actor, term, on=None):
    """CNIPA records the term's transfer (转让登记) or licence (许可备案) as a legal event of the
    right. The register's state machine decides: a frozen right refuses a transfer (event_refused,
    with the freeze named) and nothing changes."""
    if not can_record_on_register(actor):
        raise PermissionDenied(_("只有国家知识产权局（知识产权局）的审查、登记人员可以登记。"))
    term = Term.objects.select_for_update(of=("self",)).select_related("agreement__mediation", "right", "beneficiary__party").get(pk=term.pk)
    if term.kind not in (TermKind.ASSIGNMENT, TermKind.LICENCE) or term.right_id is None:
        raise ServiceError(ErrorCode.INVALID, _("只有转让、许可条款需要登记。"))
    if term.agreement.status != AgreementStatus.EFFECTIVE:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("调解协议尚未生效，不能据以登记。"), status=409)
    if term.recorded_event_id:
        raise ServiceError(ErrorCode.AGREEMENT_STATE, _("该条款已登记。"), status=409)
    on = on or today()
    mediation = term.agreement.mediation
    if term.kind == TermKind.ASSIGNMENT:
        event_type = "transferred"
        details = {"owner": term.beneficiary.party.name, "mediation": mediation.number, "agreement": term.agreement_id}
    else:
        event_type = "licence_filed"
        d = term.details or {}
        details = {"licensee": d.get("licensee_name", ""), "licence_type": d.get("type", ""), "mediation": mediation.number, "agreement": term.agreement_id}
    event = register.record_event(actor, term.right, event_type, on, details)
    term.recorded_event = event
    term.recorded_at = timezone.now()
    term.save(update_fields=["recorded_event", "recorded_at"])
    record(actor=actor, action="mediation.term.recorded", obj=term.agreement, after={"term": term.pk, "event": event.pk, "type": event_type})
    _log(mediation, actor, _("%(office)s已登记%(what)s（%(no)s）。") % {"office": actor.agency.name, "what": term.get_kind_display(), "no": term.right.number})
    _notify_parties(
        mediation,
        "mediation.term.recorded",
        _("权利变更已登记：%(no)s") % {"no": term.right.number},
        _("调解协议中的%(what)s已由%(office)s登记。") % {"what": term.get_kind_display(), "office": actor.agency.name},
        f"mediation.term.recorded:{term.pk}",
    )
    return term


# --- the right's dossier ------------------------------------------------------------------------


def right_terms(right, user):
    """The terms about `right` in effective agreements the user may see, with their state:
    agreed (已达成), confirmed (已司法确认), recorded on the register. Three queries."""
    terms = list(
        Term.objects.filter(right=right, agreement__status=AgreementStatus.EFFECTIVE, agreement__mediation__in=_mediations(user))
        .select_related("agreement__mediation")
        .order_by("agreement__effective_on", "pk")
    )
    confirmed = (
        set(
            ConfirmationApplication.objects.filter(
                agreement_id__in={t.agreement_id for t in terms}, status=ApplicationStatus.RULED, ruling=Ruling.VALID
            ).values_list("agreement_id", flat=True)
        )
        if terms
        else set()
    )
    return [(t, t.agreement_id in confirmed) for t in terms]


# --- reminders (scheduled, idempotent) ------------------------------------------------------------

REMIND_DAYS_BEFORE = 1


def send_court_reminders(on=None):
    """Remind the court's judge (or its judges and clerks) the day before, and on, the last day to
    decide acceptance and to rule. Idempotent: one notification per (application, deadline, day)."""
    on = on or today()
    sent = 0
    soon = on + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    filed = ConfirmationApplication.objects.filter(status=ApplicationStatus.FILED, accept_by__lte=soon).select_related("agreement__mediation", "court", "judge")
    accepted = ConfirmationApplication.objects.filter(status=ApplicationStatus.ACCEPTED, rule_by__lte=soon).select_related(
        "agreement__mediation", "court", "judge"
    )
    for application in filed:
        overdue = application.accept_by < on
        title = (_("司法确认申请受理期限已过：%(n)s") if overdue else _("司法确认申请待决定受理：%(n)s")) % {"n": application.agreement.mediation.number}
        body = _("应于%(d)s前决定是否受理（%(rule)s）。") % {"d": application.accept_by.isoformat(), "rule": ACCEPT_RULE}
        sent += _notify_court(
            application,
            "mediation.confirmation.reminder",
            title,
            body,
            f"mediation.confirmation.remind_accept:{application.pk}:{application.accept_by}:{min(on, application.accept_by + datetime.timedelta(days=1))}",
        )
    for application in accepted:
        overdue = application.rule_by < on
        title = (_("司法确认审查期限已过：%(n)s") if overdue else _("司法确认审查期限将至：%(n)s")) % {"n": application.case_number}
        body = _("应于%(d)s前作出裁定（%(rule)s）。") % {"d": application.rule_by.isoformat(), "rule": DECIDE_RULE}
        sent += _notify_court(
            application,
            "mediation.confirmation.reminder",
            title,
            body,
            f"mediation.confirmation.remind_rule:{application.pk}:{application.rule_by}:{min(on, application.rule_by + datetime.timedelta(days=1))}",
        )
    return sent
