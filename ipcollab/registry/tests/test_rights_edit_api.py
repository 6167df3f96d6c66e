"""API of registering (POST /api/v1/rights/) and editing (PATCH /api/v1/rights/{id}/) rights:
envelope codes, per-role and per-scope access, the mark image URL."""

import datetime

import pytest
from django.utils import timezone

from ipcollab.accounts import services as account_services
from ipcollab.audit.models import AuditEvent
from ipcollab.registry import services
from ipcollab.registry.models import Right

from .test_parties import org
from .test_rights import make_mark, make_patent
from .test_rights_edit import image_file, patent_number

URL = "/api/v1/rights/"
NEW = {"kind": "patent", "number": "ZL 2019 1 0000001.9", "title": "一种登记测试方法", "filing_date": "2019-05-01"}


def post(client, data):
    return client.post(URL, data, content_type="application/json")


def patch(client, pk, data):
    return client.patch(f"{URL}{pk}/", data, content_type="application/json")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
class TestCreate:
    def test_created_normalised_with_parties_and_expiry(self, world, login):
        owner = org(world.judge_a, name="甲科技有限公司")
        response = post(login(world.judge_a), {**NEW, "ipc_codes": ["g06f16/245"], "parties": [{"party": owner.pk}], "visibility": "network"})
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["number"] == "201910000001.9" and body["patent_kind"] == "invention" and body["ipc_codes"] == ["G06F 16/245"]
        assert body["owner_name"] == "甲科技有限公司" and body["expiry_date"] == "2039-04-30" and body["status"] == "pending"
        assert body["visibility"] == "network" and body["mark_image_url"] is None
        right = Right.objects.get(pk=body["id"])
        assert right.right_parties.get().role == "applicant"

    def test_trademark_with_nice_classes(self, world, login):
        data = {"kind": "trademark", "number": "55667788", "title": "飞鸟", "filing_date": "2020-01-02"}
        data["nice_classes"] = [{"class": 35, "groups": ["3501"]}, {"class": 9, "groups": ["0901"], "edition": "NCL11-2020"}]
        body = post(login(world.examiner), data).json()
        assert body["nice_classes"] == [{"class": 9, "groups": ["0901"], "edition": "NCL11-2020"}, {"class": 35, "groups": ["3501"]}]

    @pytest.mark.parametrize(
        ("change", "code", "field"),
        [
            ({"number": "201910000001.8"}, "invalid", "number"),
            ({"number": patent_number(2019, 4, 1)}, "invalid", "number"),
            ({"filing_date": "2999-01-01"}, "invalid", "filing_date"),
            ({"kind": "design"}, "invalid", "kind"),
            ({"ipc_codes": ["G06F"], "kind": "trademark", "number": "55667788"}, "invalid", "ipc_codes"),
            ({"kind": "trademark", "number": "55667788", "nice_classes": [{"class": 46}]}, "invalid", "nice_classes"),
            ({"parties": [{"party": 999999}]}, "invalid", "parties"),
            ({"title": ""}, "invalid", "title"),
        ],
        ids=["check-character", "kind-digit", "future", "kind", "ipc-on-mark", "nice-46", "party-missing", "no-title"],
    )
    def test_bad_input(self, world, login, change, code, field):
        response = post(login(world.judge_a), {**NEW, **change})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == code and any(key.split(".")[0] == field for key in error["fields"]), error
        assert not Right.objects.exists()

    def test_bad_number_names_the_identifier_error(self, world, login):
        error = post(login(world.judge_a), {**NEW, "number": "201910000001.8"}).json()["error"]
        assert [e["message"] for e in error["fields"]["number_error"]] == ["bad_check_character"]
        error = post(login(world.judge_a), {**NEW, "number": patent_number(2019, 4, 1)}).json()["error"]
        assert [e["message"] for e in error["fields"]["number_error"]] == ["bad_kind_digit"]

    def test_duplicate(self, world, login):
        right = make_patent(world.examiner)
        response = post(login(world.judge_a), {**NEW, "number": "CN 2018 1 0557067.3", "filing_date": "2018-06-01"})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "right_duplicate" and [e["message"] for e in error["fields"]["existing_id"]] == [str(right.pk)]

    def test_party_out_of_reach_is_a_field_error(self, world, login):
        hidden = org(world.judge_b, name="乙院当事人")
        hidden.visibility, hidden.agency = "private", world.court_b
        hidden.save()
        response = post(login(world.judge_a), {**NEW, "parties": [{"party": hidden.pk}]})
        assert response.status_code == 400 and "parties" in response.json()["error"]["fields"]

    @pytest.mark.parametrize(("who", "status"), [("judge_a", 201), ("examiner", 201), ("liaison_a", 403), ("handler", 403), ("external", 403)])
    def test_who_may_create(self, world, login, who, status):
        response = post(login(getattr(world, who)), NEW)
        assert response.status_code == status
        if status == 403:
            assert response.json()["error"]["code"] == "permission_denied"

    def test_system_token_may_not_write(self, world, client):
        _, raw = account_services.token_issue(
            actor=world.platform_admin, system_user=world.system, name="写", scopes=["registry:write"], expires_at=timezone.now() + datetime.timedelta(days=30)
        )
        response = client.post(URL, NEW, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"

    def test_read_scope_is_not_enough(self, world, client):
        _, raw = account_services.token_issue(
            actor=world.platform_admin, system_user=world.system, name="读", scopes=["registry:read"], expires_at=timezone.now() + datetime.timedelta(days=30)
        )
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        right = make_patent(world.examiner)
        assert client.get(f"{URL}{right.pk}/", **headers).status_code == 200
        response = client.patch(f"{URL}{right.pk}/", {"title": "x"}, content_type="application/json", **headers)
        assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"


@pytest.mark.django_db
class TestPatch:
    def test_descriptive_fields_change_status_does_not(self, world, login):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", right.filing_date + datetime.timedelta(days=400))
        response = patch(login(world.judge_a), right.pk, {"title": "一种新名称", "ipc_codes": ["H04L 9/32"], "status": "invalid", "expiry_date": "2020-01-01"})
        assert response.status_code == 200
        body = response.json()
        assert body["title"] == "一种新名称" and body["ipc_codes"] == ["H04L 9/32"]
        assert body["status"] == "granted" and body["expiry_date"] == "2038-05-31"
        assert AuditEvent.objects.filter(action="registry.right.update", actor=world.judge_a).count() == 1

    def test_bad_values(self, world, login):
        mark = make_mark(world.examiner)
        client = login(world.examiner)
        for data, field in (
            ({"nice_classes": [{"class": 9, "groups": ["3501"]}]}, "nice_classes"),
            ({"title": ""}, "title"),
            ({"ipc_codes": ["G06F"]}, "ipc_codes"),
        ):
            response = patch(client, mark.pk, data)
            assert response.status_code == 400 and field in response.json()["error"]["fields"], data

    def test_reach_and_permission(self, world, login):
        private = make_patent(world.examiner, visibility="private")
        public = make_mark(world.examiner)
        assert patch(login(world.judge_b), private.pk, {"title": "x"}).status_code == 404
        response = patch(login(world.liaison_a), public.pk, {"title": "x"})
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
        assert patch(login(world.examiner), private.pk, {"title": "内部名称"}).status_code == 200

    def test_mark_image_url(self, world, login, media):
        mark = make_mark(world.examiner)
        services.right_update(actor=world.examiner, right=mark, mark_image=image_file("JPEG"))
        client = login(world.judge_b)
        url = client.get(f"{URL}{mark.pk}/").json()["right"]["mark_image_url"]
        assert url == f"http://testserver/registry/rights/{mark.pk}/mark/"
        listed = client.get(URL, {"kind": "trademark"}).json()["results"][0]["mark_image_url"]
        assert listed == url
        served = client.get(url)
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
