"""A consensus document as a PDF in the layout of Chinese official documents (GB/T 9704-2012),
WeasyPrint with the Noto CJK fonts the other documents use (fonts-noto-cjk: Noto Serif CJK SC
stands in for 小标宋 and 仿宋, Noto Sans CJK SC for 黑体).

The layout: A4, margins 37 mm top / 28 mm left / 26 mm right / 35 mm bottom (a 156 × 225 mm text
block); the red issuing-body mark (joint issuing: every signatory's name, the organiser first, then
"文件"; minutes: the "……纪要" mark); the document number centred under it; the red separator line;
the title in 2号 (22 pt); 主送; the body in 3号 (16 pt), 28 characters a line; the issuing bodies and
the date of issue in Chinese numerals (二〇二六年十一月二十六日); each signature with signer, time and
the SHA-256 signed; the 版记 (抄送, 印发机关和印发日期); page numbers "— 1 —" in 4号, right on odd
pages and left on even ones. Deterministic: the dates printed and the PDF's metadata dates come
from the document, not the clock."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ipcollab.audit.services import record
from ipcollab.preservation.chinese_dates import chinese_date

from . import texts
from .models import DocumentKind, DocumentStatus

DOCUMENT_LANGUAGE = "zh-hans"


def _mark(document, issuers):
    """The red issuing-body mark: (lines of agency names, suffix) or (the minutes' mark, "")."""
    if document.kind == DocumentKind.MINUTES:
        if document.title.endswith("纪要"):
            return [document.title], ""
        base = document.meeting.title if document.meeting_id else document.title
        return [f"{base}纪要"], ""
    return issuers, "文件"


def facts(document):
    versions = list(document.versions.order_by("number"))
    current = versions[-1] if versions else None
    issuers = [s.agency.name for s in document.signatories.select_related("agency").order_by("position", "pk")]
    signatures = list(document.signatures.filter(voided_at__isnull=True).select_related("agency", "version").order_by("signed_at", "pk"))
    mark_lines, mark_suffix = _mark(document, issuers)
    dated = document.issued_on or (timezone.localdate(document.locked_at) if document.locked_at else None)
    meta_day = dated or timezone.localdate(document.created_at)
    printed_on = timezone.localdate(document.published_at) if document.published_at else None
    signed = document.status == DocumentStatus.SIGNED
    return {
        "mark_lines": mark_lines,
        "mark_suffix": mark_suffix,
        "joint": bool(mark_suffix) and len(mark_lines) > 1,
        "number": document.number,
        "title": document.title,
        "show_title": not (document.kind == DocumentKind.MINUTES and mark_lines == [document.title]),
        "kind": str(DocumentKind(document.kind).label),
        "main_recipients": document.main_recipients,
        "paragraphs": texts.paragraphs(current.text) if current else [],
        "issuers": issuers,
        "date": chinese_date(dated) if dated else "",
        "signatures": [
            {
                "agency": s.agency.name,
                "signer": s.signer_name,
                "at": timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M:%S"),
                "version": s.version.number,
                "hash": s.text_hash,
            }
            for s in signatures
        ],
        "copy_to": document.copy_to,
        "printer": document.drafting_agency.name,
        "printed_on": chinese_date(printed_on) if printed_on else "",
        "version": current.number if current else 0,
        "hash": current.sha256 if current else "",
        "signed": signed,
        "status": str(DocumentStatus(document.status).label),
        "metadata_date": meta_day.isoformat() + "T00:00:00+08:00",  # W3C date with its zone (WeasyPrint needs one)
    }


def render_html(document):
    with translation.override(DOCUMENT_LANGUAGE):
        f = facts(document)
        return render_to_string("consultation/documents_pdf.html", {"f": f}), f


def render_pdf(document, *, actor=None):
    """(pdf bytes, filename). Nothing is fetched while rendering (no URL at all)."""
    from weasyprint import HTML, URLFetcher  # heavy import, only where a PDF is made

    html, f = render_html(document)
    pdf = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(pdf_identifier=b"ipcollab-consensus-document")
    if actor is not None:
        record(actor=actor, action="consultation.document.pdf", obj=document, after={"version": f["version"], "hash": f["hash"]}, is_read=True)
    name = document.number or f"{document.title}-v{f['version']}"
    return pdf, f"{name}.pdf"
