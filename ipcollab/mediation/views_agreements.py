"""Pages of agreements and judicial confirmation for the agencies: the agreements of a mediation
(drafting, circulation, confirmations, invitations, the application), the agreement's PDF, the
court's queue and the application with the court's actions, the pilots (platform admin) and
CNIPA's list of transfer and licence terms to record. Thin: confirmation/portal decide; a refusal
comes back as a message on the page it came from; out of reach is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import get_or_404, message_service_error
from ipcollab.core.forms_errors import message_form_errors as _form_errors
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.proceedings.models import Proceeding

from . import confirmation, forms_agreements, pdf, portal, selectors
from .models import Agreement, AgreementStatus, ApplicationStatus, ConfirmationPilot, Invitation, MediationParty, Source, Term

COURT_ACTIONS = ("accept", "refuse", "extend", "rule")


def _fail(request, exc):
    message_service_error(request, exc, quiet_codes=("confirmation_late",))


def _not_external(user):
    if getattr(user, "kind", "") == "external":
        raise Http404
    return user


def _mediation(request, pk):
    _not_external(request.user)
    return get_or_404(selectors.get_mediation, request.user, pk)


def _agreement(request, pk):
    _not_external(request.user)
    return get_or_404(confirmation.get_agreement, request.user, pk)


def _manage(request, mediation):
    """A write on the agreement: the mediator or the organisation's managers (403 otherwise)."""
    if not confirmation.can_manage(request.user, mediation):
        raise DjangoPermissionDenied


def _back(agreement_or_mediation):
    mediation = getattr(agreement_or_mediation, "mediation", agreement_or_mediation)
    return redirect(reverse("mediation:agreements", args=[mediation.pk]))


def _proceedings_of(mediation):
    party_ids = list(mediation.parties.values_list("party_id", flat=True))
    return Proceeding.objects.filter(parties__party_id__in=party_ids).distinct().order_by("-filed_on", "pk")[:50]


@login_required
def agreements(request, pk):
    mediation = _mediation(request, pk)
    user = request.user
    parties = list(selectors.parties_of(mediation))
    versions = list(
        Agreement.objects.filter(mediation=mediation).order_by("-version").prefetch_related("terms__right", "terms__proceeding", "confirmations__party__party")
    )
    for a in versions:
        party_map = {p.pk: p for p in parties}
        a.term_rows = [(t, confirmation.term_text(t, party_map)) for t in a.terms.all()]
        a.confirmed_ids = {c.party_id for c in a.confirmations.all()}
        a.open_application = confirmation.open_application(a) if a.status == AgreementStatus.EFFECTIVE else None
    current = next((a for a in versions if a.status != AgreementStatus.SUPERSEDED), None)
    manage = confirmation.can_manage(user, mediation)
    invite = confirmation.can_invite(user, mediation)
    invitations = {}
    for inv in Invitation.objects.filter(party__mediation=mediation).order_by("-sent_at"):
        inv.state = portal.status_of(inv)
        inv.state_label = portal.STATUS_LABELS[inv.state]
        invitations.setdefault(inv.party_id, []).append(inv)
    for p in parties:
        p.invitation_rows = invitations.get(p.pk, [])[:3]
    proposals, proposal_error, deadline = [], "", None
    if current is not None and current.status == AgreementStatus.EFFECTIVE and current.open_application is None:
        try:
            proposals = confirmation.competent_courts(mediation, confirmation.today())
            deadline = confirmation.apply_deadline(current)[0]
        except ServiceError as exc:
            proposal_error = str(exc.message)
    context = {
        "mediation": mediation,
        "parties": parties,
        "versions": versions,
        "current": current,
        "can_manage": manage,
        "can_invite": invite,
        "can_manage_draft": manage and current is not None and current.status == AgreementStatus.DRAFT,
        "preamble_form": forms_agreements.PreambleForm(initial={"preamble": current.preamble if current else ""}),
        "term_form": forms_agreements.TermForm(parties=parties, rights=mediation.rights.all(), proceedings=_proceedings_of(mediation)) if manage else None,
        "paper_form": forms_agreements.PaperConfirmationForm(parties=parties) if manage else None,
        "invite_form": forms_agreements.InviteForm(),
        "apply_form": forms_agreements.ApplyForm(proposals=proposals) if proposals and manage else None,
        "proposals": proposals,
        "proposal_error": proposal_error,
        "apply_deadline": deadline,
        "applications": list(confirmation.applications_for(user).filter(agreement__mediation=mediation).select_related("court", "judge").order_by("-pk")),
        "in_suit": mediation.source == Source.IN_SUIT,
    }
    return render(request, "mediation/agreements/agreements.html", context)


