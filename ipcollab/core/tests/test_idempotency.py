import json

import pytest

from ipcollab.audit.models import AuditEvent
from ipcollab.orgs.models import LiaisonDesignation


def _post(client, body, key):
    return client.post("/api/v1/liaisons/", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def body(world):
    return {"agency": world.court_a.pk, "person": world.liaison_a.pk, "phone": "010-65551234", "email": "wang@a.example.cn"}


@pytest.mark.django_db
def test_a_retried_post_is_replayed_not_repeated(world, login, body):
    client = login(world.admin_a)
    first = _post(client, body, "designate-2026-0001")
    assert first.status_code == 201
    events = AuditEvent.objects.count()
    again = _post(client, body, "designate-2026-0001")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert LiaisonDesignation.objects.filter(agency=world.court_a).count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_same_key_different_body_is_refused(world, login, body):
    client = login(world.admin_a)
    assert _post(client, body, "k-1").status_code == 201
    other = _post(client, {**body, "phone": "010-65559999"}, "k-1")
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_keys_are_per_caller(world, login, body, client):
    login(world.admin_a)
    assert _post(client, body, "shared-key").status_code == 201
    client.logout()
    client.force_login(world.admin_b, backend="ipcollab.accounts.backends.AccountBackend")
    # admin B reuses the key for its own request: not a replay of A's response
    r = _post(client, {**body, "agency": world.court_b.pk, "person": world.admin_b.pk}, "shared-key")
    assert "Idempotent-Replayed" not in r


@pytest.mark.django_db
def test_validation_errors_are_replayed_too(world, login):
    client = login(world.admin_a)
    bad = _post(client, {"agency": "x"}, "bad-1")
    assert bad.status_code == 400
    assert _post(client, {"agency": "x"}, "bad-1")["Idempotent-Replayed"] == "true"
