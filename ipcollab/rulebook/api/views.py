"""API of the rule registry and the jurisdiction finder. Read-only; scope rules:read."""

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode

from .. import selectors
from ..jurisdiction import competent_court
from ..models import AppealRoute, RuleCategory, Verification
from ..registry import RuleVersion, rule_deadline, versions_of
from .serializers import (
    CompetentCourtQuerySerializer,
    CompetentCourtSerializer,
    DeadlineQuerySerializer,
    DeadlineSerializer,
    RuleDetailSerializer,
    RuleVersionSerializer,
)

CODE_REGEX = r"[a-z0-9_][a-z0-9_.\-]{0,99}"


class CanViewRules(BasePermission):
    def has_permission(self, request, view):
        if not request.user.has_perm("rulebook.view"):
            raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])
        return True


class _Rulebook:
    permission_classes = [IsAuthenticated, TokenScope, CanViewRules]
    required_scopes = {"GET": "rules:read"}


def _version_data(row):
    v = row if isinstance(row, RuleVersion) else RuleVersion.of(row)
    return {**v.__dict__, "citation": v.citation}


class RuleFilter(filters.FilterSet):
    q = filters.CharFilter(max_length=60, method="_keep", help_text="code, title or legal basis contains")
    category = filters.ChoiceFilter(choices=RuleCategory.choices, method="_keep")
    module = filters.CharFilter(max_length=40, method="_keep")
    verification = filters.ChoiceFilter(choices=Verification.choices, method="_keep")
    adjustable = filters.BooleanFilter(method="_keep")
    on = filters.DateFilter(method="_keep", help_text="versions in effect on this day (default: today)")

    def _keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        params = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        params.setdefault("on", timezone.localdate())
        return selectors.rule_list(**params)


class RulePagination(StableCursorPagination):
    ordering = "code"


@extend_schema_view(
    list=extend_schema(
        summary="Rules of the registry: the version of each rule in effect on a day",
        tags=["rules"],
        responses={200: RuleVersionSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One rule with all its versions", tags=["rules"], responses={200: RuleDetailSerializer, **error_responses(401, 403, 404, 429)}
    ),
    deadline=extend_schema(
        summary="The last day of a period rule counted from a start day",
        tags=["rules"],
        parameters=[DeadlineQuerySerializer],
        responses={
            200: DeadlineSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                429,
                descriptions={
                    400: "Invalid input (`invalid`), no version in effect (`rule_not_in_effect`), not a period rule (`rule_not_a_period`), or the holiday calendar of that year is unpublished (`calendar_unpublished`).",
                    404: "No such rule (`rule_unknown`).",
                },
            ),
        },
    ),
)
class RuleViewSet(_Rulebook, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = RuleVersionSerializer
    filterset_class = RuleFilter
    pagination_class = RulePagination
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        return selectors.rule_list(on=timezone.localdate())

    def list(self, request):
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RuleVersionSerializer([_version_data(r) for r in page], many=True).data)

    def retrieve(self, request, code=None):
        versions = versions_of(code)
        today = timezone.localdate()
        current = next((v for v in versions if v.in_effect(today)), None)
        data = {"code": code, "current": _version_data(current) if current else None, "versions": [_version_data(v) for v in versions]}
        return Response(RuleDetailSerializer(data).data)

    @action(detail=True, methods=["get"], url_path="deadline", filterset_class=None, pagination_class=None)
    def deadline(self, request, code=None):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = rule_deadline(code, query.validated_data["start"], query.validated_data.get("on"))
        return Response(DeadlineSerializer({"code": code, "start": result.start, "deadline": result.deadline, "rule": _version_data(result.rule)}).data)


class CompetentCourtView(_Rulebook, APIView):
    @extend_schema(
        summary="Which court is competent for a case category, region and date (first instance, or the appellate court of a first-instance court)",
        tags=["rules"],
        parameters=[CompetentCourtQuerySerializer],
        responses={
            200: CompetentCourtSerializer,
            **error_responses(
                400,
                401,
                403,
                429,
                descriptions={
                    400: "Invalid input (`invalid`, `required`), `category_unknown`, `region_unknown`, `court_unknown`, `no_competent_court`, `no_appellate_court`, `rule_not_in_effect`."
                },
            ),
        },
    )
    def get(self, request):
        query = CompetentCourtQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        on = data.get("on") or timezone.localdate()
        decision = competent_court(
            data["category"], data.get("region") or None, on, instance=data.get("instance", "first"), from_court=data.get("from_court") or None
        )
        row = decision.row
        division = decision.division
        out = {
            "court": decision.court,
            "division": {"id": division.pk, "name": division.name} if division else None,
            "on": on,
            "row": {
                "table": "appeal" if isinstance(row, AppealRoute) else "first_instance",
                "id": row.pk,
                "effective_from": row.effective_from,
                "effective_to": row.effective_to,
                "note": row.note,
            },
            "rule": _version_data(decision.rule),
            "citation": decision.citation,
        }
        return Response(CompetentCourtSerializer(out).data)
