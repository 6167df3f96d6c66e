"""API of administrative adjudication for IP offices' systems and courts' systems. Thin: the
selectors read (a record out of reach is a 404), the services write. Scopes: adjudication:read
(GET), adjudication:write (create and actions)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, ServiceError
from ipcollab.orgs.models import Region
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.models import Party, Right

from .. import selectors, services
from ..models import Stage
from ..rules import can_handle, can_review
from .serializers import ActionSerializer, AdjudicationCreateSerializer, AdjudicationDetailSerializer, AdjudicationSerializer

User = get_user_model()
COURT_ACTIONS = {"court_accept", "court_not_accept", "court_hear", "court_rule"}
STATUSES = ("open", "closed", "suspended")


def _deny():
    raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])


def _invalid(field, message):
    raise ServiceError(ErrorCode.INVALID, fields={field: [message]})


class AdjudicationPagination(StableCursorPagination):
    ordering = "-id"


def detail_data(user, a):
    from django.utils import timezone

    parts = selectors.detail_parts(a)
    app = parts["enforcement"]
    if app is not None:
        a.enforcement = app
    today = timezone.localdate()
    step = selectors.next_step(a, today)
    a.parties_rows = parts["parties"]
    a.enforcement_row = app
    a.next_step_row = {"action": step[0], "due": step[1], "side": step[2]} if step else None
    a.overdue_flag = selectors.is_overdue(a, today)
    a.log_rows = parts["log"]
    return AdjudicationDetailSerializer(a).data


@extend_schema_view(
    list=extend_schema(
        summary="Adjudications in reach (an office: its own; a court: those whose enforcement application came to it)",
        tags=["adjudication"],
        parameters=[
            OpenApiParameter("stage", str, enum=list(Stage.values)),
            OpenApiParameter("status", str, enum=list(STATUSES)),
            OpenApiParameter("overdue", bool, description="only those whose next act is late"),
        ],
        responses={200: AdjudicationSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One adjudication: parties with their service and windows, the enforcement application, the shared timeline",
        tags=["adjudication"],
        responses={200: AdjudicationDetailSerializer, **error_responses(401, 403, 404, 429)},
    ),
    create=extend_schema(
        summary="Register a request (an office's system); idempotent by (source_system, source_id): 200 with the existing record",
        tags=["adjudication"],
        request=AdjudicationCreateSerializer,
        responses={201: AdjudicationDetailSerializer, 200: AdjudicationDetailSerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    act=extend_schema(
        summary="One step of the office (accept … apply) or of the court (court_accept … court_rule)",
        tags=["adjudication"],
        request=ActionSerializer,
        responses={200: AdjudicationDetailSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
    ),
)
class AdjudicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    serializer_class = AdjudicationSerializer
    pagination_class = AdjudicationPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]
    required_scopes = {"GET": "adjudication:read", "POST": "adjudication:write"}

    def get_queryset(self):
        params = self.request.query_params
        stage = params.get("stage", "")
        if stage and stage not in Stage.values:
            _invalid("stage", f"one of {', '.join(Stage.values)}")
        st = params.get("status", "")
        if st and st not in STATUSES:
            _invalid("status", f"one of {', '.join(STATUSES)}")
        overdue = params.get("overdue", "")
        if overdue not in ("", "true", "false", "1", "0", "True", "False"):
            _invalid("overdue", "true or false")
        qs = selectors.filtered(self.request.user, stage=stage, status=st, overdue=overdue in ("true", "1", "True"))
        return qs.select_related("office", "right")

    def retrieve(self, request, pk=None):
        return Response(detail_data(request.user, selectors.get_adjudication(request.user, pk)))

    def create(self, request):
        user = request.user
        if not user.has_perm("adjudication.handle") or not user.agency_id or user.agency.kind != "ip_office":
            _deny()
        ser = AdjudicationCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        if d.get("source_id"):
            existing = services.Adjudication.objects.filter(source_system=d["source_system"], source_id=d["source_id"]).first()
            if existing is not None:
                if not can_handle(user, existing):
                    _deny()
                return Response(detail_data(user, existing), status=status.HTTP_200_OK)
        right = None
        if d.get("right"):
            right = Right.objects.filter(pk=d["right"]).first()
        elif d.get("right_number"):
            parsed = register_selectors.parse_right_number(d["right_number"])
            right = Right.objects.filter(kind=parsed[0], number=parsed[1]).first() if parsed else None
        if right is None:
            _invalid("right", str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]))
        requester = Party.objects.filter(pk=d["requester"]).first()
        if requester is None:
            _invalid("requester", str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]))
        respondents = list(Party.objects.filter(pk__in=d["respondents"]))
        if len(respondents) != len(set(d["respondents"])):
            _invalid("respondents", str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]))
        region = Region.objects.filter(code=d["region"]).first()
        if region is None:
            _invalid("region", "not a GB/T 2260 code known to the platform")
        a = services.receive_request(
            actor=user,
            region=region,
            right=right,
            requester=requester,
            respondents=respondents,
            claims=d["claims"],
            facts=d["facts"],
            evidence=d["evidence"],
            received_on=d["received_on"],
            title=d["title"],
            major=d["major"],
            requester_status=d["requester_status"],
            number=d["number"],
            source_system=d["source_system"],
            source_id=d["source_id"],
        )
        return Response(detail_data(user, a), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="actions")
    def act(self, request, pk=None):
        user = request.user
        a = selectors.get_adjudication(user, pk)
        ser = ActionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        name = d["action"]
        app = selectors.enforcement_of(a)
        if name in COURT_ACTIONS:
            if not can_review(user, app):
                _deny()
        elif not can_handle(user, a):
            _deny()
        if name == "accept":
            users = list(User.objects.filter(pk__in=d["handlers"]))
            if len(users) != len(set(d["handlers"])):
                _invalid("handlers", str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]))
            users.sort(key=lambda u: d["handlers"].index(u.pk))
            services.accept(actor=user, adjudication=a, accepted_on=d["accepted_on"], handlers=users)
        elif name == "refuse":
            services.refuse(actor=user, adjudication=a, refused_on=d["refused_on"], reason=d["reason"])
        elif name == "suspend":
            inv = Proceeding.objects.filter(pk=d["invalidation"]).first()
            services.suspend(actor=user, adjudication=a, invalidation=inv, started_on=d["started_on"], reason=d.get("reason", ""))
        elif name == "resume":
            services.resume(actor=user, adjudication=a, resumed_on=d["resumed_on"], because=d.get("reason", ""))
        elif name == "withdraw":
            services.withdraw(actor=user, adjudication=a, withdrawn_on=d["withdrawn_on"], reason=d.get("reason", ""))
        elif name == "decide":
            services.decide(
                actor=user, adjudication=a, decision=d["decision"], decided_on=d["decided_on"], decision_number=d["decision_number"], reasons=d["reasons"]
            )
        elif name in ("serve", "suit"):
            row = a.parties.select_related("party").filter(party_id=d["party"]).first()
            if row is None:
                _invalid("party", "not a party of this adjudication")
            if name == "serve":
                services.serve_decision(actor=user, adjudication=a, party=row.party, served_on=d["served_on"], method=d.get("method", "direct"))
            else:
                services.record_suit(actor=user, adjudication=a, party=row.party, suit_number=d["suit_number"], filed_on=d["filed_on"])
        elif name == "compliance":
            services.record_compliance(actor=user, adjudication=a, complied=d["complied"], checked_on=d["checked_on"], note=d.get("note", ""))
        elif name == "demand":
            services.serve_demand(actor=user, adjudication=a, served_on=d["served_on"])
        elif name == "apply":
            services.apply_enforcement(actor=user, adjudication=a, applied_on=d["applied_on"])
        elif name == "court_accept":
            services.court_accept(actor=user, application=app, case_number=d["case_number"], accepted_on=d["accepted_on"])
        elif name == "court_not_accept":
            services.court_not_accept(actor=user, application=app, decided_on=d["decided_on"], reasons=d["reasons"])
        elif name == "court_hear":
            services.court_hear(actor=user, application=app, decided_on=d["decided_on"])
        elif name == "court_rule":
            services.court_rule(actor=user, application=app, ruling=d["ruling"], ruled_on=d["ruled_on"], reasons=d["reasons"])
        return Response(detail_data(user, selectors.get_adjudication(user, a.pk)))
