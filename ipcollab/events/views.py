"""Pages of events: my subscriptions, a subscription's delivery log, agency systems'
subscriptions (agency admins) and the schedule of recurring jobs (platform admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipcollab.core.errors import PermissionDenied, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404

from . import registry, selectors, services
from .forms import SubscriptionForm
from .models import Channel, RunStatus

PAGE_SIZE = 50


def _message_error(request, exc):
    if isinstance(exc, PermissionDenied) or exc.status == 403:
        raise DjangoPermissionDenied
    messages.error(request, str(exc.message))


def _labels(subscriptions):
    for s in subscriptions:
        s.type_labels = [registry.label_for(code) for code in s.event_types]
    return subscriptions


def _secret_page(request, subscription):
    """The only time the raw webhook secret is shown."""
    return render(request, "events/secret.html", {"subscription": subscription, "secret": subscription.new_secret})


@login_required
def subscription_list(request):
    items = _labels(list(selectors.subscriptions_of_user(request.user)[:200]))
    return render(
        request,
        "events/subscription_list.html",
        {
            "items": items,
            "is_admin": request.user.has_role("agency_admin") or request.user.has_perm("events.view_schedule"),
            "can_view_schedule": request.user.has_perm("events.view_schedule"),
        },
    )


@login_required
def subscription_create(request):
    form = SubscriptionForm(request.POST or None, initial={"channel": Channel.IN_APP})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscription = services.subscribe(actor=request.user, channel=data["channel"], event_types=data["event_types"], name=data["name"], url=data["url"])
        except ServiceError as exc:
            if exc.status == 403:
                form.add_error("channel", str(exc.message))
            else:
                apply_service_error(form, exc)
        else:
            if subscription.new_secret:
                return _secret_page(request, subscription)
            messages.success(request, _("订阅已创建。"))
            return redirect("events:subscriptions")
    return render(request, "events/subscription_form.html", {"form": form, "creating": True})


@login_required
def subscription_edit(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    initial = {"name": subscription.name, "event_types": subscription.event_types, "url": subscription.url}
    form = SubscriptionForm(request.POST or None, initial=initial, editing=True)
    if subscription.channel != Channel.WEBHOOK:
        del form.fields["url"]
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.fields}
        try:
            services.subscription_update(actor=request.user, subscription=subscription, data=data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("订阅已保存。"))
            return redirect("events:subscriptions" if subscription.owner_id == request.user.pk else "events:agency_subscriptions")
    return render(request, "events/subscription_form.html", {"form": form, "subscription": subscription, "creating": False})


def _back(request, subscription):
    return redirect("events:subscriptions" if subscription.owner_id == request.user.pk else "events:agency_subscriptions")


@login_required
@require_POST
def subscription_toggle(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    try:
        services.subscription_set_active(actor=request.user, subscription=subscription, active=not subscription.active)
    except ServiceError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("订阅已恢复。") if not subscription.active else _("订阅已暂停。"))
    return _back(request, subscription)


@login_required
@require_POST
def subscription_delete(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    try:
        services.subscription_delete(actor=request.user, subscription=subscription)
    except ServiceError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("订阅已删除。"))
    return _back(request, subscription)


@login_required
@require_POST
def subscription_rotate(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    try:
        subscription = services.rotate_secret(actor=request.user, subscription=subscription)
    except ServiceError as exc:
        _message_error(request, exc)
        return _back(request, subscription)
    return _secret_page(request, subscription)


@login_required
@require_POST
def subscription_test(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    try:
        services.send_test_event(actor=request.user, subscription=subscription)
    except ServiceError as exc:
        _message_error(request, exc)
        return _back(request, subscription)
    messages.success(request, _("测试事件已发出，投递结果见投递记录。"))
    return redirect("events:delivery_log", pk=subscription.pk)


@login_required
def delivery_log(request, pk):
    subscription = get_or_404(selectors.subscription_get_for_user, request.user, pk)
    page = Paginator(selectors.deliveries_of(subscription), PAGE_SIZE).get_page(request.GET.get("page"))
    for delivery in page:
        delivery.type_label = registry.label_for(delivery.event.type)
    return render(request, "events/delivery_log.html", {"subscription": subscription, "page": page})


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = get_or_404(selectors.delivery_get_for_user, request.user, pk)
    try:
        services.delivery_retry_now(actor=request.user, delivery=delivery)
    except ServiceError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("已安排立即重试。"))
    return redirect("events:delivery_log", pk=delivery.subscription_id)


@login_required
def agency_subscriptions(request):
    queryset = selectors.system_subscriptions_for_admin(request.user)
    if not (request.user.has_perm("events.view_schedule") or request.user.has_role("agency_admin")):
        raise DjangoPermissionDenied
    items = _labels(list(queryset[:500]))
    return render(request, "events/agency_subscriptions.html", {"items": items})


@login_required
def schedule(request):
    if not request.user.has_perm("events.view_schedule"):
        raise DjangoPermissionDenied
    status = request.GET.get("status", "")
    page = Paginator(selectors.scheduled_runs(status), PAGE_SIZE).get_page(request.GET.get("page"))
    status = status if status in RunStatus.values else ""
    summary = selectors.schedule_summary()
    statuses = [(value, label, summary.get(value, 0)) for value, label in RunStatus.choices]
    return render(
        request,
        "events/schedule.html",
        {"page": page, "status": status, "statuses": statuses, "query": urlencode({"status": status}) if status else ""},
    )
