"""Writes of the mediation workflow (issue 7, points 1, 2, 7): organisations and mediators
registered (入驻), the four ways a mediation starts, assignment and acceptance, extension, log,
sessions, documents, outcomes and the hand-offs back to the court. One transaction each, audited;
every hand-off between institutions notifies the other side and is logged. Periods come from the
rule registry (mediation.period.<source>) through the deadline engine."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.principals import is_platform_admin
from ipcollab.core.uploads import UploadRejected, inspect_upload
from ipcollab.deadlines import DeadlineError, compute_deadline
from ipcollab.identifiers import IdentifierError, parse_case_number
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency, Region
from ipcollab.proceedings import services as proceedings
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry.models import Party, PowerOfAttorney, Representative, Right
from ipcollab.rulebook.registry import rule_deadline

from . import rules as who
from .models import (
    Agreement,
    AgreementStatus,
    CourtFollowUp,
    Document,
    Field,
    LogEntry,
    LogKind,
    Mediation,
    MediationParty,
    Mediator,
    Organisation,
    Outcome,
    PartySide,
    Session,
    SessionMode,
    Source,
    Status,
)
from .selectors import OPEN, is_available

PRE_SUIT_TYPE = "民诉前调"
PERIOD_RULE = "mediation.period.{source}"
MAX_EXTENSION_DAYS = 60
DOCUMENT_TYPES = (
    (b"%PDF-", "application/pdf", ()),
    (b"\x89PNG\r\n\x1a\n", "image/png", ()),
    (b"\xff\xd8\xff", "image/jpeg", ()),
    (b"PK\x03\x04", "application/zip", (".ofd", ".docx")),
)
LANGUAGES = ("zh", "en", "ja", "ko", "de", "fr", "ru", "ug", "bo", "mn", "yue")


def _today():
    return timezone.localdate()


def _deny(message=None):
    raise PermissionDenied(message)


def _invalid(fields):
    raise ServiceError(ErrorCode.INVALID, fields=fields)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _link(mediation):
    return reverse("mediation:detail", args=[mediation.pk])


# --- snapshots (audit before/after) ----------------------------------------------------------------


def _org_snapshot(o):
    return {
        "agency": o.agency_id,
        "fields": list(o.fields),
        "region": o.region_id,
        "languages": list(o.languages),
        "capacity": o.capacity,
        "accepting": o.accepting,
        "liaison": o.liaison_id,
        "active": o.active,
    }


def _mediator_snapshot(m):
    return {
        "organisation": m.organisation_id,
        "user": m.user_id,
        "fields": list(m.fields),
        "languages": list(m.languages),
        "max_caseload": m.max_caseload,
        "available": m.available,
        "unavailable_until": m.unavailable_until.isoformat() if m.unavailable_until else None,
        "active": m.active,
    }


def snapshot(m):
    return {
        "number": m.number,
        "source": m.source,
        "organisation": m.organisation_id,
        "status": m.status,
        "mediator": m.mediator_id,
        "court": m.court_id,
        "court_number": m.court_number,
        "case": m.case_id,
        "office": m.office_id,
        "due_on": m.due_on.isoformat() if m.due_on else None,
        "extended_days": m.extended_days,
        "outcome": m.outcome,
        "ended_on": m.ended_on.isoformat() if m.ended_on else None,
        "court_follow_up": m.court_follow_up,
    }


# --- organisations and mediators (入驻) ----------------------------------------------------------


def _choices(values, allowed, name, fields):
    values = list(dict.fromkeys(v for v in (values or []) if v))
    bad = [v for v in values if v not in allowed]
    if bad:
        fields[name] = [_("不支持的取值：%(v)s。") % {"v": "、".join(map(str, bad))}]
    return values


def _check_org_values(values, fields):
    out = {}
    if "fields" in values:
        out["fields"] = _choices(values["fields"], Field.values, "fields", fields)
        if not out["fields"]:
            fields["fields"] = [_("请至少选择一个业务领域。")]
    if "languages" in values:
        out["languages"] = _choices(values["languages"], LANGUAGES, "languages", fields) or ["zh"]
    if "region" in values:
        region = values["region"]
        if region is not None and not isinstance(region, Region):
            region = Region.objects.filter(code=str(region)).first()
            if region is None:
                fields["region"] = [_("行政区划不存在。")]
        out["region"] = region
    if "capacity" in values:
        capacity = values["capacity"]
        if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 10000:
            fields["capacity"] = [_("同时承办上限须为1到10000之间的整数。")]
        out["capacity"] = capacity
    for flag in ("accepting", "active"):
        if flag in values:
            out[flag] = bool(values[flag])
    if "note" in values:
        out["note"] = (values["note"] or "").strip()[:300]
    return out


def _check_liaison(liaison, agency, fields):
    if liaison is None:
        return
    if not (liaison.is_active and liaison.kind == "staff" and liaison.agency_id == agency.pk):
        fields["liaison"] = [_("联络人须为该机构的在职人员。")]


def register_organisation(*, actor, agency, fields, region=None, languages=("zh",), capacity=50, accepting=True, liaison=None, note="", registered_on=None):
    """Register (入驻) `agency` as a mediation organisation."""
    if not who.can_register_for(actor, agency):
        _deny()
    if agency.kind not in who.ORGANISATION_KINDS:
        raise ServiceError(ErrorCode.MEDIATION_ORGANISATION_KIND, fields={"agency": [_("该类机构不能入驻为调解组织。")]})
    errors = {}
    values = _check_org_values(
        {"fields": fields, "languages": languages, "region": region or agency.region, "capacity": capacity, "accepting": accepting, "note": note}, errors
    )
    _check_liaison(liaison, agency, errors)
    if errors:
        _invalid(errors)
    with transaction.atomic():
        if Organisation.objects.select_for_update().filter(agency=agency).exists():
            raise ServiceError(ErrorCode.MEDIATION_ORGANISATION_TAKEN, fields={"agency": [_("该机构已入驻。")]}, status=409)
        organisation = Organisation.objects.create(agency=agency, liaison=liaison, registered_on=registered_on or _today(), **values)
        record(actor=actor, action="mediation.organisation.register", obj=organisation, agency=agency, after=_org_snapshot(organisation))
    return organisation


def update_organisation(*, actor, organisation, **values):
    """Change an organisation's profile: fields, region, languages, capacity, accepting, liaison, active, note."""
    if not who.can_register_for(actor, organisation.agency):
        _deny()
    unknown = set(values) - {"fields", "region", "languages", "capacity", "accepting", "liaison", "active", "note"}
    if unknown:
        _invalid({name: [_("不能修改此项。")] for name in sorted(unknown)})
    errors = {}
    clean = _check_org_values(values, errors)
    if "liaison" in values:
        _check_liaison(values["liaison"], organisation.agency, errors)
        clean["liaison"] = values["liaison"]
    if errors:
        _invalid(errors)
    with transaction.atomic():
        o = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = _org_snapshot(o)
        for name, value in clean.items():
            setattr(o, name, value)
        o.save()
        record(actor=actor, action="mediation.organisation.update", obj=o, agency=o.agency_id, before=before, after=_org_snapshot(o))
    return o


