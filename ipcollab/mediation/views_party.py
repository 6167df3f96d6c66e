"""The parties' own pages (issue 7, point 3): taking up an invitation (link + one-time code +
a password), the list of the party's matters, and one matter — the documents marked visible, the
sessions, the log entries meant for the parties, the agreement to confirm, its confirmations, the
joint application and the ruling. An external user sees only the matters whose MediationParty it
is bound to: any other id is a 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.audit.services import record
from ipcollab.core.errors import ServiceError
from ipcollab.core.ids import parse_pk

from . import confirmation, forms_agreements, portal, selectors
from .models import Agreement, AgreementStatus, Document
from .views_agreements import _fail, _form_errors


def _external(request):
    if getattr(request.user, "kind", "") != "external":
        raise Http404
    return request.user


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Anyone holding the link: the code and a new password bind the party's account and sign in."""
    try:
        invitation = portal.find(token)
    except ServiceError as exc:
        return render(request, "mediation/party/join.html", {"invalid": str(exc.message)}, status=400)
    form = forms_agreements.JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = portal.take_up(token=token, code=form.cleaned_data["code"], password=form.cleaned_data["password"])
        except ServiceError as exc:
            if exc.code == "invitation_invalid":
                return render(request, "mediation/party/join.html", {"invalid": str(exc.message)}, status=400)
            for field, msgs in exc.fields.items():
                for msg in msgs:
                    form.add_error(field if field in form.fields else None, str(msg))
            if not exc.fields:
                form.add_error(None, str(exc.message))
        else:
            login(request, user, backend="ipcollab.accounts.backends.AccountBackend")
            messages.success(request, _("欢迎，您已可以在线参与调解。"))
            return redirect("mediation:party_matter", pk=invitation.party.mediation_id)
    return render(request, "mediation/party/join.html", {"form": form, "invitation": invitation, "party": invitation.party})


@login_required
def party_home(request):
    user = _external(request)
    rows = list(portal.matters_of(user))
    if len(rows) == 1:
        return redirect("mediation:party_matter", pk=rows[0].mediation_id)
    return render(request, "mediation/party/home.html", {"rows": rows})


def _matter(request, pk):
    user = _external(request)
    try:
        return portal.party_matter(user, pk)
    except Exception as exc:  # NotFound
        raise Http404 from exc


@login_required
def party_matter(request, pk):
    mediation, mp = _matter(request, pk)
    parties = {p.pk: p for p in selectors.parties_of(mediation)}
    versions = list(Agreement.objects.filter(mediation=mediation).exclude(status=AgreementStatus.DRAFT).order_by("-version"))
    current = next((a for a in versions if a.status != AgreementStatus.SUPERSEDED), None)
    terms, confirmations, mine, applications, proposals, deadline, proposal_error = [], [], None, [], [], None, ""
    if current is not None:
        terms = [confirmation.term_text(t, parties) for t in current.terms.select_related("right", "proceeding").order_by("order", "pk")]
        confirmations = list(current.confirmations.select_related("party__party").order_by("confirmed_at"))
        mine = next((c for c in confirmations if c.party_id == mp.pk), None)
        applications = list(current.applications.select_related("court").order_by("-pk"))
        if current.status == AgreementStatus.EFFECTIVE and confirmation.open_application(current) is None:
            try:
                proposals = confirmation.competent_courts(mediation, confirmation.today())
                deadline = confirmation.apply_deadline(current)[0]
            except ServiceError as exc:
                proposal_error = str(exc.message)
    context = {
        "mediation": mediation,
        "me": mp,
        "parties": parties.values(),
        "documents": mediation.documents.filter(visible_to_parties=True).order_by("uploaded_at"),
        "sessions": selectors.sessions_of(mediation),
        "log": selectors.log_of(mediation, parties_only=True),
        "current": current,
        "terms": terms,
        "confirmations": confirmations,
        "mine": mine,
        "applications": applications,
        "proposals": proposals,
        "apply_form": forms_agreements.ApplyForm(proposals=proposals) if proposals else None,
        "apply_deadline": deadline,
        "proposal_error": proposal_error,
        "invalid_options": confirmation.INVALID_OPTIONS_TEXT,
    }
    return render(request, "mediation/party/matter.html", context)


@login_required
@require_POST
def party_confirm(request, pk, agreement):
    mediation, mp = _matter(request, pk)
    row = Agreement.objects.filter(mediation=mediation, pk=parse_pk(agreement)).first()
    if row is None:
        raise Http404
    try:
        confirmation.confirm_online(actor=request.user, agreement=row, text_hash_confirmed=request.POST.get("text_hash", ""))
        messages.success(request, _("您已确认调解协议。"))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("mediation:party_matter", pk=mediation.pk)


@login_required
@require_POST
def party_apply(request, pk, agreement):
    mediation, mp = _matter(request, pk)
    row = Agreement.objects.filter(mediation=mediation, pk=parse_pk(agreement)).first()
    if row is None:
        raise Http404
    try:
        proposals = confirmation.competent_courts(mediation, confirmation.today())
    except ServiceError as exc:
        _fail(request, exc)
        return redirect("mediation:party_matter", pk=mediation.pk)
    form = forms_agreements.ApplyForm(request.POST, request.FILES, proposals=proposals)
    if form.is_valid():
        try:
            application = confirmation.apply_for_confirmation(
                actor=request.user, agreement=row, court=int(form.cleaned_data["court"]), consent_upload=form.cleaned_data.get("consent_document")
            )
            messages.success(request, _("已向%(c)s申请司法确认。") % {"c": application.court.name})
        except ServiceError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect(reverse("mediation:party_matter", args=[mediation.pk]))


@login_required
def party_document(request, pk, document):
    mediation, mp = _matter(request, pk)
    doc = Document.objects.filter(mediation=mediation, pk=parse_pk(document), visible_to_parties=True).first()
    if doc is None:
        raise Http404
    record(actor=request.user, action="mediation.document.download", obj=doc, agency=mediation.organisation.agency, is_read=True)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1])
