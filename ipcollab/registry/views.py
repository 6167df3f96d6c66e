"""Pages of parties, representatives and powers of attorney. Thin: selectors read, services write.
Personal data is masked everywhere except on the audited reveal page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.core.forms_errors import post_data
from ipcollab.core.masking import mask_id_card

from . import selectors, services
from .forms import (
    PartyCreateForm,
    PartyEditForm,
    PartyMergeForm,
    PartyRenameForm,
    PartySearchForm,
    PowerOfAttorneyForm,
    RepresentativeEditForm,
    RepresentativeForm,
    RepresentativeSearchForm,
    RevealForm,
    RevokeForm,
    apply_service_error,
)

PAGE_SIZE = 50


def _require_view(request):
    if not request.user.has_perm("registry.view"):
        raise DjangoPermissionDenied


def _require_write(request):
    if not request.user.has_perm("registry.write"):
        raise DjangoPermissionDenied


def _get(getter, request, pk):
    try:
        return getter(request.user, pk)
    except NotFound:
        raise Http404 from None


def _query(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _masked(party):
    party.id_number_masked = mask_id_card(party.id_number)
    party.address_shown = services.mask_address(party.address) if party.is_person else party.address
    return party


def _run(form, call):
    """Call a service; on a refusal show it on the form and answer None."""
    try:
        return call()
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except ServiceError as exc:
        apply_service_error(form, exc)
        return None


def _form_page(request, template, context, form):
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def party_list(request):
    _require_view(request)
    form = PartySearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.party_search(request.user).none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        qs = selectors.party_search(request.user, data.get("q", ""), kind=data.get("kind") or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for party in page.object_list:
        _masked(party)
    return render(
        request,
        "registry/party_list.html",
        {"form": form, "page": page, "query": _query(request), "can_write": request.user.has_perm("registry.write")},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def party_detail(request, pk):
    _require_view(request)
    party = _masked(_get(selectors.party_get_for_user, request, pk))
    return render(
        request,
        "registry/party_detail.html",
        {
            "party": party,
            "former_names": selectors.party_former_names(party),
            "powers": selectors.powers_for_user(request.user, principal=party),
            "candidates": [] if party.merged_into_id else list(selectors.duplicates_candidates(request.user, party)[:20]),
            "can_write": request.user.has_perm("registry.write") and not party.merged_into_id,
            "can_reveal": request.user.has_perm("registry.reveal") and party.is_person and bool(party.id_number or party.address),
            "reveal_form": RevealForm(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_create(request):
    _require_view(request)
    _require_write(request)
    form = PartyCreateForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        party = _run(form, lambda: services.party_create(actor=request.user, **form.cleaned_data))
        if party is not None:
            messages.success(request, _("已登记当事人。"))
            return redirect("registry:party_detail", pk=party.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("登记当事人")}, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_edit(request, pk):
    _require_view(request)
    party = _get(selectors.party_get_for_user, request, pk)
    _require_write(request)
    initial = {k: getattr(party, k) or "" for k in ("credit_code", "nationality", "region_code")}
    if not party.is_person:
        initial["address"] = party.address
    form = PartyEditForm(post_data(request), initial=initial)
    if party.is_person:
        form.fields["id_number"].help_text = _("留空则保持不变（当前：%(m)s）") % {"m": mask_id_card(party.id_number) or "—"}
        form.fields["address"].help_text = _("留空则保持不变")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if party.is_person:
            for key in ("id_number", "address"):
                if not data[key]:
                    data.pop(key)
        updated = _run(form, lambda: services.party_update(actor=request.user, party=party, **data))
        if updated is not None:
            messages.success(request, _("已保存。"))
            return redirect("registry:party_detail", pk=party.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("修改当事人信息"), "party": party}, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_rename(request, pk):
    _require_view(request)
    party = _get(selectors.party_get_for_user, request, pk)
    _require_write(request)
    form = PartyRenameForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        done = _run(form, lambda: services.party_rename(actor=request.user, party=party, **form.cleaned_data))
        if done is not None:
            messages.success(request, _("已更名，原名称记入曾用名。"))
            return redirect("registry:party_detail", pk=party.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("当事人更名"), "party": party}, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_merge(request, pk):
    _require_view(request)
    party = _get(selectors.party_get_for_user, request, pk)
    _require_write(request)
    form = PartyMergeForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            duplicate = selectors.party_get_for_user(request.user, form.cleaned_data["duplicate"])
        except NotFound:
            form.add_error("duplicate", _("未找到该记录，或您无权查看。"))
        else:
            done = _run(form, lambda: services.party_merge(actor=request.user, keep=party, duplicate=duplicate, reason=form.cleaned_data["reason"]))
            if done is not None:
                messages.success(request, _("已将记录 %(id)s 合并至本当事人。") % {"id": duplicate.pk})
                return redirect("registry:party_detail", pk=party.pk)
    candidates = [] if party.merged_into_id else list(selectors.duplicates_candidates(request.user, party)[:20])
    return _form_page(request, "registry/party_merge.html", {"party": party, "candidates": candidates}, form)


@login_required
@require_POST
def party_reveal(request, pk):
    _require_view(request)
    party = _masked(_get(selectors.party_get_for_user, request, pk))
    if not request.user.has_perm("registry.reveal"):
        raise DjangoPermissionDenied
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = _run(form, lambda: services.party_reveal(actor=request.user, party=party, reason=form.cleaned_data["reason"]))
    return render(request, "registry/party_reveal.html", {"party": party, "form": form, "revealed": revealed}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def power_grant(request, pk):
    _require_view(request)
    party = _get(selectors.party_get_for_user, request, pk)
    _require_write(request)
    form = PowerOfAttorneyForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["representative"] = selectors.representative_get_for_user(request.user, data["representative"])
        except NotFound:
            form.add_error("representative", _("未找到该代理人，或您无权查看。"))
        else:
            done = _run(form, lambda: services.power_of_attorney_grant(actor=request.user, principal=party, **data))
            if done is not None:
                messages.success(request, _("已登记授权委托。"))
                return redirect("registry:party_detail", pk=party.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("登记授权委托"), "party": party}, form)


@login_required
@require_POST
def power_revoke(request, pk):
    _require_view(request)
    power = _get(selectors.power_get_for_user, request, pk)
    _require_write(request)
    form = RevokeForm(request.POST)
    if form.is_valid():
        done = _run(form, lambda: services.power_of_attorney_revoke(actor=request.user, power=power, reason=form.cleaned_data["reason"]))
        if done is not None:
            messages.success(request, _("已撤销授权委托。"))
            return redirect("registry:party_detail", pk=power.principal_id)
    return render(request, "registry/power_revoke.html", {"power": power, "form": form}, status=409 if power.revoked_at else 400)


@login_required
@require_http_methods(["GET", "HEAD"])
def representative_list(request):
    _require_view(request)
    form = RepresentativeSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.representatives_for_user(request.user).none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        qs = selectors.representatives_for_user(request.user, data.get("q", ""), kind=data.get("kind") or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/representative_list.html",
        {"form": form, "page": page, "query": _query(request), "can_write": request.user.has_perm("registry.write")},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def representative_detail(request, pk):
    _require_view(request)
    rep = _get(selectors.representative_get_for_user, request, pk)
    return render(
        request,
        "registry/representative_detail.html",
        {
            "rep": rep,
            "members": list(selectors.representatives_for_user(request.user).filter(firm=rep)) if rep.is_firm else [],
            "powers": selectors.powers_for_user(request.user, representative=rep),
            "can_write": request.user.has_perm("registry.write"),
        },
    )


def _firm_of(request, form, data):
    if data.get("firm"):
        try:
            data["firm"] = selectors.representative_get_for_user(request.user, data["firm"])
        except NotFound:
            form.add_error("firm", _("未找到该机构，或您无权查看。"))
    else:
        data["firm"] = None
    return data


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def representative_edit(request, pk):
    _require_view(request)
    rep = _get(selectors.representative_get_for_user, request, pk)
    _require_write(request)
    initial = {"name": rep.name, "licence_number": rep.licence_number, "firm": rep.firm_id, "credit_code": rep.credit_code or ""}
    form = RepresentativeEditForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _firm_of(request, form, dict(form.cleaned_data))
        if not form.errors:
            done = _run(form, lambda: services.representative_update(actor=request.user, representative=rep, **data))
            if done is not None:
                messages.success(request, _("已保存。"))
                return redirect("registry:representative_detail", pk=rep.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("修改代理人信息"), "rep": rep}, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def representative_create(request):
    _require_view(request)
    _require_write(request)
    form = RepresentativeForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = _firm_of(request, form, dict(form.cleaned_data))
        if not form.errors:
            rep = _run(form, lambda: services.representative_create(actor=request.user, **data))
            if rep is not None:
                messages.success(request, _("已登记代理人。"))
                return redirect("registry:representative_detail", pk=rep.pk)
    return _form_page(request, "registry/party_form.html", {"title": _("登记代理人")}, form)
