"""The mediation agreement as a PDF (issue 7, point 4): Chinese official layout (调解协议书),
WeasyPrint with the Noto CJK fonts the freeze documents use, dates in the form of Chinese
documents (preservation.chinese_dates). It prints the parties, the numbered terms, each party's
confirmation (who, when, how, the hash confirmed) and the SHA-256 of the canonical text, so a
reader can check the PDF against the platform. Rendering is deterministic: the PDF's dates come
from the agreement, not the clock."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ipcollab.audit.services import record
from ipcollab.preservation.chinese_dates import chinese_date

from . import confirmation
from .models import AgreementStatus, MediationParty

DOCUMENT_LANGUAGE = "zh-hans"


def _facts(agreement):
    mediation = agreement.mediation
    parties = {mp.pk: mp for mp in MediationParty.objects.select_related("party", "representative").filter(mediation=mediation).order_by("order", "pk")}
    terms = list(agreement.terms.select_related("right", "proceeding").order_by("order", "pk"))
    confirmations = list(agreement.confirmations.select_related("party__party").order_by("confirmed_at", "pk"))
    dated = agreement.effective_on or (timezone.localdate(agreement.circulated_at) if agreement.circulated_at else timezone.localdate(agreement.created_at))
    return {
        "title": "调解协议书",
        "organisation": mediation.organisation.agency.name,
        "number": mediation.number,
        "version": agreement.version,
        "status": str(AgreementStatus(agreement.status).label),
        "parties": [
            {
                "side": str(mp.get_side_display()),
                "name": mp.party.name,
                "address": mp.party.address,
                "representative": mp.representative.name if mp.representative_id else "",
            }
            for mp in parties.values()
        ],
        "dispute": mediation.title,
        "preamble": (agreement.preamble or "").strip(),
        "terms": [confirmation.term_text(t, parties) for t in terms],
        "confirmations": [
            {
                "identity": c.identity,
                "method": str(c.get_method_display()),
                "at": timezone.localtime(c.confirmed_at).strftime("%Y-%m-%d %H:%M"),
                "hash": c.text_hash,
            }
            for c in confirmations
        ],
        "mediator": mediation.mediator.user.display_name if mediation.mediator_id else "",
        "hash": agreement.text_hash or confirmation.text_hash(agreement),
        "circulated": bool(agreement.text_hash),
        "date": chinese_date(dated),
        "metadata_date": dated.isoformat() + "T00:00:00+08:00",  # W3C date with its zone (WeasyPrint needs one)
        "effective_on": chinese_date(agreement.effective_on) if agreement.effective_on else "",
    }


def render_html(agreement):
    with translation.override(DOCUMENT_LANGUAGE):
        facts = _facts(agreement)
        return render_to_string("mediation/agreements/documents/agreement.html", {"f": facts}), facts


def render_pdf(agreement, *, actor=None):
    """(pdf bytes, filename). Nothing is fetched while rendering (data URIs only)."""
    from weasyprint import HTML, URLFetcher  # heavy import, only where a PDF is made

    html, facts = render_html(agreement)
    pdf = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(pdf_identifier=b"ipcollab-mediation-agreement")
    if actor is not None:
        record(
            actor=actor,
            action="mediation.agreement.pdf",
            obj=agreement,
            agency=agreement.mediation.organisation.agency,
            after={"hash": facts["hash"]},
            is_read=True,
        )
    return pdf, f"调解协议书{facts['number']}-v{facts['version']}.pdf"
