"""Pages and API of parties: masking, audited reveal, envelope codes, query counts, navigation."""

import pytest
from django.urls import reverse

from ipcollab.audit.models import AuditEvent
from ipcollab.registry import services
from ipcollab.registry.models import Party

from .test_parties import HUAWEI, TENCENT, org, person

ID = "110105194912310021"
ADDRESS = "北京市朝阳区某路1号"


@pytest.fixture
def people(world):
    for i in range(12):
        person(world.judge_a, name=f"张{i}号", id_number=ID, address=ADDRESS)
    org(world.judge_a, credit_code=TENCENT)
    return world


@pytest.mark.django_db
class TestPages:
    def test_list_masks_personal_data_with_bounded_queries(self, people, login, django_assert_max_num_queries):
        client = login(people.judge_b)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("registry:party_list"))
        html = response.content.decode()
        assert response.status_code == 200
        assert ID not in html and ADDRESS not in html
        assert "110105********0021" in html and "北京市朝阳区****" in html
        assert TENCENT in html

    def test_detail_queries_do_not_grow_with_powers_and_names(self, world, login, django_assert_max_num_queries):
        import datetime

        from .test_representatives import lawyer

        party = org(world.judge_a, credit_code=TENCENT)
        for i in range(8):
            services.party_rename(actor=world.judge_a, party=party, name=f"腾讯{i}号公司", changed_on=datetime.date(2020, 1, 1 + i))
            services.power_of_attorney_grant(
                actor=world.judge_a, principal=party, representative=lawyer(world.judge_a, name=f"律师{i}"), matter="诉讼", valid_from=datetime.date(2026, 1, 1)
            )
        client = login(world.judge_b)
        with django_assert_max_num_queries(16):
            response = client.get(reverse("registry:party_detail", args=[party.pk]))
        assert response.status_code == 200 and response.content.decode().count("律师") >= 8

    def test_search_traditional_finds_simplified(self, people, login):
        response = login(people.examiner).get(reverse("registry:party_list"), {"q": "騰訊計算機"})
        assert "深圳市腾讯计算机系统有限公司" in response.content.decode()
        assert "张1号" not in response.content.decode()

    def test_detail_and_audited_reveal(self, world, login):
        p = person(world.clerk_a, id_number=ID, address=ADDRESS)
        client = login(world.judge_b)
        html = client.get(reverse("registry:party_detail", args=[p.pk])).content.decode()
        assert ID not in html and "查看完整个人信息" in html
        response = client.post(reverse("registry:party_reveal", args=[p.pk]), {"reason": "核对身份"})
        assert response.status_code == 200 and ID in response.content.decode() and ADDRESS in response.content.decode()
        event = AuditEvent.objects.get(action="registry.party_reveal")
        assert event.actor == world.judge_b and event.is_read

    def test_reveal_forbidden_for_readers_without_write_role(self, world, login):
        p = person(world.clerk_a, id_number=ID)
        client = login(world.liaison_a)
        assert client.get(reverse("registry:party_detail", args=[p.pk])).status_code == 200
        assert "查看完整个人信息" not in client.get(reverse("registry:party_detail", args=[p.pk])).content.decode()
        assert client.post(reverse("registry:party_reveal", args=[p.pk]), {"reason": "x"}).status_code == 403
        assert not AuditEvent.objects.filter(action="registry.party_reveal").exists()

    def test_create_shows_duplicate_on_the_form(self, world, login):
        org(world.judge_a, credit_code=TENCENT)
        response = login(world.examiner).post(
            reverse("registry:party_create"), {"kind": "organization", "name": "腾讯", "credit_code": TENCENT, "nationality": "CN"}
        )
        assert response.status_code == 400
        assert "已有使用该统一社会信用代码的当事人" in response.content.decode()
        assert Party.objects.count() == 1

    def test_merge_page(self, world, login):
        keep = org(world.judge_a, credit_code=TENCENT)
        dup = org(world.judge_a, name="深圳市騰訊計算機系統有限責任公司")
        client = login(world.judge_a)
        assert dup.name in client.get(reverse("registry:party_merge", args=[keep.pk])).content.decode()
        response = client.post(reverse("registry:party_merge", args=[keep.pk]), {"duplicate": dup.pk, "reason": "重复"})
        assert response.status_code == 302
        dup.refresh_from_db()
        assert dup.merged_into == keep
        detail = client.get(reverse("registry:party_detail", args=[dup.pk])).content.decode()
        assert "已合并至" in detail and "合并重复记录" not in detail

    def test_nav_entry(self, world, login):
        html = login(world.liaison_a).get(reverse("registry:party_list")).content.decode()
        assert reverse("registry:party_list") in html and "当事人" in html
        assert login(world.external).get(reverse("registry:party_list")).status_code == 403


