"""Reads of events, filtered by the user's reach in SQL. Out of reach → NotFound."""

from django.db.models import Count, Prefetch, Q

from ipcollab.core.errors import NotFound
from ipcollab.core.principals import is_agency_admin, is_platform_admin

from .models import Delivery, DeliveryAttempt, RunStatus, ScheduledRun, Subscription


def _reach(user):
    """Subscriptions `user` may manage: their own; for agency admins, their agency's systems';
    for platform admins, all."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_platform_admin(user):
        return Q()
    reach = Q(owner_id=user.pk)
    if user.agency_id and is_agency_admin(user):
        reach |= Q(owner__agency_id=user.agency_id, owner__kind="system")
    return reach


def _with_counts(queryset):
    return queryset.select_related("owner", "agency", "subject_type").annotate(
        delivery_count=Count("deliveries", distinct=True),
        failing_count=Count("deliveries", filter=Q(deliveries__status__in=["failed", "gave_up"]), distinct=True),
    )


def subscriptions_of_user(user):
    return _with_counts(Subscription.objects.filter(owner_id=user.pk)).order_by("-id")


def system_subscriptions_for_admin(user):
    """The subscriptions of agency systems an admin oversees (own agency; platform admins: all)."""
    if is_platform_admin(user):
        scope = Q(owner__kind="system")
    elif user.agency_id and is_agency_admin(user):
        scope = Q(owner__kind="system", owner__agency_id=user.agency_id)
    else:
        return Subscription.objects.none()
    return _with_counts(Subscription.objects.filter(scope)).order_by("owner__agency_id", "owner_id", "-id")


def subscriptions_for_user(user):
    return Subscription.objects.filter(_reach(user)).select_related("owner", "agency", "subject_type").order_by("-id")


def subscription_get_for_user(user, pk):
    try:
        return Subscription.objects.select_related("owner", "agency", "subject_type").get(_reach(user), pk=pk)
    except (Subscription.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def deliveries_of(subscription):
    return (
        Delivery.objects.filter(subscription=subscription)
        .select_related("event")
        .prefetch_related(Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("number")))
        .order_by("-id")
    )


def delivery_get_for_user(user, pk):
    try:
        return Delivery.objects.select_related("subscription", "subscription__owner", "event").get(
            pk=pk, subscription__in=Subscription.objects.filter(_reach(user))
        )
    except (Delivery.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def scheduled_runs(status=None):
    queryset = ScheduledRun.objects.all().order_by("-due_at", "-id")
    if status in RunStatus.values:
        queryset = queryset.filter(status=status)
    return queryset


def schedule_summary():
    return dict(ScheduledRun.objects.values_list("status").annotate(n=Count("id")).order_by())
