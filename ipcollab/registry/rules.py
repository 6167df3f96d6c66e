"""Object rules of the register's parties and representatives (autodiscovered).

- registry.view: parties, representatives and powers of attorney — every active staff or system
  account of an agency, and platform admins; not external parties.
- registry.write: creating and changing parties (rename, merge), representatives and powers of
  attorney — platform admins, and staff of courts and IP offices holding one of WRITER_ROLES.
- registry.reveal: reading a person's identity-card number and address unmasked (audited) —
  the same people as registry.write.
"""

import rules

from ipcollab.core.principals import is_platform_admin

WRITER_AGENCY_KINDS = ("court", "ip_office")
WRITER_ROLES = ("case_handler", "examiner", "clerk", "judge", "agency_admin")


@rules.predicate
def agency_account(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) in ("staff", "system") and user.agency_id)


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def register_writer(user):
    if not (user.is_authenticated and user.is_active and getattr(user, "kind", None) == "staff" and user.agency_id):
        return False
    return user.agency.kind in WRITER_AGENCY_KINDS and user.has_role(*WRITER_ROLES)


rules.add_perm("registry.view", agency_account | platform_admin)
rules.add_perm("registry.write", register_writer | platform_admin)
rules.add_perm("registry.reveal", register_writer | platform_admin)


# Rights (issue 4): recording legal events by hand — examiners of IP offices, case handlers and
# platform admins; system accounts (sources of record) record through the service with a source.
# Reconciling events refused from a source of record — examiners of IP offices and platform admins.
@rules.predicate
def event_recorder(user):
    if not (user.is_authenticated and user.is_active and getattr(user, "kind", None) == "staff" and user.agency_id):
        return False
    return user.has_role("examiner", "case_handler")


@rules.predicate
def system_account(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) == "system" and user.agency_id)


@rules.predicate
def office_examiner(user):
    if not (user.is_authenticated and user.is_active and getattr(user, "kind", None) == "staff" and user.agency_id):
        return False
    return user.agency.kind == "ip_office" and user.has_role("examiner")


rules.add_perm("registry.record_event", event_recorder | platform_admin)
rules.add_perm("registry.record_sourced_event", system_account | event_recorder | platform_admin)
rules.add_perm("registry.reconcile", office_examiner | platform_admin)


# Bulk import (issue 4 point 5): sources of record — system accounts, examiners of IP offices —
# and platform admins. Export of a filtered list: anyone who may view the register.
@rules.predicate
def office_system_account(user):
    return bool(system_account(user) and user.agency.kind == "ip_office")


rules.add_perm("registry.import", office_system_account | office_examiner | platform_admin)
rules.add_perm("registry.export", agency_account | platform_admin)
