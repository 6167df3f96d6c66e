"""Who may do what in mediation (autodiscovered by the `rules` package; the services check the
object-level questions through the helpers below).

- mediation.register: registering (入驻) an agency as a mediation organisation and its mediators —
  platform admins (any agency) and agency admins (their own agency).
- mediation.start_court: a court's pre-suit (委派) or in-suit (委托) entrustment — the court's
  judges and clerks, and the court's business system.
- mediation.start_office: an IP office's administrative mediation — the office's staff and system.
- Assignment: the organisation's agency admin, its liaison, platform admins. Acceptance, decline,
  log, sessions, documents, extension and outcome: the assigned mediator (and the organisation's
  managers for everything but accepting).
"""

import rules

from ipcollab.core.principals import is_agency_admin, is_platform_admin

ORGANISATION_KINDS = ("mediation", "protection_centre", "rapid_protection_centre", "ip_office", "court")
COURT_ROLES = ("judge", "clerk")


def _active(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def _staff(user):
    return _active(user) and getattr(user, "kind", None) == "staff" and bool(user.agency_id)


def _system(user):
    return _active(user) and getattr(user, "kind", None) == "system" and bool(user.agency_id)


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def organisation_admin(user):
    return _staff(user) and user.agency.kind in ORGANISATION_KINDS and is_agency_admin(user)


@rules.predicate
def court_officer(user):
    return _staff(user) and user.agency.kind == "court" and user.has_role(*COURT_ROLES)


@rules.predicate
def court_system(user):
    return _system(user) and user.agency.kind == "court"


@rules.predicate
def office_member(user):
    return (_staff(user) or _system(user)) and user.agency.kind == "ip_office"


@rules.predicate
def mediation_member(user):
    """Staff of an agency registered as a mediation organisation (or its system)."""
    return (_staff(user) or _system(user)) and hasattr(user.agency, "mediation_profile")


rules.add_perm("mediation.register", platform_admin | organisation_admin)
rules.add_perm("mediation.start_court", court_officer | court_system)
rules.add_perm("mediation.start_office", office_member)
rules.add_perm("mediation.start_direct", mediation_member | platform_admin)


# --- object-level questions (used by the services and the pages) ---------------------------------


def can_register_for(user, agency):
    """May `user` register or edit the organisation (and its mediators) of `agency`?"""
    if is_platform_admin(user):
        return True
    return _staff(user) and user.agency_id == getattr(agency, "pk", agency) and is_agency_admin(user)


def runs_organisation(user, organisation):
    """Its agency admin, its liaison, platform admins: they assign and reassign."""
    if not _active(user):
        return False
    if is_platform_admin(user):
        return True
    if organisation.liaison_id and organisation.liaison_id == user.pk:
        return True
    return _staff(user) and user.agency_id == organisation.agency_id and is_agency_admin(user)


def is_assigned_mediator(user, mediation):
    return _active(user) and mediation.mediator_id is not None and mediation.mediator.user_id == user.pk


def works_on(user, mediation):
    """The assigned mediator or the organisation's managers (log, sessions, documents, outcome)."""
    return (
        is_assigned_mediator(user, mediation)
        or runs_organisation(user, mediation.organisation)
        or (_system(user) and user.agency_id == mediation.organisation.agency_id)
    )


def court_officer_of(user, court_id):
    if not _active(user) or court_id is None:
        return False
    if is_platform_admin(user):
        return True
    if user.agency_id != court_id:
        return False
    return court_officer(user) or court_system(user)
