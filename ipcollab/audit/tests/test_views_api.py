from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcollab.accounts.models import ApiToken, hash_token
from ipcollab.audit import services
from ipcollab.audit.models import AuditEvent


def _token(user, scopes):
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", prefix=prefix, key_hash=hash_token(raw), scopes=scopes, expires_at=timezone.now() + timedelta(days=1))
    return raw


@pytest.fixture
def events(world):
    a = services.record(actor=world.judge_a, action="test.write", object_type="x", object_id="1", object_label="甲的记录", before={"k": 1}, after={"k": 2})
    b = services.record(actor=world.judge_b, action="test.write", object_type="x", object_id="2", object_label="乙的记录")
    return a, b


@pytest.mark.django_db
def test_agency_admin_reads_own_chain_only(world, events, login):
    a, b = events
    client = login(world.admin_a)
    page = client.get(reverse("audit:event_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲的记录" in body and "乙的记录" not in body
    assert client.get(reverse("audit:event_detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("audit:event_detail", args=[b.pk])).status_code == 404


@pytest.mark.django_db
def test_detail_shows_change_and_hash(world, events, login):
    a, _ = events
    body = login(world.admin_a).get(reverse("audit:event_detail", args=[a.pk])).content.decode()
    assert a.hash in body and "<code>k</code>" in body


@pytest.mark.django_db
def test_judge_cannot_read_audit(world, events, login):
    client = login(world.judge_a)
    assert client.get(reverse("audit:event_list")).status_code == 403
    assert client.get(reverse("audit:event_detail", args=[events[0].pk])).status_code == 404


@pytest.mark.django_db
def test_platform_admin_reads_all(world, events, login):
    body = login(world.platform_admin).get(reverse("audit:event_list")).content.decode()
    assert "甲的记录" in body and "乙的记录" in body


@pytest.mark.django_db
def test_bad_filter_input_is_a_form_error_not_500(world, events, login):
    client = login(world.admin_a)
    r = client.get(reverse("audit:event_list"), {"date_from": "2026-13-45", "date_to": "x"})
    assert r.status_code == 200
    r = client.get(reverse("audit:event_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "起始日期不能晚于截止日期" in r.content.decode()


@pytest.mark.django_db
def test_list_query_count_is_bounded(world, login, django_assert_max_num_queries):
    for i in range(30):
        services.record(actor=world.judge_a, action="test.write", object_type="x", object_id=str(i))
    client = login(world.admin_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit:event_list")).status_code == 200


@pytest.mark.django_db
def test_api_system_token_reads_its_agency_chain(world, events, client):
    services.record(actor=world.examiner, action="test.write", object_type="x", object_id="3", object_label="局的记录")
    raw = _token(world.system, ["audit:read"])
    r = client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200
    labels = [e["object_label"] for e in r.json()["results"]]
    assert labels == ["局的记录"]
    other = AuditEvent.objects.get(object_label="甲的记录")
    r = client.get(f"/api/v1/audit-events/{other.pk}/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_api_scope_is_enforced(world, client):
    raw = _token(world.system, ["orgs:read"])
    r = client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 403 and r.json()["error"]["code"] == "token_scope"


@pytest.mark.django_db
def test_pagination_keeps_the_filters(world, login):
    for i in range(55):
        services.record(actor=world.judge_a, action="test.page", object_type="x", object_id=str(i))
    body = login(world.admin_a).get(reverse("audit:event_list"), {"action": "test.page"}).content.decode()
    assert "action=test.page&amp;page=2" in body
