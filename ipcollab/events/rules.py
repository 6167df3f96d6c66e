"""Object rules of events: who may manage a subscription (and read its delivery log).

The owner; an agency admin for the subscriptions of their agency's system accounts (the agency
systems that register webhooks); a platform admin for every subscription."""

import rules

from ipcollab.core.principals import is_agency_admin, is_platform_admin


@rules.predicate
def owns_subscription(user, subscription):
    return subscription is not None and user.is_authenticated and user.is_active and subscription.owner_id == user.pk


@rules.predicate
def admin_of_subscription_system(user, subscription):
    if subscription is None:
        return False
    owner = subscription.owner
    return owner.kind == "system" and owner.agency_id is not None and is_agency_admin(user, owner.agency_id)


@rules.predicate
def platform_admin(user):
    return is_platform_admin(user)


@rules.predicate
def may_use_webhooks(user):
    """Webhooks carry events out of the platform: agency systems and admins only."""
    return user.is_authenticated and user.is_active and (user.kind == "system" or is_agency_admin(user) or is_platform_admin(user))


rules.add_perm("events.manage_subscription", owns_subscription | admin_of_subscription_system | platform_admin)
rules.add_perm("events.use_webhooks", may_use_webhooks)
rules.add_perm("events.view_schedule", platform_admin)
