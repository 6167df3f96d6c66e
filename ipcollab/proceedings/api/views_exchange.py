"""Bulk exchange of proceedings with court and CNIPA systems: push records (cases, CNIPA
proceedings, decisions) in bulk, pull the changes since a cursor. Thin: ipcollab.proceedings.exchange
checks and writes. Scope: proceedings:exchange."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses

from .. import exchange
from .serializers import ProceedingSerializer
from .views import require_reader


class PushSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=serializers.JSONField(allow_null=True),
        max_length=exchange.MAX_RECORDS,
        help_text="records of type `case`, `office` or `decision` (shapes in docs/proceedings.md, “API”); "
        f"at most {exchange.MAX_RECORDS}, each checked and written on its own",
    )


class PushResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="position of the record in `records`")
    status = serializers.ChoiceField(choices=[(s, s) for s in ("created", "updated", "unchanged", "stale", "error")])
    id = serializers.IntegerField(allow_null=True, help_text="the proceeding's id on the platform")
    number = serializers.CharField()
    code = serializers.CharField(help_text="error code of a refused record (e.g. `source_version_stale`, `not_found`, `case_number_invalid`)")
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class PushCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    stale = serializers.IntegerField()
    error = serializers.IntegerField()


class PushAnswerSerializer(serializers.Serializer):
    results = PushResultSerializer(many=True)
    counts = PushCountsSerializer()
    linking = serializers.DictField(child=serializers.IntegerField(), help_text="what linking resolved for the court cases of the push")


class ChangesQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=2**63 - 1, help_text="the `next_after` of the previous answer; 0 at first"
    )
    limit = serializers.IntegerField(required=False, default=100, min_value=1, max_value=exchange.MAX_CHANGES, help_text="change rows read (at most)")


class ProceedingChangeSerializer(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="the proceeding's last change in this page")
    changes = serializers.ListField(child=serializers.CharField(), help_text="what changed (filed, updated, stayed, decided, linked, …), oldest first")
    proceeding = ProceedingSerializer()


class ChangesAnswerSerializer(serializers.Serializer):
    results = ProceedingChangeSerializer(many=True)
    next_after = serializers.IntegerField(help_text="pass as `after` next time; equal to `after` when nothing new")


class PushView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"POST": "proceedings:exchange"}

    @extend_schema(
        summary="Push cases, CNIPA proceedings and decisions in bulk (agency systems): idempotent by source id and version, one result per record",
        tags=["proceedings"],
        request=PushSerializer,
        responses={200: PushAnswerSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        exchange.check_sender(request.user)
        body = PushSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(exchange.push(actor=request.user, records=body.validated_data["records"]))


class ChangesView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "proceedings:exchange"}

    @extend_schema(
        summary="Proceedings changed since a cursor, in change order, one per proceeding a page (changes older than one second only)",
        tags=["proceedings"],
        parameters=[ChangesQuerySerializer],
        responses={200: ChangesAnswerSerializer, **error_responses(400, 401, 403, 429)},
    )
    def get(self, request):
        require_reader(request.user)
        query = ChangesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows, next_after = exchange.changes(user=request.user, after=query.validated_data["after"], limit=query.validated_data["limit"])
        results = [{"cursor": cursor, "changes": whats, "proceeding": ProceedingSerializer(p).data} for cursor, p, whats in rows]
        return Response({"results": results, "next_after": next_after})