def _check_mediator_values(values, errors):
    out = {}
    if "fields" in values:
        out["fields"] = _choices(values["fields"], Field.values, "fields", errors)
    if "languages" in values:
        out["languages"] = _choices(values["languages"], LANGUAGES, "languages", errors) or ["zh"]
    if "max_caseload" in values:
        n = values["max_caseload"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 200:
            errors["max_caseload"] = [_("同时承办上限须为1到200之间的整数。")]
        out["max_caseload"] = n
    if "available" in values:
        out["available"] = bool(values["available"])
    if "unavailable_until" in values:
        until = values["unavailable_until"]
        if until is not None and not isinstance(until, datetime.date):
            errors["unavailable_until"] = [_("请填写有效日期。")]
        out["unavailable_until"] = until
    if "title" in values:
        out["title"] = (values["title"] or "").strip()[:100]
    if "active" in values:
        out["active"] = bool(values["active"])
    return out


def register_mediator(*, actor, organisation, user, fields=(), languages=("zh",), title="", max_caseload=10, available=True, unavailable_until=None):
    """Register a staff member of the organisation's agency holding the `mediator` role."""
    if not who.can_register_for(actor, organisation.agency):
        _deny()
    if not (user.is_active and user.kind == "staff" and user.agency_id == organisation.agency_id and user.has_role("mediator")):
        raise ServiceError(ErrorCode.MEDIATOR_NOT_ELIGIBLE, fields={"user": [_("须为该机构具有调解员角色的在职人员。")]})
    errors = {}
    values = _check_mediator_values(
        {
            "fields": fields or organisation.fields,
            "languages": languages,
            "title": title,
            "max_caseload": max_caseload,
            "available": available,
            "unavailable_until": unavailable_until,
        },
        errors,
    )
    if errors:
        _invalid(errors)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if Mediator.objects.filter(organisation=organisation, user=user).exists():
            raise ServiceError(ErrorCode.MEDIATOR_DUPLICATE, fields={"user": [_("该人员已是本组织的调解员。")]}, status=409)
        mediator = Mediator.objects.create(organisation=organisation, user=user, registered_on=_today(), **values)
        record(actor=actor, action="mediation.mediator.register", obj=mediator, agency=organisation.agency_id, after=_mediator_snapshot(mediator))
    return mediator


def update_mediator(*, actor, mediator, **values):
    """Change a mediator's profile (fields, languages, title, max caseload, availability, active)."""
    if not (who.can_register_for(actor, mediator.organisation.agency) or (mediator.user_id == actor.pk and set(values) <= {"available", "unavailable_until"})):
        _deny()
    unknown = set(values) - {"fields", "languages", "title", "max_caseload", "available", "unavailable_until", "active"}
    if unknown:
        _invalid({name: [_("不能修改此项。")] for name in sorted(unknown)})
    errors = {}
    clean = _check_mediator_values(values, errors)
    if errors:
        _invalid(errors)
    with transaction.atomic():
        m = Mediator.objects.select_for_update().get(pk=mediator.pk)
        before = _mediator_snapshot(m)
        for name, value in clean.items():
            setattr(m, name, value)
        m.save()
        record(actor=actor, action="mediation.mediator.update", obj=m, agency=m.organisation.agency_id, before=before, after=_mediator_snapshot(m))
    return m


# --- notifications and the log ---------------------------------------------------------------------


def _log(mediation, kind, text, actor=None, visible_to_parties=False):
    return LogEntry.objects.create(mediation=mediation, kind=kind, text=text, actor=_user_or_none(actor), visible_to_parties=visible_to_parties)


def _tell(users, mediation, code, title, body, key):
    """Notify each user once per (mediation, key). Returns how many notifications were new."""
    seen, created = set(), 0
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        note = notify(recipient=user, code=code, title=title, body=body, link=_link(mediation), dedupe_key=f"mediation:{mediation.pk}:{key}:{user.pk}")
        created += note is not None
    return created


def organisation_managers(organisation):
    """Who runs the organisation's desk: its liaison, else its agency's admins."""
    if organisation.liaison_id and organisation.liaison.is_active:
        return [organisation.liaison]
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            kind="staff",
            agency_id=organisation.agency_id,
            memberships__role__code="agency_admin",
            memberships__agency_id=organisation.agency_id,
        ).distinct()
    )


def court_people(mediation):
    """The entrusting court's people: the case's judge and clerk (in-suit), or who entrusted it."""
    people = []
    if mediation.case_id:
        case = mediation.case
        people += [case.judge, case.clerk]
    if mediation.created_by_id and mediation.created_by.agency_id in (mediation.court_id, mediation.office_id):
        people.append(mediation.created_by)
    return [p for p in people if p is not None]


def _other_side(mediation, actor):
    """The people on the other side of a hand-off from `actor`'s institution."""
    org_side = [mediation.mediator.user] if mediation.mediator_id else []
    org_side += organisation_managers(mediation.organisation)
    if actor is not None and actor.agency_id == mediation.organisation.agency_id:
        return court_people(mediation)
    return org_side


# --- starting a mediation ----------------------------------------------------------------------------


