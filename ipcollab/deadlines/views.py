"""Pages: the deadline calculator, the holiday calendar (edit forms for platform admins) and
service records. Thin: the engine computes, selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data

from . import calendar_store, engine, presumptions, selectors, services
from .engine import DeadlineError
from .forms import CalculatorForm, CalendarDayForm, CalendarDayRemoveForm, CalendarYearForm, DispatchForm, ReceiptForm, ServiceDeadlineForm
from .models import DayKind, ServiceMethod, ServiceRegime

PAGE_SIZE = 50
MIN_YEAR, MAX_YEAR = services.MIN_YEAR, services.MAX_YEAR
GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]


def _require_use(request):
    if not request.user.has_perm("deadlines.use"):
        raise DjangoPermissionDenied


def _require_manage(request):
    if not request.user.has_perm("deadlines.manage_calendar"):
        raise DjangoPermissionDenied


def _status(form):
    return 400 if form.is_bound and form.errors else 200


# ---------------------------------------------------------------------------------------------
# Calculator
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET)
def calculator(request):
    _require_use(request)
    submitted = "start" in request.GET
    form = CalculatorForm(request.GET if submitted else None, initial={"unit": "days", "roll_forward": True})
    explanation, error_code = None, None
    if submitted and form.is_valid():
        data = form.cleaned_data
        try:
            explanation = engine.explain(calendar_store.default_calendar(), data["start"], data["amount"], data["unit"], data["roll_forward"])
        except DeadlineError as exc:
            error_code = exc.code
            target = exc.field if exc.field in form.fields and exc.code != "calendar_unpublished" else None
            form.add_error(target, f"{exc}（{exc.code}）")
    return render(request, "deadlines/calculator.html", {"form": form, "x": explanation, "error_code": error_code}, status=_status(form))


# ---------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET)
def calendar_index(request):
    _require_use(request)
    return redirect("deadlines:calendar_year", year=timezone.localdate().year)


@login_required
@require_http_methods(GET)
def calendar_year(request, year):
    _require_use(request)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    days = list(selectors.calendar_days(year))
    return render(
        request,
        "deadlines/calendar_year.html",
        {
            "year": year,
            "row": selectors.calendar_year(year),
            "holidays": [d for d in days if d.kind == DayKind.HOLIDAY],
            "workdays": [d for d in days if d.kind == DayKind.WORKDAY],
            "years": list(selectors.calendar_years()),
            "previous": year - 1 if year > MIN_YEAR else None,
            "next": year + 1 if year < MAX_YEAR else None,
            "can_manage": request.user.has_perm("deadlines.manage_calendar"),
        },
    )


@login_required
@require_http_methods(GET_POST)
def calendar_year_edit(request, year):
    _require_manage(request)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    row = selectors.calendar_year(year)
    initial = {"published": row.published, "source": row.source, "published_on": row.published_on, "note": row.note} if row else {}
    form = CalendarYearForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_year_set(actor=request.user, year=year, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("%(year)d 年度的发布状态已保存。") % {"year": year})
            return redirect("deadlines:calendar_year", year=year)
    return render(request, "deadlines/calendar_year_form.html", {"form": form, "year": year, "row": row}, status=_status(form))


@login_required
@require_http_methods(GET_POST)
def calendar_day_create(request):
    _require_manage(request)
    form = CalendarDayForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            day = services.calendar_day_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已添加：%(day)s") % {"day": day})
            return redirect("deadlines:calendar_year", year=day.date.year)
    return render(request, "deadlines/calendar_day_form.html", {"form": form, "day": None}, status=_status(form))


@login_required
@require_http_methods(GET_POST)
def calendar_day_edit(request, pk):
    _require_manage(request)
    day = get_or_404(selectors.calendar_day_get, pk)
    form = CalendarDayForm(post_data(request), editing=True, initial={"kind": day.kind, "name": day.name, "note": day.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_day_update(actor=request.user, day=day, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("deadlines:calendar_year", year=day.date.year)
    return render(request, "deadlines/calendar_day_form.html", {"form": form, "day": day}, status=_status(form))


@login_required
@require_http_methods(GET_POST)
def calendar_day_remove(request, pk):
    _require_manage(request)
    day = get_or_404(selectors.calendar_day_get, pk)
    form = CalendarDayRemoveForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        services.calendar_day_remove(actor=request.user, day=day, reason=form.cleaned_data["reason"])
        messages.success(request, _("已删除：%(day)s") % {"day": day})
        return redirect("deadlines:calendar_year", year=day.date.year)
    return render(request, "deadlines/calendar_day_remove.html", {"form": form, "day": day}, status=_status(form))


# ---------------------------------------------------------------------------------------------
# Service records
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET)
def service_list(request):
    _require_use(request)
    pending = request.GET.get("pending") == "1"
    method = request.GET.get("method") if request.GET.get("method") in ServiceMethod.values else None
    regime = request.GET.get("regime") if request.GET.get("regime") in ServiceRegime.values else None
    q = (request.GET.get("q") or "").strip()[:60]
    qs = selectors.service_records_for_user(request.user, q=q, method=method, regime=regime, pending=pending).order_by("-dispatched_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "deadlines/service_list.html",
        {
            "page": page,
            "q": q,
            "method": method or "",
            "regime": regime or "",
            "pending": pending,
            "methods": ServiceMethod.choices,
            "regimes": ServiceRegime.choices,
            "querystring": params.urlencode(),
            "can_record": bool(request.user.agency_id) and request.user.has_perm("deadlines.record_service", request.user.agency),
        },
    )


@login_required
@require_http_methods(GET_POST)
def service_create(request):
    _require_use(request)
    if not (request.user.agency_id and request.user.has_perm("deadlines.record_service", request.user.agency)):
        raise DjangoPermissionDenied
    form = DispatchForm(post_data(request), initial={"dispatched_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_dispatch(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记送达：%(record)s") % {"record": record})
            return redirect("deadlines:service_detail", pk=record.pk)
    return render(request, "deadlines/service_form.html", {"form": form}, status=_status(form))


@login_required
@require_http_methods(GET)
def service_detail(request, pk):
    _require_use(request)
    record = get_or_404(selectors.service_record_get, pk, request.user)
    form = ServiceDeadlineForm(request.GET if "amount" in request.GET else None, initial={"unit": "days", "roll_forward": True})
    last_day = None
    if form.is_bound and form.is_valid():
        try:
            last_day = services.deadline_from_service(record, form.cleaned_data["amount"], form.cleaned_data["unit"], form.cleaned_data["roll_forward"])
        except ServiceError as exc:
            form.add_error(None, f"{exc.message}（{exc.code}）")
    return render(
        request,
        "deadlines/service_detail.html",
        {
            "r": record,
            "rule": presumptions.describe(record.presumption_key, record.dispatched_at and timezone.localdate(record.dispatched_at)),
            "form": form,
            "last_day": last_day,
            "can_record": request.user.has_perm("deadlines.record_service", record),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
def service_receipt(request, pk):
    _require_use(request)
    record = get_or_404(selectors.service_record_get, pk, request.user)
    if not request.user.has_perm("deadlines.record_service", record):
        raise DjangoPermissionDenied
    form = ReceiptForm(post_data(request), initial={"received_on": record.received_on or timezone.localdate(), "proof": record.receipt_proof})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_receipt(actor=request.user, record=record, received_on=form.cleaned_data["received_on"], proof=form.cleaned_data["proof"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记实际送达日。"))
            return redirect("deadlines:service_detail", pk=record.pk)
    return render(request, "deadlines/service_receipt.html", {"form": form, "r": record}, status=_status(form))
