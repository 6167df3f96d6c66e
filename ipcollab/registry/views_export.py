"""Export of a filtered list of rights (page). GET without ``format``: the export form, filled in
from the search page's query; GET with ``format``: the file (CSV and JSONL streamed, XLSX as a
file). Bad filters show on the form (400). Thin: ipcollab.registry.exporter checks, counts,
audits and writes."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import PermissionDenied, ServiceError

from . import exporter
from .forms import DATE, SELECT, _text, apply_service_error
from .models import RightKind, RightStatus
from .views import _require_view

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "XLSX"), ("jsonl", "JSONL")]


class RightExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=RightKind.choices, widget=forms.Select(attrs=SELECT), help_text=_("一个文件只含一类权利"))
    format = forms.ChoiceField(
        label=_("格式"), choices=FORMAT_CHOICES, widget=forms.Select(attrs=SELECT), help_text=_("CSV 可用 Excel 直接打开；JSONL 保留全部字段")
    )
    q = _text(_("申请号/注册号、名称、商标或权利人"), exporter.MAX_QUERY)
    status = forms.ChoiceField(label=_("法律状态"), required=False, choices=[("", _("全部")), *RightStatus.choices], widget=forms.Select(attrs=SELECT))
    filed_from = forms.DateField(label=_("申请日起"), required=False, widget=forms.DateInput(attrs=DATE))
    filed_to = forms.DateField(label=_("申请日止"), required=False, widget=forms.DateInput(attrs=DATE))


def _attachment(response, export):
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(export):
    """The HTTP answer of a started export (shared with the API)."""
    if export.filters.format == "xlsx":
        response = FileResponse(export.xlsx_file(), content_type=export.content_type)
    else:
        response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
    return _attachment(response, export)


@login_required
@require_http_methods(["GET", "HEAD"])
def right_export(request):
    _require_view(request)
    if not request.user.has_perm("registry.export"):
        raise DjangoPermissionDenied
    if "format" not in request.GET:
        initial = {k: v for k, v in request.GET.items() if k in ("q", "kind", "status", "filed_from", "filed_to") and v}
        return render(request, "registry/right_export.html", {"form": RightExportForm(initial={"format": "csv", **initial})})
    form = RightExportForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        try:
            filters = exporter.clean_filters(
                kind=data["kind"], fmt=data["format"], q=data["q"], status=data["status"], filed_from=data["filed_from"], filed_to=data["filed_to"]
            )
            export = exporter.start_export(actor=request.user, filters=filters)
            return export_response(export)
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "registry/right_export.html", {"form": form}, status=400)