def _check_parties(parties, errors):
    rows, seen = [], set()
    sides = set()
    for i, item in enumerate(parties or []):
        party = item.get("party") if isinstance(item, dict) else None
        side = item.get("side") if isinstance(item, dict) else None
        if not isinstance(party, Party) or side not in PartySide.values:
            errors.setdefault("parties", []).append(_("第%(n)s个当事人：须有当事人和地位（申请人或被申请人）。") % {"n": i + 1})
            continue
        if party.pk in seen:
            errors.setdefault("parties", []).append(_("当事人“%(p)s”重复。") % {"p": party.name})
            continue
        seen.add(party.pk)
        sides.add(side)
        representative = item.get("representative")
        poa = item.get("power_of_attorney")
        if representative is not None and not isinstance(representative, Representative):
            errors.setdefault("parties", []).append(_("第%(n)s个当事人：代理人不存在。") % {"n": i + 1})
            continue
        if poa is not None:
            if not isinstance(poa, PowerOfAttorney) or poa.principal_id != party.pk or poa.revoked_at is not None:
                errors.setdefault("parties", []).append(_("第%(n)s个当事人：授权委托须由该当事人出具且未撤销。") % {"n": i + 1})
                continue
            if representative is None:
                representative = poa.representative
            elif poa.representative_id != representative.pk:
                errors.setdefault("parties", []).append(_("第%(n)s个当事人：授权委托的受托人与代理人不一致。") % {"n": i + 1})
                continue
        rows.append(
            {
                "party": party,
                "side": side,
                "order": i,
                "email": (item.get("email") or "").strip()[:254],
                "phone": (item.get("phone") or "").strip()[:20],
                "representative": representative,
                "power_of_attorney": poa,
            }
        )
    return rows, sides


def _pre_suit_number(number, court, errors):
    number = (number or "").strip()
    if not number:
        errors["court_number"] = [_("诉前委派须填写“民诉前调”案号。")]
        return ""
    try:
        parsed = parse_case_number(number)
    except IdentifierError as exc:
        raise ServiceError(ErrorCode.MEDIATION_NUMBER_INVALID, fields={"court_number": [str(exc)]}) from exc
    if parsed.type_code != PRE_SUIT_TYPE:
        message = _("案件类型代字须为“民诉前调”（本案号为“%(t)s”）。") % {"t": parsed.type_code}
        raise ServiceError(ErrorCode.MEDIATION_NUMBER_INVALID, message, fields={"court_number": [message]})
    if court is not None and parsed.court_code != court.court_code:
        message = _("案号的法院代字“%(c)s”不是委派法院（%(court)s，代字“%(own)s”）的。") % {
            "c": parsed.court_code,
            "court": court.name,
            "own": court.court_code,
        }
        raise ServiceError(ErrorCode.MEDIATION_NUMBER_INVALID, message, fields={"court_number": [message]})
    return parsed.normalized


def _amount(value, errors):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors["claim_amount"] = [_("请填写有效金额。")]
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        errors["claim_amount"] = [_("金额须为0到一万亿元之间。")]
        return None
    return amount.quantize(Decimal("0.01"))


def _next_number(organisation, year):
    prefix = f"TJ{year}-{organisation.agency.code}-"
    last = Mediation.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def _start_rights(rights, errors):
    out = []
    for right in rights or ():
        if not isinstance(right, Right):
            errors["rights"] = [_("权利不存在。")]
            continue
        if right not in out:
            out.append(right)
    return out


