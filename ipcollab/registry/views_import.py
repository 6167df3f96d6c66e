"""Pages of bulk imports: the upload form with its progress bar, the job page (progress polled
with htmx, counts, the line-numbered error report) and the error report as CSV. Thin: the
service ipcollab.registry.imports does the work; the task worker runs the job."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404

from . import selectors
from .exchange import spreadsheet_safe
from .imports import import_submit
from .models import RightKind, Source

SELECT = {"class": "form-select form-select-sm"}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件"), help_text=gettext_lazy("JSONL、CSV（UTF-8 或 GB18030）或 XLSX；一个文件只含一类权利"))
    kind = forms.ChoiceField(label=gettext_lazy("权利类别"), choices=RightKind.choices, widget=forms.Select(attrs=SELECT))
    source = forms.ChoiceField(
        label=gettext_lazy("数据来源"),
        choices=[(Source.IMPORT, Source.IMPORT.label), (Source.CNIPA, Source.CNIPA.label)],
        widget=forms.Select(attrs=SELECT),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("仅校验，不写入"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("有任何错误行则全部不导入"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control form-control-sm", "accept": ".jsonl,.ndjson,.json,.csv,.xlsx"})


def _require_import(request):
    if not request.user.has_perm("registry.import"):
        raise DjangoPermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_list(request):
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = import_submit(
                actor=request.user,
                upload=data["file"],
                kind=data["kind"],
                source=data["source"],
                dry_run=data["dry_run"],
                all_or_nothing=data["all_or_nothing"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if request.htmx:
                return HttpResponseClientRedirect(job.get_absolute_url())
            return redirect(job)
    jobs = Paginator(selectors.import_jobs_for_user(request.user).select_related("created_by").order_by("-created_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    template = "registry/_import_form.html" if request.htmx and request.method == "POST" else "registry/import_list.html"
    return render(request, template, {"form": form, "page": jobs}, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def import_detail(request, pk):
    job = get_or_404(selectors.import_job_get_for_user, request.user, pk)
    errors = Paginator(selectors.import_row_errors(job), 50).get_page(request.GET.get("page"))
    context = {"job": job, "errors": errors}
    if request.htmx and request.GET.get("part") == "progress":
        return render(request, "registry/_import_progress.html", context)
    return render(request, "registry/import_detail.html", context)


class _Echo:
    def write(self, value):
        return value


@login_required
@require_http_methods(["GET", "HEAD"])
def import_errors_csv(request, pk):
    job = get_or_404(selectors.import_job_get_for_user, request.user, pk)
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow([_("行号"), _("申请号/注册号"), _("字段"), _("错误代码"), _("错误说明")])
        for error in selectors.import_row_errors(job).iterator(chunk_size=2000):
            # Row values come from the uploaded file: never let a spreadsheet run them as formulas.
            yield writer.writerow([error.line, *(spreadsheet_safe(str(v)) for v in (error.number, error.field, error.code, error.display_message))])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response
