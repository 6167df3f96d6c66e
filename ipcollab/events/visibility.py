"""Who may receive an event: the rule of ipcollab.access.visibility.visible_to, applied to the
event's own agency and visibility, with RecordGrants read on the event's *subject* (a grant that
widens a record's reach also widens the reach of the events about it)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ipcollab.access.models import RecordGrant
from ipcollab.core.models import Visibility
from ipcollab.core.principals import is_platform_admin


def _subject_grant(user):
    reach = Q(grantee_user_id=user.pk)
    if user.agency_id:
        reach |= Q(grantee_agency_id=user.agency_id)
    now = timezone.now()
    return Exists(
        RecordGrant.objects.filter(reach, content_type_id=OuterRef("subject_type_id"), object_id=OuterRef("subject_id"))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("pk")
    )


def visible_events(queryset, user):
    """Filter a DomainEvent queryset to the events `user` may see, in SQL (same conditions as visible_to)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.filter(visibility=Visibility.PUBLIC)
    if is_platform_admin(user):
        return queryset
    condition = Q(visibility=Visibility.PUBLIC)
    if user.kind in ("staff", "system"):
        condition |= Q(visibility=Visibility.NETWORK)
    if user.agency_id:
        condition |= Q(agency_id=user.agency_id)
    return queryset.annotate(_granted=_subject_grant(user)).filter(condition | Q(_granted=True, subject_type__isnull=False))


def event_visible_to(event, user):
    """May `user` see `event`? Decided without a query where the event's own fields suffice."""
    if user is None or not user.is_authenticated or not user.is_active:
        return event.visibility == Visibility.PUBLIC
    if event.visibility == Visibility.PUBLIC or is_platform_admin(user):
        return True
    if event.visibility == Visibility.NETWORK and user.kind in ("staff", "system"):
        return True
    if user.agency_id and event.agency_id == user.agency_id:
        return True
    if not event.subject_type_id:
        return False
    reach = Q(grantee_user_id=user.pk)
    if user.agency_id:
        reach |= Q(grantee_agency_id=user.agency_id)
    return (
        RecordGrant.objects.filter(reach, content_type_id=event.subject_type_id, object_id=event.subject_id)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .exists()
    )
