"""Object rules of the accounts app (django-rules). Checked in services and used by views to
decide which buttons to show; `user.has_perm("accounts.manage_people", agency)`."""

import rules
from django.conf import settings

from ipcollab.core.principals import is_agency_admin as _is_agency_admin
from ipcollab.core.principals import is_platform_admin as _is_platform_admin


@rules.predicate
def is_platform_admin(user):
    return _is_platform_admin(user)


@rules.predicate
def is_admin_of_agency(user, agency):
    """Agency admin of `agency` (an Agency or an agency id)."""
    agency_id = getattr(agency, "pk", agency)
    return agency_id is not None and _is_agency_admin(user, agency_id)


@rules.predicate
def is_admin_of_person(user, person):
    return person is not None and person.agency_id is not None and _is_agency_admin(user, person.agency_id)


@rules.predicate
def is_self(user, person):
    return person is not None and user.pk == person.pk


@rules.predicate
def person_is_platform_admin(user, person):
    return person is not None and person.has_role("platform_admin")


@rules.predicate
def person_is_system(user, person):
    return person is not None and person.kind == "system"


@rules.predicate
def has_personal_data_role(user, person):
    if person is None or not user.is_authenticated:
        return False
    if not user.has_role(*settings.PERSONAL_DATA_ROLES) and not user.is_superuser:
        return False
    return _is_platform_admin(user) or (user.agency_id is not None and user.agency_id == person.agency_id)


@rules.predicate
def is_staff_with_agency(user):
    return user.is_authenticated and user.is_active and user.kind == "staff" and user.agency_id is not None


# Manage the people of an agency (create staff and system accounts there).
rules.add_perm("accounts.manage_people", is_platform_admin | is_admin_of_agency)
# Change one person (edit, roles, deactivate, reset password). A platform admin's account is
# managed by platform admins only, whatever agency it sits in.
rules.add_perm("accounts.manage_person", is_platform_admin | (is_admin_of_person & ~person_is_platform_admin))
# Grant or revoke the platform_admin role.
rules.add_perm("accounts.assign_platform_admin", is_platform_admin)
# Issue and revoke tokens of a system account.
rules.add_perm("accounts.manage_tokens", person_is_system & (is_platform_admin | is_admin_of_person))
# See a person's phone and e-mail unmasked (lists) and reveal them on the detail page (audited).
rules.add_perm("accounts.view_personal_data", is_self | has_personal_data_role)
# Open the people directory at all.
rules.add_perm("accounts.view_people", is_platform_admin | is_staff_with_agency)
# Create external-party accounts (modules inviting parties into a matter).
rules.add_perm("accounts.create_external_party", is_platform_admin | is_staff_with_agency)
