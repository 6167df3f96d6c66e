"""Writes on accounts: people, roles, tokens. Each function is one transaction and one audit
event (before/after, never a password or a token secret)."""

from datetime import timedelta

from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.models import Visibility
from ipcollab.events import publish, register_event_type

from . import scopes as token_scopes
from .models import AccountKind, ApiToken, Membership, Role, User, hash_token

PERSON_FIELDS = ["username", "full_name", "kind", "agency", "division", "title", "phone", "email", "is_active"]
EDITABLE_FIELDS = ["full_name", "title", "division", "phone", "email", "is_active"]
ADMIN_ROLES = ("agency_admin", "platform_admin")
TOKEN_MAX_LIFETIME = timedelta(days=365)

# Domain events of accounts (ipcollab.events): personnel matters stay within the agency.
register_event_type("accounts.person.created", "人员账户已创建", "Person created", "机构新增了工作人员、业务系统或外部当事人账户。")
register_event_type("accounts.person.deactivated", "人员账户已停用", "Person deactivated", "某人员账户被停用。")


def _publish_person(event_type, actor, person, agency_id, reason=""):
    publish(
        event_type,
        agency=agency_id,
        subject=person,
        actor=actor,
        visibility=Visibility.PRIVATE,
        payload={"person": person.pk, "username": person.username, "kind": person.kind, "agency": person.agency_id, "reason": reason},
    )


# -- checks --------------------------------------------------------------------------------


def _require(actor, perm, obj=None, message=None):
    if actor is None or not actor.is_authenticated or not actor.is_active or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _snapshot(person):
    data = audit.snapshot(person, PERSON_FIELDS)
    data["roles"] = sorted(Membership.objects.filter(user=person, agency_id=person.agency_id).values_list("role__code", flat=True)) if person.pk else []
    return data


def _check_username(username):
    username = (username or "").strip()
    if not username:
        raise ServiceError(ErrorCode.REQUIRED, fields={"username": [_("请填写用户名。")]})
    if len(username) > 150:
        raise ServiceError(ErrorCode.INVALID, fields={"username": [_("用户名不能超过 150 个字符。")]})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ServiceError(ErrorCode.INVALID, fields={"username": [_("用户名只能包含字母、数字和 @ . + - _ 字符。")]}) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            ErrorCode.USERNAME_TAKEN, _("用户名“%(username)s”已被使用。") % {"username": username}, fields={"username": [_("该用户名已被使用。")]}
        )
    return username


def _check_password(password, user):
    if not password:
        raise ServiceError(ErrorCode.REQUIRED, fields={"password": [_("请填写密码。")]})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(ErrorCode.WEAK_PASSWORD, _("密码强度不足：") + " ".join(exc.messages), fields={"password": list(exc.messages)}) from None


def _check_email(email):
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ServiceError(ErrorCode.INVALID, fields={"email": [_("请输入有效的电子邮箱地址。")]}) from None
    return email


def _check_division(division, agency):
    if division is not None and (agency is None or division.agency_id != agency.pk):
        raise ServiceError(ErrorCode.DIVISION_MISMATCH, fields={"division": [_("内设机构不属于该人员所在机构。")]})


def _resolve_roles(actor, agency, codes):
    codes = list(dict.fromkeys(c for c in codes or [] if c))
    roles = {r.code: r for r in Role.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in roles]
    if unknown:
        raise ServiceError(ErrorCode.ROLE_UNKNOWN, _("角色不存在：%(codes)s") % {"codes": "、".join(unknown)}, fields={"roles": [_("角色不存在。")]})
    out = []
    for code in codes:
        role = roles[code]
        if not role.applies_to(agency):
            raise ServiceError(
                ErrorCode.ROLE_NOT_ASSIGNABLE,
                _("角色“%(role)s”不适用于%(agency)s。") % {"role": role.label, "agency": agency.get_kind_display()},
                fields={"roles": [_("该角色不适用于此机构类别。")]},
            )
        if code == "platform_admin":
            _require(actor, "accounts.assign_platform_admin", message=_("只有平台管理员可以分配或撤销平台管理员角色。"))
        out.append(role)
    return out


