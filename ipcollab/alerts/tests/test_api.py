"""API of alerts: /api/v1/follows/ and /api/v1/watches/ — the caller's own records, scopes,
error envelopes with codes, nothing written on bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.accounts import services as accounts
from ipcollab.alerts.models import Follow, Watch, WatchMatch
from ipcollab.audit.models import AuditEvent
from ipcollab.core.models import Visibility
from ipcollab.proceedings.models import Kind
from ipcollab.proceedings.signals import NEW_PROCEEDING

from .conftest import case, fire


@pytest.fixture
def api():
    def _as(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _as


def bearer(world, scopes):
    _token, raw = accounts.token_issue(
        actor=world.platform_admin, system_user=world.system, name="alerts", scopes=list(scopes), expires_at=timezone.now() + timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def err(r, status, code):
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    return body["error"]


def test_follow_a_proceeding_edit_and_unfollow(world, api):
    p = case(world)
    c = api(world.judge_b)
    r = c.post("/api/v1/follows/", {"proceeding": p.pk, "events": ["decision", "stay"], "note": "关注无效结果"}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["target_type"] == "proceeding" and body["proceeding"]["number"] == p.number and body["right"] is None
    assert (body["events"], body["note"], body["automatic"], body["link"]) == (["decision", "stay"], "关注无效结果", False, f"/proceedings/{p.pk}/")
    pk = body["id"]
    r = c.patch(f"/api/v1/follows/{pk}/", {"events": ["appeal"]}, format="json")
    assert r.status_code == 200 and r.json()["events"] == ["appeal"] and r.json()["note"] == "关注无效结果"
    assert [f["id"] for f in c.get("/api/v1/follows/").json()["results"]] == [pk]
    assert c.get(f"/api/v1/follows/{pk}/").json()["id"] == pk
    assert c.delete(f"/api/v1/follows/{pk}/").status_code == 204
    assert not Follow.objects.exists()
    err(c.get(f"/api/v1/follows/{pk}/"), 404, "not_found")


def test_follow_a_right(world, reg, api):
    r = api(world.examiner).post("/api/v1/follows/", {"right": reg.um.pk}, format="json")
    assert r.status_code == 201
    assert r.json()["right"]["number"] == reg.um.number and r.json()["events"] == ["new_proceeding", "decision", "appeal", "stay", "status_change"]
    assert r.json()["link"] == reverse("registry:right_detail", args=[reg.um.pk])


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({}, 400, "follow_target_invalid"),
        ({"events": ["decision"]}, 400, "follow_target_invalid"),
        ({"proceeding": "P", "events": ["decision"]}, 400, "invalid"),
        ({"proceeding": "PK", "events": "decision"}, 400, "invalid"),
        ({"proceeding": "PK", "events": ["decision", "judgment"]}, 400, "event_type_unknown"),
        ({"proceeding": "PK", "events": []}, 400, "required"),
        ({"proceeding": "PK", "note": "长" * 501}, 400, "invalid"),
        ({"proceeding": 2**63}, 404, "not_found"),
        ({"right": 987654321}, 404, "not_found"),
        ({"proceeding": "HIDDEN"}, 404, "not_found"),
        ({"proceeding": "PK", "right": "RIGHT"}, 400, "follow_target_invalid"),
    ],
)
def test_bad_follows_answer_an_envelope_and_write_nothing(world, reg, api, payload, status, code):
    p = case(world)
    hidden = case(world, visibility=Visibility.PRIVATE)
    subst = {"PK": p.pk, "HIDDEN": hidden.pk, "RIGHT": reg.um.pk}
    payload = {k: subst.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    before = (Follow.objects.count(), AuditEvent.objects.count())
    err(api(world.judge_b).post("/api/v1/follows/", payload, format="json"), status, code)
    assert (Follow.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_follow_is_a_conflict(world, api):
    p = case(world)
    c = api(world.judge_b)
    assert c.post("/api/v1/follows/", {"proceeding": p.pk}, format="json").status_code == 201
    e = err(c.post("/api/v1/follows/", {"proceeding": p.pk}, format="json"), 409, "follow_duplicate")
    assert "proceeding" in e["fields"]
    assert Follow.objects.count() == 1


def test_external_party_gets_404_for_a_proceeding(world, api):
    p = case(world)
    err(api(world.external).post("/api/v1/follows/", {"proceeding": p.pk}, format="json"), 404, "not_found")


def test_someone_elses_follow_and_watch_are_404(world, api):
    p = case(world)
    f = api(world.judge_a).post("/api/v1/follows/", {"proceeding": p.pk}, format="json").json()["id"]
    w = api(world.judge_a).post("/api/v1/watches/", {"name": "民事", "kind": "civil"}, format="json").json()["id"]
    other = api(world.judge_b)
    for url in (f"/api/v1/follows/{f}/", f"/api/v1/watches/{w}/", f"/api/v1/watches/{w}/matches/"):
        err(other.get(url), 404, "not_found")
    err(other.patch(f"/api/v1/follows/{f}/", {"note": "x"}, format="json"), 404, "not_found")
    err(other.delete(f"/api/v1/watches/{w}/"), 404, "not_found")
    assert other.get("/api/v1/follows/").json()["results"] == []
    err(other.get(f"/api/v1/follows/{2**63}/"), 404, "not_found")


def test_watch_create_patch_matches_delete(world, reg, api):
    c = api(world.judge_b)
    r = c.post("/api/v1/watches/", {"name": "恒远专利的新无效请求", "kind": "patent_invalidation", "party": reg.owner.pk}, format="json")
    assert r.status_code == 201, r.content
    w = r.json()
    assert (w["kind"], w["party"], w["agency"], w["my_court"]) == ("patent_invalidation", reg.owner.pk, None, False)
    p = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um], parties=[(reg.owner, "owner")])
    fire(p, NEW_PROCEEDING)
    matches = c.get(f"/api/v1/watches/{w['id']}/matches/").json()["results"]
    assert [(m["proceeding"]["id"], m["link"]) for m in matches] == [(p.pk, f"/proceedings/{p.pk}/")]
    r = c.patch(f"/api/v1/watches/{w['id']}/", {"party": None, "right": reg.um.pk}, format="json")
    assert r.status_code == 200 and (r.json()["party"], r.json()["right"], r.json()["kind"]) == (None, reg.um.pk, "patent_invalidation")
    assert r.json()["cursor"] >= p.pk
    r = c.patch(f"/api/v1/watches/{w['id']}/", {"name": "改名"}, format="json")
    assert r.json()["name"] == "改名" and r.json()["right"] == reg.um.pk
    assert c.delete(f"/api/v1/watches/{w['id']}/").status_code == 204
    assert not Watch.objects.exists() and not WatchMatch.objects.exists()


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"name": "空"}, 400, "watch_empty"),
        ({"kind": "civil"}, 400, "invalid"),
        ({"name": "x", "kind": "lawsuit"}, 400, "invalid"),
        ({"name": "x", "kind": "civil", "track": "office"}, 400, "watch_filter_invalid"),
        ({"name": "x", "party": 2**63}, 404, "not_found"),
        ({"name": "x", "agency": 0}, 400, "invalid"),
        ({"name": "x", "right": 12345678}, 404, "not_found"),
    ],
)
def test_bad_watches_answer_an_envelope_and_write_nothing(world, api, payload, status, code):
    before = (Watch.objects.count(), AuditEvent.objects.count())
    err(api(world.judge_b).post("/api/v1/watches/", payload, format="json"), status, code)
    assert (Watch.objects.count(), AuditEvent.objects.count()) == before


def test_bad_patch_changes_nothing(world, api):
    c = api(world.judge_b)
    w = c.post("/api/v1/watches/", {"name": "民事", "kind": "civil"}, format="json").json()
    err(c.patch(f"/api/v1/watches/{w['id']}/", {"kind": ""}, format="json"), 400, "watch_empty")
    err(c.patch(f"/api/v1/watches/{w['id']}/", {"my_court": True, "agency": world.court_a.pk}, format="json"), 400, "watch_filter_invalid")
    assert Watch.objects.get().kind == "civil"


def test_scopes(world, api):
    p = case(world)
    reader = bearer(world, ["alerts:read"])
    assert reader.get("/api/v1/follows/").status_code == 200
    assert reader.get("/api/v1/watches/").status_code == 200
    err(reader.post("/api/v1/follows/", {"proceeding": p.pk}, format="json"), 403, "token_scope")
    err(reader.post("/api/v1/watches/", {"name": "民事", "kind": "civil"}, format="json"), 403, "token_scope")
    writer = bearer(world, ["alerts:write"])
    err(writer.get("/api/v1/follows/"), 403, "token_scope")
    r = writer.post("/api/v1/follows/", {"proceeding": p.pk}, format="json")
    assert r.status_code == 201 and Follow.objects.get().user == world.system
    other = bearer(world, ["registry:read"])
    err(other.get("/api/v1/watches/"), 403, "token_scope")
    err(APIClient().get("/api/v1/follows/"), 401, "not_authenticated")


def test_list_is_cursor_paginated(world, api):
    c = api(world.judge_b)
    ids = [c.post("/api/v1/follows/", {"proceeding": case(world).pk}, format="json").json()["id"] for _ in range(3)]
    page = c.get("/api/v1/follows/?page_size=2").json()
    assert [f["id"] for f in page["results"]] == ids[::-1][:2] and page["next"]
    rest = c.get(page["next"]).json()
    assert [f["id"] for f in rest["results"]] == [ids[0]]
    err(c.get("/api/v1/follows/?cursor=bad"), 404, "invalid_cursor")


def test_follows_filtered_by_target(world, reg, api):
    p = case(world)
    c = api(world.judge_b)
    f = c.post("/api/v1/follows/", {"proceeding": p.pk}, format="json").json()["id"]
    c.post("/api/v1/follows/", {"right": reg.um.pk}, format="json")
    assert [x["id"] for x in c.get(f"/api/v1/follows/?proceeding={p.pk}").json()["results"]] == [f]
    assert c.get(f"/api/v1/follows/?right={reg.mark.pk}").json()["results"] == []
    assert c.get(f"/api/v1/follows/?proceeding={2**63}").status_code == 400
    err(c.get("/api/v1/follows/?right=abc"), 400, "invalid")
