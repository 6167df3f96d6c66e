"""Object rules of orgs (autodiscovered by rules.apps.AutodiscoverRulesConfig).

- orgs.manage_agency: create and edit agencies — platform admins only.
- orgs.manage_divisions(agency): platform admins, and the agency's own admins.
- orgs.manage_liaisons(agency or designation): platform admins, and the agency's own admins and
  liaison officers.
"""

import rules

from ipcollab.core.principals import is_platform_admin


def _agency_id(obj):
    if obj is None:
        return None
    # a LiaisonDesignation or Division carries agency_id; an Agency is its own id
    return getattr(obj, "agency_id", None) or getattr(obj, "pk", None)


def _member_with_role(user, obj, *roles):
    agency_id = _agency_id(obj)
    return bool(
        agency_id
        and user.is_authenticated
        and user.is_active
        and getattr(user, "kind", None) != "external"
        and user.agency_id == agency_id
        and user.has_role(*roles)
    )


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def agency_admin_of(user, obj):
    return _member_with_role(user, obj, "agency_admin")


@rules.predicate
def liaison_of(user, obj):
    return _member_with_role(user, obj, "liaison")


rules.add_perm("orgs.manage_agency", platform_admin)
rules.add_perm("orgs.manage_divisions", platform_admin | agency_admin_of)
rules.add_perm("orgs.manage_liaisons", platform_admin | agency_admin_of | liaison_of)