def start_mediation(
    *,
    actor,
    source,
    organisation,
    title,
    parties,
    received_on,
    field="patent",
    summary="",
    claim_amount=None,
    court=None,
    court_number="",
    case=None,
    office=None,
    rights=(),
    source_system="manual",
    source_id="",
):
    """Start a mediation. pre_suit / in_suit: a court's judge or clerk (or its system) entrusts a
    dispute (民诉前调 number of that court) or a pending civil case of that court; direct: the
    organisation's staff enter the parties' application; administrative: an IP office mediates
    through its own registered organisation. Idempotent by (source_system, source_id)."""
    source_system = (source_system or "manual").strip()[:30] or "manual"
    source_id = (source_id or "").strip()[:100]
    if source_id:
        existing = Mediation.objects.filter(source_system=source_system, source_id=source_id).first()
        if existing is not None:
            if not (is_platform_admin(actor) or actor.agency_id in (existing.court_id, existing.office_id, existing.organisation.agency_id)):
                raise ServiceError(ErrorCode.CONFLICT, _("来源编号已被其他机构使用。"), fields={"source_id": [_("来源编号已被使用。")]}, status=409)
            return existing
    if source not in Source.values:
        _invalid({"source": [_("来源须为诉前委派、诉中委托、当事人申请或行政调解。")]})
    errors = {}
    if not isinstance(organisation, Organisation):
        _invalid({"organisation": [_("调解组织不存在。")]})
    # who starts it, and for whom
    if source in (Source.PRE_SUIT, Source.IN_SUIT):
        if not actor.has_perm("mediation.start_court") and not is_platform_admin(actor):
            _deny(_("只有法院的法官、书记员（或法院业务系统）可以委派、委托调解。"))
        court = court or (actor.agency if actor.agency_id else None)
        if court is None or court.kind != "court" or (not is_platform_admin(actor) and court.pk != actor.agency_id):
            _deny(_("只能以本院名义委派、委托调解。"))
        office = None
    elif source == Source.ADMINISTRATIVE:
        if not actor.has_perm("mediation.start_office") and not is_platform_admin(actor):
            _deny(_("只有知识产权管理部门可以进行行政调解。"))
        office = office or actor.agency
        if office is None or office.kind != "ip_office" or (not is_platform_admin(actor) and office.pk != actor.agency_id):
            _deny(_("只能以本机关名义进行行政调解。"))
        if organisation.agency_id != office.pk:
            errors["organisation"] = [_("行政调解由本机关入驻的调解组织承办。")]
        court, court_number, case = None, "", None
    else:
        if not (is_platform_admin(actor) or (actor.agency_id == organisation.agency_id and actor.kind in ("staff", "system"))):
            _deny(_("当事人申请的调解由受理的调解组织的工作人员登记。"))
        court, court_number, case, office = None, "", None, None
    if not organisation.active or (not organisation.accepting and source in (Source.PRE_SUIT, Source.IN_SUIT)):
        raise ServiceError(ErrorCode.MEDIATION_NOT_ACCEPTING, fields={"organisation": [_("该调解组织目前不接受委派。")]}, status=409)
    if source == Source.PRE_SUIT:
        court_number = _pre_suit_number(court_number, court, errors)
        case = None
    elif source == Source.IN_SUIT:
        court_number = ""
        if not isinstance(case, Proceeding):
            errors["case"] = [_("诉中委托须选择本院审理中的案件。")]
        else:
            case = Proceeding.objects.get(pk=case.pk)
            if case.track != "court" or case.kind != "civil" or case.agency_id != court.pk or case.status != "pending":
                message = _("案件 %(n)s 不是本院审理中的民事案件，不能委托调解。") % {"n": case.number}
                raise ServiceError(ErrorCode.MEDIATION_CASE_NOT_PENDING, message, fields={"case": [message]}, status=409)
    title = (title or "").strip()[:300]
    if not title:
        errors["title"] = [_("请填写纠纷名称。")]
    if field not in Field.values:
        errors["field"] = [_("领域不正确。")]
    if not isinstance(received_on, datetime.date) or isinstance(received_on, datetime.datetime):
        errors["received_on"] = [_("请填写有效的收案日期。")]
    elif received_on > _today():
        errors["received_on"] = [_("收案日期不能晚于今天。")]
    elif case is not None and isinstance(case, Proceeding) and case.filed_on and received_on < case.filed_on:
        errors["received_on"] = [_("收案日期不能早于案件的立案日期。")]
    amount = _amount(claim_amount, errors)
    party_rows, sides = _check_parties(parties, errors)
    if not errors.get("parties") and sides != {PartySide.APPLICANT, PartySide.RESPONDENT}:
        raise ServiceError(ErrorCode.MEDIATION_PARTIES_INVALID, fields={"parties": [_("须至少有一个申请人和一个被申请人。")]})
    if errors.get("parties"):
        raise ServiceError(ErrorCode.MEDIATION_PARTIES_INVALID, fields=errors)
    right_rows = _start_rights(rights, errors)
    if errors:
        _invalid(errors)
    with transaction.atomic():
        org = Organisation.objects.select_for_update(of=("self",)).select_related("agency").get(pk=organisation.pk)
        if source in (Source.PRE_SUIT, Source.IN_SUIT) and Mediation.objects.filter(organisation=org, status__in=OPEN).count() >= org.capacity:
            message = _("%(o)s在办调解案件已达同时承办上限（%(n)s件），暂不接受委派。") % {"o": org.agency.name, "n": org.capacity}
            raise ServiceError(ErrorCode.MEDIATION_NOT_ACCEPTING, message, fields={"organisation": [message]}, status=409)
        if court_number and Mediation.objects.filter(court=court, court_number=court_number).exists():
            raise ServiceError(ErrorCode.MEDIATION_NUMBER_TAKEN, fields={"court_number": [_("该案号已登记。")]}, status=409)
        mediation = Mediation.objects.create(
            number=_next_number(org, received_on.year),
            source=source,
            organisation=org,
            field=field,
            title=title,
            summary=(summary or "").strip(),
            claim_amount=amount,
            court=court,
            court_number=court_number,
            case=case,
            office=office,
            received_on=received_on,
            source_system=source_system,
            source_id=source_id,
            created_by=_user_or_none(actor),
        )
        for row in party_rows:
            MediationParty.objects.create(mediation=mediation, **row)
        if right_rows:
            mediation.rights.set(right_rows)
        text = {
            Source.PRE_SUIT: _("%(court)s诉前委派调解（%(n)s）。"),
            Source.IN_SUIT: _("%(court)s委托调解案件 %(n)s。"),
            Source.DIRECT: _("当事人申请调解，由调解组织登记。"),
            Source.ADMINISTRATIVE: _("%(office)s行政调解。"),
        }[source] % {"court": court.name if court else "", "n": court_number or (case.number if case else ""), "office": office.name if office else ""}
        _log(mediation, LogKind.HAND_OFF if source in (Source.PRE_SUIT, Source.IN_SUIT) else LogKind.STATUS, text, actor, visible_to_parties=True)
        record(actor=actor, action="mediation.start", obj=mediation, agency=org.agency_id, after=snapshot(mediation))
        if source in (Source.PRE_SUIT, Source.IN_SUIT, Source.ADMINISTRATIVE):
            _tell(
                organisation_managers(org),
                mediation,
                "mediation.received",
                _("新的调解案件：%(t)s") % {"t": title},
                _("%(from)s将纠纷交调解组织调解，请分配调解员。") % {"from": (court or office).name},
                "received",
            )
    return mediation


# --- assignment and acceptance ------------------------------------------------------------------------


def _locked(mediation):
    return (
        Mediation.objects.select_for_update(of=("self",))
        .select_related("organisation__agency", "mediator__user", "case", "court", "office")
        .get(pk=mediation.pk)
    )


def _require_open(m, allowed):
    if m.status not in allowed:
        raise ServiceError(ErrorCode.MEDIATION_STATE, _("调解案件当前状态为“%(s)s”，不能办理此操作。") % {"s": Status(m.status).label}, status=409)


def assign(*, actor, mediation, mediator, reason=""):
    """The organisation (its agency admin or liaison) assigns — or reassigns — one of its own
    mediators. Before acceptance the new mediator has to accept; during the mediation a
    replacement (a reason is required) takes over at once and the period runs on."""
    if not who.runs_organisation(actor, mediation.organisation):
        _deny(_("只有调解组织的管理员或联络人可以分配调解员。"))
    if not isinstance(mediator, Mediator):
        _invalid({"mediator": [_("调解员不存在。")]})
    if mediator.organisation_id != mediation.organisation_id:
        message = _("%(m)s 是%(o)s的调解员，不能承办本组织的案件。") % {"m": mediator.user.display_name, "o": mediator.organisation.agency.name}
        raise ServiceError(ErrorCode.MEDIATOR_OTHER_ORGANISATION, message, fields={"mediator": [message]}, status=403)
    reason = (reason or "").strip()[:300]
    with transaction.atomic():
        m = _locked(mediation)
        _require_open(m, (Status.AWAITING_ASSIGNMENT, Status.ASSIGNED, Status.ACTIVE))
        replacing = m.status == Status.ACTIVE
        if replacing and (m.mediator_id == mediator.pk or not reason):
            _invalid({"reason": [_("调解中更换调解员须选择另一名调解员并说明理由。")]})
        if m.mediator_id != mediator.pk and not is_available(Mediator.objects.get(pk=mediator.pk)):
            raise ServiceError(ErrorCode.MEDIATOR_UNAVAILABLE, fields={"mediator": [_("该调解员暂停接案或已达同时承办上限。")]}, status=409)
        before = snapshot(m)
        previous = m.mediator
        m.mediator, m.assigned_at = mediator, timezone.now()
        if not replacing:
            m.status = Status.ASSIGNED
        m.save(update_fields=["mediator", "status", "assigned_at", "updated_at"])
        if replacing:
            text = _("更换调解员：%(a)s → %(b)s，调解期限不变（至%(due)s）。") % {
                "a": previous.user.display_name,
                "b": mediator.user.display_name,
                "due": m.due_on.isoformat() if m.due_on else "—",
            }
        elif previous is not None and previous.pk != mediator.pk:
            text = _("改派调解员：%(a)s → %(b)s。") % {"a": previous.user.display_name, "b": mediator.user.display_name}
        else:
            text = _("分配调解员：%(b)s。") % {"b": mediator.user.display_name}
        if reason:
            text += _("理由：%(r)s") % {"r": reason}
        _log(m, LogKind.STATUS, text, actor, visible_to_parties=replacing)
        record(actor=actor, action="mediation.assign", obj=m, agency=m.organisation.agency_id, before=before, after=snapshot(m), reason=reason)
        if replacing:
            _tell(
                [mediator.user, previous.user, *court_people(m)],
                m,
                "mediation.mediator_replaced",
                _("更换调解员：%(t)s") % {"t": m.title},
                _("调解案件 %(n)s 改由%(b)s调解，期限至%(due)s。理由：%(r)s")
                % {"n": m.number, "b": mediator.user.display_name, "due": m.due_on.isoformat() if m.due_on else "—", "r": reason},
                f"replaced:{m.assigned_at.isoformat()}",
            )
        else:
            _tell(
                [mediator.user],
                m,
                "mediation.assigned",
                _("请接受调解案件：%(t)s") % {"t": m.title},
                _("%(o)s将调解案件 %(n)s 分配给您，请在当日接受或说明理由退回。") % {"o": m.organisation.agency.name, "n": m.number},
                f"assigned:{m.assigned_at.isoformat()}",
            )
    return m


