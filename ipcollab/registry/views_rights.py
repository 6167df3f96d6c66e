"""Pages of rights: search, dossier, recording a legal event, reconciliation. Thin: selectors
read, services write; the dossier's panels come from ipcollab.registry.panels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.core.forms_errors import post_data

from . import panels, selectors, services
from .forms import LegalEventForm, ReconciliationResolveForm, RightCreateForm, RightEditForm, RightSearchForm, apply_service_error
from .labels import event_label, outcome_label
from .views import PAGE_SIZE, _get, _query, _require_view


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise DjangoPermissionDenied


@login_required
@require_http_methods(["GET", "HEAD"])
def right_search(request):
    """Search box. A number (any spelling) with exactly one match lands on its dossier."""
    _require_view(request)
    form = RightSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.right_search(request.user).none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        q = data.get("q", "")
        qs = selectors.right_search(request.user, q, kind=data.get("kind") or None)
        if q and selectors.parse_right_number(q) is not None:
            found = list(qs[:2])
            if len(found) == 1:
                return redirect(found[0])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/right_search.html",
        {"form": form, "page": page, "query": _query(request), "can_create": request.user.has_perm("registry.write")},
    )


def _dossier_context(request, right):
    events = selectors.timeline(right)
    for event in events:
        event.label = event_label(event.type)
        event.outcome_label = outcome_label(event.type, event.outcome)
    items = selectors.open_reconciliation_items(right)
    for item in items:
        item.label = event_label(item.event_type)
    return {
        "right": right,
        "parties": selectors.right_parties(right),
        "events": events,
        "items": items,
        "panels": panels.rendered_panels(right, request.user, request),
        "can_record": request.user.has_perm("registry.record_event"),
        "can_edit": request.user.has_perm("registry.write"),
        "can_reconcile": request.user.has_perm("registry.reconcile"),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def right_detail(request, pk):
    _require_view(request)
    right = _get(selectors.right_get_for_user, request, pk)
    return render(request, "registry/right_detail.html", _dossier_context(request, right))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def right_record_event(request, pk):
    _require_view(request)
    right = _get(selectors.right_get_for_user, request, pk)
    _require(request, "registry.record_event")
    form = LegalEventForm(post_data(request), kind=right.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_event(request.user, right, data["type"], data["date"], form.details(), outcome=data.get("outcome") or None)
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("法律事件已登记。"))
            return redirect(right)
    status = 400 if form.errors else 200
    return render(request, "registry/right_event_form.html", {"right": right, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def reconciliation_list(request):
    _require_view(request)
    _require(request, "registry.reconcile")
    page = Paginator(selectors.reconciliation_items_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.label = event_label(item.event_type)
    return render(request, "registry/reconciliation_list.html", {"page": page, "query": _query(request), "form": ReconciliationResolveForm()})


@login_required
@require_POST
def reconciliation_resolve(request, pk):
    _require_view(request)
    _require(request, "registry.reconcile")
    item = _get(selectors.reconciliation_get_for_user, request, pk)
    form = ReconciliationResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_reconciliation(actor=request.user, item=item, action=form.cleaned_data["action"], note=form.cleaned_data["note"])
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("待核对事件已处理。"))
            return redirect("registry:reconciliation_list")
    return render(request, "registry/reconciliation_resolve.html", {"item": item, "form": form}, status=400)


def _resolve_parties(request, form, ids):
    """The parties named by id, in reach and not merged away; a field error otherwise."""
    parties = []
    for pk in ids:
        try:
            party = selectors.party_get_for_user(request.user, pk)
        except NotFound:
            form.add_error("applicants", _("没有编号为 %(id)s 的当事人，或无权查看。") % {"id": pk})
            return None
        if party.merged_into_id:
            form.add_error("applicants", _("当事人 %(id)s 已合并至 %(into)s，请使用后者。") % {"id": pk, "into": party.merged_into_id})
            return None
        parties.append(party)
    return parties


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def right_create(request):
    """登记权利: a patent or trademark entered by hand (the filing event is recorded with it)."""
    _require_view(request)
    _require(request, "registry.write")
    form = RightCreateForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties = _resolve_parties(request, form, data.pop("applicants"))
        if parties is not None:
            try:
                right = services.right_create(actor=request.user, parties=[(p, "applicant") for p in parties], **data)
            except PermissionDenied:
                raise DjangoPermissionDenied from None
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("权利已登记。"))
                return redirect(right)
    status = 400 if form.errors else 200
    return render(request, "registry/right_form.html", {"form": form, "title": _("登记权利")}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def right_edit(request, pk):
    """Descriptive fields of a right (status comes from legal events and is not editable)."""
    _require_view(request)
    right = _get(selectors.right_get_for_user, request, pk)
    _require(request, "registry.write")
    if request.method == "POST":
        form = RightEditForm(request.POST, request.FILES, right=right)
    else:
        form = RightEditForm(right=right)
    if request.method == "POST" and form.is_valid():
        try:
            services.right_update(actor=request.user, right=right, **form.changes())
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("权利信息已保存。"))
            return redirect(right)
    status = 400 if form.errors else 200
    return render(request, "registry/right_form.html", {"form": form, "right": right, "title": _("编辑权利信息")}, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def right_mark_image(request, pk):
    """The mark image, served only to users who can see the right (not from a public media URL)."""
    _require_view(request)
    right = _get(selectors.right_get_for_user, request, pk)
    if not right.mark_image:
        raise Http404
    try:
        handle = right.mark_image.open("rb")
    except OSError:
        raise Http404 from None
    content_type = "image/png" if right.mark_image.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
