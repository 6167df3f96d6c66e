"""Who may do what with freeze orders (autodiscovered).

- preservation.order: submitting a freeze order — judges, clerks and enforcement officers (执行员) of a
  court, and the court's business system (API).
- preservation.handle: registering or returning an order — CNIPA's preservation handlers (any IP
  office staff holding the role) and platform admins.
Renewing, releasing, converting and disposing act on an order held by the actor's own court
(checked in the services: the holder is the issuing court or its successor).
"""

import rules

from ipcollab.core.principals import is_platform_admin


def _staff(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == "staff" and user.agency_id)


@rules.predicate
def court_officer(user):
    return _staff(user) and user.agency.kind == "court" and user.has_role("judge", "clerk", "enforcement_officer")


@rules.predicate
def court_system(user):
    """A court's own business system (API token): it acts for its court, never for a person."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == "system" and user.agency_id and user.agency.kind == "court")


@rules.predicate
def preservation_handler(user):
    return _staff(user) and user.agency.kind == "ip_office" and user.has_role("preservation_handler")


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


rules.add_perm("preservation.order", court_officer | court_system)
rules.add_perm("preservation.handle", preservation_handler | platform_admin)
