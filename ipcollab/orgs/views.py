"""Pages of the agency directory and the liaison directory. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.masking import mask_phone

from . import selectors, services
from .forms import AgencyFilterForm, AgencyForm, DirectoryFilterForm, DivisionForm, LiaisonDesignateForm, LiaisonEditForm, LiaisonEndForm

PAGE_SIZE = 50


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _with_mobile(user, designations):
    for d in designations:
        d.mobile_display = d.mobile if selectors.can_see_mobile(user, d) else mask_phone(d.mobile)
    return designations


# ---------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def agency_list(request):
    form = AgencyFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.agency_list(user=request.user).none()
    else:
        filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
        qs = selectors.agency_list(user=request.user, **filters)
    return render(
        request,
        "orgs/agency_list.html",
        {
            "form": form,
            "page": _page(request, qs.order_by("kind", "region_id", "level", "name")),
            "querystring": _querystring_without_page(request),
            "can_create": request.user.has_perm("orgs.manage_agency"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def agency_detail(request, pk):
    agency = get_or_404(selectors.agency_get, pk, request.user)
    current = _with_mobile(request.user, list(selectors.current_liaisons_for_agency(request.user, agency)))
    return render(
        request,
        "orgs/agency_detail.html",
        {
            "agency": agency,
            "divisions": selectors.divisions_of(agency),
            "children": selectors.agency_list(user=request.user, parent=agency).order_by("level", "name")[:100],
            "current_liaisons": current,
            "history": _with_mobile(request.user, list(selectors.liaison_history_for_agency(request.user, agency)[:100])),
            "has_primary": selectors.agency_has_current_primary(agency.pk),
            "can_manage_liaisons": request.user.has_perm("orgs.manage_liaisons", agency),
            "can_manage_divisions": request.user.has_perm("orgs.manage_divisions", agency),
            "can_edit": request.user.has_perm("orgs.manage_agency"),
        },
    )


def _agency_data(cleaned):
    data = dict(cleaned)
    data["parent"] = cleaned.get("parent")
    return data


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agency_create(request):
    if not request.user.has_perm("orgs.manage_agency"):
        raise DjangoPermissionDenied
    form = AgencyForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, data=_agency_data(form.cleaned_data))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已创建机构：%(name)s") % {"name": agency.name})
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": None}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agency_edit(request, pk):
    agency = get_or_404(selectors.agency_get, pk, request.user)
    if not request.user.has_perm("orgs.manage_agency"):
        raise DjangoPermissionDenied
    form = AgencyForm(post_data(request), instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=request.user, agency=agency, data=_agency_data(form.cleaned_data))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("机构信息已保存。"))
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": agency}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def division_create(request, pk):
    agency = get_or_404(selectors.agency_get, pk, request.user)
    if not request.user.has_perm("orgs.manage_divisions", agency):
        raise DjangoPermissionDenied
    form = DivisionForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.division_create(actor=request.user, agency=agency, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已添加内设机构。"))
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/division_form.html", {"form": form, "agency": agency, "division": None}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def division_edit(request, pk, division_pk):
    agency = get_or_404(selectors.agency_get, pk, request.user)
    division = get_or_404(selectors.division_get, agency, division_pk)
    if not request.user.has_perm("orgs.manage_divisions", agency):
        raise DjangoPermissionDenied
    initial = {f: getattr(division, f) for f in ("name", "short_name", "name_en", "is_liaison_office")}
    form = DivisionForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.division_update(actor=request.user, division=division, data=form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("内设机构已保存。"))
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/division_form.html", {"form": form, "agency": agency, "division": division}, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------
# Liaison directory
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def liaison_directory(request):
    form = DirectoryFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.liaison_directory_for_user(request.user).none()
    else:
        filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
        qs = selectors.liaison_directory_for_user(request.user, **filters)
    page = _page(request, qs)
    _with_mobile(request.user, page.object_list)
    context = {"form": form, "page": page, "querystring": _querystring_without_page(request)}
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, "orgs/_directory_results.html", context)
    return render(request, "orgs/liaison_directory.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def liaison_detail(request, pk):
    designation = get_or_404(selectors.liaison_get_for_user, request.user, pk)
    _with_mobile(request.user, [designation])
    return render(
        request,
        "orgs/liaison_detail.html",
        {"d": designation, "can_manage": request.user.has_perm("orgs.manage_liaisons", designation)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def liaison_create(request, pk):
    agency = get_or_404(selectors.agency_get, pk, request.user)
    if not request.user.has_perm("orgs.manage_liaisons", agency):
        raise DjangoPermissionDenied
    form = LiaisonDesignateForm(post_data(request), agency=agency, staff=selectors.staff_of(agency))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            designation = services.liaison_designate(actor=request.user, agency=agency, **data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已指定联络人：%(name)s") % {"name": designation.person.display_name})
            return redirect("orgs:liaison_detail", pk=designation.pk)
    return render(request, "orgs/liaison_form.html", {"form": form, "agency": agency, "designation": None}, status=400 if form.errors else 200)


def _managed_designation(request, pk):
    designation = get_or_404(selectors.liaison_get_for_user, request.user, pk)
    if not request.user.has_perm("orgs.manage_liaisons", designation):
        raise DjangoPermissionDenied
    return designation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def liaison_edit(request, pk):
    designation = _managed_designation(request, pk)
    if designation.valid_to is not None:
        messages.warning(request, _("该联络人指定已终止，不能修改。"))
        return redirect("orgs:liaison_detail", pk=designation.pk)
    initial = {f: getattr(designation, f) for f in ("title", "phone", "mobile", "email", "office_hours", "visibility")}
    initial["division"] = designation.division_id
    form = LiaisonEditForm(post_data(request), agency=designation.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_update(actor=request.user, designation=designation, data=form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("联络信息已保存。"))
            return redirect("orgs:liaison_detail", pk=designation.pk)
    return render(
        request, "orgs/liaison_form.html", {"form": form, "agency": designation.agency, "designation": designation}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def liaison_end(request, pk):
    designation = _managed_designation(request, pk)
    form = LiaisonEndForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_end(actor=request.user, designation=designation, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("联络人指定已终止。"))
            return redirect("orgs:agency_detail", pk=designation.agency_id)
    return render(request, "orgs/liaison_end.html", {"form": form, "d": designation}, status=400 if form.errors else 200)
