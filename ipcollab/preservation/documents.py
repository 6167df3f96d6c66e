"""The standard documents of a freeze order as PDF (issue 5, point 2): the court's ruling
(民事裁定书, 执行裁定书 for an enforcement freeze), its notice of assistance to CNIPA
(协助执行通知书) and CNIPA's receipt (回执), each with a seal image (seal.py) and a
verification code.

- `document_facts(order, kind)`: every fact the document prints, as plain strings (Chinese: legal
  documents are in Chinese whatever the reader's language). Its canonical JSON's SHA-256 is the
  **content digest**; the footer prints its first 20 hex digits as the verification code, so the
  same facts always give the same code.
- `render_html` / `render_pdf`: the template (templates/preservation/documents/<kind>.html) through
  WeasyPrint, with the PDF's metadata dates taken from the order (not the clock), so that a
  rendering of unchanged facts is byte-identical where WeasyPrint allows it.
- `issue_document` (a service): renders, records an `OrderDocument` (the PDF's SHA-256 and the
  content digest) and audits the download; `verify` answers a code or an uploaded PDF, telling
  the order's details only to someone who may see the order."""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ipcollab.audit.services import record
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound, ServiceError
from ipcollab.orgs.models import Agency

from . import selectors
from .chinese_dates import chinese_date, chinese_number
from .models import DocumentKind, FreezeOrder, OrderDocument, OrderKind, OrderStatus, PeriodUnit, ReturnReason
from .seal import seal_data_uri
from .suspension import labels as suspended_labels

KINDS = tuple(DocumentKind.values)
CODE_LENGTH = 20  # hex digits of the content digest printed as the verification code (80 bits)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CNIPA_NAME = "国家知识产权局"
DOCUMENT_LANGUAGE = "zh-hans"
PERIOD_WORDS = {PeriodUnit.DAYS: "日", PeriodUnit.MONTHS: "个月", PeriodUnit.YEARS: "年"}
STATUS_WORDS = {
    OrderStatus.RELEASED: "冻结已解除",
    OrderStatus.LAPSED: "冻结期限届满，冻结已失效",
    OrderStatus.ENDED: "该权利已在执行中处分，冻结终结",
}


def check_kind(kind):
    if kind not in KINDS:
        raise ServiceError(ErrorCode.DOCUMENT_KIND_UNKNOWN, fields={"kind": [f"{', '.join(KINDS)}"]}, status=404)
    return kind


def title_of(order, kind):
    if kind == DocumentKind.RULING:
        return "执行裁定书" if order.kind == OrderKind.ENFORCEMENT else "民事裁定书"
    return {DocumentKind.NOTICE: "协助执行通知书", DocumentKind.RECEIPT: "回执"}[kind]


def period_text(amount, unit):
    """6 months → 六个月; 30 days → 三十日; amounts over 99 stay in digits."""
    number = chinese_number(amount) if 1 <= amount <= 99 else str(amount)
    return f"{number}{PERIOD_WORDS.get(unit, unit)}"


def right_text(right):
    if right.kind == "patent":
        return f"专利号 ZL{right.number}，名称“{right.title}”"
    return f"注册号 {right.number}，商标“{right.title}”"


def _local(value):
    return timezone.localtime(value) if value is not None else None


def _time_text(value):
    value = _local(value)
    return f"{chinese_date(value)}{value.hour}时{value.minute:02d}分"


def cnipa_agency(order):
    """The office that answers the receipt: the registering handler's, the returning one's, or CNIPA."""
    if order.registered_by_id:
        return order.registered_by.agency
    returned = order.history.filter(type="returned", actor__isnull=False).select_related("actor__agency").last()
    if returned is not None and returned.actor.agency_id:
        return returned.actor.agency
    return Agency.objects.filter(code="cnipa").first()


