"""Pages of standards feedback (标准反馈), under /consultation/feedback/: the list, a new record
(linked proceedings found by number among those the user can see), the detail (linked proceedings
with their outcomes, the discussion thread, "propose as agenda item" to a planned meeting both
agencies take part in, resolve with the signed guidance that settled it, close with a reason).
Thin: feedback.py decides; a refusal comes back as a message; out of reach is a 404; external
users and system accounts get no pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.selectors import proceedings_for

from . import feedback as fb
from . import forms_feedback
from .models import ConsensusDocument, FeedbackArea, FeedbackStatus, Meeting
from .rules import manages_for
from .views_rounds import _fail, _form_errors, _staff


def _feedback(request, pk):
    _staff(request.user)
    return get_or_404(fb.get_feedback, request.user, pk)


def _back(feedback):
    return redirect(reverse("consultation:feedback_detail", args=[feedback.pk]))


@login_required
def feedback_list(request):
    user = _staff(request.user)
    status, area = request.GET.get("status", ""), request.GET.get("area", "")
    qs = fb.feedback_for(user)
    if status in FeedbackStatus.values:
        qs = qs.filter(status=status)
    if area in FeedbackArea.values:
        qs = qs.filter(area=area)
    context = {
        "rows": list(qs.order_by("-created_at", "-pk")[:200]),
        "statuses": FeedbackStatus.choices,
        "areas": FeedbackArea.choices,
        "status": status,
        "area": area,
        "can_raise": bool(user.agency_id) and manages_for(user, user.agency_id),
    }
    return render(request, "consultation/feedback_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    user = _staff(request.user)
    if not (user.agency_id and manages_for(user, user.agency_id)):
        raise DjangoPermissionDenied
    form = forms_feedback.FeedbackForm(request.POST if request.method == "POST" else None, agency_id=user.agency_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found, missing = [], []
        for number in data["numbers"]:
            matches = list(proceedings_for(user).filter(number=number))
            if matches:
                found.extend(matches)
            else:
                missing.append(number)
        if missing:
            form.add_error("numbers", _("在您可见的范围内没有该案件：%(n)s") % {"n": "、".join(missing)})
        else:
            try:
                record = fb.raise_feedback(
                    actor=user,
                    title=data["title"],
                    area=data["area"],
                    counterpart=Agency.objects.filter(pk=data["counterpart"]).first(),
                    description=data["description"],
                    administrative_standard=data["administrative_standard"],
                    judicial_standard=data["judicial_standard"],
                    proceedings=found,
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已提出标准反馈。"))
                return _back(record)
    return render(request, "consultation/feedback_new.html", {"form": form})


@login_required
def feedback_detail(request, pk):
    record = _feedback(request, pk)
    user = request.user
    from . import threads

    proceedings = fb.linked_proceedings(user, record)
    thread_rows = list(threads.threads_for_feedback(user, record))
    for thread in thread_rows:
        thread.post_rows = list(threads.posts_of(thread))
    act = fb.can_act(user, record)
    active = record.status in fb.ACTIVE
    meetings = list(fb.meetings_to_propose(user, record)) if act and record.status in (FeedbackStatus.OPEN, FeedbackStatus.DISCUSSING) else []
    documents = list(fb.signed_documents(user, record)) if act and active else []
    context = {
        "feedback": record,
        "proceedings": proceedings,
        "threads": thread_rows,
        "can_act": act,
        "active": active,
        "discuss_form": forms_feedback.DiscussForm(),
        "propose_form": forms_feedback.ProposeForm(meetings=meetings) if meetings else None,
        "resolve_form": forms_feedback.ResolveForm(documents=documents) if documents else None,
        "close_form": forms_feedback.CloseForm(),
        "agenda_item": record.agenda_item,
        "document": record.resolved_by_document,
    }
    return render(request, "consultation/feedback_detail.html", context)


@login_required
@require_POST
def feedback_discuss(request, pk):
    record = _feedback(request, pk)
    form = forms_feedback.DiscussForm(request.POST)
    if not form.is_valid():
        if not fb.can_act(request.user, record):
            raise DjangoPermissionDenied
        _form_errors(request, form)
        return _back(record)
    try:
        fb.discuss_feedback(actor=request.user, feedback=record, body=form.cleaned_data["body"])
        messages.success(request, _("已发送。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(record)


@login_required
@require_POST
def feedback_propose(request, pk):
    record = _feedback(request, pk)
    if not fb.can_act(request.user, record):
        raise DjangoPermissionDenied
    meetings = list(fb.meetings_to_propose(request.user, record))
    form = forms_feedback.ProposeForm(request.POST, meetings=meetings)
    if not form.is_valid():
        messages.error(request, _("请选择提出单位和对口单位都参加、尚在筹备中的会商会议。"))
        return _back(record)
    meeting = Meeting.objects.get(pk=form.cleaned_data["meeting"])
    try:
        fb.propose_feedback_to_meeting(actor=request.user, feedback=record, meeting=meeting, background=form.cleaned_data["background"])
        messages.success(request, _("已提交会商议题。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(record)


@login_required
@require_POST
def feedback_resolve(request, pk):
    record = _feedback(request, pk)
    if not fb.can_act(request.user, record):
        raise DjangoPermissionDenied
    form = forms_feedback.ResolveForm(request.POST, documents=list(fb.signed_documents(request.user, record)))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(record)
    try:
        fb.resolve_feedback(
            actor=request.user,
            feedback=record,
            resolution=form.cleaned_data["resolution"],
            document=ConsensusDocument.objects.get(pk=form.cleaned_data["document"]),
            resolved_on=form.cleaned_data["resolved_on"],
        )
        messages.success(request, _("已记录解决情况。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(record)


@login_required
@require_POST
def feedback_close(request, pk):
    record = _feedback(request, pk)
    form = forms_feedback.CloseForm(request.POST)
    if not form.is_valid():
        if not fb.can_act(request.user, record):
            raise DjangoPermissionDenied
        _form_errors(request, form)
        return _back(record)
    try:
        fb.close_feedback(actor=request.user, feedback=record, reason=form.cleaned_data["reason"])
        messages.success(request, _("已不予处理并关闭。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(record)
