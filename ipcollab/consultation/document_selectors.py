"""Reads of consensus documents, filtered in SQL. A document is seen by platform admins and by the
staff (and, through the API, the agency systems) of its drafting agency, of its signatory agencies
and of its meeting's participants; anyone else gets NotFound (404)."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import ConsensusDocument, Participant, ReviewComment, Signatory, Signature, Version


def _agency_reader(user):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "kind", None) in ("staff", "system")
        and getattr(user, "agency_id", None)
    )


def documents_for(user):
    qs = ConsensusDocument.objects.select_related("drafting_agency", "meeting")
    if is_platform_admin(user):
        return qs
    if not _agency_reader(user):
        return qs.none()
    agency_id = user.agency_id
    signs = Exists(Signatory.objects.filter(document=OuterRef("pk"), agency_id=agency_id))
    takes_part = Exists(Participant.objects.filter(meeting_id=OuterRef("meeting_id"), agency_id=agency_id))
    return qs.filter(Q(drafting_agency_id=agency_id) | signs | takes_part)


def get_document(user, pk):
    pk = parse_pk(pk)
    document = documents_for(user).filter(pk=pk).first()
    if document is None:
        raise NotFound()
    return document


def documents_for_meeting(user, meeting):
    return (
        documents_for(user)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("signatories", queryset=Signatory.objects.select_related("agency").order_by("position", "pk")))
        .prefetch_related(Prefetch("signatures", queryset=Signature.objects.filter(voided_at__isnull=True), to_attr="live_signatures"))
        .order_by("created_at", "pk")
    )


def filtered(qs, *, kind="", status="", year=None, q=""):
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(Q(issued_on__year=year) | Q(issued_on__isnull=True, created_at__year=year))
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    return qs


def list_rows(qs):
    """A page of the list with what each row shows, in a fixed number of queries."""
    return qs.prefetch_related(
        Prefetch("signatories", queryset=Signatory.objects.select_related("agency").order_by("position", "pk")),
        Prefetch("signatures", queryset=Signature.objects.filter(voided_at__isnull=True), to_attr="live_signatures"),
    )


def detail(document):
    """Everything the detail page and the API show, loaded once."""
    versions = list(document.versions.select_related("author").order_by("number"))
    return {
        "versions": versions,
        "current": versions[-1] if versions else None,
        "signatories": list(document.signatories.select_related("agency").order_by("position", "pk")),
        "signatures": list(document.signatures.select_related("agency", "signer", "version").order_by("signed_at", "pk")),
        "items": list(document.items.select_related("responsible_agency").order_by("position")),
        "comments": list(
            ReviewComment.objects.filter(document=document)
            .select_related("agency", "author", "version", "responded_by")
            .order_by("version__number", "paragraph", "pk")
        ),
    }


def get_version(document, number):
    try:
        n = int(number)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 1 <= n <= 32767:
        raise NotFound()
    version = Version.objects.filter(document=document, number=n).first()
    if version is None:
        raise NotFound()
    return version
