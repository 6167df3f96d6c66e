"""The API of agreements and judicial confirmation: a party's system reads the agreement (text,
hash, confirmations, the last day to apply); the court's system (scope mediation:write) accepts
with a 民特 number and rules; scopes and reach hold."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import make_user
from ipcollab.accounts import services as account_services
from ipcollab.mediation import confirmation

from .agreements_setup import build, effective, fixed_today, mediation  # noqa: F401  (fixed_today: autouse)


@pytest.fixture
def b(world):
    return build(world)


def token_client(world, user, scopes):
    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_court_system_accepts_and_rules_over_the_api(b, world):
    m = mediation(b)
    agreement = effective(b, m)
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    court_system = make_user("t_bj73_system", b.ip_court, [], kind="system", full_name="北京知识产权法院审判系统")
    reader = token_client(world, court_system, ["mediation:read"])
    writer = token_client(world, court_system, ["mediation:read", "mediation:write"])
    listed = reader.get("/api/v1/confirmation-applications/", {"status": "filed"})
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [application.pk]
    refused = reader.post(f"/api/v1/confirmation-applications/{application.pk}/accept/", {"case_number": "（2026）京73民特5号"}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "token_scope"
    bad = writer.post(f"/api/v1/confirmation-applications/{application.pk}/accept/", {"case_number": "（2026）沪73民特5号"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "case_number_invalid"
    ok = writer.post(f"/api/v1/confirmation-applications/{application.pk}/accept/", {"case_number": "（2026）京73民特5号", "judge": b.judge.pk}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted" and ok.json()["judge"] == b.judge.pk
    early = writer.post(f"/api/v1/confirmation-applications/{application.pk}/accept/", {"case_number": "（2026）京73民特6号"}, format="json")
    assert early.status_code == 409 and early.json()["error"]["code"] == "confirmation_state"
    ruled = writer.post(f"/api/v1/confirmation-applications/{application.pk}/rule/", {"ruling": "valid"}, format="json")
    assert ruled.status_code == 200 and ruled.json()["ruling"] == "valid"
    other_court = make_user("t_sh73_system", b.sh_court, [], kind="system", full_name="上海知识产权法院审判系统")
    assert token_client(world, other_court, ["*"]).get(f"/api/v1/confirmation-applications/{application.pk}/").status_code == 404


def test_agreement_read_with_hash_confirmations_and_last_day(b, world):
    m = mediation(b)
    agreement = effective(b, m)
    client = APIClient()
    client.force_authenticate(b.mediator_user)
    data = client.get(f"/api/v1/mediation-agreements/{agreement.pk}/").json()
    assert data["text_hash"] == agreement.text_hash and data["status"] == "effective"
    assert [c["method"] for c in data["confirmations"]] == ["online", "online"]
    assert all(p["confirmed"] for p in data["parties"])
    assert data["apply_by"] == confirmation.apply_deadline(agreement)[0].isoformat()
    assert data["terms"][0]["instalments"][0] == {"due_on": "2026-12-31", "amount": "100000.00"}
    assert client.get(f"/api/v1/mediation-agreements/{2**70}/").status_code == 404
    listed = client.get("/api/v1/mediation-agreements/", {"mediation": m.pk}).json()
    assert [r["id"] for r in listed["results"]] == [agreement.pk]
    party = m.parties.get(side="applicant").user
    party_client = APIClient()
    party_client.force_authenticate(party)
    assert party_client.get(f"/api/v1/mediation-agreements/{agreement.pk}/").status_code == 200
    other = mediation(b)
    other_agreement = effective(b, other)
    assert party_client.get(f"/api/v1/mediation-agreements/{other_agreement.pk}/").status_code == 404
