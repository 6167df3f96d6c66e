"""Reads on agencies, regions and the liaison directory.

Agencies and regions are reference data: every signed-in account may read active agencies
(platform admins also inactive ones). Liaison designations carry a visibility and are filtered
in SQL by `ipcollab.access.visibility.visible_to`: `network` (the default) reaches every agency
account, `private` only the owning agency, and `parties` the owning agency plus the agencies
holding a party grant — the counterpart, granted when the designation is made.
"""

from django.db.models import Exists, OuterRef, Q

from ipcollab.access.visibility import visible_to
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_agency_admin, is_platform_admin

from .models import Agency, Division, LiaisonDesignation, LiaisonRole, Region

# ---------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------


def region_list(*, q=None, level=None, parent=None):
    qs = Region.objects.all()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs


def region_prefix(code):
    """The code prefix shared by a region and all its descendants (GB/T 2260 is hierarchical):
    110000 → 11, 110100 → 1101, 110108 → 110108."""
    code = str(code or "")
    if len(code) != 6 or not code.isdigit():
        return None
    if code[2:] == "0000":
        return code[:2]
    if code[4:] == "00":
        return code[:4]
    return code


def region_get(code):
    region = Region.objects.filter(code=str(code)[:6]).first() if code else None
    if region is None:
        raise NotFound()
    return region


# ---------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------


def _current_primary():
    return LiaisonDesignation.objects.filter(agency_id=OuterRef("pk"), role=LiaisonRole.PRIMARY, valid_to__isnull=True)


def agency_list(*, user=None, q=None, kind=None, level=None, region=None, parent=None, include_inactive=False):
    """Agencies filtered by text (name, short name, court code), kind, level, region (with its
    descendants) and parent."""
    qs = Agency.objects.select_related("region", "parent")
    if not (include_inactive and is_platform_admin(user)):
        qs = qs.filter(is_active=True)
    if q:
        q = q.strip()
        qs = qs.filter(Q(name__contains=q) | Q(short_name__contains=q) | Q(court_code__iexact=q) | Q(court_code__startswith=q) | Q(code__iexact=q))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if region:
        prefix = region_prefix(region)
        qs = qs.filter(region__code__startswith=prefix) if prefix else qs.none()
    if parent:
        qs = qs.filter(parent_id=parent.pk if isinstance(parent, Agency) else parent)
    return qs


def agency_get(pk, user=None):
    """One agency; inactive ones only for platform admins. NotFound otherwise."""
    qs = Agency.objects.select_related("region", "parent")
    if not is_platform_admin(user):
        qs = qs.filter(is_active=True)
    agency = qs.filter(pk=parse_pk(pk)).first()
    if agency is None:
        raise NotFound()
    return agency


def agency_by_code(code):
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound()
    return agency


def divisions_of(agency):
    return Division.objects.filter(agency=agency).order_by("-is_liaison_office", "name")


def division_get(agency, pk):
    division = Division.objects.filter(agency=agency, pk=parse_pk(pk)).first()
    if division is None:
        raise NotFound()
    return division


def agencies_without_current_liaison():
    """Active agencies that have no current primary liaison (toward anyone)."""
    return Agency.objects.filter(is_active=True).exclude(Exists(_current_primary())).select_related("region")


def agency_has_current_primary(agency_id):
    return LiaisonDesignation.objects.filter(agency_id=agency_id, role=LiaisonRole.PRIMARY, valid_to__isnull=True).exists()


def staff_of(agency):
    """Active staff accounts of an agency (candidates for a liaison designation)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(agency=agency, kind="staff", is_active=True).order_by("full_name", "username")


# ---------------------------------------------------------------------------------------------
# Liaison directory
# ---------------------------------------------------------------------------------------------


def _liaisons_for_user(user):
    qs = LiaisonDesignation.objects.select_related("agency", "agency__region", "division", "person", "counterpart")
    return visible_to(qs, user)


def liaison_directory_for_user(user, *, q=None, region=None, level=None, kind=None, counterpart=None, agency=None, role=None, include_history=False):
    """The liaison directory (联络人名录) as `user` may see it: current designations unless
    `include_history`, filtered by text (person, agency, court code, division, title, e-mail),
    the agency's region (with descendants), level and kind, the counterpart and the role."""
    qs = _liaisons_for_user(user)
    if not include_history:
        qs = qs.filter(valid_to__isnull=True)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(person__full_name__contains=q)
            | Q(agency__name__contains=q)
            | Q(agency__short_name__contains=q)
            | Q(agency__court_code__iexact=q)
            | Q(division__name__contains=q)
            | Q(division__short_name__contains=q)
            | Q(title__contains=q)
            | Q(email__icontains=q)
        )
    if region:
        prefix = region_prefix(region)
        qs = qs.filter(agency__region__code__startswith=prefix) if prefix else qs.none()
    if level:
        qs = qs.filter(agency__level=level)
    if kind:
        qs = qs.filter(agency__kind=kind)
    if counterpart:
        qs = qs.filter(counterpart_id=counterpart.pk if isinstance(counterpart, Agency) else counterpart)
    if agency:
        qs = qs.filter(agency_id=agency.pk if isinstance(agency, Agency) else agency)
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("agency__region_id", "agency__name", "role", "-valid_from", "id")


def liaison_get_for_user(user, pk):
    designation = _liaisons_for_user(user).filter(pk=parse_pk(pk)).first()
    if designation is None:
        raise NotFound()
    return designation


def current_liaisons_for_agency(user, agency):
    return _liaisons_for_user(user).filter(agency=agency, valid_to__isnull=True).order_by("role", "counterpart_id", "-valid_from", "id")


def liaison_history_for_agency(user, agency):
    """Ended designations of an agency, newest first, as far as `user` may see them."""
    return _liaisons_for_user(user).filter(agency=agency, valid_to__isnull=False).order_by("-valid_to", "-id")


def can_see_mobile(user, designation):
    """Mobile numbers are personal data (PIPL): shown in full to platform admins, the agency's own
    admins and the person themselves; masked for everyone else."""
    if user is None or not user.is_authenticated:
        return False
    return user.pk == designation.person_id or is_platform_admin(user) or is_agency_admin(user, designation.agency_id)
