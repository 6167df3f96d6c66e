"""Reads on accounts, filtered by the viewer's reach in SQL. A person out of reach is NotFound."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from ipcollab.core import masking
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_agency_admin, is_platform_admin
from ipcollab.orgs.models import Agency, Division, LiaisonDesignation

from .models import AccountKind, ApiToken, Membership, Role, User


def _with_roles(queryset):
    """Each person with the memberships of their own agency (one extra query for the page)."""
    return queryset.select_related("agency", "division").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("role").order_by("role__order"), to_attr="prefetched_memberships")
    )


def people_reach(user):
    """Everyone `user` may see, unfiltered: platform admins see all accounts; agency admins
    their agency's accounts (staff and systems, active or not); other staff and agency systems
    the active staff of their own agency; external parties nobody."""
    if user is None or not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if is_platform_admin(user):
        return User.objects.all()
    if not user.agency_id or user.kind == AccountKind.EXTERNAL:
        return User.objects.none()
    if is_agency_admin(user):
        return User.objects.filter(agency_id=user.agency_id)
    return User.objects.filter(agency_id=user.agency_id, is_active=True, kind=AccountKind.STAFF)


def people_list_for_user(user, *, q="", role="", active=None, agency=None, kind=""):
    """The people directory with filters: q (name or username), role code, active (bool),
    agency (platform admins; others are held to their own), kind."""
    qs = people_reach(user)
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(username__icontains=q))
    if role:
        qs = qs.filter(Exists(Membership.objects.filter(user_id=OuterRef("pk"), agency_id=OuterRef("agency_id"), role__code=role)))
    if active is not None:
        qs = qs.filter(is_active=active)
    if agency:
        qs = qs.filter(agency_id=getattr(agency, "pk", agency))
    if kind:
        qs = qs.filter(kind=kind)
    return _with_roles(qs).order_by("agency_id", "-is_active", "full_name", "username")


def person_get_for_user(user, pk):
    try:
        return _with_roles(people_reach(user)).get(pk=parse_pk(pk))
    except User.DoesNotExist:
        raise NotFound() from None


def memberships_of(person):
    """Role memberships of `person` in their own agency (uses the prefetch when present)."""
    cached = getattr(person, "prefetched_memberships", None)
    if cached is not None:
        return [m for m in cached if m.agency_id == person.agency_id]
    return list(Membership.objects.filter(user=person, agency_id=person.agency_id).select_related("role").order_by("role__order"))


def roles_all():
    return Role.objects.all()


def roles_assignable(actor, agency):
    """Roles `actor` may hand out in `agency`: those applying to its kind; platform_admin only
    for platform admins."""
    out = []
    for role in Role.objects.all():
        if not role.applies_to(agency):
            continue
        if role.code == "platform_admin" and not is_platform_admin(actor):
            continue
        out.append(role)
    return out


def role_get(code):
    return Role.objects.filter(code=code).first()


def agencies_for_people_filter(user):
    """Agencies a viewer may pick in the people directory (platform admins: all)."""
    if is_platform_admin(user):
        return Agency.objects.filter(is_active=True).order_by("region_id", "level", "name")
    return Agency.objects.filter(pk=user.agency_id) if user.agency_id else Agency.objects.none()


def agency_get(pk):
    """An active agency by id, or None. Callers check the permission to act in it."""
    try:
        return Agency.objects.filter(pk=parse_pk(pk), is_active=True).first()
    except NotFound:
        return None


def divisions_of(agency):
    return Division.objects.filter(agency=agency).order_by("name") if agency else Division.objects.none()


def liaison_designations_of(person):
    """Liaison designations held by `person` (current first), for the person's detail page."""
    return LiaisonDesignation.objects.filter(person=person).select_related("agency", "counterpart", "division").order_by("valid_to", "-valid_from")


# -- personal data -------------------------------------------------------------------------


def can_view_personal_data(viewer, person):
    return viewer.has_perm("accounts.view_personal_data", person)


def contact_for(viewer, person, *, reveal=False):
    """Phone and e-mail as `viewer` may see them: clear when their role needs it (or `reveal`
    after an audited reveal), masked otherwise."""
    clear = reveal or can_view_personal_data(viewer, person)
    if clear:
        return {"phone": person.phone, "email": person.email, "masked": False}
    return {"phone": masking.mask_phone(person.phone), "email": masking.mask_email(person.email), "masked": True}


# -- tokens --------------------------------------------------------------------------------


def tokens_for_user(user, system_user=None):
    """Tokens of the system accounts `user` manages (platform admins: all; agency admins:
    their agency's), optionally of one system account."""
    qs = ApiToken.objects.select_related("user", "user__agency")
    if is_platform_admin(user):
        pass
    elif is_agency_admin(user):
        qs = qs.filter(user__agency_id=user.agency_id)
    else:
        return qs.none()
    if system_user is not None:
        qs = qs.filter(user=system_user)
    return qs.order_by("revoked_at", "expires_at")


def token_get_for_user(user, pk):
    try:
        return tokens_for_user(user).get(pk=parse_pk(pk))
    except ApiToken.DoesNotExist:
        raise NotFound() from None


def tokens_expiring(user, days=30):
    now = timezone.now()
    return tokens_for_user(user).filter(revoked_at__isnull=True, expires_at__gt=now, expires_at__lte=now + timedelta(days=days))


def system_accounts_for_user(user):
    return people_list_for_user(user, kind=AccountKind.SYSTEM) if (is_platform_admin(user) or is_agency_admin(user)) else User.objects.none()


def admins_without_second_factor(user):
    """Active admins within `user`'s management reach who have no confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    is_admin = Exists(Membership.objects.filter(user_id=OuterRef("pk"), agency_id=OuterRef("agency_id"), role__code__in=["agency_admin", "platform_admin"]))
    has_device = Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    if is_platform_admin(user):
        base = User.objects.all()
    elif is_agency_admin(user):
        base = User.objects.filter(agency_id=user.agency_id)
    else:
        return User.objects.none()
    return base.filter(is_active=True, kind=AccountKind.STAFF).filter(is_admin).exclude(has_device)
