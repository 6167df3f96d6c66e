"""API of rights: search list, the dossier, registering a right and editing its descriptive
fields. Scopes registry:read (GET) and registry:write (POST, PATCH)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, ServiceError

from .. import panels, selectors, services
from ..models import ReconciliationItem, RightKind
from .serializers_rights import (
    LegalEventCreateSerializer,
    RecordedEventSerializer,
    RightCreateSerializer,
    RightDossierSerializer,
    RightSerializer,
    RightUpdateSerializer,
)
from .views import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, _KeepFilter, _lookup, _RegistryViewSet


class RightFilter(_KeepFilter):
    q = filters.CharFilter(
        max_length=200, method="_keep", help_text="a patent or trademark number in any spelling (exact), or words of the title, mark text or party names"
    )
    kind = filters.ChoiceFilter(choices=RightKind.choices, method="_keep")

    def filter_queryset(self, queryset):
        return selectors.right_search(self.request.user, **self._params())


@extend_schema_view(
    list=extend_schema(
        summary="Rights in reach, by number (any spelling) or full text",
        tags=["registry"],
        responses={200: RightSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="A right's dossier: header, parties, timeline, open reconciliation items and the panels of other modules",
        tags=["registry"],
        responses={200: RightDossierSerializer, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="Register a patent or trademark by hand (number in any spelling, normalised and checked; the filing event is "
        "recorded with it). A number already registered: 400 `right_duplicate` with `fields.existing_id`",
        tags=["registry"],
        request=RightCreateSerializer,
        responses={201: RightSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    partial_update=extend_schema(
        summary="Change a right's descriptive fields (title or mark text, IPC, Nice classes and 类似群, classification edition). "
        "Status, dates and owner come from legal events and cannot be changed here",
        tags=["registry"],
        request=RightUpdateSerializer,
        responses={200: RightSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    events=extend_schema(
        summary="Record a legal event (examiners, case handlers; system accounts with a source of record). Refused by hand: "
        "409 `event_refused`; refused from a source: 201 with `recorded: false` and the reconciliation item opened",
        tags=["registry"],
        request=LegalEventCreateSerializer,
        responses={201: RecordedEventSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
    ),
)
class RightViewSet(mixins.ListModelMixin, _RegistryViewSet):
    serializer_class = RightSerializer
    filterset_class = RightFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.right_search(self.request.user)

    def _out(self, right, **kwargs):
        fresh = selectors.right_get_for_user(self.request.user, right.pk)
        return Response(RightSerializer(fresh, context={"request": self.request}).data, **kwargs)

    def create(self, request):
        self._require_write()
        serializer = RightCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parties = []
        for item in data.pop("parties", []):
            party = _lookup(selectors.party_get_for_user, request.user, item["party"], "parties")
            if party.merged_into_id:
                raise ServiceError(
                    ErrorCode.INVALID, fields={"parties": [_("当事人 %(id)s 已合并至 %(into)s，请使用后者。") % {"id": party.pk, "into": party.merged_into_id}]}
                )
            parties.append((party, item["role"]))
        right = services.right_create(actor=request.user, parties=parties, **data)
        return self._out(right, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        right = selectors.right_get_for_user(request.user, pk)
        self._require_write()
        serializer = RightUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._out(services.right_update(actor=request.user, right=right, **serializer.validated_data))

    def retrieve(self, request, pk=None):
        right = selectors.right_get_for_user(request.user, pk)
        data = {
            "right": right,
            "parties": selectors.right_parties(right),
            "timeline": selectors.timeline(right),
            "reconciliation": selectors.open_reconciliation_items(right),
            "panels": panels.api_panels(right, request.user),
        }
        return Response(RightDossierSerializer(data, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def events(self, request, pk=None):
        right = selectors.right_get_for_user(request.user, pk)
        serializer = LegalEventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.record_event(
            request.user,
            right,
            data["type"],
            data["date"],
            data.get("details") or {},
            outcome=data.get("outcome") or None,
            source=data.get("source"),
            source_version=data.get("source_version", 0),
        )
        if isinstance(result, ReconciliationItem):
            body = {"recorded": False, "event": None, "reconciliation": result}
            return Response(RecordedEventSerializer(body).data, status=status.HTTP_201_CREATED)
        return Response(RecordedEventSerializer({"recorded": True, "event": result, "reconciliation": None}).data, status=status.HTTP_201_CREATED)
