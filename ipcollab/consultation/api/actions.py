"""API of action items (落实事项) for the agencies' systems: the items in reach with the open-items
filters, one item with its progress reports, and progress reported by the owner, the responsible
agency's liaisons or its agency system (JSON, or multipart with an evidence file). Scopes: consultation:read (GET), consultation:write
(POST). Thin: actions.py decides; out of reach is a 404."""

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk

from .. import action_selectors as sel
from .. import actions
from ..models import ActionStatus

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
SCOPES = {"GET": "consultation:read", "POST": "consultation:write"}
STATUS_FILTER = [sel.STATUS_ACTIVE, *ActionStatus.values]


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ActionUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(allow_blank=True, help_text="display name, empty for a removed account")
    note = serializers.CharField()
    progress = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ActionStatus.values)
    evidence_name = serializers.CharField(allow_blank=True)
    evidence_sha256 = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ActionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ActionStatus.values)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    due_on = serializers.DateField()
    overdue = serializers.BooleanField(help_text="open or in progress and past its due date")
    completed_on = serializers.DateField(allow_null=True)
    cancel_reason = serializers.CharField(allow_blank=True)
    agency = RefSerializer(help_text="the responsible agency")
    owner = RefSerializer()
    meeting = serializers.IntegerField(allow_null=True, help_text="the meeting that decided it")
    meeting_title = serializers.CharField(allow_null=True)
    document = serializers.IntegerField(help_text="the signed consensus document")
    document_number = serializers.CharField(allow_blank=True)
    consensus_item = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ActionItemDetailSerializer(ActionItemSerializer):
    consensus_item_text = serializers.CharField()
    updates = ActionUpdateSerializer(many=True)


class ProgressSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    status = serializers.ChoiceField(
        choices=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE],
        required=False,
        help_text="default in_progress (open at 0 %); done completes the item (progress 100)",
    )
    evidence = serializers.FileField(
        required=False, help_text="evidence (multipart only): PDF, OFD, DOCX, PNG or JPEG by content, at most 20 MB; kept with its SHA-256"
    )


def item_data(item, on, detail=False):
    data = {
        "id": item.pk,
        "title": item.title,
        "description": item.description,
        "status": item.status,
        "progress": item.progress,
        "due_on": item.due_on,
        "overdue": item.status in actions.ACTIVE and item.due_on < on,
        "completed_on": item.completed_on,
        "cancel_reason": item.cancel_reason,
        "agency": {"id": item.agency_id, "name": item.agency.name},
        "owner": {"id": item.owner_id, "name": item.owner.display_name},
        "meeting": item.meeting_id,
        "meeting_title": item.meeting.title if item.meeting_id else None,
        "document": item.document_id,
        "document_number": item.document.number,
        "consensus_item": item.consensus_item_id,
        "created_at": item.created_at,
    }
    if detail:
        data["consensus_item_text"] = item.consensus_item.text
        data["updates"] = [
            {
                "id": u.pk,
                "author": u.author.display_name if u.author_id else "",
                "note": u.note,
                "progress": u.progress,
                "status": u.status,
                "evidence_name": u.evidence_name,
                "evidence_sha256": u.evidence_sha256,
                "created_at": u.created_at,
            }
            for u in sel.updates_of(item)
        ]
    return data


def _pk_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return parse_pk(value)
    except NotFound:
        raise ServiceError(ErrorCode.INVALID, fields={name: ["an id"]}) from None


def _date_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(ErrorCode.INVALID, fields={name: ["a date YYYY-MM-DD"]}) from None


def filters_from(request):
    state = request.query_params.get("status", "")
    if state and state not in STATUS_FILTER:
        raise ServiceError(ErrorCode.INVALID, fields={"status": [", ".join(STATUS_FILTER)]})
    overdue = request.query_params.get("overdue", "")
    if overdue not in ("", "true", "false"):
        raise ServiceError(ErrorCode.INVALID, fields={"overdue": ["true or false"]})
    return sel.ActionFilters(
        agency=_pk_param(request, "agency"),
        meeting=_pk_param(request, "meeting"),
        status=state,
        owner=_pk_param(request, "owner"),
        due_after=_date_param(request, "due_after"),
        due_before=_date_param(request, "due_before"),
        overdue=overdue == "true",
    )


class IdPagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Action items in reach (the responsible agency's, or of a meeting or document the caller's agency takes part in)",
        tags=["consultation"],
        parameters=[
            OpenApiParameter("agency", int, description="responsible agency"),
            OpenApiParameter("meeting", int, description="the meeting that decided the items"),
            OpenApiParameter("owner", int, description="owner (user id)"),
            OpenApiParameter("status", str, enum=STATUS_FILTER, description="active: open or in progress"),
            OpenApiParameter("due_after", datetime.date, description="due on or after"),
            OpenApiParameter("due_before", datetime.date, description="due on or before"),
            OpenApiParameter("overdue", str, enum=["true", "false"], description="true: only items past their due date"),
        ],
        responses={200: ActionItemSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One action item with its progress reports", tags=["consultation"], responses={200: ActionItemDetailSerializer, **error_responses(*READ_ERRORS)}
    ),
    progress=extend_schema(
        summary="Report progress (the owner, the responsible agency's liaisons, or its agency system); status done completes the item",
        tags=["consultation"],
        request=ProgressSerializer,
        responses={201: ActionItemDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ActionItemViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = ActionItemSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return sel.actions_for(self.request.user)

    def list(self, request):
        on = actions.today()
        qs = sel.filter_actions(self.get_queryset(), filters_from(request), on).order_by()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([item_data(i, on) for i in page])

    def retrieve(self, request, pk=None):
        item = sel.get_action(request.user, pk)
        return Response(item_data(item, actions.today(), detail=True))

    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def progress(self, request, pk=None):
        item = sel.get_action(request.user, pk)
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("status") == ActionStatus.DONE:
            actions.complete_action(actor=request.user, item=item, note=data["note"], evidence=data.get("evidence"))
        else:
            actions.report_progress(
                actor=request.user, item=item, note=data["note"], progress=data["progress"], status=data.get("status"), evidence=data.get("evidence")
            )
        return Response(item_data(sel.get_action(request.user, item.pk), actions.today(), detail=True), status=status.HTTP_201_CREATED)
