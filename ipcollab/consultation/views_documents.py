"""Pages of consensus documents (会议纪要, 会签文件, 指导意见): the list, a new document (from a held
meeting, prefilled), the document with numbered paragraphs and the comments anchored to them
(htmx), its versions and the diff between any two, revising, circulating, opening signing,
signing on the exact text and its hash, returning to review, the signatures and the integrity
check, the consensus items, and the PDF. Thin: document_selectors read (out of reach → 404),
documents.py writes (a forbidden action → 403). External users and system accounts get no pages
(403 / login)."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.forms_errors import message_form_errors as _form_errors
from ipcollab.core.forms_errors import message_service_error as _fail
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.orgs.models import Agency

from . import document_selectors as sel
from . import documents, pdf, texts
from . import forms_documents as forms
from .models import AgendaStatus, CommentStatus, DocumentKind, DocumentStatus, Participant, ParticipantRole, ReviewComment
from .rules import is_staff, manages_for
from .selectors import get_meeting


def _staff(request):
    user = request.user
    if not (is_staff(user) or is_platform_admin(user)):
        raise DjangoPermissionDenied
    return user


def _document(request, pk):
    return get_or_404(sel.get_document, _staff(request), pk)


def _url(name, *args):
    """A URL of another part, or "" while that part's page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _detail_url(document, anchor=""):
    return reverse("consultation:document_detail", args=[document.pk]) + (f"#{anchor}" if anchor else "")


def _active_agencies():
    return list(Agency.objects.filter(is_active=True).order_by("kind", "code"))


# --- the list --------------------------------------------------------------------------------------------


@login_required
def document_list(request):
    user = _staff(request)
    form = forms.DocumentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = sel.filtered(sel.documents_for(user), kind=data.get("kind", ""), status=data.get("status", ""), year=data.get("year"), q=(data.get("q") or "").strip())
    page = Paginator(sel.list_rows(qs).order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "documents": page.object_list, "can_draft": manages_for(user, user.agency_id)}
    template = "consultation/documents_rows.html" if request.htmx and not request.htmx.boosted else "consultation/documents_list.html"
    return render(request, template, context)


# --- a new document --------------------------------------------------------------------------------------


