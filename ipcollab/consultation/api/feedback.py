"""API of standards feedback (标准反馈) for the agencies' systems: the records in reach (raised by the
caller's agency or naming it as counterpart), one record with its linked proceedings and their
outcomes, the agenda item and the resolution, and a new record raised for the caller's agency.
Scopes: consultation:read (GET), consultation:write (POST). Thin: feedback.py decides; out of reach
is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.ids import MAX_PK
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import Proceeding

from .. import feedback as fb
from ..models import FeedbackArea, FeedbackStatus

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 429)
SCOPES = {"GET": "consultation:read", "POST": "consultation:write"}


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LinkedProceedingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    track = serializers.CharField()
    kind = serializers.CharField()
    agency = RefSerializer()
    status = serializers.CharField()
    result = serializers.CharField(allow_blank=True)
    result_label = serializers.CharField(allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)


class FeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    area = serializers.ChoiceField(choices=FeedbackArea.values)
    status = serializers.ChoiceField(choices=FeedbackStatus.values)
    raised_by_agency = RefSerializer()
    counterpart = RefSerializer()
    created_at = serializers.DateTimeField()


class FeedbackDetailSerializer(FeedbackSerializer):
    description = serializers.CharField()
    administrative_standard = serializers.CharField(allow_blank=True)
    judicial_standard = serializers.CharField(allow_blank=True)
    proceedings = LinkedProceedingSerializer(many=True, help_text="the linked proceedings in the caller's reach")
    agenda_item = serializers.IntegerField(allow_null=True)
    meeting = serializers.IntegerField(allow_null=True, help_text="the meeting of the agenda item")
    resolution = serializers.CharField(allow_blank=True, help_text="how it was resolved, or the reason it was closed")
    resolved_by_document = serializers.IntegerField(allow_null=True, help_text="the signed consensus document that settled it")
    resolved_on = serializers.DateField(allow_null=True)


class FeedbackInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    area = serializers.ChoiceField(choices=FeedbackArea.values)
    counterpart = serializers.IntegerField(min_value=1, max_value=MAX_PK, help_text="agency id (not the caller's agency)")
    description = serializers.CharField(max_length=20000)
    administrative_standard = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    judicial_standard = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    proceedings = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_PK),
        required=False,
        default=list,
        max_length=fb.MAX_PROCEEDINGS,
        help_text="ids of proceedings in the caller's reach",
    )


def _ref(agency):
    return {"id": agency.pk, "name": agency.name}


def feedback_data(f):
    return {
        "id": f.pk,
        "title": f.title,
        "area": f.area,
        "status": f.status,
        "raised_by_agency": _ref(f.raised_by_agency),
        "counterpart": _ref(f.counterpart),
        "created_at": f.created_at,
    }


def feedback_detail(user, f):
    data = feedback_data(f)
    data.update(
        {
            "description": f.description,
            "administrative_standard": f.administrative_standard,
            "judicial_standard": f.judicial_standard,
            "proceedings": [
                {
                    "id": p.pk,
                    "number": p.number,
                    "track": p.track,
                    "kind": p.kind,
                    "agency": _ref(p.agency),
                    "status": p.status,
                    "result": p.result,
                    "result_label": str(p.result_label),
                    "closed_on": p.closed_on,
                }
                for p in fb.linked_proceedings(user, f)
            ],
            "agenda_item": f.agenda_item_id,
            "meeting": f.agenda_item.meeting_id if f.agenda_item_id else None,
            "resolution": f.resolution,
            "resolved_by_document": f.resolved_by_document_id,
            "resolved_on": f.resolved_on,
        }
    )
    return data


class IdPagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Standards feedback in reach: raised by the caller's agency or naming it as counterpart",
        tags=["consultation"],
        parameters=[OpenApiParameter("status", str, enum=list(FeedbackStatus.values)), OpenApiParameter("area", str, enum=list(FeedbackArea.values))],
        responses={200: FeedbackSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One standards-feedback record: linked proceedings and their outcomes, agenda item, resolution",
        tags=["consultation"],
        responses={200: FeedbackDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="Raise standards feedback for the caller's agency (its liaisons, admins or agency system)",
        tags=["consultation"],
        request=FeedbackInSerializer,
        responses={201: FeedbackDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class StandardsFeedbackViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = FeedbackSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = fb.feedback_for(self.request.user)
        for name, values in (("status", FeedbackStatus.values), ("area", FeedbackArea.values)):
            value = self.request.query_params.get(name)
            if value not in (None, ""):
                if value not in values:
                    raise ServiceError(ErrorCode.INVALID, fields={name: [", ".join(values)]})
                qs = qs.filter(**{name: value})
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset().order_by())
        return self.get_paginated_response([feedback_data(f) for f in page])

    def retrieve(self, request, pk=None):
        return Response(feedback_detail(request.user, fb.get_feedback(request.user, pk)))

    def create(self, request):
        serializer = FeedbackInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        counterpart = Agency.objects.filter(pk=data["counterpart"]).first()
        if counterpart is None:
            raise ServiceError(ErrorCode.FEEDBACK_COUNTERPART_INVALID, fields={"counterpart": ["an agency id"]})
        wanted = set(data["proceedings"])
        proceedings = list(Proceeding.objects.filter(pk__in=wanted))
        if len(proceedings) != len(wanted):
            raise ServiceError(ErrorCode.INVALID, fields={"proceedings": ["ids of proceedings in the caller's reach"]})
        record = fb.raise_feedback(
            actor=request.user,
            title=data["title"],
            area=data["area"],
            counterpart=counterpart,
            description=data["description"],
            administrative_standard=data["administrative_standard"],
            judicial_standard=data["judicial_standard"],
            proceedings=proceedings,
        )
        return Response(feedback_detail(request.user, fb.get_feedback(request.user, record.pk)), status=status.HTTP_201_CREATED)