def _mediator_check(actor, m):
    if who.is_assigned_mediator(actor, m):
        return
    if Mediator.objects.filter(user_id=actor.pk, active=True).exclude(organisation_id=m.organisation_id).exists():
        message = _("您是其他调解组织的调解员，不能承办%(o)s的案件。") % {"o": m.organisation.agency.name}
        raise ServiceError(ErrorCode.MEDIATOR_OTHER_ORGANISATION, message, status=403)
    _deny(_("只有被分配的调解员可以接受或退回案件。"))


def period_rule(source):
    return PERIOD_RULE.format(source=source)


def accept(*, actor, mediation, accepted_on=None):
    """The assigned mediator accepts; the mediation period (rule mediation.period.<source>) starts."""
    accepted_on = accepted_on or _today()
    with transaction.atomic():
        m = _locked(mediation)
        _mediator_check(actor, m)
        _require_open(m, (Status.ASSIGNED,))
        if not isinstance(accepted_on, datetime.date) or accepted_on > _today() or accepted_on < m.received_on:
            _invalid({"accepted_on": [_("接受日期须在收案日期和今天之间。")]})
        deadline = rule_deadline(period_rule(m.source), accepted_on)
        before = snapshot(m)
        m.status, m.accepted_at = Status.ACTIVE, timezone.now()
        m.period_rule, m.period_days, m.due_on = deadline.rule.code, int(deadline.rule.parameters["amount"]), deadline.deadline
        m.save(update_fields=["status", "accepted_at", "period_rule", "period_days", "due_on", "updated_at"])
        _log(
            m,
            LogKind.STATUS,
            _("调解员%(m)s接受案件，调解期限%(d)s日，至%(due)s届满（%(basis)s）。")
            % {"m": m.mediator.user.display_name, "d": m.period_days, "due": m.due_on.isoformat(), "basis": deadline.rule.citation},
            actor,
            visible_to_parties=True,
        )
        record(actor=actor, action="mediation.accept", obj=m, agency=m.organisation.agency_id, before=before, after=snapshot(m))
        _tell(
            court_people(m) + organisation_managers(m.organisation),
            m,
            "mediation.accepted",
            _("调解员已接受：%(t)s") % {"t": m.title},
            _("调解案件 %(n)s 由%(m)s调解，期限至%(due)s。") % {"n": m.number, "m": m.mediator.user.display_name, "due": m.due_on.isoformat()},
            "accepted",
        )
    return m


def decline(*, actor, mediation, reason):
    """The assigned mediator declines with a reason; the case goes back to the organisation."""
    reason = (reason or "").strip()
    if not reason:
        _invalid({"reason": [_("请说明退回的理由。")]})
    with transaction.atomic():
        m = _locked(mediation)
        _mediator_check(actor, m)
        _require_open(m, (Status.ASSIGNED,))
        before = snapshot(m)
        name = m.mediator.user.display_name
        m.status, m.mediator, m.assigned_at = Status.AWAITING_ASSIGNMENT, None, None
        m.save(update_fields=["status", "mediator", "assigned_at", "updated_at"])
        _log(m, LogKind.STATUS, _("调解员%(m)s退回案件：%(r)s") % {"m": name, "r": reason[:300]}, actor)
        record(actor=actor, action="mediation.decline", obj=m, agency=m.organisation.agency_id, before=before, after=snapshot(m), reason=reason[:300])
        _tell(
            organisation_managers(m.organisation),
            m,
            "mediation.declined",
            _("调解员退回案件：%(t)s") % {"t": m.title},
            _("%(m)s退回了调解案件 %(n)s（%(r)s），请重新分配。") % {"m": name, "n": m.number, "r": reason[:200]},
            f"declined:{timezone.now().isoformat()}",
        )
    return m


def extend(*, actor, mediation, days, reason):
    """Extend the mediation period by `days` (the parties agreed; the reason is recorded)."""
    reason = (reason or "").strip()
    errors = {}
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION_DAYS:
        errors["days"] = [_("延长天数须为1到%(n)s之间的整数。") % {"n": MAX_EXTENSION_DAYS}]
    if not reason:
        errors["reason"] = [_("请说明延长的理由（如双方当事人同意延长）。")]
    if errors:
        _invalid(errors)
    with transaction.atomic():
        m = _locked(mediation)
        if not who.works_on(actor, m):
            _deny()
        _require_open(m, (Status.ACTIVE,))
        try:
            due_on = compute_deadline(m.due_on, days, "days")
        except DeadlineError as exc:
            raise ServiceError(exc.code if exc.code in ErrorCode._value2member_map_ else ErrorCode.INVALID, str(exc), fields={"days": [str(exc)]}) from exc
        before = snapshot(m)
        m.due_on, m.extended_days = due_on, m.extended_days + days
        m.save(update_fields=["due_on", "extended_days", "updated_at"])
        _log(m, LogKind.STATUS, _("调解期限延长%(d)s日，至%(due)s届满。理由：%(r)s") % {"d": days, "due": due_on.isoformat(), "r": reason[:300]}, actor, True)
        record(actor=actor, action="mediation.extend", obj=m, agency=m.organisation.agency_id, before=before, after=snapshot(m), reason=reason[:300])
        _tell(
            court_people(m),
            m,
            "mediation.extended",
            _("调解期限延长：%(t)s") % {"t": m.title},
            _("调解案件 %(n)s 的期限延长至%(due)s。理由：%(r)s") % {"n": m.number, "due": due_on.isoformat(), "r": reason[:200]},
            f"extended:{due_on.isoformat()}",
        )
    return m


