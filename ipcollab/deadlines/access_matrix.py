"""Access-matrix entries of deadlines (calculator, holiday calendar, service records, their API).
Format: docs/testing.md; run by tests/access/.

Court A serves two documents in `setup`: one `private` (court A only) and one `network`
(every agency account may see it, only court A's staff may record its receipt)."""

import datetime

STAFF_PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
PLATFORM_ADMIN_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 403}
PLATFORM_ADMIN_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "*": 403}
API_STAFF = {"anonymous": 401, "external": 403, "*": 200}
# court A's private record: court A's people and platform admins; for the rest it does not exist
COURT_A_PRIVATE_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "external": 403, "*": 404}
COURT_A_PRIVATE_API = {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "external": 403, "*": 404}


def _serve(world, visibility):
    from ipcollab.deadlines import services

    return services.record_dispatch(
        actor=world.clerk_a,
        document_title="民事判决书",
        document_number="(2025)测甲民初1号",
        recipient_name="某科技有限公司",
        recipient_role="defendant",
        regime="civil_procedure",
        method="announcement",
        dispatched_at=datetime.datetime(2025, 3, 3, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
        visibility=visibility,
    )


def private_record(world):
    return {"pk": _serve(world, "private").pk}


def network_record(world):
    return {"pk": _serve(world, "network").pk}


def some_records(world):
    _serve(world, "private")
    _serve(world, "network")
    return {}


def a_day(world):
    from ipcollab.deadlines.models import CalendarDay

    return {"pk": CalendarDay.objects.get(date=datetime.date(2025, 1, 29)).pk}


DISPATCH_FORM = {
    "document_title": "无效宣告请求审查决定书",
    "recipient_name": "某某公司",
    "recipient_role": "patentee",
    "regime": "patent",
    "method": "post",
    "dispatched_at": "2025-03-03T09:30",
    "visibility": "private",
}
DISPATCH_JSON = {**DISPATCH_FORM, "dispatched_at": "2025-03-03T09:30:00+08:00"}


def RECEIPT(world, kwargs):
    from django.utils import timezone

    return {"received_on": timezone.localdate().isoformat(), "proof": "送达回证 2025-001"}


ENTRIES = [
    # --- calculator and calendar (HTML) ---
    {"url": "deadlines:calculator", "expect": STAFF_PAGE},
    {
        "url": "deadlines:calculator",
        "label": "computed",
        "query": {"start": "2025-01-14", "amount": "15", "unit": "days", "roll_forward": "on"},
        "expect": STAFF_PAGE,
    },
    {
        "url": "deadlines:calculator",
        "label": "bad input",
        "query": {"start": "2025-13-01", "amount": "0", "unit": "weeks"},
        "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 400},
    },
    {"url": "deadlines:calendar", "expect": {"external": 403, "*": 302}, "note": "redirects to the current year"},
    {"url": "deadlines:calendar_year", "kwargs": {"year": 2025}, "expect": STAFF_PAGE},
    {
        "url": "deadlines:calendar_year",
        "label": "out of range",
        "kwargs": {"year": 3000},
        "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 404},
    },
    {"url": "deadlines:calendar_year_edit", "kwargs": {"year": 2027}, "expect": PLATFORM_ADMIN_PAGE},
    {
        "url": "deadlines:calendar_year_edit",
        "method": "POST",
        "kwargs": {"year": 2027},
        "data": {"published": "on", "source": "国务院办公厅通知", "confirm_empty": "on"},
        "expect": PLATFORM_ADMIN_POST,
    },
    {"url": "deadlines:calendar_day_create", "expect": PLATFORM_ADMIN_PAGE},
    {
        "url": "deadlines:calendar_day_create",
        "method": "POST",
        "data": {"date": "2027-02-06", "kind": "holiday", "name": "春节"},
        "expect": PLATFORM_ADMIN_POST,
    },
    {"url": "deadlines:calendar_day_edit", "setup": a_day, "expect": PLATFORM_ADMIN_PAGE},
    {
        "url": "deadlines:calendar_day_edit",
        "method": "POST",
        "setup": a_day,
        "data": {"kind": "holiday", "name": "春节", "note": "核对"},
        "expect": PLATFORM_ADMIN_POST,
    },
    {"url": "deadlines:calendar_day_remove", "setup": a_day, "expect": PLATFORM_ADMIN_PAGE},
    {"url": "deadlines:calendar_day_remove", "method": "POST", "setup": a_day, "data": {"reason": "录入错误"}, "expect": PLATFORM_ADMIN_POST},
    # --- service records (HTML) ---
    {"url": "deadlines:service_list", "setup": some_records, "expect": STAFF_PAGE},
    {"url": "deadlines:service_create", "expect": STAFF_PAGE, "note": "every staff persona of the world holds a serving role"},
    {"url": "deadlines:service_create", "method": "POST", "data": DISPATCH_FORM, "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 302}},
    {"url": "deadlines:service_detail", "label": "court A's private record", "setup": private_record, "expect": COURT_A_PRIVATE_PAGE},
    {"url": "deadlines:service_detail", "label": "court A's network record", "setup": network_record, "expect": STAFF_PAGE},
    {"url": "deadlines:service_receipt", "label": "court A's private record", "setup": private_record, "expect": COURT_A_PRIVATE_PAGE},
    {
        "url": "deadlines:service_receipt",
        "label": "court A's network record",
        "setup": network_record,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 403},
    },
    {
        "url": "deadlines:service_receipt",
        "method": "POST",
        "label": "court A's private record",
        "setup": private_record,
        "data": RECEIPT,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 302, "external": 403, "*": 404},
    },
    # --- API ---
    {"url": "api:deadline-compute", "query": {"start": "2025-01-14", "amount": 15, "unit": "days"}, "expect": API_STAFF},
    {
        "url": "api:deadline-compute",
        "label": "unpublished year",
        "query": {"start": "2199-12-20", "amount": 30, "unit": "days"},
        "expect": {"anonymous": 401, "external": 403, "*": 400},
    },
    {"url": "api:deadline-compute", "method": "POST", "data": {"start": "2025-01-24", "amount": 10, "unit": "working_days"}, "expect": API_STAFF},
    {"url": "api:calendar-year", "kwargs": {"year": 2025}, "expect": API_STAFF},
    {"url": "api:service-record-list", "setup": some_records, "expect": API_STAFF},
    {"url": "api:service-record-list", "method": "POST", "data": DISPATCH_JSON, "expect": {"anonymous": 401, "external": 403, "*": 201}},
    {"url": "api:service-record-detail", "label": "court A's private record", "setup": private_record, "expect": COURT_A_PRIVATE_API},
    {"url": "api:service-record-detail", "label": "court A's network record", "setup": network_record, "expect": API_STAFF},
    {
        "url": "api:service-record-receipt",
        "method": "POST",
        "label": "court A's private record",
        "setup": private_record,
        "data": RECEIPT,
        "expect": COURT_A_PRIVATE_API,
    },
    {
        "url": "api:service-record-receipt",
        "method": "POST",
        "label": "court A's network record",
        "setup": network_record,
        "data": RECEIPT,
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 403},
    },
    {
        "url": "api:service-record-deadline",
        "label": "court A's private record",
        "setup": private_record,
        "query": {"amount": 15, "unit": "days"},
        "expect": COURT_A_PRIVATE_API,
    },
]
