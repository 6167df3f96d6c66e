"""API of consultation meetings (会商) for the agencies' systems: the meetings the caller's agency
takes part in (list with filters, cursor pagination), one meeting with its participants, people and
attendance, and its agenda with the linked records and the trend data each item rests on; and an
agenda item proposed by a participating agency (its liaison, agency admin or agency system).
Scopes: consultation:read (GET), consultation:write (POST). Thin: selectors read (out of reach →
404), services decide."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk

from .. import selectors, services, trends
from ..models import AgendaStatus, MeetingKind, MeetingStatus, ParticipantRole, StandardsFeedback

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)
SCOPES = {"GET": "consultation:read", "HEAD": "consultation:read", "OPTIONS": "consultation:read", "POST": "consultation:write"}
WHEN = ["upcoming", "past"]


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.Serializer):
    agency = RefSerializer()
    role = serializers.ChoiceField(choices=ParticipantRole.values)
    signs = serializers.BooleanField(help_text="co-signs the minutes")


class AttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = RefSerializer()
    user = serializers.IntegerField(allow_null=True, help_text="the platform user, when the person has an account")
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    attended = serializers.BooleanField(allow_null=True, help_text="null until the meeting is held")


class SeriesSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    values = serializers.ListField(child=serializers.FloatField(), help_text="one number per label")


class PeriodSerializer(serializers.Serializer):
    start = serializers.CharField(help_text="YYYY-MM")
    end = serializers.CharField(help_text="YYYY-MM")


class TrendSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    unit = serializers.CharField(allow_blank=True, required=False, max_length=20)
    source = serializers.CharField(allow_blank=True, required=False, max_length=500)
    labels = serializers.ListField(child=serializers.CharField(max_length=20), min_length=1, max_length=trends.MAX_LABELS)
    series = SeriesSerializer(many=True)
    code = serializers.ChoiceField(choices=list(trends.SPECS), required=False, help_text="the built-in series it was computed from")
    period = PeriodSerializer(required=False)


class LinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["proceeding", "right", "feedback"])
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="case or CNIPA number, right number, or the feedback's title")
    note = serializers.CharField(allow_blank=True)


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    topic = serializers.CharField()
    background = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=AgendaStatus.values)
    proposed_by_agency = RefSerializer()
    decision_note = serializers.CharField(allow_blank=True)
    trend = TrendSerializer(allow_null=True, help_text="the data as it was when proposed; null when none")
    links = LinkSerializer(many=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=MeetingKind.values)
    status = serializers.ChoiceField(choices=MeetingStatus.values)
    organiser = RefSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField(allow_blank=True)
    video_link = serializers.CharField(allow_blank=True)
    agenda_deadline = serializers.DateField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    cancelled_reason = serializers.CharField(allow_blank=True)
    participants = ParticipantSerializer(many=True)


class MeetingDetailSerializer(MeetingSerializer):
    summary = serializers.CharField(allow_blank=True)
    attendees = AttendeeSerializer(many=True)
    agenda = AgendaItemSerializer(many=True)


class AgendaItemInSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=200)
    background = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    proceedings = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=20, help_text="case numbers or CNIPA proceeding numbers"
    )
    rights = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=20, help_text="patent or trademark numbers"
    )
    feedback = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, help_text="a standards-feedback record of the caller's agency"
    )
    trend = serializers.JSONField(
        required=False,
        allow_null=True,
        default=None,
        help_text="{title, unit, source, labels[], series[{name, values[]}]}: one number per label (checked: meeting_trend_invalid)",
    )
    trend_code = serializers.ChoiceField(
        choices=list(trends.SPECS), required=False, allow_blank=True, default="", help_text="instead of `trend`: a built-in series computed by the platform"
    )
    trend_start = serializers.CharField(required=False, allow_blank=True, default="", max_length=7, help_text="YYYY-MM, with trend_code")
    trend_end = serializers.CharField(required=False, allow_blank=True, default="", max_length=7, help_text="YYYY-MM, with trend_code")


def _ref(agency):
    return {"id": agency.pk, "name": agency.name}


def _link(link):
    if link.proceeding_id:
        return {"kind": "proceeding", "id": link.proceeding_id, "label": link.proceeding.number, "note": link.note}
    if link.right_id:
        return {"kind": "right", "id": link.right_id, "label": link.right.number, "note": link.note}
    return {"kind": "feedback", "id": link.feedback_id, "label": link.feedback.title, "note": link.note}


def item_data(item):
    return {
        "id": item.pk,
        "position": item.position,
        "topic": item.topic,
        "background": item.background,
        "status": item.status,
        "proposed_by_agency": _ref(item.proposed_by_agency),
        "decision_note": item.decision_note,
        "trend": item.trend or None,
        "links": [_link(link) for link in item.links.all()],
    }


def meeting_data(m, detail=False):
    data = {
        "id": m.pk,
        "title": m.title,
        "kind": m.kind,
        "status": m.status,
        "organiser": _ref(m.organiser),
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "video_link": m.video_link,
        "agenda_deadline": m.agenda_deadline,
        "held_on": m.held_on,
        "cancelled_reason": m.cancelled_reason,
        "participants": [{"agency": _ref(p.agency), "role": p.role, "signs": p.signs} for p in m.participants.all()],
    }
    if detail:
        data["summary"] = m.summary
        data["attendees"] = [
            {"id": a.pk, "agency": _ref(a.agency), "user": a.user_id, "name": a.name, "title": a.title, "attended": a.attended} for a in m.attendees.all()
        ]
        data["agenda"] = [item_data(i) for i in m.agenda_items.all()]
    return data


def _invalid(field, message):
    raise ServiceError(ErrorCode.INVALID, fields={field: [message]})


def _choice(request, name, allowed):
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        _invalid(name, "one of " + ", ".join(allowed))
    return value


def _filters(request):
    params = request.query_params
    organiser = None
    if params.get("organiser"):
        try:
            organiser = parse_pk(params["organiser"])
        except NotFound:
            _invalid("organiser", "an agency id")
    year = None
    if params.get("year"):
        value = params["year"]
        if not (value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100):
            _invalid("year", "a year from 2000 to 2100")
        year = int(value)
    return {
        "organiser": organiser,
        "kind": _choice(request, "kind", MeetingKind.values),
        "status": _choice(request, "status", MeetingStatus.values),
        "year": year,
        "when": _choice(request, "when", WHEN),
    }


class MeetingPagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Meetings the caller's agency takes part in (organiser, participant or invited)",
        tags=["consultation"],
        parameters=[
            OpenApiParameter("organiser", int, description="organising agency id"),
            OpenApiParameter("kind", str, enum=MeetingKind.values),
            OpenApiParameter("status", str, enum=MeetingStatus.values),
            OpenApiParameter("year", int, description="year of the meeting's start"),
            OpenApiParameter("when", str, enum=WHEN, description="upcoming: planned and not yet begun; past: the others"),
        ],
        responses={200: MeetingSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One meeting with its participants, people and attendance, and the agenda with linked records and trend data",
        tags=["consultation"],
        responses={200: MeetingDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    agenda_items=extend_schema(
        summary="Propose an agenda item (a participating agency's liaison, agency admin or agency system); the organiser decides on it",
        tags=["consultation"],
        request=AgendaItemInSerializer,
        responses={201: AgendaItemSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class MeetingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = MeetingPagination
    serializer_class = MeetingSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.detail_queryset(self.request.user)

    def list(self, request):
        qs = selectors.filtered(self.get_queryset(), **_filters(request)).order_by()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([meeting_data(m) for m in page])

    def _meeting(self, pk):
        m = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if m is None:
            raise NotFound()
        return m

    def retrieve(self, request, pk=None):
        return Response(meeting_data(self._meeting(pk), detail=True))

    @action(detail=True, methods=["post"], url_path="agenda-items", url_name="agenda-items")
    def agenda_items(self, request, pk=None):
        m = selectors.get_meeting(request.user, pk)
        serializer = AgendaItemInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        trend = data["trend"]
        if data["trend_code"]:
            trend = trends.compute(data["trend_code"], user=request.user, start=data["trend_start"], end=data["trend_end"])
        feedback = None
        if data["feedback"] is not None:
            feedback = StandardsFeedback.objects.filter(pk=data["feedback"]).first() if data["feedback"] <= 2**63 - 1 else None
            if feedback is None:
                raise ServiceError(ErrorCode.MEETING_LINK_INVALID, fields={"feedback": ["not found"]})
        item = services.propose_agenda_item(
            actor=request.user,
            meeting=m,
            topic=data["topic"],
            background=data["background"],
            trend=trend,
            proceedings=data["proceedings"],
            rights=data["rights"],
            feedback=feedback,
        )
        fresh = selectors.detail_queryset(request.user).get(pk=m.pk).agenda_items.all()
        return Response(item_data(next(i for i in fresh if i.pk == item.pk)), status=status.HTTP_201_CREATED)