def registration_text(order):
    """The receipt's registration status, in the words of a reply."""
    if order.status == OrderStatus.RETURNED:
        reason = ReturnReason(order.return_reason).label if order.return_reason in ReturnReason.values else order.return_reason
        return f"不予登记，已退回（原因：{reason}）"
    parts = [f"已于{chinese_date(_local(order.registered_at))}登记" if order.registered_at else "已收到，待登记"]
    if order.status == OrderStatus.EFFECTIVE and order.starts_on and order.ends_on:
        parts.append(f"冻结生效，期间自{chinese_date(order.starts_on)}起至{chinese_date(order.ends_on)}止")
    elif order.status == OrderStatus.WAITING:
        parts.append("轮候冻结，在先冻结解除或失效后依次生效")
    elif order.status in STATUS_WORDS:
        parts.append(STATUS_WORDS[order.status])
    return "；".join(parts)


def document_facts(order, kind):
    """Every fact the document prints, as strings (the input of the content digest). Labels are
    taken in Chinese whatever the request's language: the same facts give the same digest."""
    check_kind(kind)
    with translation.override(DOCUMENT_LANGUAGE):
        return _facts(order, kind)


def _facts(order, kind):
    facts = {
        "kind": kind,
        "order": order.pk,
        "title": title_of(order, kind),
        "court": order.court.name,
        "case_number": order.case_number,
        "party": order.party.name,
        "right": right_text(order.right),
        "right_noun": "专利权" if order.right.kind == "patent" else "注册商标专用权",
        "right_number": order.right.number,
        "period": period_text(order.period_amount, order.period_unit),
        "judge": order.signing_judge.display_name,
        "enforcement": order.kind == OrderKind.ENFORCEMENT,
    }
    if kind in (DocumentKind.RULING, DocumentKind.NOTICE):
        facts["suspended"] = suspended_labels(order.suspended)
        facts["date"] = chinese_date(_local(order.received_at))
        facts["metadata_date"] = _local(order.received_at).isoformat(timespec="seconds")
    else:
        office = cnipa_agency(order)
        dated = order.registered_at or order.received_at
        facts.update(
            office=office.name if office is not None else CNIPA_NAME,
            received_at=_time_text(order.received_at),
            receipt_seq=f"{order.receipt_seq:06d}",
            registration=str(registration_text(order)),
            date=chinese_date(_local(dated)),
            metadata_date=_local(dated).isoformat(timespec="seconds"),
        )
    return facts


def canonical_json(facts):
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_digest(facts):
    return hashlib.sha256(canonical_json(facts)).hexdigest()