def _is_last_active_admin(person, excluding_role=None):
    """True when `person` is an active holder of an admin role held by nobody else active in
    the same scope (agency_admin: the agency; platform_admin: the platform)."""
    for code in ADMIN_ROLES:
        if excluding_role is not None and code != excluding_role:
            continue
        if not person.is_active or not Membership.objects.filter(user=person, agency_id=person.agency_id, role__code=code).exists():
            continue
        others = Membership.objects.filter(role__code=code, user__is_active=True).exclude(user=person)
        others = others.filter(agency_id=person.agency_id) if code == "agency_admin" else others
        if not others.exists():
            return code
    return None


def _last_admin_error(code):
    if code == "platform_admin":
        return ServiceError(ErrorCode.LAST_ADMIN, _("这是平台最后一名有效的平台管理员，不能移除。"), status=409)
    return ServiceError(ErrorCode.LAST_ADMIN, _("这是本机构最后一名有效的机构管理员，请先为其他人分配机构管理员角色。"), status=409)


def _lock(person):
    """Re-read `person` under a row lock so concurrent admin changes serialise."""
    return User.objects.select_for_update().get(pk=person.pk)


# -- people --------------------------------------------------------------------------------


@transaction.atomic
def staff_create(*, actor, agency, username, password, full_name, title="", division=None, phone="", email="", roles=(), reason=""):
    _require(actor, "accounts.manage_people", agency)
    if agency is None or not agency.is_active:
        raise ServiceError(ErrorCode.INVALID, fields={"agency": [_("请选择有效的机构。")]})
    username = _check_username(username)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ServiceError(ErrorCode.REQUIRED, fields={"full_name": [_("请填写姓名。")]})
    email = _check_email(email)
    _check_division(division, agency)
    role_objs = _resolve_roles(actor, agency, roles)
    person = User(
        username=username,
        kind=AccountKind.STAFF,
        agency=agency,
        division=division,
        full_name=full_name,
        title=(title or "").strip(),
        phone=(phone or "").strip(),
        email=email,
    )
    _check_password(password, person)
    person.set_password(password)
    person.save()
    for role in role_objs:
        Membership.objects.create(user=person, agency=agency, role=role)
    audit.record(actor=actor, action="accounts.staff_created", obj=person, agency=agency, after=_snapshot(person), reason=reason)
    _publish_person("accounts.person.created", actor, person, agency, reason)
    return person


@transaction.atomic
def staff_update(*, actor, person, reason="", **changes):
    """Change name, title, division (of the same agency), phone, e-mail or active state."""
    _require(actor, "accounts.manage_person", person)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(ErrorCode.INVALID, fields={k: [_("该字段不能修改。")] for k in sorted(unknown)})
    person = _lock(person)
    before = _snapshot(person)
    if "full_name" in changes:
        full_name = (changes["full_name"] or "").strip()
        if not full_name:
            raise ServiceError(ErrorCode.REQUIRED, fields={"full_name": [_("请填写姓名。")]})
        person.full_name = full_name
    if "title" in changes:
        person.title = (changes["title"] or "").strip()
    if "phone" in changes:
        person.phone = (changes["phone"] or "").strip()
    if "email" in changes:
        person.email = _check_email(changes["email"])
    if "division" in changes:
        _check_division(changes["division"], person.agency)
        person.division = changes["division"]
    if "is_active" in changes and bool(changes["is_active"]) != person.is_active:
        if not changes["is_active"]:
            _check_can_deactivate(actor, person)
        person.is_active = bool(changes["is_active"])
    person.save()
    after = _snapshot(person)
    b, a = audit.diff(before, after)
    if a:
        audit.record(actor=actor, action="accounts.staff_updated", obj=person, agency=person.agency_id, before=b, after=a, reason=reason)
    return person


def _check_can_deactivate(actor, person):
    if actor.pk == person.pk:
        raise ServiceError(ErrorCode.SELF_ACTION, _("不能停用自己的账户。"))
    last = _is_last_active_admin(person)
    if last:
        raise _last_admin_error(last)


@transaction.atomic
def user_deactivate(*, actor, person, reason=""):
    _require(actor, "accounts.manage_person", person)
    person = _lock(person)
    if not person.is_active:
        return person
    _check_can_deactivate(actor, person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="accounts.user_deactivated",
        obj=person,
        agency=person.agency_id,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    _publish_person("accounts.person.deactivated", actor, person, person.agency_id, reason)
    return person


@transaction.atomic
def user_reactivate(*, actor, person, reason=""):
    _require(actor, "accounts.manage_person", person)
    person = _lock(person)
    if person.is_active:
        return person
    person.is_active = True
    person.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="accounts.user_reactivated",
        obj=person,
        agency=person.agency_id,
        before={"is_active": False},
        after={"is_active": True},
        reason=reason,
    )
    return person


