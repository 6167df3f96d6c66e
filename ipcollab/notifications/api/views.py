"""API of the notification centre: the caller's own notifications, mark read, mark all read."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses

from .. import selectors, services
from ..models import Notification
from .serializers import NotificationSerializer, ReadAllSerializer, UnreadCountSerializer


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", help_text="true: only unread")

    class Meta:
        model = Notification
        fields = ["unread"]


@extend_schema_view(
    list=extend_schema(summary="My notifications, newest first", tags=["notifications"]),
    retrieve=extend_schema(
        summary="One of my notifications", tags=["notifications"], responses={200: NotificationSerializer, **error_responses(401, 403, 404, 429)}
    ),
    read=extend_schema(
        summary="Mark one notification read",
        tags=["notifications"],
        request=None,
        responses={200: NotificationSerializer, **error_responses(401, 403, 404, 429)},
    ),
    read_all=extend_schema(
        summary="Mark all my notifications read", tags=["notifications"], request=None, responses={200: ReadAllSerializer, **error_responses(401, 403, 429)}
    ),
    unread_count=extend_schema(summary="How many unread", tags=["notifications"], responses={200: UnreadCountSerializer, **error_responses(401, 403, 429)}),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "events:read", "POST": "events:write"}
    filterset_class = NotificationFilter
    lookup_value_regex = r"[0-9]+"
    queryset = Notification.objects.none()

    def get_queryset(self):
        return selectors.notification_list_for_user(self.request.user)

    def get_object(self):
        return selectors.notification_get_for_user(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(NotificationSerializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = services.mark_read(user=request.user, notification=self.get_object())
        return Response(NotificationSerializer(note).data)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})

    @action(detail=False, methods=["get"], url_path="unread-count", filterset_class=None, pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(request.user)})
