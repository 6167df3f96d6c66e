"""API of events: subscriptions (agency systems register webhooks here), their delivery logs, and
the registered event types. Thin: selectors read, services write."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses

from .. import registry, selectors, services
from .serializers import (
    DeliverySerializer,
    EventTypeSerializer,
    SubscriptionSerializer,
    SubscriptionUpdateSerializer,
    SubscriptionWithSecretSerializer,
    SubscriptionWriteSerializer,
)

SCOPES = {"GET": "events:read", "POST": "events:write", "PATCH": "events:write", "DELETE": "events:write"}


def _data(validated):
    return {k: v for k, v in validated.items()}


@extend_schema_view(
    list=extend_schema(summary="Subscriptions the caller manages (own; agency admins: also their systems')", tags=["events"]),
    retrieve=extend_schema(summary="One subscription", tags=["events"], responses={200: SubscriptionSerializer, **error_responses(401, 403, 404, 429)}),
    create=extend_schema(
        summary="Subscribe to event types (a webhook answer carries its signing secret, once)",
        tags=["events"],
        request=SubscriptionWriteSerializer,
        responses={201: SubscriptionWithSecretSerializer, **error_responses(400, 401, 403, 429)},
    ),
    partial_update=extend_schema(
        summary="Change a subscription (name, event types, URL, filters, active)",
        tags=["events"],
        request=SubscriptionUpdateSerializer,
        responses={200: SubscriptionSerializer, **error_responses(400, 401, 403, 404, 429)},
    ),
    destroy=extend_schema(summary="Delete a subscription", tags=["events"], responses={204: None, **error_responses(401, 403, 404, 429)}),
    deliveries=extend_schema(
        summary="The delivery log of a subscription (attempts, response codes)",
        tags=["events"],
        responses={200: DeliverySerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    ),
    rotate_secret=extend_schema(
        summary="Replace the webhook signing secret (returned once)",
        tags=["events"],
        request=None,
        responses={200: SubscriptionWithSecretSerializer, **error_responses(400, 401, 403, 404, 429)},
    ),
    test=extend_schema(
        summary="Send a test event to this subscription only",
        tags=["events"],
        request=None,
        responses={200: DeliverySerializer, **error_responses(401, 403, 404, 429)},
    ),
)
class SubscriptionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SubscriptionSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.subscriptions_for_user(self.request.user)

    def get_object(self):
        return selectors.subscription_get_for_user(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(SubscriptionSerializer(self.get_object()).data)

    def create(self, request):
        serializer = SubscriptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _data(serializer.validated_data)
        active = data.pop("active", True)
        subscription = services.subscribe(actor=request.user, **data)
        if not active:
            services.subscription_set_active(actor=request.user, subscription=subscription, active=False)
        secret = subscription.new_secret
        subscription = selectors.subscription_get_for_user(request.user, subscription.pk)
        subscription.new_secret = secret
        return Response(SubscriptionWithSecretSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        subscription = self.get_object()
        serializer = SubscriptionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.subscription_update(actor=request.user, subscription=subscription, data=_data(serializer.validated_data))
        return Response(SubscriptionSerializer(self.get_object()).data)

    def destroy(self, request, pk=None):
        services.subscription_delete(actor=request.user, subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        queryset = selectors.deliveries_of(self.get_object())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        subscription = services.rotate_secret(actor=request.user, subscription=self.get_object())
        return Response(SubscriptionWithSecretSerializer(subscription).data)

    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        delivery = services.send_test_event(actor=request.user, subscription=self.get_object())
        delivery = selectors.deliveries_of(delivery.subscription).get(pk=delivery.pk)
        return Response(DeliverySerializer(delivery).data)


class EventTypeListView(APIView):
    """The registered event types a subscription may name."""

    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "events:read"}

    @extend_schema(summary="Registered event types", tags=["events"], responses={200: EventTypeSerializer(many=True), **error_responses(401, 403, 429)})
    def get(self, request):
        return Response(EventTypeSerializer([asdict(t) for t in registry.event_types()], many=True).data)
