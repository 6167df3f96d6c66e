"""Writes on agencies, divisions and liaison designations.

Each function checks the actor's permission (rules in orgs/rules.py), validates, writes in one
transaction and records one audit event per change with before/after.

Liaison policy (Opinions 二(一)): an agency has at most one current primary liaison per
counterpart (and one general primary, counterpart empty). Designating a new primary for the same
counterpart **ends the previous one automatically**: its end date becomes the new one's start
date and its end reason says it was replaced, so the history is kept. A designation made at the
same moment by someone else (a race the database catches) is refused with
LIAISON_DUPLICATE_PRIMARY.
"""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.access import services as access_services
from ipcollab.access.models import GrantKind, RecordGrant
from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.models import Visibility
from ipcollab.events import publish, register_event_type

from .models import Agency, AgencyKind, Division, LiaisonDesignation, LiaisonRole, Region

# Domain events of orgs (ipcollab.events): subscribers get them as their visibility allows.
register_event_type("orgs.liaison.designated", "联络人已指定", "Liaison designated", "某机构指定了联络人（含替换原联络人）。")
register_event_type("orgs.liaison.updated", "联络人信息已变更", "Liaison updated", "现任联络人的联系方式、内设机构或可见范围有变更。")
register_event_type("orgs.liaison.ended", "联络人指定已终止", "Liaison ended", "联络人指定终止（含被新联络人替换）。")


def _publish_liaison(event_type, actor, designation, **extra):
    publish(
        event_type,
        agency=designation.agency_id,
        subject=designation,
        actor=actor,
        visibility=designation.visibility,
        payload={
            "designation": designation.pk,
            "agency": designation.agency_id,
            "person": designation.person_id,
            "role": designation.role,
            "counterpart": designation.counterpart_id,
            "valid_from": designation.valid_from,
            "valid_to": designation.valid_to,
            **extra,
        },
    )