@transaction.atomic
def role_assign(*, actor, person, role_code, reason=""):
    """Give `person` a role in their agency. Returns (membership, created); assigning a role
    already held changes nothing."""
    _require(actor, "accounts.manage_person", person)
    if person.kind != AccountKind.STAFF or person.agency_id is None:
        raise ServiceError(ErrorCode.ACCOUNT_KIND_INVALID, _("只有机构工作人员可以分配角色。"), fields={"role": [_("只有机构工作人员可以分配角色。")]})
    if not role_code:
        raise ServiceError(ErrorCode.REQUIRED, fields={"role": [_("请选择角色。")]})
    person = _lock(person)
    (role,) = _resolve_roles(actor, person.agency, [role_code])
    existing = Membership.objects.filter(user=person, agency_id=person.agency_id, role=role).first()
    if existing is not None:
        return existing, False
    before = _snapshot(person)
    membership = Membership.objects.create(user=person, agency_id=person.agency_id, role=role)
    audit.record(
        actor=actor,
        action="accounts.role_assigned",
        obj=person,
        agency=person.agency_id,
        before={"roles": before["roles"]},
        after={"roles": _snapshot(person)["roles"]},
        reason=reason,
    )
    return membership, True


@transaction.atomic
def role_revoke(*, actor, person, role_code, reason=""):
    _require(actor, "accounts.manage_person", person)
    person = _lock(person)
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise ServiceError(ErrorCode.ROLE_UNKNOWN, fields={"role": [_("角色不存在。")]})
    if role.code == "platform_admin":
        _require(actor, "accounts.assign_platform_admin", message=_("只有平台管理员可以分配或撤销平台管理员角色。"))
    membership = Membership.objects.filter(user=person, agency_id=person.agency_id, role=role).first()
    if membership is None:
        raise ServiceError(ErrorCode.ROLE_NOT_HELD, fields={"role": [_("该人员没有此角色。")]})
    if role.code in ADMIN_ROLES:
        last = _is_last_active_admin(person, excluding_role=role.code)
        if last:
            raise _last_admin_error(last)
    before = _snapshot(person)
    membership.delete()
    audit.record(
        actor=actor,
        action="accounts.role_revoked",
        obj=person,
        agency=person.agency_id,
        before={"roles": before["roles"]},
        after={"roles": _snapshot(person)["roles"]},
        reason=reason,
    )
    return person


@transaction.atomic
def admin_reset_password(*, actor, person, new_password, reason=""):
    """An admin sets a temporary password that they pass on to the person."""
    _require(actor, "accounts.manage_person", person)
    if actor.pk == person.pk:
        raise ServiceError(ErrorCode.SELF_ACTION, _("请在“个人设置”中修改自己的密码。"))
    if person.kind == AccountKind.SYSTEM:
        raise ServiceError(ErrorCode.ACCOUNT_KIND_INVALID, _("机构系统账户没有密码，请使用访问令牌。"))
    person = _lock(person)
    _check_password(new_password, person)
    person.set_password(new_password)
    person.save(update_fields=["password"])
    audit.record(actor=actor, action="accounts.password_reset", obj=person, agency=person.agency_id, after={"password": "reset"}, reason=reason)
    return person


@transaction.atomic
def change_own_password(*, user, new_password, request=None):
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="accounts.password_changed", obj=user)
    if request is not None:
        update_session_auth_hash(request, user)


@transaction.atomic
def system_account_create(*, actor, agency, username, full_name, reason=""):
    """An agency system (API client): no usable password, reaches the API with tokens only."""
    _require(actor, "accounts.manage_people", agency)
    if agency is None or not agency.is_active:
        raise ServiceError(ErrorCode.INVALID, fields={"agency": [_("请选择有效的机构。")]})
    username = _check_username(username)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ServiceError(ErrorCode.REQUIRED, fields={"full_name": [_("请填写系统名称。")]})
    person = User(username=username, kind=AccountKind.SYSTEM, agency=agency, full_name=full_name)
    person.set_unusable_password()
    person.save()
    audit.record(actor=actor, action="accounts.system_account_created", obj=person, agency=agency, after=_snapshot(person), reason=reason)
    _publish_person("accounts.person.created", actor, person, agency, reason)
    return person


