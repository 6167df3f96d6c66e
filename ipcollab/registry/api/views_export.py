"""API export of a filtered list of rights: CSV, XLSX or JSONL, the exchange format the import
reads (importing the file again writes nothing). Scope registry:read; perm registry.export.
Errors answer the envelope (application/json); the file is binary."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import DESCRIPTIONS, ErrorEnvelopeSerializer

from .. import exchange, exporter
from ..models import RightKind, RightStatus
from ..views_export import export_response
from .views import _deny


class _JsonErrors(BaseContentNegotiation):
    """The file's type comes from ``format``, not from Accept; errors are always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _errors(*statuses):
    descriptions = {
        **DESCRIPTIONS,
        400: "Invalid filters (`invalid`, with field messages: kind missing or unknown, format, status, dates), "
        "or `export_too_large` (XLSX over `EXPORT_MAX_XLSX_ROWS`).",
    }
    return {(s, "application/json"): OpenApiResponse(ErrorEnvelopeSerializer, description=descriptions[s]) for s in statuses}


@extend_schema(
    summary="Export the rights in reach matching the filters, as CSV (UTF-8 with BOM, Chinese headers), XLSX or JSONL",
    description="One kind per file (the import takes one kind per file). The records are those the import reads: "
    "importing an export again reports every row `unchanged`. CSV and JSONL are streamed. One audit event "
    "(`registry.export`) per export.",
    tags=["registry"],
    parameters=[
        OpenApiParameter("kind", str, required=True, enum=list(RightKind.values), description="patent or trademark"),
        OpenApiParameter("format", str, required=True, enum=list(exchange.FORMATS), description="file format"),
        OpenApiParameter("q", str, required=False, description="as the right search: a number in any spelling, or words of the title, mark or parties"),
        OpenApiParameter("status", str, required=False, enum=list(RightStatus.values), description="legal status"),
        OpenApiParameter("filed_from", OpenApiTypes.DATE, required=False, description="filing date on or after"),
        OpenApiParameter("filed_to", OpenApiTypes.DATE, required=False, description="filing date on or before"),
    ],
    responses={
        **{(200, media_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY, description="the file") for media_type in exporter.CONTENT_TYPES.values()},
        **_errors(400, 401, 403, 429),
    },
)
class RightExportView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "registry:read"}
    content_negotiation_class = _JsonErrors

    def get(self, request):
        if not request.user.has_perm("registry.export"):
            _deny()
        params = request.query_params
        filters = exporter.clean_filters(
            kind=params.get("kind"),
            fmt=params.get("format"),
            q=params.get("q"),
            status=params.get("status"),
            filed_from=params.get("filed_from"),
            filed_to=params.get("filed_to"),
        )
        return export_response(exporter.start_export(actor=request.user, filters=filters))
