"""API of bulk imports: submit a file (an asynchronous job), follow its progress, read its
line-numbered error report. Scope registry:import; perm registry.import (rules.py)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, ServiceError

from .. import selectors
from ..imports import IMPORT_SOURCES, import_submit
from ..models import ImportFormat, ImportJob, ImportRowError, RightKind
from .views import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, _deny


class ImportJobSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True, help_text="percent of the file read; 100 once finished")
    errors_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "format",
            "file_name",
            "file_size",
            "file_sha256",
            "source",
            "dry_run",
            "all_or_nothing",
            "status",
            "progress",
            "rows",
            "created",
            "updated",
            "unchanged",
            "failed",
            "events_added",
            "reconciliation_opened",
            "changes_digest",
            "error_code",
            "error_message",
            "created_at",
            "started_at",
            "finished_at",
            "errors_url",
        ]
        read_only_fields = fields

    def get_errors_url(self, job) -> str:
        from django.urls import reverse

        return reverse("api:import-job-errors", args=[job.pk])


class ImportSubmitSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JSONL, CSV (UTF-8 or GB18030) or XLSX; one kind of right per file")
    kind = serializers.ChoiceField(choices=RightKind.choices)
    format = serializers.ChoiceField(choices=ImportFormat.choices, required=False, help_text="default: from the file name")
    source = serializers.ChoiceField(choices=[(s, s) for s in IMPORT_SOURCES], required=False, default="import")
    dry_run = serializers.BooleanField(required=False, default=False)
    all_or_nothing = serializers.BooleanField(required=False, default=False)


class ImportRowErrorSerializer(serializers.ModelSerializer):
    message = serializers.CharField(source="display_message", read_only=True, help_text="in the language of the request")

    class Meta:
        model = ImportRowError
        fields = ["line", "number", "field", "code", "message"]


class ErrorPagination(StableCursorPagination):
    ordering = ("line", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Import jobs of your agency, newest first", tags=["registry"], responses={200: ImportJobSerializer(many=True), **error_responses(*LIST_ERRORS)}
    ),
    retrieve=extend_schema(
        summary="One import job: status, progress and counts", tags=["registry"], responses={200: ImportJobSerializer, **error_responses(*READ_ERRORS)}
    ),
    create=extend_schema(
        summary="Submit a file for import (multipart). Answers 201 with the queued job at once; the import runs in the task worker. "
        "Upsert by normalised number and source version: an identical row writes nothing",
        tags=["registry"],
        request={"multipart/form-data": ImportSubmitSerializer},
        responses={201: ImportJobSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "registry:import", "POST": "registry:import"}
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportJobSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("registry.import"):
            _deny()

    def get_queryset(self):
        return selectors.import_jobs_for_user(self.request.user).order_by("-created_at", "-pk")

    def get_object(self):
        return selectors.import_job_get_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        form = ImportSubmitSerializer(data=request.data)
        if not form.is_valid():
            raise ServiceError(ErrorCode.INVALID, fields={k: [str(m) for m in v] for k, v in form.errors.items()})
        data = form.validated_data
        job = import_submit(
            actor=request.user,
            upload=data["file"],
            kind=data["kind"],
            fmt=data.get("format"),
            dry_run=data["dry_run"],
            all_or_nothing=data["all_or_nothing"],
            source=data["source"],
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED, headers={"Location": request.build_absolute_uri(job.get_absolute_url())})

    @extend_schema(
        summary="The line-numbered error report of an import job (cursor-paginated, by line)",
        tags=["registry"],
        responses={200: ImportRowErrorSerializer(many=True), **error_responses(*LIST_ERRORS)},
    )
    @action(detail=True, methods=["get"], url_path="errors", pagination_class=ErrorPagination)
    def errors(self, request, pk=None):
        job = self.get_object()
        page = self.paginate_queryset(selectors.import_row_errors(job))
        return self.get_paginated_response(ImportRowErrorSerializer(page, many=True).data)
