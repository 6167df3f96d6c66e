"""Reads of the audit trail: agency admins see their agency's chain, platform admins all."""

from django.db.models import Q

from ipcollab.core.errors import NotFound
from ipcollab.core.principals import is_platform_admin

from .models import AuditEvent


def can_read_audit(user):
    """Platform admins; an agency's admins; an agency's systems (their tokens still need audit:read)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_platform_admin(user):
        return True
    return bool(user.agency_id) and (user.has_role("agency_admin") or user.kind == "system")


def audit_events_for_user(user, *, q="", action="", actor=None, date_from=None, date_to=None, agency=None, object_type="", object_id=""):
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("agency", "actor")
    if not is_platform_admin(user):
        qs = qs.filter(agency_id=user.agency_id)
    elif agency:
        qs = qs.filter(agency_id=agency)
    if q:
        qs = qs.filter(Q(object_label__icontains=q) | Q(actor_label__icontains=q) | Q(reason__icontains=q) | Q(request_id=q))
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_id=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")


def audit_event_get_for_user(user, pk):
    try:
        return audit_events_for_user(user).get(pk=pk)
    except (AuditEvent.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def action_names_for_user(user):
    return audit_events_for_user(user).order_by().values_list("action", flat=True).distinct()
