"""API of the freeze register for court and CNIPA systems. Thin: selectors read (a confidential
order out of reach is a 404), services write. Scopes: preservation:read (GET),
preservation:order (a court's writes and the inquiry), preservation:handle (CNIPA's writes)."""

from django.contrib.auth import get_user_model
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.orgs.models import Agency
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.models import Party, Right

from .. import selectors, services
from .serializers import (
    AssignSerializer,
    AttachmentUploadSerializer,
    ConvertSerializer,
    DisposeSerializer,
    FreezeBatchCreateSerializer,
    FreezeBatchSerializer,
    FreezeOrderCreateSerializer,
    FreezeOrderDetailSerializer,
    FreezeOrderSerializer,
    InquiryAnswerSerializer,
    InquiryRightSerializer,
    InquirySerializer,
    RenewSerializer,
    ReturnSerializer,
)

LIST_ERRORS = (400, 401, 403, 429)
READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
LISTS = ("mine", "awaiting", "expiring", "queued", "to_register", "returned", "all")
HANDLER_ACTIONS = {"register", "return_", "assign"}


def _deny():
    raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])


def _invalid(field, message):
    raise ServiceError(ErrorCode.INVALID, fields={field: [message]})


class FreezePagination(StableCursorPagination):
    """Cursor on the receipt sequence (unique, in receipt order), or on the end date for the
    expiring list: each desk list keeps its own order across pages."""

    ordering = "-receipt_seq"

    def get_ordering(self, request, queryset, view):
        key = getattr(view, "desk_key", "")
        if key == "expiring":
            return ("ends_on", "receipt_seq")
        if key in ("awaiting", "to_register", "queued"):
            return ("receipt_seq",)
        return ("-receipt_seq",)


def desk_queryset(user, key, court=None):
    """The named list of the user's desk (a court's or CNIPA's); see selectors."""
    if user.has_perm("preservation.handle"):
        return selectors.cnipa_list(user, key, court=court)
    if user.has_perm("preservation.order"):
        return selectors.court_list(user, key)
    return None


