"""Object rules of the rulebook (autodiscovered).

- rulebook.view: the registry, the jurisdiction tables and the finder — every active staff
  account (courts, IP offices and the other agencies); not external parties.
- rulebook.adjust: adjusting an adjustable rule — platform admins.
"""

import rules

from ipcollab.core.principals import is_platform_admin


@rules.predicate
def staff(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", None) in ("staff", "system"))


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


rules.add_perm("rulebook.view", staff | platform_admin)
rules.add_perm("rulebook.adjust", platform_admin)
