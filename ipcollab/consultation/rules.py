"""Who may do what in consultation (the services check these; object-level questions take the
agency concerned).

- Staff of an agency act for it: they read what their agency takes part in.
- Organising a meeting, proposing agenda items, drafting and circulating documents, commenting
  on drafts and documents, raising standards feedback, starting threads: the agency's liaisons
  (role `liaison`) and agency admins (`manages_for`). Platform admins may act for any agency.
- Signing a consensus document: the agency's authorised signer (role `signer`) only; a platform
  admin does not sign for an agency.
- Progress on an action item: its owner, or a liaison / admin of the responsible agency.
"""

import rules
from django.utils.translation import gettext_lazy as _

from ipcollab.core.principals import is_platform_admin

# The top menu shows the app's pages as one dropdown (core.navigation groups).
NAV_GROUP = _("会商协作")
NAV_PATH = "/consultation/"
MANAGING_ROLES = ("liaison", "agency_admin")
SIGNER_ROLE = "signer"


def _active(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff(user):
    return _active(user) and getattr(user, "kind", None) == "staff" and bool(user.agency_id)


def acts_for(user, agency_id):
    """Staff of that agency."""
    return is_staff(user) and user.agency_id == agency_id


def manages_for(user, agency_id):
    """A liaison or agency admin of that agency, or a platform admin."""
    return is_platform_admin(user) or (acts_for(user, agency_id) and user.has_role(*MANAGING_ROLES))


def signs_for(user, agency_id):
    return acts_for(user, agency_id) and user.has_role(SIGNER_ROLE)


@rules.predicate
def staff(user):
    return is_staff(user) or is_platform_admin(user)


@rules.predicate
def liaison(user):
    return is_platform_admin(user) or (is_staff(user) and user.has_role(*MANAGING_ROLES))


rules.add_perm("consultation.view", staff)
rules.add_perm("consultation.organise", liaison)
