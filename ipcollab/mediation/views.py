"""Pages of the mediation workflow: the list for each role's reach, the mediation with the actions
open to the viewer, a new mediation for each way it starts, the directory of organisations and
mediators (入驻), and the figures. Thin: selectors read (out of reach → 404), services write."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.audit.services import record
from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.models import Party, Right

from . import forms, selectors, services
from . import rules as who
from .models import Organisation, Source, Status

User = get_user_model()
SOURCE_LABELS = dict(Source.choices)


def _pk_or_none(value):
    try:
        return parse_pk(value)
    except NotFound:
        return None


def _staff_or_admin(user):
    if user.kind == "external":
        raise DjangoPermissionDenied
    return user


def _sources_for(user):
    out = []
    if user.has_perm("mediation.start_court"):
        out += [Source.PRE_SUIT, Source.IN_SUIT]
    if user.has_perm("mediation.start_direct") and not is_platform_admin(user):
        out.append(Source.DIRECT)
    if user.has_perm("mediation.start_office") and Organisation.objects.filter(agency_id=user.agency_id, active=True).exists():
        out.append(Source.ADMINISTRATIVE)
    return out


# --- the list ---------------------------------------------------------------------------------------


@login_required
def mediation_list(request):
    user = request.user
    qs = selectors.mediations_for(user)
    source = request.GET.get("source", "")
    status = request.GET.get("status", "")
    source = source if source in Source.values else ""
    status = status if status in Status.values else ""
    organisation = _pk_or_none(request.GET.get("organisation")) if request.GET.get("organisation") else None
    court = _pk_or_none(request.GET.get("court")) if request.GET.get("court") else None
    mediator = _pk_or_none(request.GET.get("mediator")) if request.GET.get("mediator") else None
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.filtered(qs, source=source, status=status, organisation=organisation, court=court, mediator=mediator, overdue=overdue)
    page = Paginator(qs.order_by("-received_on", "-pk"), 50).get_page(request.GET.get("page"))
    reach = selectors.mediations_for(user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "sources": Source.choices,
        "statuses": Status.choices,
        "organisations": Organisation.objects.filter(pk__in=reach.values("organisation_id")).select_related("agency").order_by("agency__name"),
        "courts": Agency.objects.filter(pk__in=reach.values("court_id")).order_by("name"),
        "mediators": selectors.mediators(active_only=False).filter(pk__in=reach.values("mediator_id")),
        "filters": {"source": source, "status": status, "organisation": organisation, "court": court, "mediator": mediator, "overdue": overdue},
        "can_start": _sources_for(user) if user.kind != "external" else [],
        "today": timezone.localdate(),
    }
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, "mediation/_rows.html", context)
    return render(request, "mediation/list.html", context)


# --- one mediation ------------------------------------------------------------------------------------


def _action_forms(user, m):
    """The actions open to `user` on `m`, each with its (unbound) form."""
    out = {}
    if user.kind == "external":
        return out
    if who.runs_organisation(user, m.organisation) and m.status in selectors.OPEN:
        out["assign"] = forms.AssignForm(mediators=selectors.mediators(organisation=m.organisation_id))
    if who.is_assigned_mediator(user, m) and m.status == Status.ASSIGNED:
        out["accept"] = forms.AcceptForm(initial={"accepted_on": timezone.localdate()})
        out["decline"] = forms.ReasonForm()
    works = who.works_on(user, m)
    if works and m.status in (Status.ASSIGNED, Status.ACTIVE):
        out["log"] = forms.LogForm()
        out["document"] = forms.DocumentForm()
    if works and m.status == Status.ACTIVE:
        out["extend"] = forms.ExtendForm()
        out["session"] = forms.SessionForm(initial={"mode": "online"})
        out["minutes"] = forms.MinutesForm()
    if works and m.status in selectors.OPEN:
        out["outcome"] = forms.OutcomeForm(initial={"ended_on": timezone.localdate()})
    if who.court_officer_of(user, m.court_id) and m.status == Status.CLOSED and not m.court_follow_up:
        if m.source == Source.PRE_SUIT and m.outcome == "failure":
            out["file_case"] = forms.FileCaseForm(initial={"filed_on": timezone.localdate()})
        if m.source == Source.IN_SUIT and m.outcome == "agreement" and m.case_id:
            out["close_case"] = forms.CloseCaseForm(initial={"closed_on": timezone.localdate()})
    return out


def _detail_context(request, m, bound=None):
    user = request.user
    parties_only = user.kind == "external"
    actions = _action_forms(user, m)
    if bound:
        actions.update(bound)
    return {
        "m": m,
        "parties": selectors.parties_of(m),
        "log": selectors.log_of(m, parties_only=parties_only),
        "sessions": selectors.sessions_of(m),
        "documents": selectors.documents_of(m, parties_only=parties_only),
        "rights": m.rights.all(),
        "agreement": services.effective_agreement(m),
        "actions": actions,
        "parties_only": parties_only,
        "today": timezone.localdate(),
        "overdue": m.status == Status.ACTIVE and m.due_on and m.due_on < timezone.localdate(),
    }


@login_required
def mediation_detail(request, pk):
    m = get_or_404(selectors.get_mediation, request.user, pk)
    return render(request, "mediation/detail.html", _detail_context(request, m))


ACTIONS = {
    "assign": forms.AssignForm,
    "accept": forms.AcceptForm,
    "decline": forms.ReasonForm,
    "extend": forms.ExtendForm,
    "log": forms.LogForm,
    "session": forms.SessionForm,
    "minutes": forms.MinutesForm,
    "document": forms.DocumentForm,
    "outcome": forms.OutcomeForm,
    "file_case": forms.FileCaseForm,
    "close_case": forms.CloseCaseForm,
}


def _run(action, user, m, data):
    if action == "assign":
        mediator = selectors.mediators(active_only=False).filter(pk=_pk_or_none(data["mediator"])).first()
        return services.assign(actor=user, mediation=m, mediator=mediator, reason=data.get("reason", ""))
    if action == "accept":
        return services.accept(actor=user, mediation=m, accepted_on=data.get("accepted_on"))
    if action == "decline":
        return services.decline(actor=user, mediation=m, reason=data["reason"])
    if action == "extend":
        return services.extend(actor=user, mediation=m, days=data["days"], reason=data["reason"])
    if action == "log":
        return services.add_log(actor=user, mediation=m, text=data["text"], kind=data["kind"], visible_to_parties=data["visible_to_parties"])
    if action == "session":
        return services.schedule_session(actor=user, mediation=m, starts_at=data["starts_at"], ends_at=data["ends_at"], mode=data["mode"], place=data["place"])
    if action == "minutes":
        session = m.sessions.filter(pk=_pk_or_none(data["session"])).first()
        if session is None:
            raise NotFound()
        return services.record_minutes(actor=user, session=session, minutes=data["minutes"], held=data["held"])
    if action == "document":
        return services.add_document(actor=user, mediation=m, title=data["title"], file=data["file"], visible_to_parties=data["visible_to_parties"])
    if action == "outcome":
        return services.record_outcome(actor=user, mediation=m, outcome=data["outcome"], ended_on=data["ended_on"], note=data["note"])
    if action == "file_case":
        return services.court_files_case(actor=user, mediation=m, number=data["number"], cause=data["cause"], filed_on=data["filed_on"])
    if action == "close_case":
        return services.court_closes_case(actor=user, mediation=m, how=data["how"], closed_on=data["closed_on"], decision_number=data["decision_number"])
    raise Http404


DONE = {
    "assign": _("已分配调解员。"),
    "accept": _("已接受案件，调解期限开始计算。"),
    "decline": _("已退回案件。"),
    "extend": _("已延长调解期限。"),
    "log": _("已记录。"),
    "session": _("已安排调解会议。"),
    "minutes": _("已记录笔录。"),
    "document": _("已上传材料。"),
    "outcome": _("已记录调解结果。"),
    "file_case": _("已登记立案并关联本调解案件。"),
    "close_case": _("已结案。"),
}


@login_required
@require_POST
def mediation_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    m = get_or_404(selectors.get_mediation, request.user, pk)
    if request.user.kind == "external":
        raise DjangoPermissionDenied
    form_class = ACTIONS[action]
    kwargs = {}
    if action == "assign":
        kwargs["mediators"] = selectors.mediators(organisation=m.organisation_id)
    form = form_class(request.POST, request.FILES, **kwargs) if action == "document" else form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            _run(action, request.user, m, form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("mediation:detail", pk=m.pk)
    fresh = selectors.get_mediation(request.user, m.pk)
    return render(request, "mediation/detail.html", {**_detail_context(request, fresh, {action: form}), "failed": action}, status=400)


@login_required
def document_file(request, pk, document):
    m = get_or_404(selectors.get_mediation, request.user, pk)
    qs = selectors.documents_of(m, parties_only=request.user.kind == "external")
    item = qs.filter(pk=_pk_or_none(document)).first() if _pk_or_none(document) else None
    if item is None:
        raise Http404
    record(actor=request.user, action="mediation.document.read", obj=m, is_read=True, after={"document": item.pk})
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


# --- starting a mediation -----------------------------------------------------------------------------


def _find_party(text):
    text = (text or "").strip()
    return Party.objects.filter(Q(name=text) | Q(credit_code=text.upper()), merged_into__isnull=True).first() if text else None


def _start_choices(user, source):
    if source == Source.ADMINISTRATIVE:
        organisations = Organisation.objects.filter(agency_id=user.agency_id, active=True)
    elif source == Source.DIRECT:
        organisations = Organisation.objects.filter(agency_id=user.agency_id, active=True)
    else:
        organisations = Organisation.objects.filter(active=True, accepting=True)
    cases = []
    if source == Source.IN_SUIT:
        cases = Proceeding.objects.filter(track="court", kind="civil", status="pending", agency_id=user.agency_id).order_by("-filed_on", "-pk")[:200]
    return organisations.select_related("agency").order_by("agency__name"), cases


@login_required
@require_http_methods(["GET", "POST"])
def mediation_new(request, source):
    if source not in Source.values:
        raise Http404
    user = request.user
    if source not in _sources_for(user):
        raise DjangoPermissionDenied
    organisations, cases = _start_choices(user, source)
    form = forms.StartForm(post_data(request), source=source, organisations=organisations, cases=cases, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problems = {}
        rows = []
        for side in ("applicant", "respondent"):
            party = _find_party(data[side])
            if party is None:
                problems[side] = _("登记簿中没有此当事人，请先在当事人登记中录入。")
            rows.append({"party": party, "side": side, "email": data[f"{side}_email"], "phone": data[f"{side}_phone"]})
        rights = []
        for number in form.right_numbers():
            parsed = register_selectors.parse_right_number(number)
            right = Right.objects.filter(kind=parsed[0], number=parsed[1]).first() if parsed else None
            if right is None:
                problems["rights"] = _("权利“%(n)s”不在登记簿中。") % {"n": number}
            rights.append(right)
        for name, message in problems.items():
            form.add_error(name, message)
        if not problems:
            try:
                m = services.start_mediation(
                    actor=user,
                    source=source,
                    organisation=organisations.filter(pk=_pk_or_none(data["organisation"])).first(),
                    title=data["title"],
                    parties=rows,
                    received_on=data["received_on"],
                    field=data["field"],
                    summary=data["summary"],
                    claim_amount=data["claim_amount"],
                    court_number=data.get("court_number", ""),
                    case=Proceeding.objects.filter(pk=_pk_or_none(data["case"])).first() if data.get("case") else None,
                    rights=rights,
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已登记调解案件 %(n)s。") % {"n": m.number})
                return redirect("mediation:detail", pk=m.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mediation/new.html", {"form": form, "source": source, "source_label": SOURCE_LABELS[source]}, status=status)


# --- directory: organisations and mediators --------------------------------------------------------------


def _directory_filters(request):
    form = forms.DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    available = {"yes": True, "no": False}.get(data.get("available") or "")
    return form, {"field": data.get("field") or "", "region": data.get("region") or "", "language": data.get("language") or ""}, available


@login_required
def organisation_list(request):
    _staff_or_admin(request.user)
    form, filters, available = _directory_filters(request)
    qs = selectors.organisations(**filters, accepting=available)
    can_register = request.user.has_perm("mediation.register") and services.agency_choices_for_registration(request.user).exists()
    return render(
        request,
        "mediation/organisations.html",
        {"form": form, "organisations": qs, "can_register": can_register, "manageable": {o.pk for o in qs if who.can_register_for(request.user, o.agency)}},
    )


def _agency_people(agency_id):
    return User.objects.filter(agency_id=agency_id, kind="staff", is_active=True).order_by("full_name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request):
    user = request.user
    if not user.has_perm("mediation.register"):
        raise DjangoPermissionDenied
    agencies = services.agency_choices_for_registration(user)
    agency_pk = _pk_or_none(request.POST.get("agency")) if request.method == "POST" else None
    people = _agency_people(agency_pk or user.agency_id)
    form = forms.OrganisationForm(post_data(request), agencies=agencies, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = agencies.filter(pk=_pk_or_none(data["agency"])).first()
        try:
            if agency is None:
                raise ServiceError("invalid", fields={"agency": [_("机构不存在或已入驻。")]})
            org = services.register_organisation(actor=user, agency=agency, **_organisation_profile(data, people))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("%(a)s已入驻。") % {"a": org.agency.name})
            return redirect("mediation:organisations")
    return render(request, "mediation/organisation_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _organisation_profile(data, people):
    """The profile fields of OrganisationForm's cleaned data, as the services take them."""
    return {
        "fields": data["fields_"],
        "region": data["region"] or None,
        "languages": data["languages"],
        "capacity": data["capacity"],
        "accepting": data["accepting"],
        "liaison": people.filter(pk=_pk_or_none(data["liaison"])).first() if data["liaison"] else None,
        "note": data["note"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    _staff_or_admin(request.user)
    org = get_or_404(selectors.get_organisation, pk)
    if not who.can_register_for(request.user, org.agency):
        raise DjangoPermissionDenied
    people = _agency_people(org.agency_id)
    initial = {
        "fields_": org.fields,
        "region": org.region.code if org.region_id else "",
        "languages": org.languages,
        "capacity": org.capacity,
        "accepting": org.accepting,
        "liaison": org.liaison_id or "",
        "note": org.note,
        "active": org.active,
    }
    form = forms.OrganisationForm(post_data(request), people=people, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_organisation(actor=request.user, organisation=org, **_organisation_profile(data, people), active=data["active"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("mediation:organisations")
    mediators = selectors.mediators(organisation=org.pk, active_only=False)
    return render(
        request, "mediation/organisation_form.html", {"form": form, "org": org, "mediators": mediators}, status=400 if request.method == "POST" else 200
    )


@login_required
def mediator_list(request):
    _staff_or_admin(request.user)
    form, filters, available = _directory_filters(request)
    organisation = _pk_or_none(request.GET.get("organisation")) if request.GET.get("organisation") else None
    qs = selectors.mediators(organisation=organisation, available=available, **filters)
    today = timezone.localdate()
    rows = [(m, selectors.is_available(m, today)) for m in qs]
    return render(
        request,
        "mediation/mediators.html",
        {"form": form, "rows": rows, "manageable": {m.pk for m, _a in rows if who.can_register_for(request.user, m.organisation.agency_id)}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediator_new(request, pk):
    _staff_or_admin(request.user)
    org = get_or_404(selectors.get_organisation, pk)
    if not who.can_register_for(request.user, org.agency):
        raise DjangoPermissionDenied
    people = _agency_people(org.agency_id).filter(memberships__role__code="mediator").exclude(mediator_profiles__organisation=org).distinct()
    form = forms.MediatorForm(post_data(request), people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = User.objects.filter(pk=_pk_or_none(data["user"])).first()
        try:
            if person is None:
                raise ServiceError("invalid", fields={"user": [_("人员不存在。")]})
            services.register_mediator(actor=request.user, organisation=org, user=person, **_mediator_profile(data))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("调解员已入驻。"))
            return redirect("mediation:organisation_edit", pk=org.pk)
    return render(request, "mediation/mediator_form.html", {"form": form, "org": org}, status=400 if request.method == "POST" else 200)


def _mediator_profile(data):
    """The profile fields of MediatorForm's cleaned data, as the services take them."""
    return {"fields": data["fields_"], **{name: data[name] for name in ("languages", "title", "max_caseload", "available", "unavailable_until")}}


@login_required
@require_http_methods(["GET", "POST"])
def mediator_edit(request, pk):
    _staff_or_admin(request.user)
    mediator = get_or_404(selectors.get_mediator, pk)
    if not who.can_register_for(request.user, mediator.organisation.agency_id):
        raise DjangoPermissionDenied
    initial = {
        "fields_": mediator.fields,
        "languages": mediator.languages,
        "title": mediator.title,
        "max_caseload": mediator.max_caseload,
        "available": mediator.available,
        "unavailable_until": mediator.unavailable_until,
        "active": mediator.active,
    }
    form = forms.MediatorForm(post_data(request), editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_mediator(actor=request.user, mediator=mediator, **_mediator_profile(data), active=data["active"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("mediation:organisation_edit", pk=mediator.organisation_id)
    return render(
        request,
        "mediation/mediator_form.html",
        {"form": form, "org": mediator.organisation, "mediator": mediator},
        status=400 if request.method == "POST" else 200,
    )


# --- figures -----------------------------------------------------------------------------------------------


@login_required
def figures(request):
    _staff_or_admin(request.user)
    today = timezone.localdate()
    form = forms.FiguresForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
    start, end = today.replace(month=1, day=1), today
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if end < start:
            form.add_error("end", _("结束日期不能早于开始日期。"))
            start, end = end, start
    data = selectors.figures(request.user, start, end)
    rows = [(SOURCE_LABELS[key], values) for key, values in data["by_source"].items()]
    return render(request, "mediation/figures.html", {"form": form, "data": data, "rows": rows, "reverse_list": reverse("mediation:list")})
