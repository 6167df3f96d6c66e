"""API of parties, representatives and powers of attorney. Thin: selectors read, services write.
Scopes registry:read (GET) and registry:write (POST, PATCH)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound, ServiceError

from .. import selectors, services
from ..models import PartyKind, RepresentativeKind
from .serializers import (
    PartyCreateSerializer,
    PartyDetailSerializer,
    PartyMergeSerializer,
    PartyRenameSerializer,
    PartySerializer,
    PartyUpdateSerializer,
    PowerOfAttorneyCreateSerializer,
    PowerOfAttorneyRevokeSerializer,
    PowerOfAttorneySerializer,
    RepresentativeCreateSerializer,
    RepresentativeSerializer,
    RepresentativeUpdateSerializer,
)

LIST_ERRORS = (400, 401, 403, 404, 429)
READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)


def _deny():
    raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])


class CanViewRegistry(BasePermission):
    def has_permission(self, request, view):
        if not request.user.has_perm("registry.view"):
            _deny()
        return True


class _RegistryViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope, CanViewRegistry]
    required_scopes = {"GET": "registry:read", "POST": "registry:write", "PATCH": "registry:write"}
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _require_write(self):
        if not self.request.user.has_perm("registry.write"):
            _deny()


def _lookup(getter, user, pk, field):
    """A referenced record out of reach is a field error, not a 404 of the endpoint."""
    try:
        return getter(user, pk)
    except NotFound:
        raise ServiceError(ErrorCode.INVALID, fields={field: [str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND])]}) from None


class _KeepFilter(filters.FilterSet):
    def _keep(self, queryset, name, value):
        return queryset

    def _params(self):
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}


class PartyFilter(_KeepFilter):
    q = filters.CharFilter(max_length=100, method="_keep", help_text="credit code (exact), or name: normalised, current or former, contains")
    kind = filters.ChoiceFilter(choices=PartyKind.choices, method="_keep")

    def filter_queryset(self, queryset):
        return selectors.party_search(self.request.user, **self._params())


class RepresentativeFilter(_KeepFilter):
    q = filters.CharFilter(max_length=100, method="_keep", help_text="name contains, licence number or credit code")
    kind = filters.ChoiceFilter(choices=RepresentativeKind.choices, method="_keep")

    def filter_queryset(self, queryset):
        return selectors.representatives_for_user(self.request.user, **self._params())


class PowerFilter(_KeepFilter):
    principal = filters.NumberFilter(method="_keep", min_value=1, max_value=2**63 - 1)
    representative = filters.NumberFilter(method="_keep", min_value=1, max_value=2**63 - 1)

    def filter_queryset(self, queryset):
        params = self._params()
        qs = selectors.powers_for_user(self.request.user)
        if "principal" in params:
            qs = qs.filter(principal_id=int(params["principal"]))
        if "representative" in params:
            qs = qs.filter(representative_id=int(params["representative"]))
        return qs


@extend_schema_view(
    list=extend_schema(
        summary="Parties in reach (personal data masked); merged duplicates left out",
        tags=["registry"],
        responses={200: PartySerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One party with its former names", tags=["registry"], responses={200: PartyDetailSerializer, **error_responses(*READ_ERRORS)}
    ),
    create=extend_schema(
        summary="Create a party (credit code unique: `party_duplicate` names the existing id)",
        tags=["registry"],
        request=PartyCreateSerializer,
        responses={201: PartyDetailSerializer, **error_responses(400, 401, 403, 429)},
    ),
    partial_update=extend_schema(
        summary="Change a party's register data (the name changes through rename)",
        tags=["registry"],
        request=PartyUpdateSerializer,
        responses={200: PartyDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    rename=extend_schema(
        summary="Rename a party; the current name is kept as a former name",
        tags=["registry"],
        request=PartyRenameSerializer,
        responses={200: PartyDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    merge=extend_schema(
        summary="Merge a duplicate into this party (names and powers of attorney move; one audit event)",
        tags=["registry"],
        request=PartyMergeSerializer,
        responses={200: PartyDetailSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class PartyViewSet(mixins.ListModelMixin, _RegistryViewSet):
    serializer_class = PartySerializer
    filterset_class = PartyFilter

    def get_queryset(self):
        return selectors.party_search(self.request.user)

    def get_object(self):
        return selectors.party_get_for_user(self.request.user, self.kwargs["pk"])

    def _out(self, party, **kwargs):
        fresh = selectors.party_get_for_user(self.request.user, party.pk)
        return Response(PartyDetailSerializer(fresh).data, **kwargs)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def create(self, request):
        self._require_write()
        serializer = PartyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        party = services.party_create(actor=request.user, **serializer.validated_data)
        return self._out(party, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        party = self.get_object()
        self._require_write()
        serializer = PartyUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._out(services.party_update(actor=request.user, party=party, **serializer.validated_data))

    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        party = self.get_object()
        self._require_write()
        serializer = PartyRenameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._out(services.party_rename(actor=request.user, party=party, **serializer.validated_data))

    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        keep = self.get_object()
        self._require_write()
        serializer = PartyMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duplicate = _lookup(selectors.party_get_for_user, request.user, serializer.validated_data["duplicate"], "duplicate")
        return self._out(services.party_merge(actor=request.user, keep=keep, duplicate=duplicate, reason=serializer.validated_data.get("reason", "")))


@extend_schema_view(
    list=extend_schema(
        summary="Representatives in reach", tags=["registry"], responses={200: RepresentativeSerializer(many=True), **error_responses(*LIST_ERRORS)}
    ),
    retrieve=extend_schema(summary="One representative", tags=["registry"], responses={200: RepresentativeSerializer, **error_responses(*READ_ERRORS)}),
    create=extend_schema(
        summary="Create a representative (lawyer, law firm, patent or trademark agency, patent agent)",
        tags=["registry"],
        request=RepresentativeCreateSerializer,
        responses={201: RepresentativeSerializer, **error_responses(400, 401, 403, 429)},
    ),
    partial_update=extend_schema(
        summary="Change a representative",
        tags=["registry"],
        request=RepresentativeUpdateSerializer,
        responses={200: RepresentativeSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class RepresentativeViewSet(mixins.ListModelMixin, _RegistryViewSet):
    serializer_class = RepresentativeSerializer
    filterset_class = RepresentativeFilter

    def get_queryset(self):
        return selectors.representatives_for_user(self.request.user)

    def get_object(self):
        return selectors.representative_get_for_user(self.request.user, self.kwargs["pk"])

    def _out(self, rep, **kwargs):
        return Response(RepresentativeSerializer(selectors.representative_get_for_user(self.request.user, rep.pk)).data, **kwargs)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def _values(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("firm") is not None:
            data["firm"] = _lookup(selectors.representative_get_for_user, self.request.user, data["firm"], "firm")
        return data

    def create(self, request):
        self._require_write()
        serializer = RepresentativeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rep = services.representative_create(actor=request.user, **self._values(serializer))
        return self._out(rep, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        rep = self.get_object()
        self._require_write()
        serializer = RepresentativeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._out(services.representative_update(actor=request.user, representative=rep, **self._values(serializer)))


@extend_schema_view(
    list=extend_schema(
        summary="Powers of attorney whose principal is in reach",
        tags=["registry"],
        responses={200: PowerOfAttorneySerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(summary="One power of attorney", tags=["registry"], responses={200: PowerOfAttorneySerializer, **error_responses(*READ_ERRORS)}),
    create=extend_schema(
        summary="Record a power of attorney (special authorisation lists CPL art. 62 powers)",
        tags=["registry"],
        request=PowerOfAttorneyCreateSerializer,
        responses={201: PowerOfAttorneySerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    revoke=extend_schema(
        summary="Revoke a power of attorney",
        tags=["registry"],
        request=PowerOfAttorneyRevokeSerializer,
        responses={200: PowerOfAttorneySerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class PowerOfAttorneyViewSet(mixins.ListModelMixin, _RegistryViewSet):
    serializer_class = PowerOfAttorneySerializer
    filterset_class = PowerFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.powers_for_user(self.request.user)

    def get_object(self):
        return selectors.power_get_for_user(self.request.user, self.kwargs["pk"])

    def _out(self, poa, **kwargs):
        return Response(PowerOfAttorneySerializer(selectors.power_get_for_user(self.request.user, poa.pk)).data, **kwargs)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def create(self, request):
        self._require_write()
        serializer = PowerOfAttorneyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["principal"] = _lookup(selectors.party_get_for_user, request.user, data["principal"], "principal")
        data["representative"] = _lookup(selectors.representative_get_for_user, request.user, data["representative"], "representative")
        return self._out(services.power_of_attorney_grant(actor=request.user, **data), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        poa = self.get_object()
        self._require_write()
        serializer = PowerOfAttorneyRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._out(services.power_of_attorney_revoke(actor=request.user, power=poa, **serializer.validated_data))