@extend_schema_view(
    list=extend_schema(
        summary="Freeze orders in reach, by desk list",
        tags=["preservation"],
        parameters=[
            OpenApiParameter("list", str, enum=list(LISTS), description="court: mine, awaiting, expiring, queued; CNIPA: to_register, returned, expiring, all"),
            OpenApiParameter("court", int, description="CNIPA lists: only the orders of this court (agency id)"),
        ],
        responses={200: FreezeOrderSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One freeze order with its history and queue position",
        tags=["preservation"],
        responses={200: FreezeOrderDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="Submit a ruling and notice of assistance: the order takes its place in the right's queue at once (effective, or waiting)",
        tags=["preservation"],
        request=FreezeOrderCreateSerializer,
        responses={201: FreezeOrderDetailSerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    batch=extend_schema(
        summary="One ruling freezing several rights of the party: one order per right, all or none",
        tags=["preservation"],
        request=FreezeBatchCreateSerializer,
        responses={201: FreezeBatchSerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    register=extend_schema(
        summary="CNIPA registers the order (it keeps its place)",
        tags=["preservation"],
        request=None,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    return_=extend_schema(
        summary="CNIPA returns the order with a reason",
        tags=["preservation"],
        request=ReturnSerializer,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    release=extend_schema(
        summary="The holding court releases its order by ruling; the next takes effect",
        tags=["preservation"],
        request=None,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    renew=extend_schema(
        summary="The holding court renews its effective order before expiry (续行)",
        tags=["preservation"],
        request=RenewSerializer,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    convert=extend_schema(
        summary="Hand the order to the enforcement or second-instance court; the period runs on",
        tags=["preservation"],
        request=ConvertSerializer,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    dispose=extend_schema(
        summary="The holding court transfers the right in enforcement (执行过户); the waiting list ends",
        tags=["preservation"],
        request=DisposeSerializer,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    attachments=extend_schema(
        summary="The issuing or holding court adds files to its order (multipart, field `attachments`, repeated)",
        tags=["preservation"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    attachment_file=extend_schema(
        summary="One attachment's file (only to who may see the order; audited)",
        tags=["preservation"],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **error_responses(*READ_ERRORS)},
    ),
    assign=extend_schema(
        summary="Hand the order to another CNIPA preservation handler",
        tags=["preservation"],
        request=AssignSerializer,
        responses={200: FreezeOrderDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class FreezeOrderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    serializer_class = FreezeOrderSerializer
    pagination_class = FreezePagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    @property
    def required_scopes(self):
        if getattr(self, "action", None) in HANDLER_ACTIONS:
            return {"GET": "preservation:read", "POST": "preservation:handle"}
        return {"GET": "preservation:read", "POST": "preservation:order"}

    def get_queryset(self):
        user = self.request.user
        key = self.request.query_params.get("list") or ("to_register" if user.has_perm("preservation.handle") else "mine")
        if key not in LISTS:
            _invalid("list", f"one of {', '.join(LISTS)}")
        self.desk_key = key
        court = None
        if self.request.query_params.get("court"):
            try:
                court = Agency.objects.filter(kind="court", pk=parse_pk(self.request.query_params["court"])).first()
            except NotFound:
                court = None
            if court is None:
                _invalid("court", "a court's agency id")
        qs = desk_queryset(user, key, court)
        if qs is None:
            _deny()
        return qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = FreezeOrderSerializer(page, many=True, context={"positions": selectors.positions(page)}).data
        return self.get_paginated_response(data)

    def _out(self, order, **kwargs):
        fresh = selectors.order_get(self.request.user, order.pk)
        return Response(FreezeOrderDetailSerializer(fresh, context={"positions": selectors.positions([fresh])}).data, **kwargs)

    def retrieve(self, request, pk=None):
        return self._out(selectors.order_get(request.user, pk))

    def create(self, request):
        if not request.user.has_perm("preservation.order"):
            _deny()
        serializer = FreezeOrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        right = None
        if data.get("right"):
            right = Right.objects.filter(pk=data["right"]).first()
        elif data.get("number"):
            parsed = register_selectors.parse_right_number(data["number"])
            right = Right.objects.filter(kind=parsed[0], number=parsed[1]).first() if parsed else None
        if right is None:
            _invalid("right", str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]))
        party = Party.objects.filter(pk=data["party"]).first()
        judge = get_user_model().objects.filter(pk=data["signing_judge"]).first()
        order = services.submit_order(
            actor=request.user,
            right=right,
            case_number=data["case_number"],
            party=party,
            period_amount=data["period_amount"],
            period_unit=data["period_unit"],
            signing_judge=judge,
            suspended=data["suspended"] or None,
        )
        return self._out(order, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"])
    def batch(self, request):
        if not request.user.has_perm("preservation.order"):
            _deny()
        serializer = FreezeBatchCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rights = list(Right.objects.filter(pk__in=data["rights"]))
        missing = sorted(set(data["rights"]) - {r.pk for r in rights})
        if missing:
            _invalid("rights", f"{str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND])} {missing}")
        orders = services.submit_orders(
            actor=request.user,
            rights=rights,
            case_number=data["case_number"],
            party=Party.objects.filter(pk=data["party"]).first(),
            period_amount=data["period_amount"],
            period_unit=data["period_unit"],
            signing_judge=get_user_model().objects.filter(pk=data["signing_judge"]).first(),
            suspended=data["suspended"] or None,
        )
        fresh = list(selectors.orders_for(request.user).filter(pk__in=[o.pk for o in orders]).order_by("right_id"))
        body = FreezeOrderDetailSerializer(fresh, many=True, context={"positions": selectors.positions(fresh)}).data
        return Response({"results": body}, status=status.HTTP_201_CREATED)

    def _order(self, pk):
        return selectors.order_get(self.request.user, pk)

    def _body(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._out(services.register_order(actor=request.user, order=self._order(pk)))

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        order = self._order(pk)
        return self._out(services.return_order(actor=request.user, order=order, reason=self._body(ReturnSerializer)["reason"]))

    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        return self._out(services.release_order(actor=request.user, order=self._order(pk)))

    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        order = self._order(pk)
        data = self._body(RenewSerializer)
        return self._out(services.renew_order(actor=request.user, order=order, period_amount=data["period_amount"], period_unit=data["period_unit"]))

    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        order = self._order(pk)
        data = self._body(ConvertSerializer)
        successor = Agency.objects.filter(pk=data["successor"], kind="court").first()
        return self._out(services.convert_order(actor=request.user, order=order, successor=successor, purpose=data["purpose"]))

    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        order = self._order(pk)
        return self._out(services.dispose_right(actor=request.user, order=order, new_owner=self._body(DisposeSerializer)["new_owner"]))

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        order = self._order(pk)
        files = request.FILES.getlist("attachments")
        if not files:
            _invalid("attachments", str(DEFAULT_MESSAGES[ErrorCode.REQUIRED]))
        services.add_attachments(actor=request.user, order=order, files=files)
        return self._out(order, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment>[0-9]+)", url_name="attachment-file")
    def attachment_file(self, request, pk=None, attachment=None):
        order = self._order(pk)
        item, handle = services.read_attachment(actor=request.user, order=order, attachment_id=attachment)
        return FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.name)

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        order = self._order(pk)
        handler = get_user_model().objects.filter(pk=self._body(AssignSerializer)["handler"]).select_related("agency").first()
        return self._out(services.assign_order(actor=request.user, order=order, handler=handler))


class FreezeInquiryView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"POST": "preservation:order"}

    @extend_schema(
        summary="Inquiry (查询) for a stated case: one right by number, or every right held by a party (credit code or name), "
        "with the effective freeze and the waiting list; audited with the case number",
        tags=["preservation"],
        request=InquirySerializer,
        responses={200: InquiryAnswerSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        serializer = InquirySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.inquire(actor=request.user, **serializer.validated_data)
        return Response({"results": InquiryRightSerializer(result, many=True).data, "total": result.total, "next_after": result.next_after})
