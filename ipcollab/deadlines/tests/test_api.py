"""API of deadlines: compute (GET and POST), calendar year, service records."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ipcollab.deadlines.models import ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


def token_client(world, scopes):
    from django.utils import timezone

    from ipcollab.accounts import services as account_services

    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=world.system, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_token_scopes(world):
    reader = token_client(world, ["deadlines:read"])
    assert reader.get(reverse("api:deadline-compute"), {"start": "2025-01-14", "amount": 15, "unit": "days"}).status_code == 200
    assert reader.get(reverse("api:service-record-list")).status_code == 200
    r = reader.post(reverse("api:service-record-list"), {}, format="json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "token_scope"
    other = token_client(world, ["orgs:read"])
    assert other.get(reverse("api:calendar-year", kwargs={"year": 2025})).json()["error"]["code"] == "token_scope"


def test_compute_get_and_post(world, api):
    client = api(world.judge_a)
    r = client.get(reverse("api:deadline-compute"), {"start": "2025-01-14", "amount": 15, "unit": "days"})
    assert r.status_code == 200
    body = r.json()
    assert body["last_day"] == "2025-02-05" and body["nominal_last_day"] == "2025-01-29" and body["rolled_forward"] is True
    assert body["rolled_over"][0] == {"date": "2025-01-29", "reason": "法定节假日（春节）"}
    r = client.post(reverse("api:deadline-compute"), {"start": "2025-01-24", "amount": 10, "unit": "working_days"}, format="json")
    assert r.status_code == 200 and r.json()["last_day"] == "2025-02-13"
    r = client.get(reverse("api:deadline-compute"), {"start": "2025-01-14", "amount": 15, "unit": "days", "roll_forward": "false"})
    assert r.json()["last_day"] == "2025-01-29"


@pytest.mark.parametrize(
    "params,code,field",
    [
        ({"start": "2026-12-20", "amount": 30, "unit": "days"}, "calendar_unpublished", "start"),
        ({"start": "2025-01-14", "amount": 15, "unit": "weeks"}, "bad_unit", "unit"),
        ({"start": "2025-01-14", "amount": 101, "unit": "years"}, "bad_amount", "amount"),
        ({"start": "9999-12-31", "amount": 1, "unit": "days", "roll_forward": "false"}, "bad_start", "start"),
        ({"start": "2025-02-30", "amount": 1, "unit": "days"}, "invalid", "start"),
        ({"start": "2025-01-14", "amount": 0, "unit": "days"}, "invalid", "amount"),
        ({}, "invalid", "start"),
    ],
)
def test_compute_errors_are_enveloped(world, api, params, code, field):
    r = api(world.examiner).get(reverse("api:deadline-compute"), params)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == code and field in error["fields"]


def test_calendar_year(world, api):
    r = api(world.system).get(reverse("api:calendar-year", kwargs={"year": 2025}))
    body = r.json()
    assert body["published"] is True
    days = {d["date"]: d for d in body["days"]}
    assert days["2025-01-29"]["kind"] == "holiday" and days["2025-01-26"]["kind"] == "workday"
    body = api(world.system).get(reverse("api:calendar-year", kwargs={"year": 2031})).json()
    assert body == {"year": 2031, "published": False, "source": "", "published_on": None, "note": "", "days": []}
    assert api(world.system).get(reverse("api:calendar-year", kwargs={"year": 5000})).status_code == 404
    assert api(world.external).get(reverse("api:calendar-year", kwargs={"year": 2025})).status_code == 403


def test_service_records_through_the_api(world, api, django_assert_max_num_queries):
    client = api(world.system)
    body = {
        "document_title": "专利权无效宣告请求审查决定书",
        "document_number": "第56789号",
        "recipient_name": "请求人甲",
        "recipient_role": "requester",
        "recipient_agency": world.court_a.pk,
        "regime": "patent",
        "method": "electronic",
        "dispatched_at": "2025-01-14T10:00:00+08:00",
    }
    r = client.post(reverse("api:service-record-list"), body, format="json")
    assert r.status_code == 201, r.json()
    created = r.json()
    assert created["presumed_received_on"] == "2025-01-29" and created["receipt_basis"] == "presumed"
    assert created["agency"] == world.office.pk and created["recipient_agency"] == world.court_a.pk
    assert "[R]" in created["presumption_basis"]
    pk = created["id"]
    second = client.post(reverse("api:service-record-list"), {**body, "recipient_name": "专利权人乙", "method": "in_person"}, format="json").json()

    r = client.get(reverse("api:service-record-deadline", kwargs={"pk": pk}), {"amount": 15, "unit": "days"})
    assert r.json()["last_day"] == "2025-02-13" and r.json()["start"] == "2025-01-29"
    r = client.get(reverse("api:service-record-deadline", kwargs={"pk": second["id"]}), {"amount": 15, "unit": "days"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "service_not_received"
    r = client.post(reverse("api:service-record-receipt", kwargs={"pk": second["id"]}), {"received_on": "2025-01-13", "proof": "签收"}, format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "receipt_before_dispatch"
    r = client.post(reverse("api:service-record-receipt", kwargs={"pk": second["id"]}), {"received_on": "2025-01-20", "proof": "签收"}, format="json")
    assert r.status_code == 200 and r.json()["effective_receipt_date"] == "2025-01-20"
    r = client.get(reverse("api:service-record-deadline", kwargs={"pk": second["id"]}), {"amount": 15, "unit": "days"})
    assert r.json()["last_day"] == "2025-02-05"

    for i in range(10):
        client.post(reverse("api:service-record-list"), {**body, "recipient_name": f"当事人{i}"}, format="json")
    with django_assert_max_num_queries(8):
        r = client.get(reverse("api:service-record-list"))
    assert len(r.json()["results"]) == 12
    assert client.get(reverse("api:service-record-list"), {"pending": "true"}).status_code == 200
    assert client.get(reverse("api:service-record-list"), {"method": "pigeon"}).status_code == 400
    # another agency does not see the office's private records
    assert api(world.judge_a).get(reverse("api:service-record-detail", kwargs={"pk": pk})).status_code == 404
    assert api(world.judge_a).get(reverse("api:service-record-list")).json()["results"] == []


def test_bad_dispatch_bodies(world, api):
    client = api(world.judge_a)
    r = client.post(reverse("api:service-record-list"), {"document_title": "x"}, format="json")
    assert r.status_code == 400 and {"recipient_name", "regime", "method", "dispatched_at"} <= set(r.json()["error"]["fields"])
    r = client.post(
        reverse("api:service-record-list"),
        {
            "document_title": "x",
            "recipient_name": "y",
            "regime": "patent",
            "method": "post",
            "dispatched_at": "2025-01-14T10:00:00Z",
            "recipient_agency": 999999,
        },
        format="json",
    )
    assert r.status_code == 400 and "recipient_agency" in r.json()["error"]["fields"]
    assert not ServiceRecord.objects.exists()
