"""Pages of the freeze documents: the PDF download (who may see the order; audited) and the
public verification page (a code or an uploaded PDF). Thin: documents.py renders and verifies."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404

from . import documents, selectors


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"size": 32, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("文书页脚所印的验证码，如 1A2B-3C4D-5E6F-7A8B-9C0D"),
    )
    file = forms.FileField(label=_("或上传 PDF 文件"), required=False, help_text=_("平台生成的文书原件；改动任何一个字节都不能通过核验"))


def pdf_response(issued):
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, issued.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def order_document(request, pk, kind):
    order = get_or_404(selectors.order_get, request.user, pk)
    if kind not in documents.KINDS:
        raise Http404
    issued = documents.issue_document(actor=request.user, order=order, kind=kind, base_url=request.build_absolute_uri("/"))
    return pdf_response(issued)


@require_http_methods(["GET", "POST"])
def document_verify(request):
    """Open to anyone holding a document: the answer names the kind, the issuer and the date; the
    case, the party and the right only for a reader who may see the order."""
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    elif request.GET.get("code"):
        form = VerifyForm(request.GET)
    else:
        form = VerifyForm()
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = documents.verify(user=request.user, code=form.cleaned_data["code"], upload=form.cleaned_data["file"])
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "preservation/document_verify.html", {"form": form, "result": result})