def short_code(digest):
    """The verification code printed in the footer: 20 hex digits in groups of four."""
    head = digest[:CODE_LENGTH].upper()
    return "-".join(head[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def verify_url(base_url, code=""):
    path = reverse("preservation:document_verify")
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or base_url or "").rstrip("/")
    return f"{base}{path}" + (f"?code={code}" if code else "")


def render_html(order, kind, base_url=""):
    """(html, facts, content digest) of the document; its text is Chinese whatever the UI language."""
    facts = document_facts(order, kind)
    digest = content_digest(facts)
    sealer = facts["office"] if kind == DocumentKind.RECEIPT else facts["court"]
    context = {
        "f": facts,
        "code": short_code(digest),
        "verify_url": verify_url(base_url),
        "seal": seal_data_uri(sealer),
        "sealer": sealer,
    }
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(f"preservation/documents/{kind}.html", context)
    return html, facts, digest


def render_pdf(html):
    """The PDF bytes of a document's HTML (WeasyPrint). Nothing is fetched: the seal is a data URI
    and every other protocol is refused. The identifier is fixed (not random), the dates come
    from the document's meta tags (the order), so unchanged facts give the same bytes."""
    from weasyprint import HTML, URLFetcher  # heavy import, only where a PDF is made

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(pdf_identifier=b"ipcollab-freeze-document")


@dataclass(frozen=True)
class Issued:
    document: OrderDocument
    pdf: bytes
    title: str

    @property
    def filename(self):
        order = self.document.order
        return f"{self.title}{order.case_number}.pdf"


def issue_document(*, actor, order, kind, base_url=""):
    """Render the document of `order` the actor may see, record its hashes (one row per distinct
    PDF) and audit the download. Rendering runs outside the transaction (it takes a while)."""
    check_kind(kind)
    if not selectors.orders_for(actor).filter(pk=order.pk).exists():
        raise NotFound()
    html, facts, digest = render_html(order, kind, base_url)
    pdf = render_pdf(html)
    sha = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        document, created = OrderDocument.objects.get_or_create(
            order=order, kind=kind, sha256=sha, defaults={"content_digest": digest, "size": len(pdf), "generated_by": actor}
        )
        record(
            actor=actor,
            action="preservation.document.download",
            obj=order,
            after={"kind": kind, "sha256": sha, "content_digest": digest, "new_rendering": created},
            is_read=True,
        )
    return Issued(document=document, pdf=pdf, title=facts["title"])


# --- verification ---------------------------------------------------------------------------

HEX = re.compile(r"[0-9a-f]+")


def clean_code(code):
    """The hex digits of a pasted code (dashes, spaces and case ignored): 20 or 64 of them."""
    digits = re.sub(r"[\s\-–—]", "", str(code or "")).lower()
    if not HEX.fullmatch(digits) or len(digits) not in (CODE_LENGTH, 64):
        raise ServiceError(ErrorCode.DOCUMENT_CODE_INVALID, fields={"code": [str(_message(ErrorCode.DOCUMENT_CODE_INVALID))]})
    return digits


def _message(code):
    return DEFAULT_MESSAGES[code]


def read_upload(upload):
    """The bytes of an uploaded PDF, or document_file_invalid (not a PDF, empty, too large)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ServiceError(ErrorCode.DOCUMENT_FILE_INVALID, fields={"file": [str(_message(ErrorCode.DOCUMENT_FILE_INVALID))]})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES or not data.startswith(b"%PDF"):
        raise ServiceError(ErrorCode.DOCUMENT_FILE_INVALID, fields={"file": [str(_message(ErrorCode.DOCUMENT_FILE_INVALID))]})
    return data


@dataclass(frozen=True)
class Verification:
    """The answer of a verification. `found` False: no document has this code or these bytes.
    Anyone learns the kind, the court (or office) and the date a found document was generated;
    `order` is set only for a reader who may see the order (case number, party, right)."""

    found: bool
    by: str = ""  # "code" or "file"
    kind: str = ""
    title: str = ""
    issuer: str = ""
    generated_at: datetime.datetime | None = None
    order: FreezeOrder | None = None
    exact_file: bool = False

    def as_dict(self):
        data = {"found": self.found, "by": self.by}
        if self.found:
            data.update(kind=self.kind, title=self.title, issuer=self.issuer, generated_at=self.generated_at)
            data["order"] = (
                {
                    "id": self.order.pk,
                    "case_number": self.order.case_number,
                    "court": self.order.court.name,
                    "party": self.order.party.name,
                    "right_number": self.order.right.number,
                }
                if self.order is not None
                else None
            )
        return data


def verify(*, user, code=None, upload=None):
    """Check a verification code or an uploaded PDF against the documents the platform rendered."""
    if upload is not None:
        sha = hashlib.sha256(read_upload(upload)).hexdigest()
        documents, by = OrderDocument.objects.filter(sha256=sha), "file"
    elif code not in (None, ""):
        digits = clean_code(code)
        documents, by = OrderDocument.objects.filter(content_digest__startswith=digits), "code"
    else:
        raise ServiceError(ErrorCode.REQUIRED, fields={"code": [str(_message(ErrorCode.REQUIRED))]})
    document = documents.select_related("order__court", "order__party", "order__right").order_by("generated_at", "pk").first()
    if document is None:
        return Verification(found=False, by=by)
    order = document.order
    try:
        visible = selectors.order_get(user, order.pk)
    except NotFound:
        visible = None
    issuer = order.court.name
    if document.kind == DocumentKind.RECEIPT:
        office = cnipa_agency(order)
        issuer = office.name if office is not None else CNIPA_NAME
    return Verification(
        found=True,
        by=by,
        kind=document.kind,
        title=title_of(order, document.kind),
        issuer=issuer,
        generated_at=document.generated_at,
        order=visible,
        exact_file=by == "file",
    )
