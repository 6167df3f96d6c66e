from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import make_user
from ipcollab.accounts import services
from ipcollab.accounts.models import ApiToken, User
from ipcollab.orgs.models import Division

GOOD = "Str0ng-Passw0rd!"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    def _as(user):
        api.force_authenticate(user=None)
        api.force_login(user, backend="ipcollab.accounts.backends.AccountBackend")
        return api

    return _as


def _token(world, scopes=("accounts:read",), days=30, system=None):
    token, raw = services.token_issue(
        actor=world.platform_admin, system_user=system or world.system, name="t", scopes=list(scopes), expires_at=timezone.now() + timedelta(days=days)
    )
    return token, raw


def _bearer(api, raw):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


def _err(r, status, code):
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code, body
    return body["error"]


class TestMe:
    def test_session(self, world, as_user):
        r = as_user(world.judge_a).get("/api/v1/me/")
        assert r.status_code == 200
        assert r.json() == {
            "id": world.judge_a.pk,
            "username": "t_judge_a",
            "full_name": "张法官",
            "kind": "staff",
            "agency": {"id": world.court_a.pk, "code": "t-court-a", "name": "测试甲高级人民法院", "kind": "court"},
            "roles": ["judge"],
            "token": None,
        }

    def test_token(self, world, api):
        token, raw = _token(world, scopes=["orgs:read"])
        r = _bearer(api, raw).get("/api/v1/me/")
        assert r.status_code == 200
        body = r.json()
        assert body["kind"] == "system" and body["token"]["scopes"] == ["orgs:read"] and body["token"]["name"] == "t"
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_external_without_agency(self, world, as_user):
        assert as_user(world.external).get("/api/v1/me/").json()["agency"] is None

    def test_anonymous(self, api, db):
        _err(api.get("/api/v1/me/"), 401, "not_authenticated")


class TestTokenAuth:
    def test_valid(self, world, api):
        _, raw = _token(world)
        r = _bearer(api, raw).get("/api/v1/people/")
        assert r.status_code == 200
        usernames = {p["username"] for p in r.json()["results"]}
        assert usernames == {"t_platform", "t_examiner", "t_handler"}  # the office's active staff

    def test_wrong_secret(self, world, api):
        token, raw = _token(world)
        _err(_bearer(api, raw[:-4] + "AAAA").get("/api/v1/people/"), 401, "authentication_failed")
        _err(_bearer(api, "ipc_nope").get("/api/v1/people/"), 401, "authentication_failed")
        _err(_bearer(api, "ipc_deadbeef_whatever").get("/api/v1/people/"), 401, "authentication_failed")

    def test_expired(self, world, api):
        token, raw = _token(world)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        _err(_bearer(api, raw).get("/api/v1/people/"), 401, "token_expired")

    def test_revoked(self, world, api):
        token, raw = _token(world)
        services.token_revoke(actor=world.platform_admin, token=token)
        _err(_bearer(api, raw).get("/api/v1/people/"), 401, "authentication_failed")

    def test_deactivated_system(self, world, api):
        _, raw = _token(world)
        services.user_deactivate(actor=world.platform_admin, person=world.system)
        _err(_bearer(api, raw).get("/api/v1/me/"), 401, "authentication_failed")

    def test_scope_missing(self, world, api):
        _, raw = _token(world, scopes=["orgs:read"])
        _err(_bearer(api, raw).get("/api/v1/people/"), 403, "token_scope")
        _err(_bearer(api, raw).get("/api/v1/roles/"), 403, "token_scope")

    def test_read_scope_cannot_write(self, world, api):
        _, raw = _token(world, scopes=["accounts:read"])
        r = _bearer(api, raw).patch(f"/api/v1/people/{world.examiner.pk}/", {"title": "x"}, format="json")
        _err(r, 403, "token_scope")

    def test_write_scope_but_system_has_no_admin_role(self, world, api):
        _, raw = _token(world, scopes=["accounts:write", "accounts:read"])
        r = _bearer(api, raw).patch(f"/api/v1/people/{world.examiner.pk}/", {"title": "x"}, format="json")
        _err(r, 403, "permission_denied")

    def test_malformed_header(self, world, api):
        _err(_bearer(api, "").get("/api/v1/me/"), 401, "authentication_failed")
        api.credentials(HTTP_AUTHORIZATION="   ")
        assert api.get("/api/v1/me/").status_code == 401


