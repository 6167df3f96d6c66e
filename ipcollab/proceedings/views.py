"""Pages of proceedings: the list with filters, a new court case, a new CNIPA proceeding, the
proceeding page (facts, 审限, parallel proceedings, stays with their guidance, documents and
service, links and suggestions, actions by role) and CNIPA's priority-examination queue. Thin:
selectors read (out of reach → 404), services write."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.identifiers import IdentifierError, parse_case_number
from ipcollab.identifiers.uscc import validate_uscc
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.names import normalize_name

from . import causes, forms, outcomes, panels, selectors, services
from . import rules as access
from .models import EvaluationReport, Kind, PartyRole, PriorityRequest, Status, Track

User = get_user_model()


@login_required
def proceeding_list(request):
    if request.user.kind == "external":
        raise Http404
    form = forms.ListFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.proceeding_list(request.user, filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proceedings/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_file": request.user.has_perm("proceedings.file_case"),
            "can_record": request.user.has_perm("proceedings.record_office"),
        },
    )


def resolve_party(user, text):
    text = (text or "").strip()
    qs = register_selectors.parties_for_user(user)
    try:
        code = validate_uscc(text)
    except IdentifierError:
        code = None
    if code:
        party = qs.filter(credit_code=code).first()
    else:
        party = qs.filter(normalized_name=normalize_name(text)).order_by("pk").first()
    return party


def resolve_right(user, text):
    number = register_selectors.parse_right_number((text or "").strip())
    if number is None:
        return None
    return register_selectors.rights_for_user(user).filter(kind=number[0], number=number[1]).first()


def resolve_proceeding(user, text):
    return selectors.proceeding_by_number(user, text)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _court_people(court):
    people = User.objects.filter(agency=court, kind="staff", is_active=True).order_by("username")
    return [u for u in people if u.has_role("judge")], [u for u in people if u.has_role("clerk")]


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    if not request.user.has_perm("proceedings.file_case") or not request.user.agency_id:
        raise DjangoPermissionDenied
    judges, clerks = _court_people(request.user.agency)
    form = forms.CaseForm(post_data(request), judges=judges, clerks=clerks, initial={"judge": request.user.pk if request.user in judges else None})
    if form.is_valid():
        d = form.cleaned_data
        stage_roles = ("plaintiff", "defendant")
        try:
            stage = parse_case_number(d["number"]).stage
        except IdentifierError:
            stage = "first_instance"
        if stage == "second_instance":
            stage_roles = ("appellant", "appellee")
        elif stage in ("retrial_review", "retrial"):
            stage_roles = ("petitioner", "respondent")
        elif causes.cause(d["cause"]) and causes.cause(d["cause"]).kind == "criminal":
            stage_roles = ("plaintiff", "accused")
        parties, missing = [], []
        for field, role in (("plaintiffs", stage_roles[0]), ("defendants", stage_roles[1])):
            for line in _lines(d[field]):
                party = resolve_party(request.user, line)
                if party is None:
                    missing.append(line)
                else:
                    parties.append({"party": party, "role": role})
        rights, bad_rights = [], []
        for line in _lines(d["rights"]):
            number, _sep, claims_text = line.partition(":")
            if not _sep:
                number, _sep, claims_text = line.partition("：")
            right = resolve_right(request.user, number)
            claims = forms.parse_claims(claims_text)
            if right is None or claims is None:
                bad_rights.append(line)
            else:
                rights.append({"right": right, "claims": claims})
        previous = resolve_proceeding(request.user, d["previous"]) if d["previous"] else None
        reviewed = resolve_proceeding(request.user, d["reviewed"]) if d["reviewed"] else None
        if missing:
            form.add_error(
                "plaintiffs" if any(m in d["plaintiffs"] for m in missing) else "defendants",
                _("登记簿中没有这些当事人，请先在“当事人”中新建：%(names)s") % {"names": "、".join(missing)},
            )
        if bad_rights:
            form.add_error("rights", _("找不到这些权利，或权利要求的写法有误：%(r)s") % {"r": "、".join(bad_rights)})
        if d["previous"] and previous is None:
            form.add_error("previous", _("平台中没有该前审案件。"))
        if d["reviewed"] and reviewed is None:
            form.add_error("reviewed", _("平台中没有该国家知识产权局程序。"))
        if not form.errors:
            people = {u.pk: u for u in judges + clerks}
            try:
                case = services.file_case(
                    actor=request.user,
                    number=d["number"],
                    cause=d["cause"],
                    filed_on=d["filed_on"],
                    title=d["title"],
                    parties=parties,
                    rights=rights,
                    judge=people.get(d["judge"]),
                    clerk=people.get(d["clerk"]),
                    previous=previous,
                    reviewed=reviewed,
                    complaint_served_on=d["complaint_served_on"],
                    foreign_defendant=d["foreign_defendant"],
                    drug_linkage=form.drug_linkage(),
                    procedure=d["procedure"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("案件 %(n)s 已登记。") % {"n": case.number})
                return redirect("proceedings:detail", pk=case.pk)
    return render(request, "proceedings/case_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def office_new(request):
    if not request.user.has_perm("proceedings.record_office"):
        raise DjangoPermissionDenied
    form = forms.OfficeForm(post_data(request))
    if form.is_valid():
        d = form.cleaned_data
        right = resolve_right(request.user, d["right"])
        requester = resolve_party(request.user, d["requester"])
        claims = forms.parse_claims(d["claims"])
        if right is None:
            form.add_error("right", _("登记簿中没有该权利。"))
        if requester is None:
            form.add_error("requester", _("登记簿中没有该当事人，请先在“当事人”中新建。"))
        if claims is None:
            form.add_error("claims", _("权利要求须写成以逗号分隔的编号，如 1,2,3。"))
        if not form.errors:
            owners = [rp.party for rp in register_selectors.right_parties(right) if rp.role in ("applicant", "patentee", "owner")][:1]
            parties = [{"party": requester, "role": PartyRole.OPPONENT if d["kind"] == Kind.TM_OPPOSITION else PartyRole.REQUESTER}]
            parties += [{"party": o, "role": PartyRole.OWNER} for o in owners if o.pk != requester.pk]
            try:
                p = services.record_office_proceeding(
                    actor=request.user,
                    kind=d["kind"],
                    number=d["number"],
                    right=right,
                    filed_on=d["filed_on"],
                    parties=parties,
                    grounds=_lines(d["grounds"]),
                    evidence=_lines(d["evidence"]),
                    claims=claims,
                    handler=request.user if request.user.kind == "staff" and request.user.has_role("examiner", "case_handler") else None,
                    drug_linkage=form.drug_linkage(),
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("%(n)s 已登记。") % {"n": p.number})
                return redirect("proceedings:detail", pk=p.pk)
    return render(request, "proceedings/office_new.html", {"form": form})


GUIDANCE_LABELS = {
    "shall_stay": _lazy("应当中止诉讼（可依在案理由不中止）"),
    "may_decline": _lazy("可以不中止诉讼"),
    "shall_not_stay": _lazy("不应当中止诉讼，除非法院认为确有必要"),
    "may_dismiss": _lazy("涉案权利要求已被宣告无效：可以裁定驳回起诉"),
    "no_request": _lazy("被告未请求宣告涉案专利权无效"),
}


def _detail_context(request, p):
    user = request.user
    parts = selectors.detail_parts(p)
    today = timezone.localdate()
    limit, limit_rule = (None, None)
    if p.track == Track.COURT:
        limit, limit_rule = selectors.time_limit_of(p, today=today, stays=parts["stays"], extensions=parts["extensions"])
    can_act = access.can_act(user, p)
    guidance = None
    invalidations = []
    parallel = selectors.parallel_proceedings(user, proceeding=p)
    if p.track == Track.COURT and p.status != Status.CLOSED:
        cited = services.guidance_for(p)
        if cited is not None:
            guidance = {"cited": cited[0], "basis": cited[1]}
        invalidations = [row.proceeding for row in parallel if row.proceeding.kind == Kind.PATENT_INVALIDATION and row.proceeding.status != Status.CLOSED]
    allowed_results = (
        outcomes.court_results(p.kind, p.stage, about_decision=p.reviewed_id is not None, drug_linkage=p.cause == "drug_patent_scope")
        if p.track == Track.COURT
        else outcomes.OFFICE_RESULTS.get(p.kind, ())
    )
    reports = list(EvaluationReport.objects.filter(right__in=[pr.right for pr in parts["rights"]]).select_related("right").order_by("-id"))
    priority = (
        list(PriorityRequest.objects.filter(proceeding=p).select_related("agency", "dispute", "requested_by").order_by("requested_at"))
        if p.track == Track.OFFICE
        else []
    )
    people = []
    if can_act:
        people = list(User.objects.filter(agency_id=p.agency_id, kind="staff", is_active=True).order_by("username"))
    return {
        "p": p,
        **parts,
        "limit": limit,
        "limit_rule": limit_rule,
        "today": today,
        "parallel": parallel,
        "suggestions": selectors.suggestions_for(user, p),
        "links": selectors.manual_links(user, p),
        "litigated": selectors.litigated(user, p) if p.track == Track.OFFICE else [],
        "guidance": guidance,
        "guidance_label": GUIDANCE_LABELS.get(guidance["cited"].guidance.outcome, "") if guidance else "",
        "follow_template": panels.follow_template(),
        "invalidations": invalidations,
        "can_act": can_act,
        "can_link": user.has_perm("proceedings.link"),
        "can_fast_track": user.has_perm("proceedings.fast_track")
        and p.kind == Kind.ADMINISTRATIVE
        and (p.agency_id == user.agency_id or user.has_perm("proceedings.record_office")),
        "can_request_priority": user.has_perm("proceedings.request_priority")
        and p.track == Track.COURT
        and p.status != Status.CLOSED
        and p.agency_id == user.agency_id,
        "allowed_results": [(r, outcomes.label(r)) for r in allowed_results],
        "reports": reports,
        "priority_requests": priority,
        "people": people,
        "forms": {
            "stay": forms.StayForm(initial={"started_on": today}),
            "lift": forms.LiftForm(initial={"ended_on": today}),
            "close": forms.CloseForm(initial={"closed_on": today}),
            "decide": forms.DecideForm(initial={"decided_on": today}),
            "serve": forms.ServeForm(initial={"served_on": today}),
            "extend": forms.ExtendForm(initial={"approved_on": today}),
            "procedure": forms.ConvertProcedureForm(initial={"converted_on": today}),
            "link": forms.LinkForm(),
            "document": forms.DocumentForm(initial={"issued_on": today}),
        },
    }


@login_required
def proceeding_detail(request, pk):
    p = get_or_404(selectors.get_proceeding, request.user, pk)
    return render(request, "proceedings/detail.html", _detail_context(request, p))


ACTIONS = {
    "stay": forms.StayForm,
    "lift": forms.LiftForm,
    "close": forms.CloseForm,
    "decide": forms.DecideForm,
    "serve": forms.ServeForm,
    "assign": forms.AssignForm,
    "extend": forms.ExtendForm,
    "fast_track": forms.FastTrackForm,
    "procedure": forms.ConvertProcedureForm,
    "link": forms.LinkForm,
    "suggestion": forms.SuggestionForm,
    "priority": forms.PriorityRequestForm,
    "priority_decide": forms.PriorityDecideForm,
    "report": forms.ReportOrderForm,
    "document": forms.DocumentForm,
    "unlink": forms.UnlinkForm,
}


def _run(request, p, action, d):
    user = request.user
    if action == "stay":
        basis = selectors.proceedings_for(user).filter(pk=d["basis"], track=Track.OFFICE).first() if d.get("basis") else None
        services.record_stay(actor=user, case=p, started_on=d["started_on"], reason=d["reason"], basis=basis)
        return _("已记录中止，审限暂停计算。")
    if action == "lift":
        services.lift_stay(actor=user, case=p, ended_on=d["ended_on"])
        return _("已恢复审理，审限继续计算。")
    if action == "close":
        services.close_case(
            actor=user, case=p, result=d["result"], closed_on=d["closed_on"], disposition=d["disposition"] or None, decision_number=d["decision_number"]
        )
        return _("已登记结案。")
    if action == "decide":
        survivors = forms.parse_claims(d["surviving_claims"])
        if survivors is None:
            raise ServiceError(ErrorCode.INVALID, fields={"surviving_claims": [_("权利要求须写成以逗号分隔的编号，如 1,2,3。")]})
        services.decide(
            actor=user, proceeding=p, result=d["result"], decided_on=d["decided_on"], decision_number=d["decision_number"], surviving_claims=survivors
        )
        return _("已登记决定，并已通知审理相关侵权案件的法院。")
    if action == "serve":
        party = p.parties.filter(party_id=d["party"]).select_related("party").first()
        document = p.documents.filter(pk=d["document"]).first() if d.get("document") else None
        if d.get("document") and document is None:
            raise ServiceError(ErrorCode.INVALID, fields={"document": [_("文书不属于该程序。")]})
        services.serve(
            actor=user,
            proceeding=p,
            party=party.party if party else None,
            method=d["method"],
            served_on=d["served_on"],
            sent_on=d["sent_on"],
            document=document,
        )
        return _("已记录送达。")
    if action == "assign":
        target = User.objects.filter(pk=d["user"]).first()
        services.assign(actor=user, proceeding=p, role=d["role"], user=target, delegated=d["delegated"], reason=d["reason"])
        return _("承办人已变更。")
    if action == "extend":
        services.extend_time_limit(
            actor=user, case=p, amount=d["amount"], unit=d["unit"], approved_on=d["approved_on"], approved_by=d["approved_by"], reason=d["reason"]
        )
        return _("已记录审限延长。")
    if action == "procedure":
        services.convert_to_ordinary(actor=user, case=p, converted_on=d["converted_on"], reason=d["reason"])
        return _("已转为普通程序，审限按普通程序自立案之日起计算。")
    if action == "fast_track":
        services.mark_fast_track(actor=user, case=p, fast_track=d["fast_track"], reason=d["reason"])
        return _("已更新快速办理标记。")
    if action == "link":
        other = resolve_proceeding(user, d["other"])
        if other is None:
            raise ServiceError(ErrorCode.LINK_INVALID, _("平台中没有该程序，或您无权查看。"), fields={"other": [_("平台中没有该程序，或您无权查看。")]})
        services.link(actor=user, proceeding=p, other=other, reason=d["reason"])
        return _("已关联。")
    if action == "suggestion":
        suggestion = next((s for s in selectors.suggestions_for(user, p) if s.pk == d["suggestion"]), None)
        if suggestion is None:
            raise Http404
        services.decide_suggestion(actor=user, suggestion=suggestion, accept=d["accept"])
        return _("已确认关联。") if d["accept"] else _("已拒绝该建议。")
    if action == "priority":
        target = selectors.proceedings_for(user).filter(pk=d["proceeding"]).first()
        if target is None:
            raise Http404
        services.request_priority(actor=user, proceeding=target, reason=d["reason"], dispute=p if p.track == Track.COURT else None)
        return _("已向国家知识产权局提出优先审查请求。")
    if action == "priority_decide":
        item = PriorityRequest.objects.filter(pk=d["request"], proceeding=p).first()
        if item is None:
            raise Http404
        services.decide_priority(actor=user, request_item=item, grant=d["grant"], reason=d["reason"])
        return _("已处理优先审查请求。")
    if action == "document":
        services.add_document(actor=user, proceeding=p, kind=d["kind"], title=d["title"], issued_on=d["issued_on"], number=d["number"])
        return _("已记录文书。")
    if action == "unlink":
        item = next((link for link in selectors.manual_links(user, p) if link.pk == d["link"]), None)
        if item is None:
            raise Http404
        services.unlink(actor=user, link_item=item, reason=d["reason"])
        return _("已取消关联。")
    if action == "report":
        pr = p.rights.filter(right_id=d["right"]).select_related("right").first()
        if pr is None:
            raise ServiceError(ErrorCode.INVALID, fields={"right": [_("须为本案涉及的专利。")]})
        services.order_evaluation_report(actor=user, case=p, right=pr.right, ordered_on=d["ordered_on"])
        return _("已记录责令专利权人出具专利权评价报告。")
    raise Http404


@login_required
@require_POST
def proceeding_action(request, pk, action):
    p = get_or_404(selectors.get_proceeding, request.user, pk)
    form_class = ACTIONS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = _run(request, p, action, form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("proceedings:detail", pk=p.pk)
    context = _detail_context(request, p)
    context["failed"] = {"action": action, "form": form}
    return render(request, "proceedings/detail.html", context, status=400)


@login_required
def priority_queue(request):
    if not request.user.has_perm("proceedings.record_office"):
        raise DjangoPermissionDenied
    return render(request, "proceedings/priority_queue.html", {"items": selectors.priority_queue(request.user), "decide_form": forms.PriorityDecideForm()})


@login_required
@require_http_methods(["GET", "POST"])
def reports(request):
    """CNIPA's desk of patent evaluation reports: ordered by courts (awaiting the patentee's
    request), requested (with their due date), issued."""
    if not request.user.has_perm("proceedings.record_office"):
        raise DjangoPermissionDenied
    posted = request.POST.get("form") if request.method == "POST" else None
    request_form = forms.ReportRequestForm(request.POST if posted == "request" else None, initial={"requested_on": timezone.localdate()})
    issue_form = forms.ReportIssueForm(request.POST if posted == "issue" else None, initial={"issued_on": timezone.localdate()})
    bound = request_form if posted == "request" else issue_form if posted == "issue" else None
    if bound is not None and bound.is_valid():
        d = bound.cleaned_data
        try:
            if bound is request_form:
                right = resolve_right(request.user, d["right"])
                requester = resolve_party(request.user, d["requester"])
                if right is None:
                    bound.add_error("right", _("登记簿中没有该专利。"))
                if requester is None:
                    bound.add_error("requester", _("登记簿中没有该当事人，请先在“当事人”中新建。"))
                if not bound.errors:
                    services.request_evaluation_report(actor=request.user, right=right, requester=requester, requested_on=d["requested_on"])
                    messages.success(request, _("已登记评价报告请求。"))
                    return redirect("proceedings:reports")
            else:
                report = selectors.reports_for(request.user).filter(pk=d["report"]).first()
                claims = forms.parse_claims(d["claims_without_defect"])
                if report is None:
                    raise Http404
                if claims is None:
                    bound.add_error("claims_without_defect", _("权利要求须写成以逗号分隔的编号，如 1,2,3。"))
                else:
                    services.issue_evaluation_report(
                        actor=request.user,
                        report=report,
                        number=d["number"],
                        issued_on=d["issued_on"],
                        defects_found=d["defects_found"],
                        conclusion=d["conclusion"],
                        claims_without_defect=claims,
                    )
                    messages.success(request, _("评价报告已出具，审理相关案件的法院已收到通知。"))
                    return redirect("proceedings:reports")
        except ServiceError as exc:
            apply_service_error(bound, exc)
    items = list(selectors.reports_for(request.user).select_related("right", "case", "case__agency", "requester").order_by("status", "-id")[:200])
    status = 400 if bound is not None and bound.errors else 200
    return render(request, "proceedings/reports.html", {"items": items, "request_form": request_form, "issue_form": issue_form}, status=status)
