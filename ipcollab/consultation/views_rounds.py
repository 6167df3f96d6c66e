"""Pages of comment rounds on drafts (征求意见), under /consultation/rounds/: the list (rounds my
agency drafted or is invited to), a new round (the draft pasted, split into articles, labels
editable in a preview), the detail (each article with its comments; an invited agency comments or
answers "no comments"; the drafter sees the consolidated table and answers each comment, closes and
concludes) and the XLSX export of the consolidated table. Thin: rounds.py decides; a refusal comes
back as a message on the page it came from; out of reach is a 404; external users and system
accounts get no pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404
from ipcollab.core.forms_errors import message_form_errors as _form_errors
from ipcollab.core.forms_errors import message_service_error as _fail
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from . import export_rounds, forms_rounds, rounds
from .models import DraftArticle, DraftComment, RoundStatus
from .rules import is_staff, manages_for


def _staff(user):
    if not (is_staff(user) or is_platform_admin(user)):
        raise Http404
    return user


def _round(request, pk):
    _staff(request.user)
    return get_or_404(rounds.get_round, request.user, pk)


def parse_pk_or_404(value):
    try:
        return parse_pk(value)
    except NotFound:
        raise Http404 from None


def _back(round):
    return redirect(reverse("consultation:round_detail", args=[round.pk]))


@login_required
def round_list(request):
    user = _staff(request.user)
    status = request.GET.get("status", "")
    qs = rounds.rounds_for(user)
    if status in RoundStatus.values:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("-opened_on", "-pk")[:200])
    counts = rounds.answered_counts(rows)
    for r in rows:
        r.answered, r.invited = counts[r.pk]
        r.mine = r.drafting_agency_id == user.agency_id
    context = {
        "rounds": rows,
        "statuses": RoundStatus.choices,
        "status": status,
        "can_open": bool(user.agency_id) and manages_for(user, user.agency_id),
    }
    return render(request, "consultation/rounds_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    user = _staff(request.user)
    if not (user.agency_id and manages_for(user, user.agency_id)):
        raise DjangoPermissionDenied
    form = forms_rounds.RoundForm(request.POST if request.method == "POST" else None, agency_id=user.agency_id)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        posted = forms_rounds.posted_articles(request.POST)
        if request.POST.get("step") == "preview" or posted is None and request.POST.get("step") != "create":
            preview = rounds.split_articles(data["text"])
            if not preview:
                form.add_error("text", _("草案至少须有一条条文。"))
        else:
            try:
                round = rounds.open_round(
                    actor=user,
                    title=data["title"],
                    draft_kind=data["draft_kind"],
                    deadline=data["deadline"],
                    invitees=form.chosen_agencies(),
                    articles=posted if posted is not None else data["text"],
                    description=data["description"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
                preview = posted
                if exc.fields.get("articles"):
                    form.add_error(None, "；".join(str(m) for m in exc.fields["articles"]))
            else:
                messages.success(request, _("已发出征求意见。"))
                return _back(round)
    return render(request, "consultation/rounds_new.html", {"form": form, "preview": preview})


@login_required
def round_detail(request, pk):
    round = _round(request, pk)
    user = request.user
    manage = rounds.can_manage(user, round)
    sees_all = manage or is_platform_admin(user) or user.agency_id == round.drafting_agency_id
    comments = rounds.consolidated(round)
    if not sees_all:
        comments = [c for c in comments if c.agency_id == user.agency_id]
    articles = list(round.articles.order_by("position"))
    by_article = {}
    for c in comments:
        by_article.setdefault(c.article_id, []).append(c)
    for a in articles:
        a.shown_comments = by_article.get(a.pk, [])
    invitees = rounds.invitee_rows(round)
    commenter = rounds.can_comment(user, round) and getattr(user, "kind", "") == "staff"
    my_state = next((state for invitee, state in invitees if invitee.agency_id == user.agency_id), None)
    context = {
        "round": round,
        "articles": articles,
        "general_comments": by_article.get(None, []),
        "comments": comments,
        "invitees": invitees,
        "answered": sum(1 for _i, state in invitees if state),
        "can_manage": manage,
        "sees_all": sees_all,
        "can_comment": commenter and rounds.is_open_for_comments(round),
        "commenter": commenter,
        "my_state": my_state,
        "comment_form": forms_rounds.CommentForm(articles=articles),
        "respond_form": forms_rounds.RespondForm(),
        "responses": forms_rounds.RespondForm.base_fields["response"].choices,
        "unanswered": sum(1 for c in comments if not c.response),
        "today": rounds.today(),
    }
    return render(request, "consultation/rounds_detail.html", context)


@login_required
@require_POST
def round_comment(request, pk):
    round = _round(request, pk)
    articles = list(round.articles.order_by("position"))
    form = forms_rounds.CommentForm(request.POST, articles=articles)
    if not form.is_valid():
        if not rounds.can_comment(request.user, round):
            raise DjangoPermissionDenied
        _form_errors(request, form)
        return _back(round)
    article = None
    if form.cleaned_data["article"]:
        article = DraftArticle.objects.filter(round=round, pk=form.cleaned_data["article"]).first()
    try:
        rounds.comment_on_draft(
            actor=request.user, round=round, body=form.cleaned_data["body"], article=article, proposed_text=form.cleaned_data["proposed_text"]
        )
        messages.success(request, _("已提交意见。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(round)


@login_required
@require_POST
def round_no_comment(request, pk):
    round = _round(request, pk)
    try:
        rounds.declare_no_comment(actor=request.user, round=round)
        messages.success(request, _("已回复无意见。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(round)


@login_required
@require_POST
def round_respond(request, pk):
    _staff(request.user)
    comment = DraftComment.objects.select_related("round").filter(pk=parse_pk_or_404(pk)).first()
    if comment is None or not rounds.rounds_for(request.user).filter(pk=comment.round_id).exists():
        raise Http404
    form = forms_rounds.RespondForm(request.POST)
    if not form.is_valid():
        if not rounds.can_manage(request.user, comment.round):
            raise DjangoPermissionDenied
        _form_errors(request, form)
        return _back(comment.round)
    try:
        rounds.respond_to_draft_comment(
            actor=request.user, comment=comment, response=form.cleaned_data["response"], response_text=form.cleaned_data["response_text"]
        )
        messages.success(request, _("已保存处理意见。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(comment.round)


@login_required
@require_POST
def round_close(request, pk):
    round = _round(request, pk)
    try:
        rounds.close_round(actor=request.user, round=round)
        messages.success(request, _("已截止征求意见。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(round)


@login_required
@require_POST
def round_conclude(request, pk):
    round = _round(request, pk)
    try:
        rounds.conclude_round(actor=request.user, round=round)
        messages.success(request, _("征求意见已办结。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(round)


@login_required
def round_export(request, pk):
    """The consolidated table as XLSX: the drafting agency's staff and platform admins."""
    round = _round(request, pk)
    user = request.user
    if not (is_platform_admin(user) or user.agency_id == round.drafting_agency_id):
        raise DjangoPermissionDenied
    content = export_rounds.workbook_bytes(round)
    audit(actor=user, action="consultation.round_export", obj=round, is_read=True)
    response = HttpResponse(content, content_type=export_rounds.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_rounds.filename(round)}"'
    return response
