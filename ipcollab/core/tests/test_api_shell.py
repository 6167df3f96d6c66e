import pytest
from django.test import Client

from ipcollab.core.errors import ErrorCode


@pytest.mark.django_db
def test_quotas_are_published(client):
    r = client.get("/api/v1/quotas/")
    assert r.status_code == 200
    scopes = {q["scope"]: q["rate"] for q in r.json()}
    assert set(scopes) == {"anon", "user", "system"}


@pytest.mark.django_db
def test_unknown_api_path_is_enveloped_404(client):
    r = client.get("/api/v1/no-such-thing/")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "not_found", "message": r.json()["error"]["message"], "fields": {}}}


@pytest.mark.django_db
def test_unauthenticated_api_call_is_enveloped(client):
    r = client.get("/api/v1/audit-events/")
    assert r.status_code in (401, 403)
    assert r.json()["error"]["code"] == ErrorCode.NOT_AUTHENTICATED


@pytest.mark.django_db
def test_bad_bearer_token_is_authentication_failed(client):
    r = client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION="Bearer nonsense")
    assert r.status_code == 401 and r.json()["error"]["code"] == "authentication_failed"


@pytest.mark.django_db
def test_request_id_is_echoed_or_created(client):
    r = client.get("/api/v1/quotas/", HTTP_X_REQUEST_ID="req-12345678")
    assert r["X-Request-ID"] == "req-12345678"
    r = client.get("/api/v1/quotas/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert len(r["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_html_404_for_pages_json_for_api(world, login):
    c = login(world.judge_a)
    r = c.get("/no-such-page/")
    assert r.status_code == 404 and "text/html" in r["Content-Type"]


@pytest.mark.django_db
def test_invalid_cursor_is_a_stable_code(world, login):
    c = login(world.admin_a)
    r = c.get("/api/v1/audit-events/", {"cursor": "!!!not-a-cursor"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.django_db
def test_idempotency_key_validation(world, login):
    c = login(world.admin_a)
    r = c.post("/api/v1/quotas/", {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad key with spaces")
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_invalid"


@pytest.mark.django_db
def test_csp_and_security_headers_on_pages():
    r = Client().get("/accounts/login/")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
