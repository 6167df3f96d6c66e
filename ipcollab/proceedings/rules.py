"""Who may do what with proceedings (autodiscovered).

- proceedings.file_case: judges and clerks of a court, and the court's business system, file the
  cases of their own court (checked in the service against the case number's court).
- proceedings.record_office: examiners and case handlers of an IP office, and its business system,
  record the office's proceedings and decisions.
- Acting on one proceeding (assign, stay, decide, serve, close): people of the agency that handles
  it in the roles above, its system, platform admins — `can_act(user, proceeding)`.
- Marking an administrative suit for fast handling (快速办理): judges of the court of the suit.
- Requesting priority examination of an invalidation: judges and clerks of a court, case handlers
  of an IP office (a local office handling the infringement dispute); granting or refusing it:
  examiners of the IP office that handles the invalidation.
Everyone with an agency account sees proceedings (visibility network); external parties do not.
"""

import rules

from ipcollab.core.principals import is_platform_admin

COURT_ROLES = ("judge", "clerk")
OFFICE_ROLES = ("examiner", "case_handler")


def _staff(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == "staff" and user.agency_id)


def _system(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == "system" and user.agency_id)


@rules.predicate
def court_officer(user):
    return _staff(user) and user.agency.kind == "court" and user.has_role(*COURT_ROLES)


@rules.predicate
def court_system(user):
    return _system(user) and user.agency.kind == "court"


@rules.predicate
def office_officer(user):
    return _staff(user) and user.agency.kind == "ip_office" and user.has_role(*OFFICE_ROLES)


@rules.predicate
def office_system(user):
    return _system(user) and user.agency.kind == "ip_office"


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def court_judge(user):
    return _staff(user) and user.agency.kind == "court" and user.has_role("judge")


rules.add_perm("proceedings.file_case", court_officer | court_system | platform_admin)
rules.add_perm("proceedings.record_office", office_officer | office_system | platform_admin)
rules.add_perm("proceedings.request_priority", court_officer | office_officer | platform_admin)
rules.add_perm("proceedings.fast_track", court_judge | platform_admin)
rules.add_perm("proceedings.link", court_officer | office_officer | platform_admin)


def can_act(user, proceeding):
    """May `user` act on `proceeding` (assign, stay, decide, serve, close)?"""
    if is_platform_admin(user):
        return True
    if not user.is_authenticated or not user.is_active or user.agency_id != proceeding.agency_id:
        return False
    if proceeding.track == "court":
        return court_officer(user) or court_system(user)
    return office_officer(user) or office_system(user)
