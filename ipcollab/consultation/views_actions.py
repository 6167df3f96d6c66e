"""Pages of action items (落实事项): the open-items list with filters and the per-agency summary,
the items of one meeting, a new item from a consensus item, an item's detail with its progress,
evidence and the writes on it. Thin: actions.py decides; a refusal comes back as a message on the
item's page (or as the form shown again); out of reach is a 404, a forbidden write a 403. Staff
pages only: external users and agency systems get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.audit.services import record
from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.forms_errors import message_form_errors as _form_errors
from ipcollab.core.forms_errors import message_service_error as _fail
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from . import action_selectors as sel
from . import actions, forms_actions
from .models import ActionUpdate
from .rules import is_staff
from .selectors import get_meeting

PAGE_SIZE = 50
FILTER_KEYS = ("agency", "meeting", "status", "owner", "due_after", "due_before", "overdue")


def _staff(request):
    if not (is_staff(request.user) or is_platform_admin(request.user)):
        raise Http404
    return request.user


def _item(request, pk):
    _staff(request)
    return get_or_404(sel.get_action, request.user, pk)


def _back(item):
    return redirect(reverse("consultation:action_detail", args=[item.pk]))


@login_required
def action_list(request):
    user = _staff(request)
    agencies, meetings, owners = sel.filter_choices(user)
    given = any(k in request.GET for k in FILTER_KEYS)
    form = forms_actions.ActionFilterForm(request.GET if given else None, agencies=agencies, meetings=meetings, owners=owners)
    if given:
        filters = form.filters() if form.is_valid() else sel.default_filters(user)
    else:
        filters = sel.default_filters(user)
        if is_platform_admin(user) and filters.agency not in {pk for pk, _name in agencies}:
            filters.agency = None
        form = forms_actions.ActionFilterForm(
            initial={"agency": str(filters.agency or ""), "status": filters.status}, agencies=agencies, meetings=meetings, owners=owners
        )
    today = actions.today()
    page = Paginator(sel.filter_actions(sel.actions_for(user), filters, today), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "actions": page.object_list,
        "summary": sel.open_actions_by_agency(user, today),
        "today": today,
        "query": query.urlencode(),
    }
    return render(request, "consultation/actions_list.html", context)


@login_required
def actions_meeting(request, pk):
    user = _staff(request)
    meeting = get_or_404(get_meeting, user, pk)
    items = list(sel.actions_for_meeting(user, meeting))
    return render(request, "consultation/actions_meeting.html", {"meeting": meeting, "actions": items, "today": actions.today()})


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request, pk):
    user = _staff(request)
    ci = get_or_404(sel.get_consensus_item, user, pk)
    if not actions.can_create(user, ci):
        raise DjangoPermissionDenied
    owners = list(actions.owner_candidates(ci.responsible_agency_id))
    form = forms_actions.ActionItemForm(post_data(request), owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.create_action_item(
                actor=user, consensus_item=ci, owner=data["owner"], due_on=data["due_on"], title=data["title"], description=data["description"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("落实事项已建立。"))
            return _back(item)
    context = {
        "ci": ci,
        "document": ci.document,
        "form": form,
        "earliest": actions.earliest_due(ci.document),
        "existing": list(ci.actions.select_related("owner")),
    }
    return render(request, "consultation/actions_new.html", context, status=400 if request.method == "POST" else 200)


@login_required
def action_detail(request, pk):
    item = _item(request, pk)
    user = request.user
    owners = list(actions.owner_candidates(item.agency_id)) if actions.can_reassign(user, item) else []
    active = item.status in actions.ACTIVE
    context = {
        "item": item,
        "updates": list(sel.updates_of(item)),
        "today": actions.today(),
        "overdue": active and item.due_on < actions.today(),
        "can_report": active and actions.can_report(user, item),
        "can_reassign": active and actions.can_reassign(user, item),
        "can_steer": active and actions.can_steer(user, item),
        # five forms on one page, several with the same field names: each its own ids, so every label names its own control
        "progress_form": forms_actions.ProgressForm(auto_id="progress-%s", initial={"progress": item.progress, "status": "in_progress"}),
        "complete_form": forms_actions.CompleteForm(auto_id="complete-%s"),
        "reassign_form": forms_actions.ReassignForm(auto_id="reassign-%s", owners=[o for o in owners if o.pk != item.owner_id]),
        "extend_form": forms_actions.ExtendForm(auto_id="extend-%s"),
        "cancel_form": forms_actions.CancelForm(auto_id="cancel-%s"),
    }
    return render(request, "consultation/actions_detail.html", context)


def _act(request, pk, allowed, make_form, call, done):
    """One POST on an item: `allowed(user, item)` or 403, the form (`make_form(item)`), the service
    (`call(item, cleaned_data)`); a refusal or bad form as a message, back to the item either way."""
    item = _item(request, pk)
    if not allowed(request.user, item):
        raise DjangoPermissionDenied
    form = make_form(item)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(item)
    try:
        call(item, form.cleaned_data)
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
    return _back(item)


@login_required
@require_POST
def action_progress(request, pk):
    return _act(
        request,
        pk,
        actions.can_report,
        lambda item: forms_actions.ProgressForm(request.POST, request.FILES),
        lambda item, d: actions.report_progress(
            actor=request.user, item=item, note=d["note"], progress=d["progress"], status=d["status"], evidence=d.get("evidence")
        ),
        _("进展已报告。"),
    )


@login_required
@require_POST
def action_complete(request, pk):
    return _act(
        request,
        pk,
        actions.can_report,
        lambda item: forms_actions.CompleteForm(request.POST, request.FILES),
        lambda item, d: actions.complete_action(actor=request.user, item=item, note=d["note"], evidence=d.get("evidence")),
        _("落实事项已完成。"),
    )


@login_required
@require_POST
def action_reassign(request, pk):
    return _act(
        request,
        pk,
        actions.can_reassign,
        lambda item: forms_actions.ReassignForm(request.POST, owners=list(actions.owner_candidates(item.agency_id))),
        lambda item, d: actions.reassign_action(actor=request.user, item=item, owner=d["owner"]),
        _("责任人已变更。"),
    )


@login_required
@require_POST
def action_extend(request, pk):
    return _act(
        request,
        pk,
        actions.can_steer,
        lambda item: forms_actions.ExtendForm(request.POST),
        lambda item, d: actions.extend_action(actor=request.user, item=item, due_on=d["due_on"], reason=d["reason"]),
        _("完成时限已延期。"),
    )


@login_required
@require_POST
def action_cancel(request, pk):
    return _act(
        request,
        pk,
        actions.can_steer,
        lambda item: forms_actions.CancelForm(request.POST),
        lambda item, d: actions.cancel_action(actor=request.user, item=item, reason=d["reason"]),
        _("落实事项已撤销。"),
    )


@login_required
def action_evidence(request, pk):
    """Download one update's evidence (the item must be in reach)."""
    _staff(request)
    update = ActionUpdate.objects.filter(pk=parse_pk_or_404(pk)).exclude(evidence="").first()
    if update is None:
        raise Http404
    item = get_or_404(sel.get_action, request.user, update.item_id)
    record(actor=request.user, action="consultation.action.evidence_download", obj=item, agency=item.agency_id, is_read=True, after={"update": update.pk})
    response = FileResponse(update.evidence.open("rb"), as_attachment=True, filename=update.evidence_name or update.evidence.name.rsplit("/", 1)[-1])
    if update.evidence_content_type:
        response["Content-Type"] = update.evidence_content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def parse_pk_or_404(value):
    try:
        return parse_pk(value)
    except NotFound:
        raise Http404 from None
