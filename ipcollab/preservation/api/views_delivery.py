"""API of the hand-offs of a freeze order (service records with their electronic receipts) for
court and CNIPA systems. A hand-off is visible to exactly who sees its order (a 404 otherwise);
only the receiving agency acknowledges it (签收), once."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses

from .. import delivery, selectors
from .serializers_delivery import HandoffSerializer


class HandoffPagination(StableCursorPagination):
    ordering = "id"


class FreezeHandoffListView(ListAPIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "preservation:read"}
    serializer_class = HandoffSerializer
    pagination_class = HandoffPagination

    def get_queryset(self):
        return selectors.handoffs_for(selectors.order_get(self.request.user, self.kwargs["pk"]))

    @extend_schema(
        summary="The hand-offs of a freeze order (submitted, received, queued, effective, registered, returned, renewed, released, lapsed, converted, ended), each with its receipt number and digest",
        tags=["preservation"],
        responses={200: HandoffSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FreezeHandoffAcknowledgeView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"POST": "preservation:acknowledge"}

    @extend_schema(
        summary="Acknowledge a hand-off (签收) as the receiving agency's system or person; idempotent: the first acknowledgement stands",
        tags=["preservation"],
        request=None,
        responses={200: HandoffSerializer, **error_responses(401, 403, 404, 429)},
    )
    def post(self, request, pk, handoff_pk):
        handoff = selectors.handoff_get(request.user, pk, handoff_pk)
        delivery.acknowledge_handoff(actor=request.user, handoff=handoff)
        return Response(HandoffSerializer(selectors.handoff_get(request.user, pk, handoff_pk)).data)
