"""Export of the filtered list of proceedings (page): GET with the list's query and ``format``
(csv or xlsx) → the file, the filter written at its top; bad filters or an XLSX export over the
limit → the list page with the errors (400). Thin: ipcollab.proceedings.export counts, audits and
writes."""

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error

from . import export, forms
from .models import Proceeding


class ExportForm(forms.ListFilter):
    format = django_forms.ChoiceField(label=_("导出格式"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])


def _attachment(response, item):
    response["Content-Disposition"] = f'attachment; filename="{item.file_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def proceeding_export(request):
    if request.user.kind == "external":
        raise Http404
    form = ExportForm(request.GET)
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if k != "format"}
        labels = {name: str(field.label) for name, field in form.fields.items()}
        try:
            item = export.start_export(actor=request.user, filters=filters, fmt=form.cleaned_data["format"], labels=labels)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if item.format == "xlsx":
                return _attachment(FileResponse(item.xlsx_file(), content_type=item.content_type), item)
            return _attachment(StreamingHttpResponse(item.chunks(), content_type=item.content_type), item)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "proceedings/list.html",
        {
            "form": form,
            "page": Paginator(Proceeding.objects.none(), 50).get_page(1),
            "query": query.urlencode(),
            "can_file": request.user.has_perm("proceedings.file_case"),
            "can_record": request.user.has_perm("proceedings.record_office"),
        },
        status=400,
    )
