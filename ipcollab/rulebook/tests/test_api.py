"""API: rules, versions, deadlines by rule, competent court; scopes and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


def token_client(world, scopes):
    from ipcollab.accounts import services as account_services

    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=world.system, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_rule_list_and_filters(world, api, django_assert_max_num_queries):
    client = api(world.judge_a)
    with django_assert_max_num_queries(10):
        r = client.get(reverse("api:rule-list"), {"page_size": 500})
    assert r.status_code == 200
    codes = [x["code"] for x in r.json()["results"]]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert "trial.appeal_period.civil_judgment" in codes
    r = client.get(reverse("api:rule-list"), {"category": "period", "module": "drug_linkage"})
    rows = r.json()["results"]
    assert rows and all(x["module"] == "drug_linkage" and x["category"] == "period" for x in rows)
    r = client.get(reverse("api:rule-list"), {"on": "2023-06-01", "q": "judicial_confirmation.apply"})
    (row,) = r.json()["results"]
    assert row["law_version"] == "2021" and row["citation"].endswith("第二百零一条")


def test_rule_detail_with_versions(world, api):
    r = api(world.examiner).get(reverse("api:rule-detail", kwargs={"code": "cnipa.presumed_receipt"}))
    assert r.status_code == 200
    body = r.json()
    assert [v["law_version"] for v in body["versions"]] == ["2010", "2023"]
    assert body["current"]["law_version"] == "2023" and body["current"]["parameters"]["roll_forward"] is False
    r = api(world.examiner).get(reverse("api:rule-detail", kwargs={"code": "no.such.rule"}))
    assert r.status_code == 404 and r.json()["error"]["code"] == "rule_unknown"


def test_deadline_endpoint(world, api):
    url = reverse("api:rule-deadline", kwargs={"code": "trial.appeal_period.civil_judgment"})
    r = api(world.clerk_a).get(url, {"start": "2024-09-20"})
    assert r.status_code == 200
    assert r.json()["deadline"] == "2024-10-08" and r.json()["rule"]["article"] == "第171条"
    r = api(world.clerk_a).get(url, {"start": "2021-03-01"})
    assert r.json()["rule"]["law_version"] == "2017" and r.json()["rule"]["article"] == "第164条"


@pytest.mark.parametrize(
    ("code", "params", "status", "error"),
    [
        ("trial.appeal_period.civil_judgment", {}, 400, "invalid"),
        ("trial.appeal_period.civil_judgment", {"start": "2024-02-30"}, 400, "invalid"),
        ("trial.appeal_period.civil_judgment", {"start": "2001-01-01"}, 400, "rule_not_in_effect"),
        ("trial.appeal_period.civil_judgment", {"start": "2024-01-01", "on": "1999-01-01"}, 400, "rule_not_in_effect"),
        ("trial.appeal_period.civil_judgment", {"start": "2099-03-01"}, 400, "calendar_unpublished"),
        ("jurisdiction.appeal.spc_ip_tribunal", {"start": "2024-01-01"}, 400, "rule_not_a_period"),
        ("no.such.rule", {"start": "2024-01-01"}, 404, "rule_unknown"),
    ],
)
def test_deadline_errors_are_enveloped(world, api, code, params, status, error):
    r = api(world.clerk_a).get(reverse("api:rule-deadline", kwargs={"code": code}), params)
    assert r.status_code == status
    assert r.json()["error"]["code"] == error


def test_competent_court_endpoint(world, api):
    client = api(world.judge_a)
    r = client.get(reverse("api:competent-court"), {"category": "invention_patent", "region": "440305", "on": "2024-05-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["court"]["court_code"] == "粤03" and body["row"]["table"] == "first_instance"
    assert body["citation"].startswith("依据《最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定》")
    r = client.get(reverse("api:competent-court"), {"category": "utility_model", "on": "2023-10-31", "instance": "second", "from_court": "苏01"})
    assert r.json()["court"]["court_code"] == "最高法" and r.json()["row"]["table"] == "appeal"
    r = client.get(reverse("api:competent-court"), {"category": "utility_model", "on": "2023-11-02", "instance": "second", "from_court": "苏01"})
    assert r.json()["court"]["court_code"] == "苏"
    r = client.get(reverse("api:competent-court"), {"category": "admin_cnipa_trademark"})
    assert r.status_code == 200 and r.json()["court"]["court_code"] == "京73"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "invalid"),
        ({"category": "perfume"}, "invalid"),
        ({"category": "trademark", "region": "1234567"}, "invalid"),
        ({"category": "trademark", "region": "999999"}, "region_unknown"),
        ({"category": "trademark", "region": "540000"}, "no_competent_court"),
        ({"category": "trademark", "on": "2024-13-01"}, "invalid"),
        ({"category": "trademark", "instance": "second"}, "required"),
        ({"category": "trademark", "instance": "second", "from_court": "某院"}, "court_unknown"),
        ({"category": "trademark", "instance": "second", "from_court": "最高法"}, "no_appellate_court"),
    ],
)
def test_competent_court_bad_input(world, api, params, error):
    r = api(world.judge_a).get(reverse("api:competent-court"), params)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == error


def test_token_scope_and_external(world, api):
    reader = token_client(world, ["rules:read"])
    assert reader.get(reverse("api:rule-list")).status_code == 200
    assert reader.get(reverse("api:competent-court"), {"category": "drug_linkage"}).status_code == 200
    other = token_client(world, ["orgs:read"])
    r = other.get(reverse("api:rule-list"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "token_scope"
    r = api(world.external).get(reverse("api:rule-list"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"
    assert APIClient().get(reverse("api:rule-list")).status_code == 401