AGENCY_FIELDS = ["code", "name", "short_name", "name_en", "kind", "level", "region", "parent", "court_code", "address", "website", "is_active"]
DIVISION_FIELDS = ["name", "short_name", "name_en", "is_liaison_office"]
LIAISON_FIELDS = [
    "agency",
    "division",
    "person",
    "role",
    "counterpart",
    "title",
    "phone",
    "mobile",
    "email",
    "office_hours",
    "valid_from",
    "valid_to",
    "end_reason",
    "visibility",
]
LIAISON_EDITABLE = ["division", "title", "phone", "mobile", "email", "office_hours", "visibility"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REPLACED_REASON = "由新指定的联络人接替"


def _require(actor, perm, obj=None):
    if actor is None or not actor.is_authenticated or not actor.has_perm(perm, obj):
        raise PermissionDenied()


def _clean(instance, exclude=()):
    """Model field validation (lengths, choices, formats) as a ServiceError with field messages."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ServiceError(ErrorCode.INVALID, fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None


def _today():
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------


def _resolve_region(value):
    if isinstance(value, Region):
        return value
    code = str(value or "").strip()
    region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) == 6 else None
    if region is None:
        raise ServiceError(
            ErrorCode.REGION_UNKNOWN, _("行政区划代码不存在：%(code)s") % {"code": code[:20]}, fields={"region": [_("请填写有效的6位行政区划代码。")]}
        )
    return region


def _resolve_parent(value):
    if value in (None, ""):
        return None
    if isinstance(value, Agency):
        return value
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    parent = Agency.objects.filter(pk=pk).first() if pk is not None and 0 < pk < 2**63 else None
    if parent is None:
        raise ServiceError(ErrorCode.INVALID, fields={"parent": [_("上级机构不存在。")]})
    return parent


def _check_parent_cycle(agency, parent):
    """Walk up from the proposed parent; reaching the agency itself means a cycle."""
    if parent is None or agency.pk is None:
        return
    seen = set()
    node = parent
    while node is not None:
        if node.pk == agency.pk:
            raise ServiceError(ErrorCode.PARENT_CYCLE, _("上级机构不能是本机构或其下级机构。"), fields={"parent": [_("上级机构不能是本机构或其下级机构。")]})
        if node.pk in seen:  # a cycle already in the data: stop walking
            break
        seen.add(node.pk)
        node = Agency.objects.filter(pk=node.parent_id).only("pk", "parent_id").first() if node.parent_id else None


def _validate_agency(agency):
    if not _SLUG.match(agency.code or ""):
        raise ServiceError(ErrorCode.INVALID, fields={"code": [_("机构标识只能包含小写字母、数字和连字符，如 court-jing73。")]})
    if Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
        raise ServiceError(ErrorCode.AGENCY_CODE_TAKEN, _("机构标识已被使用：%(code)s") % {"code": agency.code}, fields={"code": [_("机构标识已被使用。")]})
    agency.court_code = (agency.court_code or "").strip()
    if agency.kind == AgencyKind.COURT:
        if not agency.court_code:
            raise ServiceError(ErrorCode.COURT_CODE_REQUIRED, _("人民法院须填写法院代字。"), fields={"court_code": [_("人民法院须填写法院代字。")]})
        if Agency.objects.filter(court_code=agency.court_code).exclude(pk=agency.pk).exists():
            raise ServiceError(
                ErrorCode.COURT_CODE_TAKEN, _("法院代字已被使用：%(code)s") % {"code": agency.court_code}, fields={"court_code": [_("法院代字已被使用。")]}
            )
    elif agency.court_code:
        raise ServiceError(ErrorCode.INVALID, _("只有人民法院可以填写法院代字。"), fields={"court_code": [_("只有人民法院可以填写法院代字。")]})
    _clean(agency, exclude=["region", "parent"])


def _save_agency(agency):
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError:
        # a concurrent write took the code or court code between our check and the insert
        if Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
            raise ServiceError(ErrorCode.AGENCY_CODE_TAKEN, fields={"code": [_("机构标识已被使用。")]}) from None
        raise ServiceError(ErrorCode.COURT_CODE_TAKEN, fields={"court_code": [_("法院代字已被使用。")]}) from None


@transaction.atomic
def agency_create(*, actor, data):
    """Create an agency (platform admins). `data`: the AGENCY_FIELDS; region is a 6-digit code or
    Region, parent an Agency, its id or None."""
    _require(actor, "orgs.manage_agency")
    values = {k: data[k] for k in AGENCY_FIELDS if k in data and k not in ("region", "parent")}
    agency = Agency(**values)
    agency.region = _resolve_region(data.get("region"))
    agency.parent = _resolve_parent(data.get("parent"))
    _validate_agency(agency)
    _save_agency(agency)
    audit.record(actor=actor, action="orgs.agency.create", obj=agency, agency=agency, after=audit.snapshot(agency, AGENCY_FIELDS))
    return agency


@transaction.atomic
def agency_update(*, actor, agency, data, reason=""):
    """Change the given fields of an agency (platform admins)."""
    _require(actor, "orgs.manage_agency")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    for key in AGENCY_FIELDS:
        if key not in data:
            continue
        if key == "region":
            agency.region = _resolve_region(data["region"])
        elif key == "parent":
            parent = _resolve_parent(data["parent"])
            _check_parent_cycle(agency, parent)
            agency.parent = parent
        else:
            setattr(agency, key, data[key])
    _validate_agency(agency)
    after = audit.snapshot(agency, AGENCY_FIELDS)
    old, new = audit.diff(before, after)
    if not new:
        return agency
    _save_agency(agency)
    audit.record(actor=actor, action="orgs.agency.update", obj=agency, agency=agency, before=old, after=new, reason=reason)
    return agency


# ---------------------------------------------------------------------------------------------
# Divisions
# ---------------------------------------------------------------------------------------------


def _check_division_name(division):
    if Division.objects.filter(agency_id=division.agency_id, name=division.name).exclude(pk=division.pk).exists():
        raise ServiceError(ErrorCode.DIVISION_NAME_TAKEN, _("本机构已有同名内设机构。"), fields={"name": [_("本机构已有同名内设机构。")]})


@transaction.atomic
def division_create(*, actor, agency, name, short_name="", name_en="", is_liaison_office=False):
    _require(actor, "orgs.manage_divisions", agency)
    division = Division(
        agency=agency, name=(name or "").strip(), short_name=(short_name or "").strip(), name_en=name_en or "", is_liaison_office=bool(is_liaison_office)
    )
    _clean(division, exclude=["agency"])
    _check_division_name(division)
    try:
        with transaction.atomic():
            division.save()
    except IntegrityError:
        raise ServiceError(ErrorCode.DIVISION_NAME_TAKEN, fields={"name": [_("本机构已有同名内设机构。")]}) from None
    audit.record(actor=actor, action="orgs.division.create", obj=division, agency=agency, after=audit.snapshot(division, DIVISION_FIELDS))
    return division


@transaction.atomic
def division_update(*, actor, division, data):
    _require(actor, "orgs.manage_divisions", division.agency)
    division = Division.objects.select_for_update().get(pk=division.pk)
    before = audit.snapshot(division, DIVISION_FIELDS)
    for key in DIVISION_FIELDS:
        if key in data:
            value = data[key]
            setattr(division, key, value.strip() if isinstance(value, str) else bool(value) if key == "is_liaison_office" else value)
    _clean(division, exclude=["agency"])
    _check_division_name(division)
    old, new = audit.diff(before, audit.snapshot(division, DIVISION_FIELDS))
    if not new:
        return division
    try:
        with transaction.atomic():
            division.save()
    except IntegrityError:
        raise ServiceError(ErrorCode.DIVISION_NAME_TAKEN, fields={"name": [_("本机构已有同名内设机构。")]}) from None
    audit.record(actor=actor, action="orgs.division.update", obj=division, agency=division.agency_id, before=old, after=new)
    return division


# ---------------------------------------------------------------------------------------------
# Liaison designations
# ---------------------------------------------------------------------------------------------


def _resolve_person(agency, person):
    """The person must be an active staff account of the agency."""
    User = get_user_model()
    if not isinstance(person, User):
        try:
            pk = int(person)
        except (TypeError, ValueError):
            pk = None
        person = User.objects.filter(pk=pk).first() if pk is not None and 0 < pk < 2**63 else None
    if person is None or not person.is_active or person.kind != "staff" or person.agency_id != agency.pk:
        raise ServiceError(ErrorCode.LIAISON_NOT_STAFF, _("联络人须为本机构在职工作人员。"), fields={"person": [_("联络人须为本机构在职工作人员。")]})
    return person


def _resolve_division(agency, division):
    if division in (None, ""):
        return None
    if not isinstance(division, Division):
        try:
            pk = int(division)
        except (TypeError, ValueError):
            pk = None
        division = Division.objects.filter(pk=pk).first() if pk is not None and 0 < pk < 2**63 else None
    if division is None or division.agency_id != agency.pk:
        raise ServiceError(ErrorCode.INVALID, fields={"division": [_("内设机构须属于本机构。")]})
    return division


def _resolve_counterpart(agency, counterpart):
    if counterpart in (None, ""):
        return None
    if not isinstance(counterpart, Agency):
        try:
            pk = int(counterpart)
        except (TypeError, ValueError):
            pk = None
        counterpart = Agency.objects.filter(pk=pk, is_active=True).first() if pk is not None and 0 < pk < 2**63 else None
    if counterpart is None:
        raise ServiceError(ErrorCode.INVALID, fields={"counterpart": [_("对口机构不存在。")]})
    if counterpart.pk == agency.pk:
        raise ServiceError(ErrorCode.INVALID, fields={"counterpart": [_("对口机构不能是本机构。")]})
    return counterpart


def _check_visibility(visibility, counterpart):
    if visibility not in Visibility.values:
        raise ServiceError(ErrorCode.INVALID, fields={"visibility": [_("可见范围无效。")]})
    if visibility == Visibility.PARTIES and counterpart is None:
        raise ServiceError(ErrorCode.INVALID, fields={"visibility": [_("“本机构及相关方”须指定对口机构。")]})


def _sync_party_grant(actor, designation):
    """visibility=parties ⇒ the counterpart holds a party grant on the designation; otherwise no
    party grant remains (an agency that is no longer a party stops seeing it)."""
    grants = RecordGrant.objects.filter(
        content_type__app_label="orgs", content_type__model="liaisondesignation", object_id=str(designation.pk), kind=GrantKind.PARTY
    )
    wanted = designation.counterpart_id if designation.visibility == Visibility.PARTIES else None
    for grant in grants:
        if grant.grantee_agency_id != wanted:
            access_services.revoke_grant(actor=actor, grant=grant, reason=_("联络人可见范围变更"))
    if wanted and not any(g.grantee_agency_id == wanted for g in grants):
        access_services.grant_record(actor=actor, obj=designation, agency=designation.counterpart, kind=GrantKind.PARTY, reason=_("联络人对口机构"))


def _end(actor, designation, valid_to, reason, action="orgs.liaison.end"):
    before = audit.snapshot(designation, ["valid_to", "end_reason"])
    designation.valid_to = valid_to
    designation.end_reason = reason
    designation.save(update_fields=["valid_to", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        obj=designation,
        agency=designation.agency_id,
        before=before,
        after=audit.snapshot(designation, ["valid_to", "end_reason"]),
        reason=reason,
    )
    _publish_liaison("orgs.liaison.ended", actor, designation, reason=reason, replaced=action == "orgs.liaison.replaced")


@transaction.atomic
def liaison_designate(
    *,
    actor,
    agency,
    person,
    phone,
    email,
    role=LiaisonRole.PRIMARY,
    counterpart=None,
    division=None,
    title="",
    mobile="",
    office_hours=None,
    valid_from=None,
    visibility=Visibility.NETWORK,
):
    """Name `person` as a liaison of `agency`. A new primary replaces the current primary toward
    the same counterpart (see the module docstring)."""
    _require(actor, "orgs.manage_liaisons", agency)
    if role not in LiaisonRole.values:
        raise ServiceError(ErrorCode.INVALID, fields={"role": [_("角色无效。")]})
    person = _resolve_person(agency, person)
    division = _resolve_division(agency, division)
    counterpart = _resolve_counterpart(agency, counterpart)
    _check_visibility(visibility, counterpart)
    valid_from = valid_from or _today()
    if not isinstance(valid_from, date) or valid_from > _today():
        raise ServiceError(ErrorCode.LIAISON_DATES, _("起始日期不能晚于今天。"), fields={"valid_from": [_("起始日期不能晚于今天。")]})

    designation = LiaisonDesignation(
        agency=agency,
        division=division,
        person=person,
        role=role,
        counterpart=counterpart,
        title=(title or "").strip(),
        phone=(phone or "").strip(),
        mobile=(mobile or "").strip(),
        email=(email or "").strip(),
        valid_from=valid_from,
        visibility=visibility,
    )
    if office_hours:
        designation.office_hours = office_hours.strip()
    _clean(designation, exclude=["agency", "person", "division", "counterpart"])

    current = LiaisonDesignation.objects.select_for_update().filter(agency=agency, counterpart=counterpart, valid_to__isnull=True)
    if current.filter(person=person, role=role).exists():
        raise ServiceError(ErrorCode.INVALID, _("该人员已是现任联络人。"), fields={"person": [_("该人员已是现任联络人。")]})
    if role == LiaisonRole.PRIMARY:
        for previous in current.filter(role=LiaisonRole.PRIMARY):
            if valid_from < previous.valid_from:
                raise ServiceError(
                    ErrorCode.LIAISON_DATES,
                    _("起始日期不能早于现任联络人的起始日期（%(date)s）。") % {"date": previous.valid_from.isoformat()},
                    fields={"valid_from": [_("起始日期不能早于现任联络人的起始日期。")]},
                )
            _end(actor, previous, valid_from, REPLACED_REASON, action="orgs.liaison.replaced")
    try:
        with transaction.atomic():
            designation.save()
    except IntegrityError:
        raise ServiceError(ErrorCode.LIAISON_DUPLICATE_PRIMARY, _("该对口机构已有现任联络人，请刷新后重试。"), status=409) from None
    audit.record(actor=actor, action="orgs.liaison.designate", obj=designation, agency=agency, after=audit.snapshot(designation, LIAISON_FIELDS))
    _sync_party_grant(actor, designation)
    _publish_liaison("orgs.liaison.designated", actor, designation)
    return designation


@transaction.atomic
def liaison_update(*, actor, designation, data):
    """Change contact fields (division, title, phone, mobile, e-mail, office hours, visibility)
    of a current designation. Ended designations are history and stay as they were."""
    _require(actor, "orgs.manage_liaisons", designation)
    designation = LiaisonDesignation.objects.select_for_update().get(pk=designation.pk)
    if designation.valid_to is not None:
        raise ServiceError(ErrorCode.LIAISON_ALREADY_ENDED, _("该联络人指定已终止，不能修改。"))
    before = audit.snapshot(designation, LIAISON_EDITABLE)
    for key in LIAISON_EDITABLE:
        if key not in data:
            continue
        if key == "division":
            designation.division = _resolve_division(designation.agency, data["division"])
        elif key == "visibility":
            _check_visibility(data["visibility"], designation.counterpart)
            designation.visibility = data["visibility"]
        else:
            setattr(designation, key, (data[key] or "").strip())
    _clean(designation, exclude=["agency", "person", "division", "counterpart"])
    old, new = audit.diff(before, audit.snapshot(designation, LIAISON_EDITABLE))
    if not new:
        return designation
    designation.save()
    audit.record(actor=actor, action="orgs.liaison.update", obj=designation, agency=designation.agency_id, before=old, after=new)
    if "visibility" in new:
        _sync_party_grant(actor, designation)
    _publish_liaison("orgs.liaison.updated", actor, designation, changed=sorted(new))
    return designation


@transaction.atomic
def liaison_end(*, actor, designation, reason, valid_to=None):
    """End a designation on `valid_to` (default today) for `reason`; it stays as history."""
    _require(actor, "orgs.manage_liaisons", designation)
    designation = LiaisonDesignation.objects.select_for_update().get(pk=designation.pk)
    if designation.valid_to is not None:
        raise ServiceError(ErrorCode.LIAISON_ALREADY_ENDED, _("该联络人指定已于%(date)s终止。") % {"date": designation.valid_to.isoformat()})
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, _("请填写终止原因。"), fields={"reason": [_("请填写终止原因。")]})
    if len(reason) > 200:
        raise ServiceError(ErrorCode.INVALID, fields={"reason": [_("终止原因不能超过200个字符。")]})
    valid_to = valid_to or _today()
    if valid_to < designation.valid_from or valid_to > _today():
        raise ServiceError(
            ErrorCode.LIAISON_DATES,
            _("终止日期须在起始日期（%(date)s）与今天之间。") % {"date": designation.valid_from.isoformat()},
            fields={"valid_to": [_("终止日期须在起始日期与今天之间。")]},
        )
    _end(actor, designation, valid_to, reason)
    return designation
