from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .throttling import published_quotas


class QuotaView(APIView):
    """Published request quotas; exceeding one answers 429 with code `throttled` and Retry-After."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Quota",
            fields={"scope": serializers.CharField(), "applies_to": serializers.CharField(), "rate": serializers.CharField()},
            many=True,
        )
    )
    def get(self, request):
        return Response(published_quotas())
