"""Pages and API of representatives and powers of attorney."""

import datetime

import pytest
from django.urls import reverse

from ipcollab.registry import services

from .test_parties import org
from .test_representatives import _firm_code, lawyer

TODAY = datetime.date(2026, 1, 10)


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.mark.django_db
class TestApi:
    def test_firm_member_and_errors(self, world, login):
        client = login(world.examiner)
        firm = _post(client, "/api/v1/representatives/", {"kind": "patent_agency", "name": "某专利代理事务所", "credit_code": _firm_code()})
        assert firm.status_code == 201
        member = _post(client, "/api/v1/representatives/", {"kind": "patent_agent", "name": "钱代理师", "firm": firm.json()["id"]})
        assert member.status_code == 201 and member.json()["firm_name"] == "某专利代理事务所"
        dup = _post(client, "/api/v1/representatives/", {"kind": "law_firm", "name": "另一所", "credit_code": _firm_code()})
        assert dup.status_code == 400 and dup.json()["error"]["code"] == "representative_duplicate"
        bad = _post(client, "/api/v1/representatives/", {"kind": "lawyer", "name": "孙律师", "firm": member.json()["id"]})
        assert bad.json()["error"]["code"] == "representative_firm_invalid"
        patched = client.patch(f"/api/v1/representatives/{member.json()['id']}/", {"licence_number": "P123"}, content_type="application/json")
        assert patched.status_code == 200 and patched.json()["licence_number"] == "P123"

    def test_power_of_attorney_grant_and_revoke(self, world, login):
        principal = org(world.judge_a)
        rep = lawyer(world.judge_a)
        client = login(world.clerk_a)
        body = {
            "principal": principal.pk,
            "representative": rep.pk,
            "matter": "（2026）京73民初1号",
            "scope": "special",
            "special_powers": ["settle", "admit_claims"],
            "valid_from": TODAY.isoformat(),
        }
        created = _post(client, "/api/v1/powers-of-attorney/", body)
        assert created.status_code == 201
        assert created.json()["special_powers"] == ["admit_claims", "settle"]
        assert services.can_settle(rep, principal, TODAY)
        listed = client.get("/api/v1/powers-of-attorney/", {"principal": principal.pk}).json()["results"]
        assert [p["id"] for p in listed] == [created.json()["id"]]
        revoked = _post(client, f"/api/v1/powers-of-attorney/{created.json()['id']}/revoke/", {"reason": "解除"})
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        assert not services.can_settle(rep, principal, TODAY)
        again = _post(client, f"/api/v1/powers-of-attorney/{created.json()['id']}/revoke/", {})
        assert again.status_code == 409 and again.json()["error"]["code"] == "poa_revoked"
        general = _post(client, "/api/v1/powers-of-attorney/", {**body, "scope": "general"})
        assert general.status_code == 400 and "special_powers" in general.json()["error"]["fields"]
        unknown = _post(client, "/api/v1/powers-of-attorney/", {**body, "principal": 999999})
        assert unknown.status_code == 400 and "principal" in unknown.json()["error"]["fields"]


@pytest.mark.django_db
class TestPages:
    def test_list_query_count(self, world, login, django_assert_max_num_queries):
        firm = services.representative_create(actor=world.judge_a, kind="law_firm", name="某所")
        for i in range(10):
            lawyer(world.judge_a, name=f"律师{i}", firm=firm)
        client = login(world.judge_b)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("registry:representative_list"))
        assert response.status_code == 200 and response.content.decode().count("某所") >= 10

    def test_grant_page_and_detail(self, world, login):
        principal = org(world.judge_a)
        rep = lawyer(world.judge_a)
        client = login(world.judge_a)
        response = client.post(
            reverse("registry:power_grant", args=[principal.pk]),
            {"representative": rep.pk, "matter": "侵权诉讼", "scope": "special", "special_powers": ["settle"], "valid_from": "2026-01-01"},
        )
        assert response.status_code == 302
        html = client.get(reverse("registry:party_detail", args=[principal.pk])).content.decode()
        assert rep.name in html and "代为进行和解、调解" in html
        assert principal.name in client.get(reverse("registry:representative_detail", args=[rep.pk])).content.decode()
        bad = client.post(
            reverse("registry:power_grant", args=[principal.pk]), {"representative": rep.pk, "matter": "x", "scope": "special", "valid_from": "2026-01-01"}
        )
        assert bad.status_code == 400 and "特别授权须列明授权事项" in bad.content.decode()

    def test_edit_page(self, world, login):
        firm = services.representative_create(actor=world.judge_a, kind="law_firm", name="某所")
        rep = lawyer(world.judge_a)
        client = login(world.examiner)
        assert client.get(reverse("registry:representative_edit", args=[rep.pk])).status_code == 200
        response = client.post(reverse("registry:representative_edit", args=[rep.pk]), {"name": "王律师", "licence_number": "999", "firm": firm.pk})
        assert response.status_code == 302
        rep.refresh_from_db()
        assert rep.firm == firm and rep.licence_number == "999"
        bad = client.post(reverse("registry:representative_edit", args=[rep.pk]), {"name": "王律师", "firm": rep.pk})
        assert bad.status_code == 400
        assert login(world.liaison_a).get(reverse("registry:representative_edit", args=[rep.pk])).status_code == 403
