"""API of consensus documents (会议纪要, 会签文件, 指导意见) for the agencies' systems: the documents
the caller's agency drafts, signs or whose meeting it takes part in (list with filters, cursor
pagination), one document with its versions (number, SHA-256), signatures (agency, signer, time,
the hash signed), consensus items and current text, and the integrity check (verify). Scope:
consultation:read. Thin: document_selectors read (out of reach → 404); documents.verify_document
checks."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk

from .. import document_selectors as sel
from .. import documents
from ..models import DocumentKind, DocumentStatus

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
SCOPES = {"GET": "consultation:read", "HEAD": "consultation:read", "OPTIONS": "consultation:read"}


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    sha256 = serializers.CharField(help_text="SHA-256 of the canonical text (NFC, LF line ends, trailing spaces stripped)")
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class SignatureSerializer(serializers.Serializer):
    agency = RefSerializer()
    signer = serializers.IntegerField(help_text="user id of the authorised signer")
    signer_name = serializers.CharField()
    version = serializers.IntegerField(help_text="the version number signed")
    text_hash = serializers.CharField(help_text="the SHA-256 the signer saw and signed")
    signed_at = serializers.DateTimeField()
    voided_at = serializers.DateTimeField(allow_null=True, help_text="set when the document went back to review")
    void_reason = serializers.CharField(allow_blank=True)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    responsible_agency = RefSerializer()


class DocumentSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DocumentKind.values)
    title = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=DocumentStatus.values)
    meeting = serializers.IntegerField(allow_null=True)
    drafting_agency = RefSerializer()
    issued_on = serializers.DateField(allow_null=True)
    locked_at = serializers.DateTimeField(allow_null=True)
    signatories = RefSerializer(many=True, help_text="in the order of the PDF's header (the organiser first)")


class DocumentSerializer(DocumentSummarySerializer):
    main_recipients = serializers.CharField(allow_blank=True)
    copy_to = serializers.CharField(allow_blank=True)
    review_deadline = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    text = serializers.CharField(allow_blank=True, help_text="the current version's canonical text")
    sha256 = serializers.CharField(allow_blank=True, help_text="the current version's hash")
    versions = VersionSerializer(many=True)
    signatures = SignatureSerializer(many=True)
    items = ItemSerializer(many=True)


class ProblemSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["version_hash_mismatch", "signature_hash_mismatch", "signature_not_on_last_version", "signature_missing"])
    version = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class VerifySerializer(serializers.Serializer):
    intact = serializers.BooleanField()
    sha256 = serializers.CharField(allow_blank=True, help_text="the current version's recorded hash")
    problems = ProblemSerializer(many=True)


def _ref(agency):
    return {"id": agency.pk, "name": agency.name}


def summary(document):
    return {
        "id": document.pk,
        "kind": document.kind,
        "title": document.title,
        "number": document.number,
        "status": document.status,
        "meeting": document.meeting_id,
        "drafting_agency": _ref(document.drafting_agency),
        "issued_on": document.issued_on,
        "locked_at": document.locked_at,
        "signatories": [_ref(s.agency) for s in document.signatories.all()],
    }


def document_data(document):
    data = sel.detail(document)
    current = data["current"]
    return {
        **summary(document),
        "signatories": [_ref(s.agency) for s in data["signatories"]],
        "main_recipients": document.main_recipients,
        "copy_to": document.copy_to,
        "review_deadline": document.review_deadline,
        "published_at": document.published_at,
        "text": current.text if current else "",
        "sha256": current.sha256 if current else "",
        "versions": [{"number": v.number, "sha256": v.sha256, "note": v.note, "created_at": v.created_at} for v in data["versions"]],
        "signatures": [
            {
                "agency": _ref(s.agency),
                "signer": s.signer_id,
                "signer_name": s.signer_name,
                "version": s.version.number,
                "text_hash": s.text_hash,
                "signed_at": s.signed_at,
                "voided_at": s.voided_at,
                "void_reason": s.void_reason,
            }
            for s in data["signatures"]
        ],
        "items": [{"id": i.pk, "position": i.position, "text": i.text, "responsible_agency": _ref(i.responsible_agency)} for i in data["items"]],
    }


class IdPagination(StableCursorPagination):
    ordering = "-id"


def _choice(request, name, values):
    value = request.query_params.get(name)
    if value in (None, ""):
        return ""
    if value not in values:
        raise ServiceError(ErrorCode.INVALID, fields={name: [", ".join(values)]})
    return value


@extend_schema_view(
    list=extend_schema(
        summary="Consensus documents in reach (drafted or signed by the caller's agency, or of a meeting it takes part in)",
        tags=["consultation"],
        parameters=[
            OpenApiParameter("kind", str, enum=list(DocumentKind.values)),
            OpenApiParameter("status", str, enum=list(DocumentStatus.values)),
            OpenApiParameter("meeting", int, description="only the documents of this meeting"),
        ],
        responses={200: DocumentSummarySerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One consensus document: its current text and hash, versions, signatures (with the hash each signed) and consensus items",
        tags=["consultation"],
        responses={200: DocumentSerializer, **error_responses(*READ_ERRORS)},
    ),
    verify=extend_schema(
        summary="The integrity check: each version's text against its hash, each live signature against the text it signed",
        tags=["consultation"],
        responses={200: VerifySerializer, **error_responses(*READ_ERRORS)},
    ),
)
class DocumentViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = DocumentSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        qs = sel.documents_for(self.request.user).prefetch_related("signatories__agency")
        kind = _choice(self.request, "kind", DocumentKind.values)
        status = _choice(self.request, "status", DocumentStatus.values)
        qs = sel.filtered(qs, kind=kind, status=status)
        meeting = self.request.query_params.get("meeting")
        if meeting not in (None, ""):
            try:
                qs = qs.filter(meeting_id=parse_pk(meeting))
            except NotFound:
                raise ServiceError(ErrorCode.INVALID, fields={"meeting": ["a meeting id"]}) from None
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([summary(d) for d in page])

    def retrieve(self, request, pk=None):
        return Response(document_data(sel.get_document(request.user, pk)))

    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        document = sel.get_document(request.user, pk)
        problems = documents.verify_document(document)
        current = documents.current_version(document)
        return Response({"intact": not problems, "sha256": current.sha256 if current else "", "problems": problems})
