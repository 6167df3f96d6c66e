"""Object rules of deadlines (autodiscovered by rules.apps.AutodiscoverRulesConfig).

- deadlines.use: the calendar and the deadline calculator — agency staff and agency systems
  (not external parties).
- deadlines.manage_calendar: edit holidays and publish years — platform admins only.
- deadlines.record_service(agency or record): record a dispatch or a receipt for the agency —
  platform admins; the agency's own system accounts; its staff with a role that serves documents.
"""

import rules

from ipcollab.core.principals import is_platform_admin

SERVICE_ROLES = (
    "agency_admin",
    "clerk",
    "judge",
    "case_handler",
    "examiner",
    "preservation_handler",
    "enforcement_officer",
    "mediator",
    "liaison",
)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def agency_member(user):
    return _active(user) and getattr(user, "kind", None) in ("staff", "system") and bool(user.agency_id)


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def serves_for(user, obj):
    if not _active(user) or obj is None:
        return False
    agency_id = obj.pk if obj._meta.label_lower == "orgs.agency" else getattr(obj, "agency_id", None)
    if not agency_id or user.agency_id != agency_id:
        return False
    if user.kind == "system":
        return True
    return user.kind == "staff" and user.has_role(*SERVICE_ROLES)


rules.add_perm("deadlines.use", agency_member | platform_admin)
rules.add_perm("deadlines.manage_calendar", platform_admin)
rules.add_perm("deadlines.record_service", platform_admin | serves_for)