# --- log, sessions, documents ------------------------------------------------------------------------


def add_log(*, actor, mediation, text, kind=LogKind.NOTE, visible_to_parties=False):
    text = (text or "").strip()
    if not text:
        _invalid({"text": [_("请填写内容。")]})
    if kind not in (LogKind.NOTE, LogKind.CALL):
        _invalid({"kind": [_("只能记录工作记录或电话沟通。")]})
    with transaction.atomic():
        m = _locked(mediation)
        if not who.works_on(actor, m):
            _deny()
        _require_open(m, (Status.ASSIGNED, Status.ACTIVE))
        entry = _log(m, kind, text[:5000], actor, bool(visible_to_parties))
        record(actor=actor, action="mediation.log", obj=m, agency=m.organisation.agency_id, after={"entry": entry.pk, "kind": kind})
    return entry


def schedule_session(*, actor, mediation, starts_at, ends_at, mode, place):
    errors = {}
    if not isinstance(starts_at, datetime.datetime):
        errors["starts_at"] = [_("请填写开始时间。")]
    if not isinstance(ends_at, datetime.datetime):
        errors["ends_at"] = [_("请填写结束时间。")]
    elif isinstance(starts_at, datetime.datetime) and ends_at <= starts_at:
        errors["ends_at"] = [_("结束时间须晚于开始时间。")]
    if mode not in SessionMode.values:
        errors["mode"] = [_("方式须为线上或线下。")]
    place = (place or "").strip()
    if not place:
        errors["place"] = [_("请填写地点或会议链接。")]
    elif mode == SessionMode.ONLINE and not place.startswith("https://"):
        errors["place"] = [_("线上调解须填写以 https:// 开头的会议链接。")]
    if errors:
        _invalid(errors)
    with transaction.atomic():
        m = _locked(mediation)
        if not who.works_on(actor, m):
            _deny()
        _require_open(m, (Status.ACTIVE,))
        session = Session.objects.create(mediation=m, starts_at=starts_at, ends_at=ends_at, mode=mode, place=place[:300], created_by=_user_or_none(actor))
        local = timezone.localtime(starts_at)
        _log(
            m,
            LogKind.NOTE,
            _("安排调解会议：%(at)s，%(mode)s，%(place)s。") % {"at": f"{local:%Y-%m-%d %H:%M}", "mode": SessionMode(mode).label, "place": place[:300]},
            actor,
            True,
        )
        record(
            actor=actor,
            action="mediation.session.schedule",
            obj=m,
            agency=m.organisation.agency_id,
            after={"session": session.pk, "starts_at": starts_at.isoformat()},
        )
        for p in m.parties.select_related("user"):
            if p.user_id:
                notify(
                    recipient=p.user,
                    code="mediation.session",
                    title=_("调解会议安排：%(t)s") % {"t": m.title},
                    body=_("时间：%(at)s；方式：%(mode)s；地点/链接：%(place)s")
                    % {"at": f"{local:%Y-%m-%d %H:%M}", "mode": SessionMode(mode).label, "place": place[:300]},
                    link=reverse("mediation:detail", args=[m.pk]),
                    dedupe_key=f"mediation:{m.pk}:session:{session.pk}:{p.user_id}",
                )
    return session


def record_minutes(*, actor, session, minutes, held=True):
    minutes = (minutes or "").strip()
    if held and not minutes:
        _invalid({"minutes": [_("请填写调解笔录。")]})
    with transaction.atomic():
        m = _locked(session.mediation)
        if not who.works_on(actor, m):
            _deny()
        _require_open(m, (Status.ACTIVE,))
        s = Session.objects.select_for_update().get(pk=session.pk, mediation=m)
        if s.starts_at > timezone.now():
            _invalid({"minutes": [_("会议尚未开始，不能记录笔录。")]})
        before = {"held": s.held, "minutes": len(s.minutes)}
        s.held, s.minutes = bool(held), minutes
        s.save(update_fields=["held", "minutes"])
        _log(
            m,
            LogKind.NOTE,
            _("记录调解会议笔录（%(at)s）。") % {"at": f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}"} if held else _("调解会议未举行。"),
            actor,
        )
        record(
            actor=actor,
            action="mediation.session.minutes",
            obj=m,
            agency=m.organisation.agency_id,
            before=before,
            after={"held": s.held, "minutes": len(s.minutes)},
        )
    return s


