"""The one visibility filter, applied in SQL by every selector.

A record is visible to a user when any of these holds:
- visibility = public;
- visibility = network and the user is agency staff or an agency system (not an external party);
- the record's owning agency is the user's agency (private, parties and network alike);
- a current RecordGrant names the user, or the user's agency.
`parties` differs from `private` only in intent: its grants list the agencies taking part.
Platform admins see everything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from ipcollab.core.models import Visibility
from ipcollab.core.principals import is_platform_admin

from .models import RecordGrant


def grant_exists(model, user, pk_field="pk"):
    ct = ContentType.objects.get_for_model(model)
    now = timezone.now()
    reach = Q(grantee_user_id=user.pk)
    if user.agency_id:
        reach |= Q(grantee_agency_id=user.agency_id)
    return Exists(
        RecordGrant.objects.filter(reach, content_type=ct, object_id=Cast(OuterRef(pk_field), output_field=CharField())).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
    )


def visible_to(queryset, user, owner_field="agency", visibility_field="visibility"):
    """Filter `queryset` to what `user` may see. Anonymous users see public records only."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.filter(**{visibility_field: Visibility.PUBLIC})
    if is_platform_admin(user):
        return queryset
    condition = Q(**{visibility_field: Visibility.PUBLIC})
    if user.kind in ("staff", "system"):
        condition |= Q(**{visibility_field: Visibility.NETWORK})
    if user.agency_id:
        condition |= Q(**{f"{owner_field}_id": user.agency_id})
    return queryset.annotate(_granted=grant_exists(queryset.model, user)).filter(condition | Q(_granted=True))
