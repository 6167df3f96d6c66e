"""Pages of administrative adjudication: the office's and the court's lists, the request form, the
one page both sides see (each with the actions of its role), the figures. Thin: selectors read,
services write."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.orgs.models import HearingRoom, Region
from ipcollab.orgs.rooms import can_book
from ipcollab.proceedings.models import Proceeding
from ipcollab.proceedings.views import resolve_party, resolve_right

from . import forms, selectors, services
from .models import ApplicationStatus, Decision, Stage
from .rules import can_handle, can_review

User = get_user_model()


def _page(request, qs):
    return Paginator(qs, 50).get_page(request.GET.get("page"))


def _query(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_http_methods(["GET", "HEAD"])
def adjudication_list(request):
    user = request.user
    if not (user.has_perm("adjudication.handle") or user.has_perm("adjudication.review") or (user.agency_id and user.agency.kind in ("ip_office", "court"))):
        raise DjangoPermissionDenied
    form = forms.ListFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        qs = selectors.adjudications_for(user).none()
    else:
        d = form.cleaned_data if form.is_bound else {}
        qs = selectors.filtered(user, stage=d.get("stage") or "", status=d.get("status") or "", overdue=bool(d.get("overdue")), q=d.get("q") or "")
    page = _page(request, qs)
    today = timezone.localdate()
    rows = [(a, selectors.next_step(a, today), selectors.is_overdue(a, today)) for a in page]
    return render(
        request,
        "adjudication/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": _query(request),
            "court_side": bool(user.agency_id and user.agency.kind == "court"),
            "can_create": user.has_perm("adjudication.handle") and bool(user.agency_id) and user.agency.kind == "ip_office",
        },
    )


def _region(code):
    code = (code or "").strip()
    return Region.objects.filter(code=code).first() if len(code) == 6 and code.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def adjudication_new(request):
    user = request.user
    if not (user.has_perm("adjudication.handle") and user.agency_id and user.agency.kind == "ip_office"):
        raise DjangoPermissionDenied
    form = forms.RequestForm(post_data(request))
    if form.is_valid():
        d = form.cleaned_data
        right = resolve_right(user, d["right"])
        requester = resolve_party(user, d["requester"])
        respondent = resolve_party(user, d["respondent"])
        region = _region(d["region"])
        claims = forms.parse_claims(d["claims"])
        if right is None:
            form.add_error("right", _("登记簿中没有该专利。"))
        if requester is None:
            form.add_error("requester", _("登记簿中没有该当事人，请先在“当事人”中新建。"))
        if respondent is None:
            form.add_error("respondent", _("登记簿中没有该当事人，请先在“当事人”中新建。"))
        if region is None:
            form.add_error("region", _("不是平台已知的行政区划代码。"))
        if claims is None:
            form.add_error("claims", _("权利要求须写成以逗号分隔的编号，如 1,2,3。"))
        if not form.errors:
            try:
                a = services.receive_request(
                    actor=user,
                    region=region,
                    right=right,
                    requester=requester,
                    respondents=[respondent],
                    claims=claims,
                    facts=d["facts"],
                    evidence=[line.strip() for line in d["evidence"].splitlines() if line.strip()],
                    received_on=d["received_on"],
                    title=d["title"],
                    major=d["major"],
                    requester_status=d["requester_status"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已登记处理请求 %(n)s。") % {"n": a.number})
                return redirect("adjudication:detail", pk=a.pk)
    return render(request, "adjudication/new.html", {"form": form})


def _handler_choices(a):
    people = User.objects.filter(
        is_active=True, kind="staff", agency_id=a.office_id, memberships__role__code="case_handler", memberships__agency_id=F("agency_id")
    ).distinct()
    return [(u.pk, u.display_name) for u in people.order_by("full_name")]


def _rooms_for(user, a):
    rooms = HearingRoom.objects.select_related("agency").filter(is_active=True).filter(agency__region__code__startswith=str(a.office.region_id)[:2])
    return [r for r in rooms if can_book(user, r)]


def _forms(request, a, parts, bound=None):
    """The action forms the user may use now, each {"action", "title", "form"}."""
    user = request.user
    out = []
    app = parts["enforcement"]
    if can_handle(user, a) and not a.is_closed:
        stage = a.stage
        if stage == Stage.RECEIVED:
            accept = forms.AcceptForm(initial={"accepted_on": timezone.localdate()})
            accept.fields["handlers"].choices = _handler_choices(a)
            out += [("accept", _("立案并指定承办人"), accept), ("refuse", _("不予受理"), forms.RefuseForm())]
        if stage == Stage.ACCEPTED:
            assign = forms.AssignForm()
            assign.fields["handlers"].choices = _handler_choices(a)
            if a.suspended:
                out.append(("resume", _("恢复处理"), forms.ResumeForm()))
            else:
                out.append(("hearing", _("安排口头审理（预约审理室）"), forms.HearingForm(rooms=_rooms_for(user, a))))
                if parts["pending_invalidations"]:
                    out.append(("suspend", _("因无效宣告请求中止处理"), forms.SuspendForm(invalidations=parts["pending_invalidations"])))
                out.append(("decide", _("作出裁决"), forms.DecideForm()))
            out.append(("assign", _("变更承办人"), assign))
        if stage in (Stage.RECEIVED, Stage.ACCEPTED):
            out.append(("withdraw", _("请求人撤回请求"), forms.WithdrawForm()))
        if stage in (Stage.DECIDED, Stage.SERVED):
            unserved = [p for p in parts["parties"] if p.served_on is None]
            if unserved:
                out.append(("serve", _("送达裁决书"), forms.ServeForm(parties=unserved)))
            if stage == Stage.SERVED or any(p.served_on for p in parts["parties"]):
                out.append(("suit", _("登记当事人起诉"), forms.SuitForm(parties=parts["parties"])))
        if stage == Stage.SERVED and a.decision == Decision.INFRINGEMENT:
            if a.complied is None:
                out.append(("compliance", _("登记履行情况"), forms.ComplianceForm()))
            elif a.complied is False:
                out.append(("demand", _("送达履行催告书"), forms.DemandForm()))
        if stage == Stage.DEMANDED:
            out.append(("apply", _("申请法院强制执行"), forms.ApplyForm()))
        if a.decision == Decision.INFRINGEMENT and a.mediation_id is None and stage in (Stage.DECIDED, Stage.SERVED, Stage.DEMANDED, Stage.ENFORCEMENT):
            if _mediation_available():
                out.append(("mediate", _("就赔偿数额进行调解"), forms.MediateForm()))
    if app is not None and can_review(user, app):
        if app.status == ApplicationStatus.FILED:
            out += [("court_accept", _("立案受理（行审）"), forms.CourtAcceptForm()), ("court_not_accept", _("不予受理"), forms.CourtNotAcceptForm())]
        if app.status == ApplicationStatus.ACCEPTED:
            if not app.hearing:
                out.append(("court_hear", _("听取被执行人和行政机关意见"), forms.CourtHearForm()))
            out.append(("court_rule", _("作出裁定"), forms.CourtRuleForm()))
    if bound:
        out = [(name, title, bound["form"] if name == bound["action"] else form) for name, title, form in out]
    return out


def _mediation_available():
    try:
        from ipcollab.mediation import services as mediation_services
    except ImportError:
        return False
    return hasattr(mediation_services, "start_mediation")


def _context(request, a, bound=None):
    parts = selectors.detail_parts(a)
    today = timezone.localdate()
    a.enforcement_row = parts["enforcement"]
    step = selectors.next_step(_with_enforcement(a, parts["enforcement"]), today)
    return {
        "a": a,
        **parts,
        "step": step,
        "overdue": selectors.is_overdue(a, today),
        "actions": _forms(request, a, parts, bound),
        "failed": bound,
        "office_side": can_handle(request.user, a),
        "court_side": parts["enforcement"] is not None and can_review(request.user, parts["enforcement"]),
    }


def _with_enforcement(a, app):
    if app is not None:
        a.enforcement = app
    return a


@login_required
@require_http_methods(["GET", "HEAD"])
def adjudication_detail(request, pk):
    a = get_or_404(selectors.get_adjudication, request.user, pk)
    return render(request, "adjudication/detail.html", _context(request, a))


ACTION_FORMS = {
    "accept": forms.AcceptForm,
    "refuse": forms.RefuseForm,
    "assign": forms.AssignForm,
    "hearing": forms.HearingForm,
    "suspend": forms.SuspendForm,
    "resume": forms.ResumeForm,
    "withdraw": forms.WithdrawForm,
    "decide": forms.DecideForm,
    "serve": forms.ServeForm,
    "suit": forms.SuitForm,
    "compliance": forms.ComplianceForm,
    "demand": forms.DemandForm,
    "apply": forms.ApplyForm,
    "mediate": forms.MediateForm,
    "court_accept": forms.CourtAcceptForm,
    "court_not_accept": forms.CourtNotAcceptForm,
    "court_hear": forms.CourtHearForm,
    "court_rule": forms.CourtRuleForm,
}
COURT_ACTIONS = {"court_accept", "court_not_accept", "court_hear", "court_rule"}


def _bound_form(action, request, a, parts):
    cls = ACTION_FORMS[action]
    if action in ("accept", "assign"):
        form = cls(request.POST)
        form.fields["handlers"].choices = _handler_choices(a)
        return form
    if action == "hearing":
        return cls(request.POST, rooms=_rooms_for(request.user, a))
    if action == "suspend":
        return cls(request.POST, invalidations=parts["pending_invalidations"])
    if action in ("serve", "suit"):
        return cls(request.POST, parties=parts["parties"])
    return cls(request.POST)


def _run(request, a, action, d, app):
    user = request.user
    if action == "accept":
        users = list(User.objects.filter(pk__in=[int(x) for x in d["handlers"]]))
        users.sort(key=lambda u: d["handlers"].index(str(u.pk)))
        services.accept(actor=user, adjudication=a, accepted_on=d["accepted_on"], handlers=users)
        return _("已立案。")
    if action == "assign":
        users = list(User.objects.filter(pk__in=[int(x) for x in d["handlers"]]))
        users.sort(key=lambda u: d["handlers"].index(str(u.pk)))
        services.assign_handlers(actor=user, adjudication=a, handlers=users)
        return _("承办人已变更。")
    if action == "refuse":
        services.refuse(actor=user, adjudication=a, refused_on=d["refused_on"], reason=d["reason"])
        return _("已决定不予受理。")
    if action == "hearing":
        room = HearingRoom.objects.select_related("agency").get(pk=d["room"])
        services.schedule_hearing(actor=user, adjudication=a, room=room, starts_at=d["starts_at"], ends_at=d["ends_at"])
        return _("已安排口头审理并预约审理室。")
    if action == "suspend":
        services.suspend(actor=user, adjudication=a, invalidation=Proceeding.objects.get(pk=d["invalidation"]), started_on=d["started_on"], reason=d["reason"])
        return _("已中止处理。")
    if action == "resume":
        services.resume(actor=user, adjudication=a, resumed_on=d["resumed_on"], because=d["because"])
        return _("已恢复处理。")
    if action == "withdraw":
        services.withdraw(actor=user, adjudication=a, withdrawn_on=d["withdrawn_on"], reason=d["reason"])
        return _("请求已撤回。")
    if action == "decide":
        services.decide(
            actor=user, adjudication=a, decision=d["decision"], decided_on=d["decided_on"], decision_number=d["decision_number"], reasons=d["reasons"]
        )
        return _("已作出裁决。")
    party_row = None
    if action in ("serve", "suit"):
        party_row = a.parties.select_related("party").filter(party_id=d["party"]).first()
    if action == "serve":
        services.serve_decision(actor=user, adjudication=a, party=party_row.party if party_row else None, served_on=d["served_on"], method=d["method"])
        return _("已记录送达，该当事人的起诉期限开始计算。")
    if action == "suit":
        services.record_suit(actor=user, adjudication=a, party=party_row.party if party_row else None, suit_number=d["suit_number"], filed_on=d["filed_on"])
        return _("已登记起诉，强制执行程序终止。")
    if action == "compliance":
        services.record_compliance(actor=user, adjudication=a, complied=d["complied"], checked_on=d["checked_on"], note=d["note"])
        return _("已登记履行情况。")
    if action == "demand":
        services.serve_demand(actor=user, adjudication=a, served_on=d["served_on"])
        return _("已送达催告书。")
    if action == "apply":
        services.apply_enforcement(actor=user, adjudication=a, applied_on=d["applied_on"])
        return _("已向法院申请强制执行。")
    if action == "mediate":
        services.mediate_damages(actor=user, adjudication=a, received_on=d["received_on"], claim_amount=d["claim_amount"], summary=d["summary"])
        return _("已启动赔偿数额的行政调解。")
    if app is None:
        raise Http404
    if action == "court_accept":
        services.court_accept(actor=user, application=app, case_number=d["case_number"], accepted_on=d["accepted_on"])
        return _("已立案受理。")
    if action == "court_not_accept":
        services.court_not_accept(actor=user, application=app, decided_on=d["decided_on"], reasons=d["reasons"])
        return _("已裁定不予受理。")
    if action == "court_hear":
        services.court_hear(actor=user, application=app, decided_on=d["decided_on"])
        return _("已决定听取意见，裁定期限为受理之日起三十日。")
    if action == "court_rule":
        services.court_rule(actor=user, application=app, ruling=d["ruling"], ruled_on=d["ruled_on"], reasons=d["reasons"])
        return _("已作出裁定。")
    raise Http404


@login_required
@require_POST
def adjudication_action(request, pk, action):
    a = get_or_404(selectors.get_adjudication, request.user, pk)
    if action not in ACTION_FORMS or (action == "mediate" and not _mediation_available()):
        raise Http404
    parts = selectors.detail_parts(a)
    app = parts["enforcement"]
    allowed = can_review(request.user, app) if action in COURT_ACTIONS else can_handle(request.user, a)
    if not allowed:
        raise DjangoPermissionDenied
    form = _bound_form(action, request, a, parts)
    if form.is_valid():
        try:
            message = _run(request, a, action, form.cleaned_data, app)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("adjudication:detail", pk=a.pk)
    a = selectors.get_adjudication(request.user, a.pk)
    return render(request, "adjudication/detail.html", _context(request, a, {"action": action, "form": form}), status=400)


@login_required
@require_http_methods(["GET", "HEAD"])
def adjudication_figures(request):
    user = request.user
    if not (user.agency_id and user.agency.kind in ("ip_office", "court")) and not user.has_perm("adjudication.handle"):
        raise DjangoPermissionDenied
    today = timezone.localdate()
    form = forms.FiguresFilter(request.GET or None)
    start, end = datetime.date(today.year, 1, 1), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    elif form.is_bound:
        return render(request, "adjudication/figures.html", {"form": form, "f": None}, status=400)
    if end < start:
        start, end = end, start
    return render(request, "adjudication/figures.html", {"form": form, "f": selectors.figures(user, start, end)})
