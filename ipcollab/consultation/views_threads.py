"""Pages of liaison threads (联络沟通): the list with unread counts, a new thread, a thread with
its posts (reading it marks it read), reply and close. Thin: threads.py decides; out of reach is
a 404, a forbidden write a 403. Staff pages only: external users and agency systems get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.principals import is_platform_admin
from ipcollab.orgs.models import Agency

from . import forms_actions, threads
from .models import ThreadStatus
from .rules import is_staff, manages_for

PAGE_SIZE = 50


def _staff(request):
    if not (is_staff(request.user) or is_platform_admin(request.user)):
        raise Http404
    return request.user


def _thread(request, pk):
    _staff(request)
    return get_or_404(threads.get_thread, request.user, pk)


def _can_start(user):
    return is_staff(user) and manages_for(user, user.agency_id)


@login_required
def thread_list(request):
    user = _staff(request)
    qs = threads.threads_for(user).order_by("-last_post_at", "-pk")
    status = request.GET.get("status", "")
    if status in ThreadStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = {}
    from .models import ThreadAgency

    for ta in ThreadAgency.objects.filter(thread__in=rows).select_related("agency").order_by("agency__name"):
        names.setdefault(ta.thread_id, []).append(ta.agency.short_name or ta.agency.name)
    for t in rows:
        t.agency_names = names.get(t.pk, [])
    context = {"page": page, "threads": rows, "status": status, "statuses": ThreadStatus.choices, "can_start": _can_start(user)}
    return render(request, "consultation/threads_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request):
    user = _staff(request)
    if not _can_start(user):
        raise DjangoPermissionDenied
    agencies = list(Agency.objects.filter(is_active=True).exclude(pk=user.agency_id).order_by("kind", "name"))
    form = forms_actions.ThreadForm(post_data(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = threads.start_thread(actor=user, topic=data["topic"], agencies=data["agencies"], body=data["body"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("联络沟通已发起。"))
            return redirect(reverse("consultation:thread_detail", args=[thread.pk]))
    return render(request, "consultation/threads_new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def thread_detail(request, pk):
    thread = _thread(request, pk)
    user = request.user
    posts = list(threads.posts_of(thread))
    unread_after = thread.last_read
    threads.mark_thread_read(user=user, thread=thread)
    for p in posts:
        p.is_new = p.author_id != user.pk and (unread_after is None or p.created_at > unread_after)
    context = {
        "thread": thread,
        "posts": posts,
        "agencies": list(threads.agencies_of(thread)),
        "can_post": thread.status == ThreadStatus.OPEN and threads.can_post(user, thread),
        "can_close": thread.status == ThreadStatus.OPEN and threads.can_close(user, thread),
        "reply_form": forms_actions.ReplyForm(),
    }
    return render(request, "consultation/threads_detail.html", context)


@login_required
@require_POST
def thread_reply(request, pk):
    thread = _thread(request, pk)
    if not threads.can_post(request.user, thread):
        raise DjangoPermissionDenied
    form = forms_actions.ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写回复内容（不超过20000字）。"))
    else:
        try:
            threads.post_reply(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("回复已发送。"))
    return redirect(reverse("consultation:thread_detail", args=[thread.pk]))


@login_required
@require_POST
def thread_close(request, pk):
    thread = _thread(request, pk)
    if not threads.can_close(request.user, thread):
        raise DjangoPermissionDenied
    try:
        threads.close_thread(actor=request.user, thread=thread)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("联络沟通已结束。"))
    return redirect(reverse("consultation:thread_detail", args=[thread.pk]))