class TestPeopleAPI:
    def test_list_masks_for_colleagues(self, world, as_user):
        world.judge_a.phone = "13812345678"
        world.judge_a.email = "zhang@court-a.cn"
        world.judge_a.save()
        rows = {p["username"]: p for p in as_user(world.clerk_a).get("/api/v1/people/").json()["results"]}
        assert rows["t_judge_a"]["phone"] == "138****5678" and rows["t_judge_a"]["contact_masked"] is True
        assert "t_admin_b" not in rows
        rows = {p["username"]: p for p in as_user(world.admin_a).get("/api/v1/people/").json()["results"]}
        assert rows["t_judge_a"]["phone"] == "13812345678" and rows["t_judge_a"]["contact_masked"] is False
        assert rows["t_judge_a"]["roles"] == ["judge"]

    def test_list_filters_and_bad_filters(self, world, as_user):
        client = as_user(world.platform_admin)
        r = client.get("/api/v1/people/", {"agency": world.court_b.pk, "role": "judge"})
        assert [p["username"] for p in r.json()["results"]] == ["t_judge_b"]
        err = _err(client.get("/api/v1/people/", {"agency": "x"}), 400, "invalid")
        assert "agency" in err["fields"]
        _err(client.get("/api/v1/people/", {"active": "maybe"}), 400, "invalid")
        _err(client.get("/api/v1/people/", {"kind": "robot"}), 400, "invalid")
        _err(client.get("/api/v1/people/", {"cursor": "garbage"}), 404, "invalid_cursor")

    def test_cursor_pagination(self, world, as_user):
        client = as_user(world.platform_admin)
        r = client.get("/api/v1/people/", {"page_size": 5})
        body = r.json()
        assert len(body["results"]) == 5 and body["next"]
        second = client.get(body["next"]).json()
        assert not {p["id"] for p in body["results"]} & {p["id"] for p in second["results"]}

    def test_retrieve_out_of_reach_is_404(self, world, as_user):
        _err(as_user(world.admin_b).get(f"/api/v1/people/{world.judge_a.pk}/"), 404, "not_found")
        _err(as_user(world.admin_b).patch(f"/api/v1/people/{world.judge_a.pk}/", {"title": "x"}, format="json"), 404, "not_found")
        _err(as_user(world.admin_b).get(f"/api/v1/people/{10**25}/"), 404, "not_found")
        assert as_user(world.admin_a).get(f"/api/v1/people/{world.judge_a.pk}/").json()["username"] == "t_judge_a"

    def test_forbidden_action_on_visible_person_is_403(self, world, as_user):
        _err(as_user(world.clerk_a).patch(f"/api/v1/people/{world.judge_a.pk}/", {"title": "x"}, format="json"), 403, "permission_denied")
        _err(as_user(world.clerk_a).post(f"/api/v1/people/{world.judge_a.pk}/roles/", {"role": "signer"}, format="json"), 403, "permission_denied")

    def test_create(self, world, as_user):
        div = Division.objects.create(agency=world.court_a, name="民三庭")
        client = as_user(world.admin_a)
        payload = {"username": "api_clerk", "password": GOOD, "full_name": "接口书记员", "division": div.pk, "roles": ["clerk"], "email": "c@a.cn"}
        r = client.post("/api/v1/people/", payload, format="json")
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["agency"]["id"] == world.court_a.pk and body["division"] == {"id": div.pk, "name": "民三庭"} and body["roles"] == ["clerk"]
        assert "password" not in body
        assert User.objects.get(username="api_clerk").check_password(GOOD)

    def test_create_errors(self, world, as_user):
        client = as_user(world.admin_a)
        base = {"username": "api_x", "password": GOOD, "full_name": "某"}
        _err(client.post("/api/v1/people/", {**base, "username": "t_judge_a"}, format="json"), 400, "username_taken")
        err = _err(client.post("/api/v1/people/", {**base, "password": "abc"}, format="json"), 400, "weak_password")
        assert err["fields"]["password"]
        _err(client.post("/api/v1/people/", {**base, "roles": ["wizard"]}, format="json"), 400, "role_unknown")
        _err(client.post("/api/v1/people/", {**base, "roles": ["examiner"]}, format="json"), 400, "role_not_assignable")
        _err(client.post("/api/v1/people/", {**base, "roles": ["platform_admin"]}, format="json"), 403, "permission_denied")
        _err(client.post("/api/v1/people/", {**base, "agency": world.court_b.pk}, format="json"), 403, "permission_denied")
        _err(client.post("/api/v1/people/", {**base, "agency": 999999}, format="json"), 400, "invalid")
        _err(client.post("/api/v1/people/", {**base, "division": 999999}, format="json"), 400, "division_mismatch")
        err = _err(client.post("/api/v1/people/", {"username": "x\x00y", "full_name": 5, "roles": "clerk"}, format="json"), 400, "invalid")
        assert {"username", "password", "roles"} <= set(err["fields"])
        _err(client.post("/api/v1/people/", "not json", content_type="application/json"), 400, "parse_error")
        _err(client.post("/api/v1/people/", "<a/>", content_type="application/xml"), 415, "unsupported_media_type")
        assert not User.objects.filter(username="api_x").exists()

    def test_external_party_has_no_agency_to_create_in(self, world, as_user):
        _err(as_user(world.external).post("/api/v1/people/", {"username": "z", "password": GOOD, "full_name": "z"}, format="json"), 400, "required")

    def test_patch(self, world, as_user):
        client = as_user(world.admin_a)
        r = client.patch(f"/api/v1/people/{world.judge_a.pk}/", {"title": "庭长", "phone": "010-88888888"}, format="json")
        assert r.status_code == 200 and r.json()["title"] == "庭长" and r.json()["phone"] == "010-88888888"
        _err(client.patch(f"/api/v1/people/{world.admin_a.pk}/", {"is_active": False}, format="json"), 400, "self_action")
        _err(client.patch(f"/api/v1/people/{world.judge_a.pk}/", {"email": "nope"}, format="json"), 400, "invalid")
        _err(client.patch(f"/api/v1/people/{world.judge_a.pk}/", {"full_name": ""}, format="json"), 400, "invalid")
        r = client.patch(f"/api/v1/people/{world.judge_a.pk}/", {"is_active": False}, format="json")
        assert r.status_code == 200 and r.json()["is_active"] is False
        assert client.put(f"/api/v1/people/{world.judge_a.pk}/", {}, format="json").status_code == 405

    def test_roles_assign_and_revoke(self, world, as_user):
        client = as_user(world.admin_a)
        r = client.post(f"/api/v1/people/{world.judge_a.pk}/roles/", {"role": "signer"}, format="json")
        assert r.status_code == 201 and "signer" in r.json()["roles"]
        assert client.post(f"/api/v1/people/{world.judge_a.pk}/roles/", {"role": "signer"}, format="json").status_code == 200
        assert client.delete(f"/api/v1/people/{world.judge_a.pk}/roles/signer/").status_code == 204
        _err(client.delete(f"/api/v1/people/{world.judge_a.pk}/roles/signer/"), 400, "role_not_held")
        _err(client.delete(f"/api/v1/people/{world.admin_a.pk}/roles/agency_admin/"), 409, "last_admin")
        _err(client.delete(f"/api/v1/people/{world.judge_a.pk}/roles/nope/"), 400, "role_unknown")
        _err(client.post(f"/api/v1/people/{world.judge_a.pk}/roles/", {"role": "Bad Role!"}, format="json"), 400, "invalid")
        _err(client.post(f"/api/v1/people/{world.judge_a.pk}/roles/", {}, format="json"), 400, "invalid")

    def test_system_token_reads_roles(self, world, api):
        _, raw = _token(world, scopes=["*"])
        r = _bearer(api, raw).get("/api/v1/roles/")
        assert r.status_code == 200
        codes = [r["code"] for r in r.json()]
        assert codes[0] == "platform_admin" and "examiner" in codes

    def test_list_query_count(self, world, as_user, django_assert_max_num_queries):
        for i in range(30):
            make_user(f"t_api_bulk_{i}", world.court_a, ["clerk"])
        client = as_user(world.admin_a)
        with django_assert_max_num_queries(10):
            r = client.get("/api/v1/people/")
        assert len(r.json()["results"]) == 34  # four in the world fixture plus thirty


def test_schema_documents_accounts_endpoints(client, db):
    r = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ["/api/v1/me/", "/api/v1/people/", "/api/v1/people/{id}/", "/api/v1/people/{id}/roles/", "/api/v1/people/{id}/roles/{code}/", "/api/v1/roles/"]:
        assert path in paths
    assert paths["/api/v1/people/{id}/"]["get"]["parameters"][0]["schema"]["type"] == "integer"
    assert "409" in paths["/api/v1/people/{id}/roles/{code}/"]["delete"]["responses"]