def max_document_bytes():
    return getattr(settings, "MEDIATION_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def check_document(upload):
    """Type by content, size and SHA-256 of one upload, before anything is written."""
    try:
        name, size, _kind, sha = inspect_upload(
            upload, types=DOCUMENT_TYPES, max_bytes=max_document_bytes(), default_name="document", accepted=_("PDF、OFD、DOCX、JPEG或PNG")
        )
    except UploadRejected as exc:
        raise ServiceError(ErrorCode.MEDIATION_DOCUMENT_INVALID, exc.message, fields={"file": [exc.message]}) from None
    return name, size, sha


def add_document(*, actor, mediation, title, file, visible_to_parties=True):
    title = (title or "").strip()[:200]
    if not title:
        _invalid({"title": [_("请填写标题。")]})
    if file is None:
        _invalid({"file": [_("请选择文件。")]})
    name, size, sha = check_document(file)
    with transaction.atomic():
        m = _locked(mediation)
        if not who.works_on(actor, m):
            _deny()
        _require_open(m, (Status.ASSIGNED, Status.ACTIVE))
        document = Document(mediation=m, title=title, sha256=sha, size=size, visible_to_parties=bool(visible_to_parties), uploaded_by=_user_or_none(actor))
        document.file.save(name, file, save=False)
        document.save()
        _log(m, LogKind.NOTE, _("上传材料：%(t)s。") % {"t": title}, actor, bool(visible_to_parties))
        record(
            actor=actor, action="mediation.document.add", obj=m, agency=m.organisation.agency_id, after={"document": document.pk, "sha256": sha, "size": size}
        )
    return document


# --- outcome and the hand-offs to the court ---------------------------------------------------------


def effective_agreement(mediation):
    """The effective agreement (the agreements module's answer once it is there)."""
    try:
        from .confirmation import agreement_effective
    except ImportError:
        return Agreement.objects.filter(mediation=mediation, status=AgreementStatus.EFFECTIVE).order_by("-version").first()
    return agreement_effective(mediation)


def record_outcome(*, actor, mediation, outcome, ended_on, note=""):
    """The only way a mediation ends: agreement (an effective agreement is required), failure or
    withdrawal. The court that sent it is told at once; an in-suit failure resumes the case."""
    if outcome not in Outcome.values:
        _invalid({"outcome": [_("结果须为达成协议、调解不成或撤回。")]})
    with transaction.atomic():
        m = _locked(mediation)
        if not who.works_on(actor, m):
            _deny(_("只有承办的调解员或调解组织可以记录调解结果。"))
        _require_open(m, OPEN if outcome == Outcome.WITHDRAWAL else (Status.ACTIVE,))
        if not isinstance(ended_on, datetime.date) or ended_on > _today() or ended_on < m.received_on:
            _invalid({"ended_on": [_("结束日期须在收案日期和今天之间。")]})
        if outcome == Outcome.AGREEMENT:
            agreement = effective_agreement(m)
            if agreement is None:
                raise ServiceError(ErrorCode.MEDIATION_AGREEMENT_MISSING, fields={"outcome": [_("调解协议尚未经各方当事人确认生效。")]}, status=409)
        before = snapshot(m)
        m.status, m.outcome, m.ended_on, m.outcome_note = Status.CLOSED, outcome, ended_on, (note or "").strip()
        if m.source == Source.IN_SUIT and outcome != Outcome.AGREEMENT:
            m.court_follow_up = CourtFollowUp.CONTINUED
        m.save(update_fields=["status", "outcome", "ended_on", "outcome_note", "court_follow_up", "updated_at"])
        label = Outcome(outcome).label
        _log(m, LogKind.STATUS, _("调解结束：%(o)s（%(d)s）。%(note)s") % {"o": label, "d": ended_on.isoformat(), "note": m.outcome_note[:300]}, actor, True)
        if m.source in (Source.PRE_SUIT, Source.IN_SUIT):
            follow = {
                (Source.PRE_SUIT, Outcome.AGREEMENT): _("当事人可在协议生效之日起三十日内共同申请司法确认。"),
                (Source.PRE_SUIT, Outcome.FAILURE): _("请法院登记立案，并在平台上关联本调解案件。"),
                (Source.PRE_SUIT, Outcome.WITHDRAWAL): _("申请人已撤回，法院无需立案。"),
                (Source.IN_SUIT, Outcome.AGREEMENT): _("请法院出具调解书或准许撤诉结案（不适用司法确认）。"),
                (Source.IN_SUIT, Outcome.FAILURE): _("案件恢复审理。"),
                (Source.IN_SUIT, Outcome.WITHDRAWAL): _("调解申请已撤回，案件恢复审理。"),
            }[(m.source, outcome)]
            _log(m, LogKind.HAND_OFF, _("移交%(court)s：%(f)s") % {"court": m.court.name, "f": follow}, actor, True)
            _tell(
                court_people(m),
                m,
                "mediation.outcome",
                _("调解结果：%(t)s — %(o)s") % {"t": m.title, "o": label},
                _("调解案件 %(n)s：%(o)s。%(f)s") % {"n": m.number, "o": label, "f": follow},
                "outcome",
            )
        elif m.source == Source.ADMINISTRATIVE:
            _tell(
                [m.created_by] if m.created_by_id else [],
                m,
                "mediation.outcome",
                _("调解结果：%(t)s — %(o)s") % {"t": m.title, "o": label},
                _("行政调解 %(n)s：%(o)s。") % {"n": m.number, "o": label},
                "outcome",
            )
        record(actor=actor, action="mediation.outcome", obj=m, agency=m.organisation.agency_id, before=before, after=snapshot(m), reason=m.outcome_note[:300])
    return m


_ROLE_OF_SIDE = {PartySide.APPLICANT: "plaintiff", PartySide.RESPONDENT: "defendant"}


def court_files_case(*, actor, mediation, number, cause, filed_on, judge=None, clerk=None, claims=None):
    """A failed pre-suit mediation: the court files the dispute as a case (proceedings.file_case),
    linked to its mediation (case + court_follow_up "filed"); the organisation is told."""
    m = mediation
    if not who.court_officer_of(actor, m.court_id):
        _deny(_("只有委派法院的法官、书记员可以登记立案。"))
    parties = [
        {"party": p.party, "role": _ROLE_OF_SIDE[p.side], "representatives": [p.representative] if p.representative_id else []}
        for p in m.parties.select_related("party", "representative")
    ]
    rights = [{"right": r, "claims": list(claims or [])} for r in m.rights.all()]
    with transaction.atomic():
        locked = _locked(m)
        if locked.source != Source.PRE_SUIT or locked.status != Status.CLOSED or locked.outcome != Outcome.FAILURE or locked.court_follow_up:
            raise ServiceError(ErrorCode.MEDIATION_HANDOFF_INVALID, _("只有调解不成的诉前委派调解才能登记立案，且只能登记一次。"), status=409)
        case = proceedings.file_case(
            actor=actor,
            number=number,
            cause=cause,
            filed_on=filed_on,
            parties=parties,
            rights=rights,
            judge=judge,
            clerk=clerk,
            title=m.title,
        )
        before = snapshot(locked)
        locked.case, locked.court_follow_up = case, CourtFollowUp.FILED
        locked.save(update_fields=["case", "court_follow_up", "updated_at"])
        _log(locked, LogKind.HAND_OFF, _("%(court)s已登记立案：%(n)s。") % {"court": locked.court.name, "n": case.number}, actor, True)
        record(actor=actor, action="mediation.court.file_case", obj=locked, agency=locked.court_id, before=before, after=snapshot(locked))
        _tell(
            _other_side(locked, actor),
            locked,
            "mediation.court_follow_up",
            _("法院已立案：%(t)s") % {"t": locked.title},
            _("诉前调解 %(n)s 调解不成，%(court)s已登记立案 %(c)s。") % {"n": locked.number, "court": locked.court.name, "c": case.number},
            "filed",
        )
    return locked


def court_closes_case(*, actor, mediation, how, closed_on, decision_number=""):
    """An in-suit agreement: the court closes its case by a mediation statement (调解书) or allows
    withdrawal — never by judicial confirmation. The organisation is told."""
    m = mediation
    if how not in (CourtFollowUp.MEDIATION_STATEMENT, CourtFollowUp.WITHDRAWN):
        _invalid({"how": [_("结案方式须为出具调解书或撤诉。")]})
    if not who.court_officer_of(actor, m.court_id):
        _deny(_("只有委托法院的法官、书记员可以结案。"))
    result, disposition = ("mediated", "mediation") if how == CourtFollowUp.MEDIATION_STATEMENT else ("withdrawn", "withdrawal")
    with transaction.atomic():
        locked = _locked(m)
        if (
            locked.source != Source.IN_SUIT
            or locked.status != Status.CLOSED
            or locked.outcome != Outcome.AGREEMENT
            or locked.court_follow_up
            or locked.case_id is None
        ):
            raise ServiceError(ErrorCode.MEDIATION_HANDOFF_INVALID, _("只有达成协议的诉中委托调解才能以调解书或撤诉结案。"), status=409)
        case = proceedings.close_case(
            actor=actor, case=locked.case, result=result, closed_on=closed_on, disposition=disposition, decision_number=decision_number
        )
        before = snapshot(locked)
        locked.court_follow_up = how
        locked.save(update_fields=["court_follow_up", "updated_at"])
        label = CourtFollowUp(how).label
        _log(locked, LogKind.HAND_OFF, _("%(court)s已结案：%(n)s，%(how)s。") % {"court": locked.court.name, "n": case.number, "how": label}, actor, True)
        record(actor=actor, action="mediation.court.close_case", obj=locked, agency=locked.court_id, before=before, after=snapshot(locked))
        _tell(
            _other_side(locked, actor),
            locked,
            "mediation.court_follow_up",
            _("法院已结案：%(t)s") % {"t": locked.title},
            _("委托调解 %(n)s 达成协议，%(court)s以%(how)s结案（%(c)s）。") % {"n": locked.number, "court": locked.court.name, "how": label, "c": case.number},
            "closed",
        )
    return locked


# --- reminders (scheduled, idempotent) ---------------------------------------------------------------


def _first_working_day(calendar, day):
    for _i in range(30):
        if calendar.is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    return day


def remind_unaccepted(today=None):
    """Remind the organisation's liaison of each assigned case not accepted by the end of the
    working day it was assigned on (a case assigned on a rest day: the next working day). One
    reminder per case and day. Returns the number of reminders sent."""
    from ipcollab.deadlines.calendar_store import default_calendar

    today = today or _today()
    calendar = default_calendar()
    sent = 0
    for m in Mediation.objects.filter(status=Status.ASSIGNED, assigned_at__isnull=False).select_related(
        "organisation__agency", "organisation__liaison", "mediator__user"
    ):
        assigned_day = timezone.localdate(m.assigned_at)
        try:
            working_day = _first_working_day(calendar, assigned_day)
        except DeadlineError:
            continue  # the year's holidays are not published: no reminder can be dated (see docs)
        if today <= working_day:
            continue
        recipients = organisation_managers(m.organisation)
        with transaction.atomic():
            notes = _tell(
                recipients,
                m,
                "mediation.not_accepted",
                _("调解员尚未接受：%(t)s") % {"t": m.title},
                _("调解案件 %(n)s 于%(d)s分配给%(m)s，当日工作日结束仍未接受；可催办或改派。")
                % {"n": m.number, "d": assigned_day.isoformat(), "m": m.mediator.user.display_name},
                f"not_accepted:{today.isoformat()}",
            )
            if notes and not LogEntry.objects.filter(mediation=m, kind=LogKind.REMINDER, text__startswith=f"[{today.isoformat()}]").exists():
                _log(m, LogKind.REMINDER, f"[{today.isoformat()}] " + _("已提醒调解组织联络人：调解员尚未接受案件。"))
                sent += 1
    return sent


REMIND_DAYS_BEFORE = 5


def remind_periods(today=None):
    """Before the period runs out (REMIND_DAYS_BEFORE days or fewer left) remind the mediator;
    once it has run out, the liaison and the entrusting court. Once per due date and kind."""
    today = today or _today()
    sent = 0
    qs = Mediation.objects.filter(status=Status.ACTIVE, due_on__isnull=False).select_related(
        "organisation__agency", "organisation__liaison", "mediator__user", "case__judge", "case__clerk", "created_by", "court"
    )
    for m in qs:
        left = (m.due_on - today).days
        with transaction.atomic():
            if 0 <= left <= REMIND_DAYS_BEFORE and m.mediator_id:
                key = f"due:{m.due_on.isoformat()}"
                notes = _tell(
                    [m.mediator.user],
                    m,
                    "mediation.due_soon",
                    _("调解期限即将届满：%(t)s") % {"t": m.title},
                    _("调解案件 %(n)s 的期限于%(due)s届满（还有%(left)s日）；可记录结果，或经当事人同意延长。")
                    % {"n": m.number, "due": m.due_on.isoformat(), "left": left},
                    key,
                )
                if notes:
                    _log(m, LogKind.REMINDER, _("已提醒调解员：期限于%(due)s届满。") % {"due": m.due_on.isoformat()})
                    sent += 1
            elif left < 0:
                key = f"overdue:{m.due_on.isoformat()}"
                notes = _tell(
                    organisation_managers(m.organisation) + court_people(m),
                    m,
                    "mediation.overdue",
                    _("调解已超期：%(t)s") % {"t": m.title},
                    _("调解案件 %(n)s 的期限已于%(due)s届满，尚未记录结果。") % {"n": m.number, "due": m.due_on.isoformat()},
                    key,
                )
                if notes:
                    _log(m, LogKind.REMINDER, _("已提醒调解组织和委派（委托）法院：期限已于%(due)s届满。") % {"due": m.due_on.isoformat()})
                    sent += 1
    return sent


def agency_choices_for_registration(actor):
    """Agencies the actor may register as organisations (not yet registered)."""
    qs = Agency.objects.filter(kind__in=who.ORGANISATION_KINDS, mediation_profile__isnull=True)
    if not is_platform_admin(actor):
        qs = qs.filter(pk=actor.agency_id)
    return qs.order_by("kind", "name")
