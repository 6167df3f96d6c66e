"""Pages of the freeze register: the court's and CNIPA's desks, a new order, the order with its
history and actions, the inquiry. Thin: selectors read (out of reach → 404), services write."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_agency_admin, is_platform_admin
from ipcollab.orgs.models import Agency
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.models import Party, Right, RightParty, RightStatus

from . import delivery, forms, selectors, services
from .models import DocumentKind, OrderStatus
from .suspension import labels as suspended_labels

COURT_LISTS = [
    ("mine", gettext_lazy("本院裁定")),
    ("awaiting", gettext_lazy("待登记")),
    ("expiring", gettext_lazy("即将届满")),
    ("queued", gettext_lazy("轮候中")),
]
CNIPA_LISTS = [
    ("to_register", gettext_lazy("待登记")),
    ("returned", gettext_lazy("已退回")),
    ("expiring", gettext_lazy("即将届满")),
    ("all", gettext_lazy("全部")),
]
HOLDER_ROLES = services.HOLDER_ROLES


def _pk_or_none(value):
    """An id from the query string, or None when it cannot be one (never a database error)."""
    try:
        return parse_pk(value)
    except NotFound:
        return None


def _desk_user(user):
    if user.has_perm("preservation.handle"):
        return "cnipa"
    if user.has_perm("preservation.order"):
        return "court"
    raise DjangoPermissionDenied


@login_required
def desk(request):
    side = _desk_user(request.user)
    lists = CNIPA_LISTS if side == "cnipa" else COURT_LISTS
    key = request.GET.get("list") or lists[0][0]
    if key not in dict(lists):
        key = lists[0][0]
    court = None
    courts = []
    if side == "cnipa":
        courts = Agency.objects.filter(pk__in=selectors.orders_for(request.user).values("court_id")).order_by("code")
        court = courts.filter(pk=_pk_or_none(request.GET.get("court"))).first() if _pk_or_none(request.GET.get("court")) else None
        orders = selectors.cnipa_list(request.user, key, court=court)
    else:
        orders = selectors.court_list(request.user, key)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    positions = selectors.positions(page.object_list)
    for order in page.object_list:
        order.position = positions.get(order.pk)
    context = {
        "side": side,
        "lists": lists,
        "key": key,
        "page": page,
        "courts": courts,
        "court": court,
        "can_submit": request.user.has_perm("preservation.order"),
    }
    return render(request, "preservation/desk.html", context)


def _require_court(user):
    if not user.has_perm("preservation.order"):
        raise DjangoPermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def order_new(request):
    """Step 1: which rights (numbers in any spelling, one per line — a ruling may freeze several
    rights of the party — or ?right=<id> from the dossier); step 2: the ruling's particulars.
    Submission is the hand-off: each order takes its place in its right's queue at once."""
    _require_court(request.user)
    rights = []
    lookup = forms.RightLookupForm(request.GET if "number" in request.GET else None)
    ids = [value for value in (request.POST.getlist("right") if request.method == "POST" else request.GET.getlist("right")) if value.isdigit()]
    if ids:
        rights = list(Right.objects.filter(pk__in=[_pk_or_none(i) for i in ids[: services.MAX_RIGHTS_PER_RULING]]).order_by("pk"))
    elif lookup.is_bound and lookup.is_valid():
        missing = []
        for text in lookup.numbers():
            parsed = register_selectors.parse_right_number(text)
            right = Right.objects.filter(kind=parsed[0], number=parsed[1]).first() if parsed else None
            if right is None:
                missing.append(
                    _("%(number)s：登记簿中没有这件权利。") % {"number": text}
                    if parsed
                    else _("%(number)s：无法识别的专利申请号或商标注册号。") % {"number": text}
                )
            elif right not in rights:
                rights.append(right)
        for message in missing:
            lookup.add_error("number", message)
        if missing:
            rights = []
    if not rights:
        return render(request, "preservation/order_new.html", {"lookup": lookup}, status=400 if lookup.errors else 200)
    # The party whose rights are frozen holds every one of them.
    links = RightParty.objects.filter(right__in=rights, role__in=HOLDER_ROLES).select_related("party").order_by("pk")
    held = {}
    for link in links:
        held.setdefault(link.party_id, (link, set()))[1].add(link.right_id)
    holders = [link for link, right_ids in held.values() if len(right_ids) == len(rights)]
    judges = (
        get_user_model()
        .objects.filter(
            agency_id=request.user.agency_id, is_active=True, kind="staff", memberships__role__code="judge", memberships__agency_id=request.user.agency_id
        )
        .distinct()
        .order_by("username")
    )
    initial = {"signing_judge": str(request.user.pk)} if request.user.has_role("judge") else {}
    form = forms.OrderForm(post_data(request), request.FILES or None, holders=holders, judges=judges, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            orders = services.submit_orders(
                actor=request.user,
                rights=rights,
                case_number=data["case_number"],
                party=Party.objects.filter(pk=int(data["party"])).first(),
                period_amount=data["period_amount"],
                period_unit=data["period_unit"],
                signing_judge=judges.filter(pk=int(data["signing_judge"])).first(),
                suspended=data["suspended"],
                attachments=data["attachments"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            positions = selectors.positions(orders)
            for order in orders:
                if order.status == OrderStatus.EFFECTIVE:
                    messages.success(request, _("%(number)s：冻结裁定已送达国家知识产权局并生效。") % {"number": order.right.number})
                else:
                    messages.warning(
                        request, _("%(number)s：该权利已被冻结，本裁定进入轮候，排在第%(n)s位。") % {"number": order.right.number, "n": positions.get(order.pk)}
                    )
            if len(orders) == 1:
                return redirect("preservation:order_detail", orders[0].pk)
            return redirect(reverse("preservation:desk") + "?list=mine")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "preservation/order_new.html", {"rights": rights, "form": form, "holders": holders}, status=status)


def _actions(user, order, assigned):
    """Which actions the page offers to this user on this order (the services decide again)."""
    open_ = order.status in selectors.OPEN
    holder = user.has_perm("preservation.order") and user.agency_id == order.holder_id
    handler = user.has_perm("preservation.handle")
    return {
        "register": handler and open_ and order.registered_at is None,
        "return": handler and open_,
        "release": holder and open_,
        "renew": holder and order.status == OrderStatus.EFFECTIVE,
        "convert": holder and open_,
        "dispose": holder and order.status == OrderStatus.EFFECTIVE,
        "assign": open_ and (is_platform_admin(user) or (handler and user in assigned) or (is_agency_admin(user) and user.agency.kind == "ip_office")),
    }


def _detail_context(request, order, **forms_):
    assigned = services.assigned_handlers(order)
    actions = _actions(request.user, order, assigned)
    ahead = None
    effective = None
    if order.status in selectors.OPEN:
        effective = order.right.freeze_orders.filter(status=OrderStatus.EFFECTIVE).select_related("holder").first()
    positions = selectors.positions([order])
    if order.status == OrderStatus.WAITING:
        ahead = positions.get(order.pk, 1) - 1
    context = {
        "order": order,
        "position": positions.get(order.pk),
        "ahead": ahead,
        "effective": effective,
        "history": selectors.order_history(order),
        "attachments": order.attachments.select_related("uploaded_by"),
        "attach_form": forms_.get("attach") or forms.AttachmentForm(),
        "can_attach": request.user.has_perm("preservation.order") and request.user.agency_id in (order.court_id, order.holder_id),
        "handoffs": selectors.handoffs_for(order),
        "document_kinds": DocumentKind.choices,
        "assigned": assigned,
        "actions": actions,
        "suspended": suspended_labels(order.suspended),
        "renew_form": forms_.get("renew") or forms.RenewForm(),
        "return_form": forms_.get("return") or forms.ReturnForm(),
        "convert_form": forms_.get("convert") or forms.ConvertForm(),
        "dispose_form": forms_.get("dispose") or forms.DisposeForm(),
        "assign_form": forms_.get("assign") or forms.AssignForm(candidates=services.handler_candidates() if actions["assign"] else ()),
        "error": forms_.get("error"),
    }
    return context


@login_required
def order_detail(request, pk):
    order = get_or_404(selectors.order_get, request.user, pk)
    return render(request, "preservation/order_detail.html", _detail_context(request, order))


ACTIONS = {
    "register": (None, lambda user, order, data: services.register_order(actor=user, order=order), gettext_lazy("已登记。")),
    "return": (forms.ReturnForm, lambda user, order, data: services.return_order(actor=user, order=order, reason=data["reason"]), gettext_lazy("已退回法院。")),
    "release": (None, lambda user, order, data: services.release_order(actor=user, order=order), gettext_lazy("冻结已解除。")),
    "renew": (
        forms.RenewForm,
        lambda user, order, data: services.renew_order(actor=user, order=order, period_amount=data["period_amount"], period_unit=data["period_unit"]),
        gettext_lazy("冻结已续行。"),
    ),
    "convert": (
        forms.ConvertForm,
        lambda user, order, data: services.convert_order(actor=user, order=order, successor=data["successor"], purpose=data["purpose"]),
        gettext_lazy("冻结已移交承继法院。"),
    ),
    "dispose": (
        forms.DisposeForm,
        lambda user, order, data: services.dispose_right(actor=user, order=order, new_owner=data["new_owner"]),
        gettext_lazy("已办理执行过户。"),
    ),
    "assign": (
        forms.AssignForm,
        lambda user, order, data: services.assign_order(actor=user, order=order, handler=data["handler"]),
        gettext_lazy("已分配承办人。"),
    ),
}


@login_required
@require_POST
def order_action(request, pk, action):
    order = get_or_404(selectors.order_get, request.user, pk)
    form_class, run, done = ACTIONS[action]
    form = None
    data = {}
    if form_class is not None:
        kwargs = {"candidates": services.handler_candidates()} if action == "assign" else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return render(request, "preservation/order_detail.html", _detail_context(request, order, **{action: form}), status=400)
        data = form.cleaned_data
    try:
        run(request.user, order, data)
    except ServiceError as exc:
        if form is not None:
            apply_service_error(form, exc)
            return render(request, "preservation/order_detail.html", _detail_context(request, order, **{action: form}), status=400)
        apply_service_error(None, exc)
        return render(
            request,
            "preservation/order_detail.html",
            _detail_context(request, order, error=exc.message),
            status=exc.status if exc.status in (400, 409) else 400,
        )
    messages.success(request, str(done))
    # A reassigned handler no longer sees the order: back to the desk.
    if action == "assign" and not selectors.orders_for(request.user).filter(pk=order.pk).exists():
        return redirect("preservation:desk")
    return redirect("preservation:order_detail", order.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry(request):
    _require_court(request.user)
    form = forms.InquiryForm(post_data(request), initial={"number": request.GET.get("number", "")[:40]})
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = services.inquire(actor=request.user, **{**form.cleaned_data, "after": form.cleaned_data.get("after") or 0})
            for row in results:
                row["status_label"] = RightStatus(row["status"]).label if row["status"] in RightStatus.values else "—"
        except ServiceError as exc:
            apply_service_error(form, exc)
            if "query" in exc.fields:
                form.add_error(None, exc.fields["query"][0])
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "preservation/inquiry.html", {"form": form, "results": results}, status=status)


@login_required
@require_POST
def handoff_acknowledge(request, pk, handoff):
    """The receiving agency signs for a hand-off (电子签收) from the order's page."""
    order = get_or_404(selectors.order_get, request.user, pk)
    item = order.handoffs.filter(pk=_pk_or_none(handoff)).first()
    if item is None:
        raise Http404
    try:
        delivery.acknowledge_handoff(actor=request.user, handoff=item)
    except ServiceError as exc:
        apply_service_error(None, exc)
    messages.success(request, _("已签收。"))
    return redirect("preservation:order_detail", order.pk)


@login_required
@require_POST
def order_attach(request, pk):
    order = get_or_404(selectors.order_get, request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachments(actor=request.user, order=order, files=form.cleaned_data["attachments"])
        except ServiceError as exc:
            apply_service_error(form, exc)
    if form.errors:
        return render(request, "preservation/order_detail.html", _detail_context(request, order, attach=form), status=400)
    messages.success(request, _("附件已上传。"))
    return redirect("preservation:order_detail", order.pk)


@login_required
def order_attachment(request, pk, attachment):
    """One attachment, served only to who may see the order; audited as a read."""
    order = get_or_404(selectors.order_get, request.user, pk)
    try:
        item, handle = services.read_attachment(actor=request.user, order=order, attachment_id=attachment)
    except NotFound:
        raise Http404 from None
    return FileResponse(handle, content_type=item.content_type, as_attachment=item.content_type == "application/ofd", filename=item.name)
