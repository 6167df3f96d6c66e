from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.accounts.models import ApiToken, hash_token
from ipcollab.orgs.models import Agency, LiaisonDesignation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def token_client(world):
    def _client(*scopes):
        prefix, raw = ApiToken.generate()
        ApiToken.objects.create(
            user=world.system, name="t", prefix=prefix, key_hash=hash_token(raw), scopes=list(scopes), expires_at=timezone.now() + timedelta(days=1)
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def test_regions_and_agencies_with_filters_and_cursor_pagination(world, api, django_assert_max_num_queries):
    client = api(world.judge_a)
    regions = client.get("/api/v1/regions/", {"parent": "110100", "page_size": 5}).json()
    assert [r["code"] for r in regions["results"]] == ["110101", "110102", "110105", "110106", "110107"]
    assert regions["next"] and regions["previous"] is None
    nxt = client.get(regions["next"]).json()
    assert nxt["results"][0]["code"] > "110107"
    with django_assert_max_num_queries(10):
        agencies = client.get("/api/v1/agencies/", {"kind": "court", "region": "110000", "page_size": 100})
    body = agencies.json()
    codes = {a["court_code"] for a in body["results"]}
    assert {"京", "京73", "京0491", "京0108", "最高法"} <= codes and "沪73" not in codes
    spc = next(a for a in body["results"] if a["code"] == "spc")
    assert {"name": "知识产权法庭", "is_liaison_office": True}.items() <= next(d for d in spc["divisions"] if d["name"] == "知识产权法庭").items()
    one = client.get(f"/api/v1/agencies/{spc['id']}/").json()
    assert one["court_code"] == "最高法" and one["region"] == "110000"


@pytest.mark.parametrize(
    "query",
    [{"kind": "nonsense"}, {"level": "x"}, {"parent": "abc"}, {"parent": str(10**30)}, {"region": "1234567"}, {"q": "a\x00b"}],
)
def test_bad_filters_answer_400_envelope(world, api, query):
    response = api(world.judge_a).get("/api/v1/agencies/", query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_invalid_cursor_and_unknown_ids(world, api):
    client = api(world.judge_a)
    assert client.get("/api/v1/agencies/", {"cursor": "garbage"}).json()["error"]["code"] == "invalid_cursor"
    for path in ("/api/v1/agencies/99999999999999999999999/", "/api/v1/liaisons/99999999999999999999999/", "/api/v1/agencies/0/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_liaison_api_lifecycle_and_masking(world, api):
    admin = api(world.admin_a)
    body = {"agency": world.court_a.pk, "person": world.liaison_a.pk, "phone": "010-1", "mobile": "13812345678", "email": "l@a.cn"}
    created = admin.post("/api/v1/liaisons/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["mobile"] == "13812345678" and data["role"] == "primary" and data["is_current"] and data["person_name"] == "王联络"
    pk = data["id"]
    assert api(world.judge_b).get(f"/api/v1/liaisons/{pk}/").json()["mobile"] == "138****5678"
    patched = admin.patch(f"/api/v1/liaisons/{pk}/", {"office_hours": "全天"}, format="json")
    assert patched.status_code == 200 and patched.json()["office_hours"] == "全天"
    assert admin.patch(f"/api/v1/liaisons/{pk}/", {"email": "bad"}, format="json").json()["error"]["fields"]["email"]
    # a second primary replaces the first
    second = admin.post("/api/v1/liaisons/", {**body, "person": world.clerk_a.pk}, format="json").json()
    first = admin.get(f"/api/v1/liaisons/{pk}/").json()
    assert first["is_current"] is False and first["end_reason"]
    listed = admin.get("/api/v1/liaisons/", {"agency": world.court_a.pk}).json()["results"]
    assert [r["id"] for r in listed] == [second["id"]]
    history = admin.get("/api/v1/liaisons/", {"agency": world.court_a.pk, "include_history": "true"}).json()["results"]
    assert {r["id"] for r in history} == {pk, second["id"]}
    ended = admin.post(f"/api/v1/liaisons/{second['id']}/end/", {"reason": "调岗"}, format="json")
    assert ended.status_code == 200 and ended.json()["valid_to"]
    again = admin.post(f"/api/v1/liaisons/{second['id']}/end/", {"reason": "调岗"}, format="json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "liaison_already_ended"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"person": 10**30}, "invalid", "person"),
        ({"person": "x"}, "invalid", "person"),
        ({"role": "boss"}, "invalid", "role"),
        ({"email": "x"}, "invalid", "email"),
        ({"phone": "1" * 40}, "invalid", "phone"),
        ({"valid_from": "2999-01-01"}, "liaison_dates", "valid_from"),
        ({"agency": 999999999}, "invalid", "agency"),
        ({"visibility": "parties"}, "invalid", "visibility"),
    ],
)
def test_designate_bad_input_is_400(world, api, change, code, field):
    body = {"agency": world.court_a.pk, "person": world.liaison_a.pk, "phone": "010-1", "email": "l@a.cn", **change}
    response = api(world.admin_a).post("/api/v1/liaisons/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and field in error["fields"]
    assert not LiaisonDesignation.objects.exists()


def test_designate_other_staff_is_liaison_not_staff(world, api):
    body = {"agency": world.court_a.pk, "person": world.judge_b.pk, "phone": "010-1", "email": "l@a.cn"}
    response = api(world.admin_a).post("/api/v1/liaisons/", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "liaison_not_staff"


def test_agency_write_api(world, api):
    admin = api(world.platform_admin)
    body = {"code": "t-new-court", "name": "测试丙法院", "kind": "court", "level": "county", "region": "110108", "court_code": "测甲"}
    taken = admin.post("/api/v1/agencies/", body, format="json")
    assert taken.status_code == 400 and taken.json()["error"]["code"] == "court_code_taken"
    assert admin.post("/api/v1/agencies/", {**body, "court_code": "测丙", "region": "999999"}, format="json").json()["error"]["code"] == "region_unknown"
    created = admin.post("/api/v1/agencies/", {**body, "court_code": "测丙", "parent": world.court_a.pk}, format="json")
    assert created.status_code == 201 and created.json()["parent"] == world.court_a.pk
    new_id = created.json()["id"]
    cycle = admin.patch(f"/api/v1/agencies/{world.court_a.pk}/", {"parent": new_id}, format="json")
    assert cycle.status_code == 400 and cycle.json()["error"]["code"] == "parent_cycle"
    assert admin.patch(f"/api/v1/agencies/{new_id}/", {"name": "改名法院"}, format="json").json()["name"] == "改名法院"
    refused = api(world.admin_a).post("/api/v1/agencies/", {"nonsense": 1}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert Agency.objects.filter(code="t-new-court").count() == 1


def test_token_scopes(world, token_client):
    read_only = token_client("orgs:read")
    assert read_only.get("/api/v1/agencies/").status_code == 200
    assert read_only.get("/api/v1/liaisons/").status_code == 200
    refused = read_only.post("/api/v1/liaisons/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "token_scope"
    other = token_client("audit:read")
    assert other.get("/api/v1/regions/").json()["error"]["code"] == "token_scope"
    writer = token_client("orgs:write")
    # the scope lets the request through; the system account holds no role, so the rule refuses
    response = writer.post("/api/v1/liaisons/", {"agency": world.office.pk, "person": world.examiner.pk, "phone": "1", "email": "a@b.cn"}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_anonymous_is_401(db):
    response = APIClient().get("/api/v1/liaisons/")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


def test_liaison_list_query_count(world, liaisons, api, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = api(world.judge_b).get("/api/v1/liaisons/")
    assert {r["id"] for r in response.json()["results"]} == {liaisons.primary_a.pk, liaisons.pair_ab.pk, liaisons.primary_office.pk}
