from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from ipcollab.core.api.permissions import TokenScope

from .. import selectors
from ..models import AuditEvent
from .serializers import AuditEventSerializer


class AuditEventFilter(filters.FilterSet):
    action = filters.CharFilter(field_name="action", lookup_expr="startswith", max_length=80)
    object_type = filters.CharFilter(max_length=80)
    object_id = filters.CharFilter(max_length=64)
    request_id = filters.CharFilter(max_length=64)
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "request_id"]


@extend_schema_view(
    list=extend_schema(summary="Audit events of the caller's agency (platform admins: all)", tags=["audit"]),
    retrieve=extend_schema(summary="One audit event with its hash-chain position", tags=["audit"]),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Agency admins read their agency's chain; other roles get an empty list (and 404 on detail)."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "audit:read"}
    filterset_class = AuditEventFilter
    queryset = AuditEvent.objects.none()

    def get_queryset(self):
        return selectors.audit_events_for_user(self.request.user).select_related("chain", "agency")
