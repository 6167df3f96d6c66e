"""Who may do what with administrative adjudications (autodiscovered).

- adjudication.handle: case handlers and examiners of an IP office, and its business system, handle
  the office's own adjudications (receive, accept, schedule, suspend, decide, serve, demand, apply
  for enforcement) — `can_handle(user, adjudication)` checks the office.
- adjudication.review: judges and clerks of a court, and its business system, handle the
  enforcement applications made to their own court — `can_review(user, application)`.
Platform admins may do both. Reading: see selectors.adjudications_for.
"""

import rules

from ipcollab.core.principals import is_platform_admin

OFFICE_ROLES = ("case_handler", "examiner")
COURT_ROLES = ("judge", "clerk")


def _active(user):
    return bool(user.is_authenticated and user.is_active and user.agency_id)


@rules.predicate
def office_officer(user):
    return _active(user) and user.kind == "staff" and user.agency.kind == "ip_office" and user.has_role(*OFFICE_ROLES)


@rules.predicate
def office_system(user):
    return _active(user) and user.kind == "system" and user.agency.kind == "ip_office"


@rules.predicate
def court_officer(user):
    return _active(user) and user.kind == "staff" and user.agency.kind == "court" and user.has_role(*COURT_ROLES)


@rules.predicate
def court_system(user):
    return _active(user) and user.kind == "system" and user.agency.kind == "court"


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


rules.add_perm("adjudication.handle", office_officer | office_system | platform_admin)
rules.add_perm("adjudication.review", court_officer | court_system | platform_admin)


def can_handle(user, adjudication):
    if is_platform_admin(user):
        return True
    return bool(user.is_authenticated and user.agency_id == adjudication.office_id and (office_officer(user) or office_system(user)))


def can_review(user, application):
    if is_platform_admin(user):
        return True
    return bool(application is not None and user.is_authenticated and user.agency_id == application.court_id and (court_officer(user) or court_system(user)))
