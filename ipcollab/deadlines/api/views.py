"""API of deadlines: the calculator, the holiday calendar, service records. Thin: the engine
computes, selectors read, services write."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound

from .. import calendar_store, engine, selectors, services
from ..engine import DeadlineError
from ..models import ServiceMethod, ServiceRecord, ServiceRegime
from .serializers import (
    CalendarYearSerializer,
    ComputeResultSerializer,
    ComputeSerializer,
    DispatchSerializer,
    PeriodSerializer,
    ReceiptSerializer,
    ServiceDeadlineSerializer,
    ServiceRecordSerializer,
)

MIN_YEAR, MAX_YEAR = services.MIN_YEAR, services.MAX_YEAR
DEADLINE_400 = {
    400: "Invalid input (`invalid`), or the period cannot be computed: `calendar_unpublished`, `bad_unit`, `bad_amount`, `bad_start`.",
}


def errors(*codes, descriptions=None):
    return error_responses(*codes, descriptions=descriptions)


class CanUseDeadlines(BasePermission):
    """Agency staff and agency systems (not external parties)."""

    def has_permission(self, request, view):
        if not request.user.has_perm("deadlines.use"):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])
        return True


def _pairs(items):
    return [{"date": d, "reason": str(why)} for d, why in items]


def explanation_data(x):
    return {
        "start": x.start,
        "amount": x.amount,
        "unit": x.unit,
        "roll_forward": x.roll_forward,
        "first_day": x.first_day,
        "nominal_last_day": x.nominal_last_day,
        "last_day": x.last_day,
        "month_end_clamped": x.month_end_clamped,
        "rolled_forward": x.rolled_forward,
        "rolled_over": _pairs(x.rolled),
        "skipped": _pairs(x.skipped),
        "adjusted_workdays": _pairs(x.adjusted_workdays),
    }


class DeadlineComputeView(APIView):
    """compute_deadline over HTTP: the last day of a period, with how it was reached."""

    permission_classes = [IsAuthenticated, TokenScope, CanUseDeadlines]
    required_scopes = {"GET": "deadlines:read", "POST": "deadlines:read"}

    def _answer(self, data):
        serializer = ComputeSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        try:
            x = engine.explain(calendar_store.default_calendar(), v["start"], v["amount"], v["unit"], v["roll_forward"])
        except DeadlineError as exc:
            raise services.as_service_error(exc) from None
        return Response(ComputeResultSerializer(explanation_data(x)).data)

    @extend_schema(
        summary="Compute a deadline (query parameters)",
        tags=["deadlines"],
        parameters=[ComputeSerializer],
        responses={200: ComputeResultSerializer, **errors(400, 401, 403, 429, descriptions=DEADLINE_400)},
    )
    def get(self, request):
        return self._answer(request.query_params)

    @extend_schema(
        summary="Compute a deadline (JSON body); writes nothing",
        tags=["deadlines"],
        request=ComputeSerializer,
        responses={200: ComputeResultSerializer, **errors(400, 401, 403, 429, descriptions=DEADLINE_400)},
    )
    def post(self, request):
        return self._answer(request.data)


class CalendarYearView(APIView):
    """One year of the holiday calendar: its published status, holidays and adjusted working days."""

    permission_classes = [IsAuthenticated, TokenScope, CanUseDeadlines]
    required_scopes = {"GET": "deadlines:read"}

    @extend_schema(
        summary="The holiday calendar of one year (an unrecorded year answers published=false and no days)",
        tags=["deadlines"],
        responses={200: CalendarYearSerializer, **errors(401, 403, 404, 429)},
    )
    def get(self, request, year):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise NotFound()
        row = selectors.calendar_year(year)
        data = {
            "year": year,
            "published": bool(row and row.published),
            "source": row.source if row else "",
            "published_on": row.published_on if row else None,
            "note": row.note if row else "",
            "days": list(selectors.calendar_days(year)),
        }
        return Response(CalendarYearSerializer(data).data)


class ServicePagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Service records (送达) the caller may see",
        tags=["deadlines"],
        parameters=[
            OpenApiParameter("method", str, enum=ServiceMethod.values),
            OpenApiParameter("regime", str, enum=ServiceRegime.values),
            OpenApiParameter("pending", str, enum=["true", "false", "1", "0"], description="only records without an actual receipt"),
        ],
        responses={200: ServiceRecordSerializer(many=True), **errors(400, 401, 403, 404, 429)},
    ),
    retrieve=extend_schema(summary="One service record", tags=["deadlines"], responses={200: ServiceRecordSerializer, **errors(401, 403, 404, 429)}),
    create=extend_schema(
        summary="Record a dispatch to one recipient (the caller's agency serves); the presumed receipt is computed",
        tags=["deadlines"],
        request=DispatchSerializer,
        responses={201: ServiceRecordSerializer, **errors(400, 401, 403, 429)},
    ),
    receipt=extend_schema(
        summary="Record (or correct) the actual receipt, with its proof",
        tags=["deadlines"],
        request=ReceiptSerializer,
        responses={200: ServiceRecordSerializer, **errors(400, 401, 403, 404, 429)},
    ),
    deadline=extend_schema(
        summary="The last day of a period running from this recipient's receipt (actual, else presumed)",
        tags=["deadlines"],
        parameters=[PeriodSerializer],
        responses={200: ServiceDeadlineSerializer, **errors(400, 401, 403, 404, 429, descriptions=DEADLINE_400)},
    ),
)
class ServiceRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ServiceRecordSerializer
    permission_classes = [IsAuthenticated, TokenScope, CanUseDeadlines]
    required_scopes = {"GET": "deadlines:read", "POST": "deadlines:write"}
    pagination_class = ServicePagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        p = self.request.query_params
        method = p.get("method") or None
        regime = p.get("regime") or None
        bad = {}
        if method and method not in ServiceMethod.values:
            bad["method"] = [DEFAULT_MESSAGES[ErrorCode.INVALID]]
        if regime and regime not in ServiceRegime.values:
            bad["regime"] = [DEFAULT_MESSAGES[ErrorCode.INVALID]]
        pending = p.get("pending")
        if pending not in (None, "", "true", "false", "1", "0"):
            bad["pending"] = [DEFAULT_MESSAGES[ErrorCode.INVALID]]
        if bad:
            raise ValidationError(bad)
        return selectors.service_records_for_user(self.request.user, method=method, regime=regime, pending=pending in ("true", "1"))

    def get_object(self):
        return selectors.service_record_get(self.kwargs["pk"], self.request.user)

    def retrieve(self, request, pk=None):
        return Response(ServiceRecordSerializer(self.get_object()).data)

    def create(self, request):
        user = request.user
        if not (user.agency_id and user.has_perm("deadlines.record_service", user.agency)):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])
        serializer = DispatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency_id = data.pop("recipient_agency", None)
        if agency_id is not None:
            agency_model = ServiceRecord._meta.get_field("recipient_agency").related_model
            data["recipient_agency"] = agency_model.objects.filter(pk=agency_id).first()
            if data["recipient_agency"] is None:
                raise ValidationError({"recipient_agency": [DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]]})
        record = services.record_dispatch(actor=user, **data)
        return Response(ServiceRecordSerializer(selectors.service_record_get(record.pk, user)).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def receipt(self, request, pk=None):
        record = self.get_object()
        if not request.user.has_perm("deadlines.record_service", record):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])
        serializer = ReceiptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_receipt(
            actor=request.user, record=record, received_on=serializer.validated_data["received_on"], proof=serializer.validated_data["proof"]
        )
        return Response(ServiceRecordSerializer(selectors.service_record_get(record.pk, request.user)).data)

    @action(detail=True, methods=["get"])
    def deadline(self, request, pk=None):
        record = self.get_object()
        serializer = PeriodSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        last_day = services.deadline_from_service(record, v["amount"], v["unit"], v["roll_forward"])
        return Response(
            ServiceDeadlineSerializer(
                {
                    "record": record.pk,
                    "recipient_name": record.recipient_name,
                    "receipt_basis": record.receipt_basis,
                    "start": record.effective_receipt_date,
                    "amount": v["amount"],
                    "unit": v["unit"],
                    "roll_forward": v["roll_forward"],
                    "last_day": last_day,
                }
            ).data
        )
