"""API of the mediation workflow, for the People's Court Mediation Platform (人民法院调解平台), a
court's or an IP office's own system and the mediation organisations' systems: mediations in the
caller's reach (list, detail, changes), idempotent creation by (source_system, source_id), the
workflow's actions, the directory of organisations and mediators and the figures. Thin: selectors
read (out of reach → 404), services write. Scopes: mediation:read (GET), mediation:write (POST)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry.models import Party, PowerOfAttorney, Representative, Right

from .. import selectors, services
from ..models import Mediation, Mediator, Organisation, Source, Status
from .serializers import (
    MediationAcceptSerializer,
    MediationAssignSerializer,
    MediationCloseCaseSerializer,
    MediationCreateSerializer,
    MediationDeclineSerializer,
    MediationDetailSerializer,
    MediationExtendSerializer,
    MediationFiguresSerializer,
    MediationFileCaseSerializer,
    MediationLogEntrySerializer,
    MediationLogInSerializer,
    MediationMediatorSerializer,
    MediationOrganisationSerializer,
    MediationOutcomeSerializer,
    MediationSerializer,
    MediationSessionInSerializer,
    MediationSessionSerializer,
)

SCOPES = {"GET": "mediation:read", "HEAD": "mediation:read", "OPTIONS": "mediation:read", "POST": "mediation:write"}
LIST_ERRORS = (400, 401, 403, 429)
READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
CHANGES_LIMIT = 200


def _invalid(field, message):
    raise ServiceError(ErrorCode.INVALID, fields={field: [message]})


def _id_param(request, name):
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return parse_pk(value)
    except NotFound:
        _invalid(name, "an id")


def _by_pk(model, pk, field, **filters):
    item = model.objects.filter(pk=pk, **filters).first() if pk else None
    if pk and item is None:
        _invalid(field, "not found")
    return item


FILTER_PARAMETERS = [
    OpenApiParameter("source", str, enum=Source.values),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("organisation", int, description="organisation id"),
    OpenApiParameter("court", int, description="court (agency) id"),
    OpenApiParameter("mediator", int, description="mediator id"),
    OpenApiParameter("overdue", bool, description="active mediations past their due date"),
]


@extend_schema_view(
    list=extend_schema(
        summary="Mediations in the caller's reach",
        tags=["mediation"],
        parameters=FILTER_PARAMETERS,
        responses={200: MediationSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One mediation with its parties, rights, sessions and log (a party sees the log entries shown to parties)",
        tags=["mediation"],
        responses={200: MediationDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="Start a mediation (pre_suit / in_suit: a court; administrative: an IP office; direct: the organisation). "
        "Idempotent by (source_system, source_id): an existing mediation answers 200",
        tags=["mediation"],
        request=MediationCreateSerializer,
        responses={
            201: MediationDetailSerializer,
            200: OpenApiResponse(MediationDetailSerializer, description="already received under this (source_system, source_id)"),
            **error_responses(400, 401, 403, 409, 429),
        },
    ),
    assign=extend_schema(
        summary="The organisation assigns (or reassigns) one of its own mediators",
        tags=["mediation"],
        request=MediationAssignSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    accept=extend_schema(
        summary="The assigned mediator accepts; the period starts (rule mediation.period.<source>)",
        tags=["mediation"],
        request=MediationAcceptSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    decline=extend_schema(
        summary="The assigned mediator declines with a reason; the case returns to the organisation",
        tags=["mediation"],
        request=MediationDeclineSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    extend=extend_schema(
        summary="Extend the mediation period (the parties agreed; reason recorded)",
        tags=["mediation"],
        request=MediationExtendSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    outcome=extend_schema(
        summary="End the mediation: agreement (an effective agreement is required), failure or withdrawal",
        tags=["mediation"],
        request=MediationOutcomeSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    log=extend_schema(
        summary="Add a log entry (work note or call)",
        tags=["mediation"],
        request=MediationLogInSerializer,
        responses={201: MediationLogEntrySerializer, **error_responses(*WRITE_ERRORS)},
    ),
    session=extend_schema(
        summary="Schedule a session (online link or place)",
        tags=["mediation"],
        request=MediationSessionInSerializer,
        responses={201: MediationSessionSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    file_case=extend_schema(
        summary="A failed pre-suit mediation: the entrusting court files the dispute as a case, linked to the mediation",
        tags=["mediation"],
        request=MediationFileCaseSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    close_case=extend_schema(
        summary="An in-suit agreement: the court closes its case by a mediation statement or by withdrawal (never by judicial confirmation)",
        tags=["mediation"],
        request=MediationCloseCaseSerializer,
        responses={200: MediationDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    changes=extend_schema(
        summary="Mediations in reach changed after a cursor, oldest change first (pull for docking systems)",
        tags=["mediation"],
        parameters=[OpenApiParameter("after", str, description="the `next` of the previous answer; absent: from the start")],
        responses={
            200: inline_serializer(
                "MediationChanges",
                {"results": MediationSerializer(many=True), "next": serializers.CharField(allow_null=True, help_text="cursor for the next call")},
            ),
            **error_responses(*LIST_ERRORS),
        },
    ),
    figures=extend_schema(
        summary="Counts by source and outcome, success rate, median and mean duration of the mediations in reach received in [start, end]",
        tags=["mediation"],
        parameters=[OpenApiParameter("start", datetime.date, required=True), OpenApiParameter("end", datetime.date, required=True)],
        responses={200: MediationFiguresSerializer, **error_responses(*LIST_ERRORS)},
    ),
)
class MediationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    serializer_class = MediationSerializer
    pagination_class = StableCursorPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        source, state = params.get("source", ""), params.get("status", "")
        if source and source not in Source.values:
            _invalid("source", f"one of {', '.join(Source.values)}")
        if state and state not in Status.values:
            _invalid("status", f"one of {', '.join(Status.values)}")
        overdue = params.get("overdue", "")
        if overdue not in ("", "true", "false", "1", "0"):
            _invalid("overdue", "true or false")
        return selectors.filtered(
            selectors.mediations_for(self.request.user),
            source=source,
            status=state,
            organisation=_id_param(self.request, "organisation"),
            court=_id_param(self.request, "court"),
            mediator=_id_param(self.request, "mediator"),
            overdue=overdue in ("true", "1"),
        )

    def _out(self, mediation, **kwargs):
        fresh = selectors.get_mediation(self.request.user, mediation.pk)
        context = {"parties_only": self.request.user.kind == "external"}
        return Response(MediationDetailSerializer(fresh, context=context).data, **kwargs)

    def _mediation(self, pk):
        return selectors.get_mediation(self.request.user, pk)

    def _body(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def retrieve(self, request, pk=None):
        return self._out(self._mediation(pk))

    def create(self, request):
        data = self._body(MediationCreateSerializer)
        parties = []
        for i, row in enumerate(data["parties"]):
            party = Party.objects.filter(pk=row["party"], merged_into__isnull=True).first()
            if party is None:
                _invalid("parties", f"party {i + 1}: not found")
            parties.append(
                {
                    "party": party,
                    "side": row["side"],
                    "email": row["email"],
                    "phone": row["phone"],
                    "representative": _by_pk(Representative, row["representative"], "parties"),
                    "power_of_attorney": _by_pk(PowerOfAttorney, row["power_of_attorney"], "parties"),
                }
            )
        rights = list(Right.objects.filter(pk__in=data["rights"]))
        if len(rights) != len(set(data["rights"])):
            _invalid("rights", "not found")
        existed = bool(data["source_id"]) and Mediation.objects.filter(source_system=data["source_system"], source_id=data["source_id"]).exists()
        mediation = services.start_mediation(
            actor=request.user,
            source=data["source"],
            organisation=_by_pk(Organisation, data["organisation"], "organisation"),
            title=data["title"],
            parties=parties,
            received_on=data["received_on"],
            field=data["field"],
            summary=data["summary"],
            claim_amount=data["claim_amount"],
            court_number=data["court_number"],
            case=_by_pk(Proceeding, data["case"], "case"),
            rights=rights,
            source_system=data["source_system"],
            source_id=data["source_id"],
        )
        return self._out(mediation, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationAssignSerializer)
        mediator = Mediator.objects.filter(pk=data["mediator"]).select_related("organisation__agency", "user").first()
        if mediator is None:
            _invalid("mediator", "not found")
        return self._out(services.assign(actor=request.user, mediation=m, mediator=mediator, reason=data["reason"]))

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        m = self._mediation(pk)
        return self._out(services.accept(actor=request.user, mediation=m, accepted_on=self._body(MediationAcceptSerializer)["accepted_on"]))

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        m = self._mediation(pk)
        return self._out(services.decline(actor=request.user, mediation=m, reason=self._body(MediationDeclineSerializer)["reason"]))

    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationExtendSerializer)
        return self._out(services.extend(actor=request.user, mediation=m, days=data["days"], reason=data["reason"]))

    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationOutcomeSerializer)
        return self._out(services.record_outcome(actor=request.user, mediation=m, outcome=data["outcome"], ended_on=data["ended_on"], note=data["note"]))

    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationLogInSerializer)
        entry = services.add_log(actor=request.user, mediation=m, text=data["text"], kind=data["kind"], visible_to_parties=data["visible_to_parties"])
        return Response(MediationLogEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def session(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationSessionInSerializer)
        item = services.schedule_session(actor=request.user, mediation=m, **data)
        return Response(MediationSessionSerializer(item).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="file-case", url_name="file-case")
    def file_case(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationFileCaseSerializer)
        people = {}
        for role in ("judge", "clerk"):
            if data[role]:
                people[role] = get_user_model().objects.filter(pk=data[role], agency_id=m.court_id).first()
                if people[role] is None:
                    _invalid(role, "a person of the court")
        done = services.court_files_case(
            actor=request.user, mediation=m, number=data["number"], cause=data["cause"], filed_on=data["filed_on"], claims=data["claims"], **people
        )
        return self._out(done)

    @action(detail=True, methods=["post"], url_path="close-case", url_name="close-case")
    def close_case(self, request, pk=None):
        m = self._mediation(pk)
        data = self._body(MediationCloseCaseSerializer)
        done = services.court_closes_case(
            actor=request.user, mediation=m, how=data["how"], closed_on=data["closed_on"], decision_number=data["decision_number"]
        )
        return self._out(done)

    @action(detail=False, methods=["get"])
    def changes(self, request):
        qs = selectors.mediations_for(request.user)
        after = request.query_params.get("after", "")
        if after:
            stamp, _sep, pk = after.rpartition("_")
            moment = parse_datetime(stamp) if stamp else None
            if moment is None or not pk.isdigit() or len(pk) > 19:
                raise ServiceError(ErrorCode.INVALID_CURSOR, fields={"after": ["the `next` of a previous answer"]})
            from django.db.models import Q

            qs = qs.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=int(pk)))
        rows = list(qs.order_by("updated_at", "pk")[:CHANGES_LIMIT])
        cursor = f"{rows[-1].updated_at.isoformat()}_{rows[-1].pk}" if rows else (after or None)
        return Response({"results": MediationSerializer(rows, many=True).data, "next": cursor})

    @action(detail=False, methods=["get"])
    def figures(self, request):
        start, end = parse_date(request.query_params.get("start") or ""), parse_date(request.query_params.get("end") or "")
        fields = {}
        if start is None:
            fields["start"] = ["a date (YYYY-MM-DD)"]
        if end is None:
            fields["end"] = ["a date (YYYY-MM-DD)"]
        elif start is not None and end < start:
            fields["end"] = ["not before start"]
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        return Response(MediationFiguresSerializer(selectors.figures(request.user, start, end)).data)


DIRECTORY_PARAMETERS = [
    OpenApiParameter("field", str, description="patent, trademark, copyright, technology, unfair_competition, other"),
    OpenApiParameter("region", str, description="GB/T 2260 code of the service region"),
    OpenApiParameter("language", str, description="working language, e.g. zh, en"),
]


def _directory_filters(request):
    params = request.query_params
    field, region, language = params.get("field", ""), params.get("region", ""), params.get("language", "")
    if field and field not in ("patent", "trademark", "copyright", "technology", "unfair_competition", "other"):
        _invalid("field", "a field of mediation")
    if region and not (region.isdigit() and len(region) == 6):
        _invalid("region", "six digits")
    if language and language not in services.LANGUAGES:
        _invalid("language", f"one of {', '.join(services.LANGUAGES)}")
    return {"field": field, "region": region, "language": language}


def _available(request, name):
    value = request.query_params.get(name, "")
    if value not in ("", "true", "false"):
        _invalid(name, "true or false")
    return {"true": True, "false": False}.get(value)


@extend_schema_view(
    list=extend_schema(
        summary="Registered mediation organisations (入驻) with their caseload",
        tags=["mediation"],
        parameters=[*DIRECTORY_PARAMETERS, OpenApiParameter("accepting", bool)],
        responses={200: MediationOrganisationSerializer(many=True), **error_responses(*LIST_ERRORS)},
    )
)
class OrganisationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    serializer_class = MediationOrganisationSerializer
    pagination_class = StableCursorPagination
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.organisations(**_directory_filters(self.request), accepting=_available(self.request, "accepting"))


@extend_schema_view(
    list=extend_schema(
        summary="Registered mediators with their caseload and availability",
        tags=["mediation"],
        parameters=[*DIRECTORY_PARAMETERS, OpenApiParameter("organisation", int), OpenApiParameter("available", bool)],
        responses={200: MediationMediatorSerializer(many=True), **error_responses(*LIST_ERRORS)},
    )
)
class MediatorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    serializer_class = MediationMediatorSerializer
    pagination_class = StableCursorPagination
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.mediators(
            organisation=_id_param(self.request, "organisation"),
            available=_available(self.request, "available"),
            today=timezone.localdate(),
            **_directory_filters(self.request),
        )