def _prefill(meeting):
    """Title, body and consensus items prefilled from a held meeting's discussed agenda."""
    topics = list(meeting.agenda_items.filter(status=AgendaStatus.DISCUSSED).select_related("proposed_by_agency").order_by("position", "pk"))
    numerals = "一二三四五六七八九十"
    held = meeting.held_on or meeting.starts_at.date()
    lines = [f"{held.year}年{held.month}月{held.day}日，{meeting.organiser.name}召集{meeting.title}。会议讨论了以下议题，形成如下共识："]
    for n, item in enumerate(topics):
        mark = numerals[n] if n < len(numerals) else str(n + 1)
        lines.append(f"{mark}、{item.topic}")
        lines.append(_("（会议就此议题形成的共识）"))
    body = "\n\n".join(lines)
    items = [{"text": item.topic, "responsible_agency": str(item.proposed_by_agency_id)} for item in topics]
    return {"kind": DocumentKind.MINUTES, "title": f"{meeting.title}纪要"[:200], "text": body}, items


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request):
    user = _staff(request)
    if not manages_for(user, user.agency_id):
        raise DjangoPermissionDenied
    meeting = None
    raw = request.POST.get("meeting") if request.method == "POST" else request.GET.get("meeting")
    if raw:
        meeting = get_or_404(get_meeting, user, raw)
    if meeting is not None:
        participants = list(Participant.objects.filter(meeting=meeting).select_related("agency").order_by("pk"))
        agencies = [p.agency for p in participants]
        if not any(p.agency_id == user.agency_id and p.role != ParticipantRole.INVITED for p in participants):
            raise DjangoPermissionDenied
    else:
        agencies = _active_agencies()
    initial, item_initial = ({"kind": DocumentKind.CO_SIGNED}, None)
    if meeting is not None and request.method == "GET":
        initial, item_initial = _prefill(meeting)
    form = forms.DocumentForm(post_data(request), agencies=agencies, initial=initial)
    formset = forms.item_formset(post_data(request), agencies=agencies, initial=item_initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        by_pk = {str(a.pk): a for a in agencies}
        chosen = [by_pk[pk] for pk in data["signatories"]]
        try:
            document = documents.draft_document(
                actor=user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                meeting=meeting,
                number=data["number"],
                signatories=chosen or None,
                main_recipients=data["main_recipients"],
                copy_to=data["copy_to"],
                items=forms.items_from(formset, agencies),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已起草《%(t)s》（第1版）。") % {"t": document.title})
            return redirect(_detail_url(document))
    context = {"form": form, "formset": formset, "meeting": meeting, "meeting_url": _url("consultation:meeting_detail", meeting.pk) if meeting else ""}
    return render(request, "consultation/documents_new.html", context)


# --- the document ----------------------------------------------------------------------------------------


def _paragraph_rows(document, current, comments, user, can_comment, can_answer):
    """The current text's paragraphs, each with the comments made on it in the current version."""
    paras = texts.paragraphs(current.text) if current else []
    by_paragraph = {}
    for c in comments:
        if c.version_id == current.pk:
            by_paragraph.setdefault(c.paragraph, []).append(c)
    return [_paragraph(document, n, text, by_paragraph.get(n, []), can_comment=can_comment, can_answer=can_answer) for n, text in enumerate(paras, start=1)]


def _paragraph(document, n, text, comments, *, can_comment, can_answer):
    for c in comments:
        c.answer_form = (
            forms.AnswerForm(
                auto_id=f"c{c.pk}-%s", initial={"status": c.status if c.status != CommentStatus.OPEN else CommentStatus.ADOPTED, "response": c.response}
            )
            if can_answer
            else None
        )
    return {
        "n": n,
        "text": text,
        "comments": comments,
        "form": forms.CommentForm(auto_id=f"p{n}-%s", initial={"paragraph": n}) if can_comment else None,
    }


def _permissions(user, document):
    status = document.status
    locked = document.locked_at is not None or status == DocumentStatus.SIGNED
    manage = documents.can_manage(user, document) and not locked
    signatures = document.signatures.filter(voided_at__isnull=True, agency_id=user.agency_id).exists() if user.agency_id else False
    return {
        "locked": locked,
        "can_revise": manage and status in (DocumentStatus.DRAFT, DocumentStatus.REVIEW),
        "can_circulate": manage and status == DocumentStatus.DRAFT,
        "can_open_signing": manage and status == DocumentStatus.REVIEW,
        "can_comment": (not locked) and status == DocumentStatus.REVIEW and documents.can_comment(user, document),
        "can_answer": manage and status in (DocumentStatus.DRAFT, DocumentStatus.REVIEW, DocumentStatus.SIGNING),
        "can_sign": (not locked) and status == DocumentStatus.SIGNING and documents.can_sign(user, document) and not signatures,
        "can_return": (not locked) and status == DocumentStatus.SIGNING and documents.can_return(user, document),
    }


def _detail_context(request, document):
    user = request.user
    data = sel.detail(document)
    perms = _permissions(user, document)
    current = data["current"]
    live = [s for s in data["signatures"] if s.voided_at is None]
    signed_ids = {s.agency_id for s in live}
    for sig in data["signatories"]:
        sig.signed = sig.agency_id in signed_ids
    for item in data["items"]:
        item.action_url = _url("consultation:action_new", item.pk) if document.status == DocumentStatus.SIGNED else ""
    old_comments = [c for c in data["comments"] if current is not None and c.version_id != current.pk]
    versions = data["versions"]
    return {
        "document": document,
        **data,
        **perms,
        "live_signatures": live,
        "voided_signatures": [s for s in data["signatures"] if s.voided_at is not None],
        "paragraphs": _paragraph_rows(document, current, data["comments"], user, perms["can_comment"], perms["can_answer"]),
        "old_comments": old_comments,
        "open_comments": sum(1 for c in data["comments"] if c.status == CommentStatus.OPEN),
        "problems": documents.verify_document(document),
        "meeting_url": _url("consultation:meeting_detail", document.meeting_id) if document.meeting_id else "",
        "circulate_form": forms.CirculateForm() if perms["can_circulate"] else None,
        "signing_form": forms.OpenSigningForm(initial={"number": document.number, "issued_on": document.issued_on}) if perms["can_open_signing"] else None,
        "return_form": forms.ReturnForm() if perms["can_return"] else None,
        "diff_default": (versions[-2].number, versions[-1].number) if len(versions) > 1 else None,
    }


@login_required
def document_detail(request, pk):
    document = _document(request, pk)
    return render(request, "consultation/documents_detail.html", _detail_context(request, document))


@login_required
@require_POST
def document_comment(request, pk):
    document = _document(request, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(_("请填写意见。"), status=400)
        _form_errors(request, form)
        return redirect(_detail_url(document))
    paragraph = form.cleaned_data["paragraph"]
    try:
        documents.comment_on_document(actor=request.user, document=document, paragraph=paragraph, body=form.cleaned_data["body"])
    except ServiceError as exc:
        if request.htmx and not isinstance(exc, (NotFound, PermissionDenied)):
            return HttpResponse(str(exc.message), status=exc.status)
        _fail(request, exc)
        return redirect(_detail_url(document))
    if request.htmx:
        return _paragraph_partial(request, document, paragraph)
    messages.success(request, _("已提出意见。"))
    return redirect(_detail_url(document, f"p-{paragraph}"))


def _paragraph_partial(request, document, paragraph):
    document.refresh_from_db()
    perms = _permissions(request.user, document)
    current = documents.current_version(document)
    paras = texts.paragraphs(current.text)
    comments = list(ReviewComment.objects.filter(version=current, paragraph=paragraph).select_related("agency", "author", "responded_by").order_by("pk"))
    row = _paragraph(document, paragraph, paras[paragraph - 1], comments, can_comment=perms["can_comment"], can_answer=perms["can_answer"])
    return render(request, "consultation/documents_paragraph.html", {"document": document, "p": row})


@login_required
@require_POST
def document_answer(request, pk, comment):
    document = _document(request, pk)
    row = ReviewComment.objects.filter(document=document, pk=parse_pk_or_404(comment)).first()
    if row is None:
        raise Http404
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(_("请选择处理情况并填写答复。"), status=400)
        _form_errors(request, form)
        return redirect(_detail_url(document))
    try:
        documents.answer_comment(actor=request.user, comment=row, status=form.cleaned_data["status"], response=form.cleaned_data["response"])
    except ServiceError as exc:
        if request.htmx and not isinstance(exc, (NotFound, PermissionDenied)):
            return HttpResponse(str(exc.message), status=exc.status)
        _fail(request, exc)
        return redirect(_detail_url(document))
    current = documents.current_version(document)
    if request.htmx and row.version_id == current.pk:
        return _paragraph_partial(request, document, row.paragraph)
    messages.success(request, _("已答复。"))
    return redirect(_detail_url(document, f"p-{row.paragraph}"))


def parse_pk_or_404(value):
    try:
        return parse_pk(value)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def document_revise(request, pk):
    document = _document(request, pk)
    user = request.user
    if not documents.can_manage(user, document):
        raise DjangoPermissionDenied
    current = documents.current_version(document)
    agencies = list(Agency.objects.filter(pk__in=documents.reviewer_agency_ids(document)).order_by("kind", "code"))
    items = list(document.items.order_by("position"))
    form = forms.ReviseForm(post_data(request), initial={"text": current.text})
    formset = forms.item_formset(
        post_data(request), agencies=agencies, initial=[{"text": i.text, "responsible_agency": str(i.responsible_agency_id)} for i in items]
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            version = documents.revise(
                actor=user, document=document, text=form.cleaned_data["text"], note=form.cleaned_data["note"], items=forms.items_from(formset, agencies)
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存为第%(n)d版。") % {"n": version.number})
            return redirect(_detail_url(document))
    context = {
        "document": document,
        "form": form,
        "formset": formset,
        "current": current,
        "open_comments": document.comments.filter(status=CommentStatus.OPEN).count(),
    }
    return render(request, "consultation/documents_revise.html", context)


@login_required
def document_diff(request, pk):
    document = _document(request, pk)
    versions = list(document.versions.order_by("number"))
    form = forms.DiffForm(request.GET or None)
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    elif not request.GET and len(versions) > 1:
        a, b = versions[-2].number, versions[-1].number
    elif not request.GET and versions:
        a = b = versions[-1].number
    else:
        raise Http404
    old = get_or_404(sel.get_version, document, a)
    new = get_or_404(sel.get_version, document, b)
    rows = texts.diff(old.text, new.text)
    context = {"document": document, "versions": versions, "old": old, "new": new, "rows": rows, "changed": sum(1 for r in rows if r["changed"])}
    return render(request, "consultation/documents_diff.html", context)


@login_required
@require_POST
def document_circulate(request, pk):
    document = _document(request, pk)
    form = forms.CirculateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail_url(document))
    try:
        documents.circulate(actor=request.user, document=document, review_deadline=form.cleaned_data["review_deadline"])
        messages.success(request, _("已送各单位审阅。"))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(_detail_url(document))


@login_required
@require_POST
def document_open_signing(request, pk):
    document = _document(request, pk)
    form = forms.OpenSigningForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_detail_url(document))
    try:
        documents.open_signing(actor=request.user, document=document, number=form.cleaned_data["number"], issued_on=form.cleaned_data["issued_on"])
        messages.success(request, _("已提交会签。"))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(_detail_url(document))


@login_required
@require_http_methods(["GET", "POST"])
def document_sign(request, pk):
    """The signer sees the exact text and its SHA-256; the form carries the hash it showed."""
    document = _document(request, pk)
    user = request.user
    if not documents.can_sign(user, document):
        raise DjangoPermissionDenied
    current = documents.current_version(document)
    form = forms.SignForm(post_data(request), initial={"text_hash": current.sha256})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            documents.sign(actor=user, document=document, text_hash=form.cleaned_data["text_hash"])
        except ServiceError as exc:
            if isinstance(exc, (NotFound, PermissionDenied)):
                _fail(request, exc)
            messages.error(request, str(exc.message))
            status = exc.status
            form = forms.SignForm(initial={"text_hash": current.sha256})
        else:
            document.refresh_from_db()
            if document.status == DocumentStatus.SIGNED:
                messages.success(request, _("已签署。各会签单位均已签署，文件已锁定并印发。"))
            else:
                messages.success(request, _("已签署。"))
            return redirect(_detail_url(document))
    context = {"document": document, "current": current, "paragraphs": list(enumerate(texts.paragraphs(current.text), start=1)), "form": form}
    return render(request, "consultation/documents_sign.html", context, status=status)


@login_required
@require_POST
def document_return(request, pk):
    document = _document(request, pk)
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        if not documents.can_return(request.user, document):
            raise DjangoPermissionDenied
        _form_errors(request, form)
        return redirect(_detail_url(document))
    try:
        documents.return_to_review(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        messages.success(request, _("已退回审阅，已有的签署已作废。"))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(_detail_url(document))


@login_required
def document_pdf(request, pk):
    document = _document(request, pk)
    content, filename = pdf.render_pdf(document, actor=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response