@pytest.mark.django_db
class TestApi:
    def test_list_masked_with_bounded_queries(self, people, login, django_assert_max_num_queries):
        client = login(people.examiner)
        with django_assert_max_num_queries(10):
            response = client.get("/api/v1/parties/")
        assert response.status_code == 200
        rows = response.json()["results"]
        assert len(rows) == 13
        persons = [r for r in rows if r["kind"] == "person"]
        assert all(r["id_number"] == "110105********0021" and r["address"] == "北京市朝阳区****" for r in persons)
        assert ID not in response.content.decode()

    def test_search_by_credit_code_and_name(self, people, login):
        client = login(people.examiner)
        assert [r["credit_code"] for r in client.get("/api/v1/parties/", {"q": TENCENT.lower()}).json()["results"]] == [TENCENT]
        assert len(client.get("/api/v1/parties/", {"q": "张", "kind": "person"}).json()["results"]) == 12

    def test_duplicate_envelope(self, world, login):
        first = org(world.judge_a, credit_code=TENCENT)
        response = login(world.examiner).post(
            "/api/v1/parties/", {"kind": "organization", "name": "腾讯", "credit_code": TENCENT}, content_type="application/json"
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "party_duplicate"
        assert error["fields"]["existing_id"][0]["message"] == str(first.pk)

    def test_bad_credit_code_envelope(self, world, login):
        response = login(world.examiner).post(
            "/api/v1/parties/", {"kind": "organization", "name": "某公司", "credit_code": "9144030071526726XA"}, content_type="application/json"
        )
        error = response.json()["error"]
        assert response.status_code == 400 and error["code"] == "invalid"
        assert error["fields"]["credit_code_error"][0]["message"] == "bad_check_character"

    def test_create_rename_merge(self, world, login):
        client = login(world.judge_a)
        keep = client.post("/api/v1/parties/", {"kind": "organization", "name": "华为技术有限公司", "credit_code": HUAWEI}, content_type="application/json")
        assert keep.status_code == 201
        keep_id = keep.json()["id"]
        dup = org(world.examiner, name="華為技術公司")
        renamed = client.post(f"/api/v1/parties/{keep_id}/rename/", {"name": "华为技术股份有限公司", "reason": "改制"}, content_type="application/json")
        assert renamed.status_code == 200 and renamed.json()["former_names"][0]["name"] == "华为技术有限公司"
        merged = client.post(f"/api/v1/parties/{keep_id}/merge/", {"duplicate": dup.pk}, content_type="application/json")
        assert merged.status_code == 200
        assert {n["name"] for n in merged.json()["former_names"]} == {"华为技术有限公司", "華為技術公司"}
        again = client.post(f"/api/v1/parties/{keep_id}/merge/", {"duplicate": dup.pk}, content_type="application/json")
        assert again.status_code == 409 and again.json()["error"]["code"] == "party_merged"
        self_merge = client.post(f"/api/v1/parties/{keep_id}/merge/", {"duplicate": keep_id}, content_type="application/json")
        assert self_merge.json()["error"]["code"] == "party_merge_self"
        patch = client.patch(f"/api/v1/parties/{dup.pk}/", {"address": "x"}, content_type="application/json")
        assert patch.status_code == 409 and patch.json()["error"]["code"] == "party_merged"

    def test_merge_kind_and_cycle_codes(self, world, login):
        client = login(world.judge_a)
        a, b, p = org(world.judge_a, name="甲"), org(world.judge_a, name="乙"), person(world.judge_a)
        assert client.post(f"/api/v1/parties/{a.pk}/merge/", {"duplicate": p.pk}, content_type="application/json").json()["error"]["code"] == "party_merge_kind"
        services.party_merge(actor=world.judge_a, keep=a, duplicate=b)
        assert (
            client.post(f"/api/v1/parties/{b.pk}/merge/", {"duplicate": a.pk}, content_type="application/json").json()["error"]["code"] == "party_merge_cycle"
        )
        missing = client.post(f"/api/v1/parties/{a.pk}/merge/", {"duplicate": 999999}, content_type="application/json")
        assert missing.status_code == 400 and "duplicate" in missing.json()["error"]["fields"]

    def test_private_party_is_404_elsewhere(self, world, login):
        p = org(world.judge_a, name="内部")
        Party.objects.filter(pk=p.pk).update(visibility="private")
        assert login(world.judge_b).get(f"/api/v1/parties/{p.pk}/").status_code == 404
        assert login(world.judge_a).get(f"/api/v1/parties/{p.pk}/").status_code == 200

    def test_reader_may_not_write(self, world, login):
        response = login(world.liaison_a).post("/api/v1/parties/", {"kind": "person", "name": "张三"}, content_type="application/json")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"

    def test_token_scopes(self, world, client):
        import datetime

        from django.utils import timezone

        from ipcollab.accounts import services as account_services

        _, raw = account_services.token_issue(
            actor=world.platform_admin, system_user=world.system, name="读", scopes=["registry:read"], expires_at=timezone.now() + datetime.timedelta(days=30)
        )
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        assert client.get("/api/v1/parties/", **headers).status_code == 200
        response = client.post("/api/v1/parties/", {"kind": "person", "name": "张三"}, content_type="application/json", **headers)
        assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"