@login_required
@require_POST
def agreement_new(request, pk):
    mediation = _mediation(request, pk)
    _manage(request, mediation)
    form = forms_agreements.PreambleForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(mediation)
    try:
        agreement = confirmation.draft_agreement(actor=request.user, mediation=mediation, preamble=form.cleaned_data["preamble"])
        messages.success(request, _("已起草调解协议第%(v)d版。") % {"v": agreement.version})
    except ServiceError as exc:
        _fail(request, exc)
    return _back(mediation)


@login_required
@require_POST
def agreement_edit(request, pk):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    form = forms_agreements.PreambleForm(request.POST)
    if form.is_valid():
        try:
            confirmation.update_draft(actor=request.user, agreement=agreement, preamble=form.cleaned_data["preamble"])
            messages.success(request, _("已保存。"))
        except ServiceError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return _back(agreement)


@login_required
@require_POST
def agreement_term_add(request, pk):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    mediation = agreement.mediation
    form = forms_agreements.TermForm(
        request.POST, parties=list(selectors.parties_of(mediation)), rights=mediation.rights.all(), proceedings=_proceedings_of(mediation)
    )
    if not form.is_valid():
        _form_errors(request, form)
        return _back(agreement)
    try:
        confirmation.add_term(actor=request.user, agreement=agreement, **form.service_data())
        messages.success(request, _("已添加条款。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(agreement)


@login_required
@require_POST
def agreement_term_delete(request, pk, term):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    row = Term.objects.filter(agreement=agreement, pk=parse_pk(term)).first()
    if row is None:
        raise Http404
    try:
        confirmation.remove_term(actor=request.user, term=row)
        messages.success(request, _("已删除条款。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(agreement)


@login_required
@require_POST
def agreement_circulate(request, pk):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    try:
        confirmation.circulate(actor=request.user, agreement=agreement)
        messages.success(request, _("调解协议已发送各方当事人确认。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(agreement)


@login_required
@require_POST
def agreement_paper(request, pk):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    form = forms_agreements.PaperConfirmationForm(request.POST, request.FILES, parties=list(selectors.parties_of(agreement.mediation)))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(agreement)
    try:
        confirmation.record_paper_confirmation(
            actor=request.user,
            agreement=agreement,
            party=int(form.cleaned_data["party"]),
            upload=form.cleaned_data["document"],
            signed_on=form.cleaned_data.get("signed_on"),
        )
        messages.success(request, _("已录入书面确认。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(agreement)


@login_required
def agreement_pdf(request, pk):
    """The agreement's PDF, for the agencies in reach and for the matter's own parties."""
    user = request.user
    if getattr(user, "kind", "") == "external":
        agreement = (
            Agreement.objects.filter(pk=parse_pk(pk), mediation__parties__user=user)
            .select_related("mediation__organisation__agency", "mediation__mediator__user")
            .first()
        )
        if agreement is None or agreement.status == AgreementStatus.DRAFT:
            raise Http404
    else:
        agreement = get_or_404(confirmation.get_agreement, user, pk)
    data, filename = pdf.render_pdf(agreement, actor=user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def confirmation_apply(request, pk):
    agreement = _agreement(request, pk)
    _manage(request, agreement.mediation)
    try:
        proposals = confirmation.competent_courts(agreement.mediation, confirmation.today())
    except ServiceError as exc:
        _fail(request, exc)
        return _back(agreement)
    form = forms_agreements.ApplyForm(request.POST, request.FILES, proposals=proposals)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(agreement)
    try:
        application = confirmation.apply_for_confirmation(
            actor=request.user, agreement=agreement, court=int(form.cleaned_data["court"]), consent_upload=form.cleaned_data.get("consent_document")
        )
        messages.success(request, _("已向%(c)s申请司法确认。") % {"c": application.court.name})
    except ServiceError as exc:
        _fail(request, exc)
    return _back(agreement)


@login_required
@require_POST
def party_invite(request, pk):
    _not_external(request.user)
    mp = MediationParty.objects.select_related("mediation").filter(pk=parse_pk(pk)).first()
    if mp is None or not selectors.mediations_for(request.user).filter(pk=mp.mediation_id).exists():
        raise Http404
    if not confirmation.can_invite(request.user, mp.mediation):
        raise DjangoPermissionDenied
    form = forms_agreements.InviteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(mp.mediation)
    try:
        invitation = portal.invite(
            actor=request.user, party=mp, channel=form.cleaned_data["channel"], address=form.cleaned_data["address"], base_url=request.build_absolute_uri("/")
        )
        messages.success(request, _("已通过%(ch)s发送邀请。") % {"ch": invitation.get_channel_display()})
    except ServiceError as exc:
        _fail(request, exc)
    return _back(mp.mediation)


@login_required
@require_POST
def invitation_revoke(request, pk):
    _not_external(request.user)
    invitation = Invitation.objects.select_related("party__mediation").filter(pk=parse_pk(pk)).first()
    if invitation is None or not selectors.mediations_for(request.user).filter(pk=invitation.party.mediation_id).exists():
        raise Http404
    if not confirmation.can_invite(request.user, invitation.party.mediation):
        raise DjangoPermissionDenied
    try:
        portal.revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("邀请已撤销。"))
    except ServiceError as exc:
        _fail(request, exc)
    return _back(invitation.party.mediation)


# --- the court -----------------------------------------------------------------------------------


@login_required
def confirmation_queue(request):
    user = _not_external(request.user)
    if not (user.agency_id and confirmation.is_court_staff(user, user.agency_id)) and not is_platform_admin(user):
        raise DjangoPermissionDenied
    queue = (
        list(confirmation.court_queue(user))
        if not is_platform_admin(user)
        else list(confirmation.applications_for(user).select_related("agreement__mediation", "court"))
    )
    return render(
        request,
        "mediation/agreements/queue.html",
        {
            "open": [a for a in queue if a.status in (ApplicationStatus.FILED, ApplicationStatus.ACCEPTED)],
            "closed": [a for a in queue if a.status not in (ApplicationStatus.FILED, ApplicationStatus.ACCEPTED)][:100],
            "today": confirmation.today(),
        },
    )


@login_required
def confirmation_detail(request, pk):
    _not_external(request.user)
    application = get_or_404(confirmation.get_application, request.user, pk)
    agreement = application.agreement
    parties = {p.pk: p for p in selectors.parties_of(agreement.mediation)}
    court = confirmation.is_court_staff(request.user, application.court_id)
    return render(
        request,
        "mediation/agreements/application.html",
        {
            "application": application,
            "agreement": agreement,
            "mediation": agreement.mediation,
            "terms": [confirmation.term_text(t, parties) for t in agreement.terms.select_related("right", "proceeding").order_by("order", "pk")],
            "confirmations": agreement.confirmations.select_related("party__party").order_by("confirmed_at"),
            "is_court": court,
            "accept_form": forms_agreements.AcceptForm(initial={"accepted_on": confirmation.today()}),
            "refuse_form": forms_agreements.ReasonForm(),
            "extend_form": forms_agreements.ExtendForm(),
            "rule_form": forms_agreements.RuleForm(),
            "today": confirmation.today(),
            "invalid_options": confirmation.INVALID_OPTIONS_TEXT,
        },
    )


@login_required
@require_POST
def confirmation_action(request, pk, action):
    _not_external(request.user)
    if action not in COURT_ACTIONS:
        raise Http404
    application = get_or_404(confirmation.get_application, request.user, pk)
    form_class = {
        "accept": forms_agreements.AcceptForm,
        "refuse": forms_agreements.ReasonForm,
        "extend": forms_agreements.ExtendForm,
        "rule": forms_agreements.RuleForm,
    }[action]
    form = form_class(request.POST)
    if not confirmation.is_court_staff(request.user, application.court_id):
        raise DjangoPermissionDenied
    back = redirect(reverse("mediation:confirmation_detail", args=[application.pk]))
    if not form.is_valid():
        _form_errors(request, form)
        return back
    d = form.cleaned_data
    try:
        if action == "accept":
            confirmation.accept_application(actor=request.user, application=application, case_number=d["case_number"], accepted_on=d.get("accepted_on"))
            messages.success(request, _("已受理。"))
        elif action == "refuse":
            confirmation.refuse_application(actor=request.user, application=application, reason=d["reason"])
            messages.success(request, _("已决定不予受理。"))
        elif action == "extend":
            confirmation.extend_application(actor=request.user, application=application, approval=d["approval"])
            messages.success(request, _("审查期限已延长。"))
        else:
            confirmation.rule_application(actor=request.user, application=application, ruling=d["ruling"], reason=d.get("reason", ""))
            messages.success(request, _("已作出裁定。"))
    except ServiceError as exc:
        _fail(request, exc)
    return back


# --- pilots ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pilots(request):
    user = _not_external(request.user)
    if not is_platform_admin(user):
        raise DjangoPermissionDenied
    form = forms_agreements.PilotForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                confirmation.pilot_create(
                    actor=user, court=d["court"], effective_from=d["effective_from"], effective_to=d.get("effective_to"), basis=d["basis"]
                )
                messages.success(request, _("已登记试点。"))
                return redirect("mediation:pilots")
            except ServiceError as exc:
                _fail(request, exc)
        else:
            _form_errors(request, form)
    rows = ConfirmationPilot.objects.select_related("court").order_by("court__code", "-effective_from")
    today = confirmation.today()
    for row in rows:
        row.in_effect = row.effective_from <= today and (row.effective_to is None or today <= row.effective_to)
    return render(
        request, "mediation/agreements/pilots.html", {"form": form, "pilots": rows, "end_form": forms_agreements.PilotEndForm(initial={"effective_to": today})}
    )


@login_required
@require_POST
def pilot_end(request, pk):
    user = _not_external(request.user)
    if not is_platform_admin(user):
        raise DjangoPermissionDenied
    pilot = ConfirmationPilot.objects.filter(pk=parse_pk(pk)).first()
    if pilot is None:
        raise Http404
    form = forms_agreements.PilotEndForm(request.POST)
    if form.is_valid():
        try:
            confirmation.pilot_end(actor=user, pilot=pilot, effective_to=form.cleaned_data["effective_to"])
            messages.success(request, _("已设定试点失效日期。"))
        except ServiceError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("mediation:pilots")


# --- CNIPA: transfer and licence terms to record ---------------------------------------------------


@login_required
def terms_to_record(request):
    user = _not_external(request.user)
    if not confirmation.can_record_on_register(user):
        raise DjangoPermissionDenied
    rows = list(confirmation.terms_to_record(user)[:200])
    return render(request, "mediation/agreements/terms_to_record.html", {"rows": [(t, confirmation.term_text(t)) for t in rows]})


@login_required
@require_POST
def term_record(request, pk):
    user = _not_external(request.user)
    if not confirmation.can_record_on_register(user):
        raise DjangoPermissionDenied
    term = Term.objects.select_related("right").filter(pk=parse_pk(pk)).first()
    if term is None:
        raise Http404
    try:
        confirmation.record_term_on_register(actor=user, term=term)
        messages.success(request, _("已登记到权利的法律状态。"))
    except ServiceError as exc:
        _fail(request, exc)
    return redirect("mediation:terms_to_record")
