"""API of the freeze documents: the PDF of an order's ruling, notice or receipt (who may see the
order; audited) and the verification of a code or an uploaded PDF. Scope preservation:read.
Errors answer the envelope (application/json); the document is binary."""

from collections.abc import Mapping

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import DESCRIPTIONS, ErrorEnvelopeSerializer, error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, ServiceError

from .. import documents, selectors
from ..models import DocumentKind
from ..views_documents import pdf_response


class _JsonErrors(BaseContentNegotiation):
    """The document is a PDF whatever Accept says; errors are always JSON."""

    def select_parser(self, request, parsers):
        content_type = (request.content_type or "").split(";")[0].strip()
        for parser in parsers:
            if parser.media_type == content_type:
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class VerifyCodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=100, help_text="the verification code of the document's footer (20 hex digits, dashes ignored) or the full 64-digit content digest"
    )


class VerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="a PDF the platform rendered; its SHA-256 is looked up")


class VerifiedOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = serializers.CharField()
    party = serializers.CharField()
    right_number = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    found = serializers.BooleanField(help_text="false: no document rendered by the platform has this code or these bytes")
    by = serializers.ChoiceField(choices=["code", "file"])
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    title = serializers.CharField(required=False, help_text="e.g. 民事裁定书")
    issuer = serializers.CharField(required=False, help_text="the court (ruling, notice) or the IP office (receipt)")
    generated_at = serializers.DateTimeField(required=False)
    order = VerifiedOrderSerializer(required=False, allow_null=True, help_text="only for a caller who may see the order; null otherwise")


def _errors(*statuses):
    descriptions = {
        **DESCRIPTIONS,
        404: "The order is out of the caller's reach (`not_found`), or the kind is not ruling, notice or receipt (`document_kind_unknown`).",
    }
    return {(s, "application/json"): OpenApiResponse(ErrorEnvelopeSerializer, description=descriptions[s]) for s in statuses}


class FreezeDocumentView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "preservation:read"}
    content_negotiation_class = _JsonErrors

    @extend_schema(
        summary="The PDF of a freeze order's ruling (民事裁定书), notice of assistance (协助执行通知书) or CNIPA's receipt (回执)",
        description="Rendered from the order's record with the seal image and a verification code in the footer "
        "(the SHA-256 of the facts printed; the same facts give the same code). Each download is audited "
        "(`preservation.document.download`) and the PDF's SHA-256 recorded for verification.",
        tags=["preservation"],
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(documents.KINDS), description="which document")],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="the PDF"), **_errors(401, 403, 404, 429)},
    )
    def get(self, request, pk, kind):
        order = selectors.order_get(request.user, pk)
        documents.check_kind(kind)
        return pdf_response(documents.issue_document(actor=request.user, order=order, kind=kind, base_url=request.build_absolute_uri("/")))


class FreezeDocumentVerifyView(APIView):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"POST": "preservation:read"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Verify a freeze document by its verification code (JSON) or by the PDF itself (multipart upload)",
        description="Answers whether the platform rendered a document with this code, or exactly these bytes (one "
        "byte changed: not found). The kind, the issuer and the generation time are told to any caller; the case "
        "number, the party and the right only to a caller who may see the order.",
        tags=["preservation"],
        request={"application/json": VerifyCodeSerializer, "multipart/form-data": VerifyUploadSerializer},
        responses={
            200: VerificationSerializer,
            **error_responses(
                400,
                401,
                403,
                429,
                descriptions={
                    400: "A body that is not an object (`invalid`), no code and no file (`required`), a code that is not 20 or 64 hex digits (`document_code_invalid`), or a file that is not a PDF or too large (`document_file_invalid`)."
                },
            ),
        },
    )
    def post(self, request):
        if not isinstance(request.data, Mapping):
            raise ServiceError(ErrorCode.INVALID, fields={"code": [str(DEFAULT_MESSAGES[ErrorCode.INVALID])]})
        upload = request.FILES.get("file")
        code = request.data.get("code") if upload is None else None
        if code is not None and not isinstance(code, str):
            raise ServiceError(ErrorCode.DOCUMENT_CODE_INVALID, fields={"code": [str(DEFAULT_MESSAGES[ErrorCode.DOCUMENT_CODE_INVALID])]})
        return Response(VerificationSerializer(documents.verify(user=request.user, code=code, upload=upload).as_dict()).data)
