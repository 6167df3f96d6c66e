"""Pages of the rule registry and the jurisdiction tables. Thin: selectors and the registry read,
services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.core.forms_errors import post_data

from . import selectors, services
from .forms import FinderForm, RuleAdjustForm, RuleFilterForm, TableFilterForm
from .jurisdiction import competent_court
from .models import CaseCategory
from .registry import RuleVersion

PAGE_SIZE = 50


def _require_view(request):
    if not request.user.has_perm("rulebook.view"):
        raise DjangoPermissionDenied


def _versions_or_404(code):
    try:
        return selectors.rule_versions(code)
    except NotFound:
        raise Http404 from None


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_http_methods(["GET", "HEAD"])
def rule_list(request):
    _require_view(request)
    form = RuleFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        rows = []
    else:
        filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
        rows = selectors.latest_versions(selectors.rule_list(**filters))
    today = timezone.localdate()
    for row in rows:
        row.current = row.effective_from <= today and (row.effective_to is None or today <= row.effective_to)
        row.citation = RuleVersion.of(row).citation
    return render(request, "rulebook/rule_list.html", {"form": form, "rules": rows, "modules": selectors.modules()})


@login_required
@require_http_methods(["GET", "HEAD"])
def rule_detail(request, code):
    _require_view(request)
    versions = _versions_or_404(code)
    today = timezone.localdate()
    for v in versions:
        v.current = v.effective_from <= today and (v.effective_to is None or today <= v.effective_to)
        v.citation = RuleVersion.of(v).citation
    current = next((v for v in versions if v.current), versions[0])
    return render(
        request,
        "rulebook/rule_detail.html",
        {"rule": current, "versions": versions, "can_adjust": current.adjustable and request.user.has_perm("rulebook.adjust")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rule_adjust(request, code):
    _require_view(request)
    versions = _versions_or_404(code)
    if not request.user.has_perm("rulebook.adjust"):
        raise DjangoPermissionDenied
    today = timezone.localdate()
    current = next((v for v in versions if v.effective_from <= today and (v.effective_to is None or today <= v.effective_to)), versions[0])
    if not current.adjustable:
        return render(request, "rulebook/rule_not_adjustable.html", {"rule": current}, status=409)
    form = RuleAdjustForm(post_data(request), rule=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust_rule(
                actor=request.user,
                code=code,
                parameters=form.parameters(),
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            for field, msgs in exc.fields.items():
                name = field if field in form.fields else f"param_{field}"
                if name in form.fields:
                    for msg in msgs if isinstance(msgs, list) else [msgs]:
                        form.add_error(name, str(msg))
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("已调整规则，新版本自 %(d)s 起生效。") % {"d": form.cleaned_data["effective_from"].isoformat()})
            return redirect("rulebook:rule_detail", code=code)
    return render(request, "rulebook/rule_adjust.html", {"rule": current, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def finder(request):
    _require_view(request)
    form = FinderForm(request.GET or None, initial={"on": timezone.localdate(), "instance": "first"})
    decision = error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            decision = competent_court(data["category"], data["region"] or None, data["on"], instance=data["instance"], from_court=data["from_court"] or None)
        except ServiceError as exc:
            error = exc
            for field, msgs in exc.fields.items():
                if field in form.fields:
                    for msg in msgs if isinstance(msgs, list) else [msgs]:
                        form.add_error(field, str(msg))
    return render(request, "rulebook/finder.html", {"form": form, "decision": decision, "error": error})


@login_required
@require_http_methods(["GET", "HEAD"])
def tables(request):
    _require_view(request)
    form = TableFilterForm(request.GET or None)
    table, category = "first", ""
    if form.is_bound and form.is_valid():
        table = form.cleaned_data["table"] or "first"
        category = form.cleaned_data["category"]
    if table == "appeal":
        qs = selectors.appeal_rows(category=category or None)
    elif table == "adjudication":
        qs = selectors.adjudication_rows()
    else:
        qs = selectors.first_instance_rows(category=category or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rulebook/tables.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "query": _querystring_without_page(request),
            "categories": CaseCategory,
            "can_edit": request.user.is_authenticated and request.user.has_perm("rulebook.adjust"),
        },
    )
