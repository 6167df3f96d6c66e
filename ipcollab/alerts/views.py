"""Pages of alerts: 我的关注 (follows: notes and event types, edit, unfollow), 订阅检索 (saved
searches: create, edit, delete, last matches) and the follow button's POST. Thin: selectors read
(anyone else's follow or watch is a 404), services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.proceedings.signals import EVENTS

from . import selectors, services
from .forms import FollowForm, WatchForm
from .links import proceeding_link

LIST_LIMIT = 500


def _back(request, default="alerts:follows"):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _decorate(follows):
    for f in follows:
        f.event_labels = [EVENTS[e] for e in EVENTS if e in f.events]
        f.link = proceeding_link(f.proceeding_id) if f.proceeding_id else f.right.get_absolute_url()
    return follows


@login_required
def follow_list(request):
    follows = _decorate(list(selectors.follows_for_user(request.user)[:LIST_LIMIT]))
    return render(request, "alerts/follow_list.html", {"follows": follows, "limit": LIST_LIMIT})


@login_required
@require_POST
def follow_create(request):
    """The follow button: a right or a proceeding, every event type unless some are chosen."""
    events = request.POST.getlist("events") or None
    try:
        services.follow(
            actor=request.user,
            right=request.POST.get("right") or None,
            proceeding=request.POST.get("proceeding") or None,
            events=events,
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已关注。可在“我的关注”中选择事件类型和填写备注。"))
    return _back(request)


@login_required
def follow_edit(request, pk):
    follow = get_or_404(selectors.follow_get_for_user, request.user, pk)
    form = FollowForm(post_data(request), initial={"events": follow.events, "note": follow.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_update(actor=request.user, follow=follow, events=form.cleaned_data["events"], note=form.cleaned_data["note"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("关注已保存。"))
            return redirect("alerts:follows")
    _decorate([follow])
    return render(request, "alerts/follow_form.html", {"form": form, "follow": follow}, status=400 if form.errors else 200)


@login_required
@require_POST
def follow_delete(request, pk):
    follow = get_or_404(selectors.follow_get_for_user, request.user, pk)
    services.unfollow(actor=request.user, follow=follow)
    messages.success(request, _("已取消关注。"))
    return _back(request)


@login_required
def watch_list(request):
    watches = list(selectors.watches_for_user(request.user)[:LIST_LIMIT])
    return render(request, "alerts/watch_list.html", {"watches": watches, "limit": LIST_LIMIT})


def _watch_form_page(request, form, watch=None):
    return render(request, "alerts/watch_form.html", {"form": form, "watch": watch}, status=400 if form.errors else 200)


@login_required
def watch_create(request):
    form = WatchForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            watch = services.watch_create(actor=request.user, data=form.service_data(request.user))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("订阅检索已保存：此后新立案或受理的相符程序将提醒您。"))
            return redirect("alerts:watch_detail", pk=watch.pk)
    return _watch_form_page(request, form)


@login_required
def watch_edit(request, pk):
    watch = get_or_404(selectors.watch_get_for_user, request.user, pk)
    form = WatchForm(post_data(request), initial=WatchForm.initial_for(watch))
    if request.method == "POST" and form.is_valid():
        try:
            services.watch_update(actor=request.user, watch=watch, data=form.service_data(request.user))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("订阅检索已保存。"))
            return redirect("alerts:watch_detail", pk=watch.pk)
    return _watch_form_page(request, form, watch)


@login_required
def watch_detail(request, pk):
    watch = get_or_404(selectors.watch_get_for_user, request.user, pk)
    matches = selectors.last_matches(watch)
    for m in matches:
        m.link = proceeding_link(m.proceeding_id)
    return render(request, "alerts/watch_detail.html", {"watch": watch, "matches": matches})


@login_required
@require_POST
def watch_delete(request, pk):
    watch = get_or_404(selectors.watch_get_for_user, request.user, pk)
    services.watch_delete(actor=request.user, watch=watch)
    messages.success(request, _("订阅检索已删除。"))
    return redirect("alerts:watches")