@transaction.atomic
def external_party_create(*, actor, username, full_name, email="", phone="", reason=""):
    """A company or person outside the agencies, invited into a matter by a later module. No
    agency, no roles, no usable password until the invitation sets one."""
    _require(actor, "accounts.create_external_party")
    username = _check_username(username)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ServiceError(ErrorCode.REQUIRED, fields={"full_name": [_("请填写名称。")]})
    person = User(username=username, kind=AccountKind.EXTERNAL, agency=None, full_name=full_name, email=_check_email(email), phone=(phone or "").strip())
    person.set_unusable_password()
    person.save()
    audit.record(actor=actor, action="accounts.external_party_created", obj=person, agency=actor.agency_id, after=_snapshot(person), reason=reason)
    _publish_person("accounts.person.created", actor, person, actor.agency_id, reason)
    return person


# -- tokens --------------------------------------------------------------------------------


@transaction.atomic
def token_issue(*, actor, system_user, name, scopes, expires_at, reason=""):
    """Issue a token for an agency system. Returns (token, raw): the raw secret is shown once
    and never stored (only its SHA-256)."""
    if system_user.kind != AccountKind.SYSTEM:
        raise ServiceError(ErrorCode.ACCOUNT_KIND_INVALID, _("只能为机构系统账户签发访问令牌。"))
    _require(actor, "accounts.manage_tokens", system_user)
    if not system_user.is_active:
        raise ServiceError(ErrorCode.ACCOUNT_KIND_INVALID, _("该系统账户已停用，不能签发令牌。"))
    name = (name or "").strip()
    if not name:
        raise ServiceError(ErrorCode.REQUIRED, fields={"name": [_("请填写令牌名称。")]})
    if len(name) > 80:
        raise ServiceError(ErrorCode.INVALID, fields={"name": [_("名称不能超过 80 个字符。")]})
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        raise ServiceError(ErrorCode.REQUIRED, fields={"scopes": [_("请至少选择一项权限范围。")]})
    unknown = [s for s in scopes if not token_scopes.is_known(s)]
    if unknown:
        raise ServiceError(
            ErrorCode.SCOPE_UNKNOWN, _("未知的权限范围：%(scopes)s") % {"scopes": "、".join(map(str, unknown))}, fields={"scopes": [_("未知的权限范围。")]}
        )
    if token_scopes.ALL in scopes:
        scopes = [token_scopes.ALL]
    now = timezone.now()
    if expires_at is None:
        raise ServiceError(ErrorCode.REQUIRED, fields={"expires_at": [_("请填写到期时间。")]})
    if expires_at <= now or expires_at > now + TOKEN_MAX_LIFETIME:
        raise ServiceError(ErrorCode.TOKEN_EXPIRY_INVALID, fields={"expires_at": [_("到期时间须晚于当前时间，且不超过一年。")]})
    prefix, raw = ApiToken.generate()
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix, raw = ApiToken.generate()
    token = ApiToken.objects.create(user=system_user, name=name, prefix=prefix, key_hash=hash_token(raw), scopes=scopes, expires_at=expires_at)
    audit.record(
        actor=actor,
        action="accounts.token_issued",
        obj=system_user,
        agency=system_user.agency_id,
        after={"token": token.pk, "name": name, "prefix": prefix, "scopes": scopes, "expires_at": expires_at},
        reason=reason,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token, reason=""):
    _require(actor, "accounts.manage_tokens", token.user)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="accounts.token_revoked",
        obj=token.user,
        agency=token.user.agency_id,
        before={"token": token.pk, "revoked_at": None},
        after={"token": token.pk, "revoked_at": token.revoked_at},
        reason=reason,
    )
    return token


# -- reads that are audited ------------------------------------------------------------------


def reveal_personal_data(*, actor, person):
    """Record that `actor` looked at `person`'s phone and e-mail unmasked."""
    _require(actor, "accounts.view_personal_data", person)
    with transaction.atomic():
        audit.record(actor=actor, action="accounts.personal_data_revealed", obj=person, agency=person.agency_id or actor.agency_id, is_read=True)
    return {"phone": person.phone, "email": person.email, "masked": False}


@transaction.atomic
def set_preferred_language(*, user, language):
    from django.conf import settings

    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return user
    before = user.preferred_language
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    audit.record(actor=user, action="accounts.language_changed", obj=user, before={"preferred_language": before}, after={"preferred_language": language})
    return user
