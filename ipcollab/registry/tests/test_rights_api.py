"""API of rights: search list, dossier with panels, recording events (envelope codes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipcollab.registry import panels, services
from ipcollab.registry.models import ReconciliationItem

from .test_parties import org
from .test_rights import D, make_mark, make_patent
from .test_rights_web import add_events


@pytest.mark.django_db
class TestRightsApi:
    def test_search_by_number_and_owner(self, world, login):
        owner = org(world.examiner, name="华为技术有限公司")
        right = make_patent(world.examiner, parties=[(owner, "applicant")])
        make_mark(world.examiner)
        client = login(world.judge_b)
        for q in ("ZL 2018 1 0557067.3", "2018105570673", "華為技術有限公司"):
            rows = client.get("/api/v1/rights/", {"q": q}).json()["results"]
            assert [r["id"] for r in rows] == [right.pk], q
        assert len(client.get("/api/v1/rights/").json()["results"]) == 2
        bad = client.get("/api/v1/rights/", {"kind": "robot"})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"

    def test_dossier_with_panels_and_constant_queries(self, world, login):
        client = login(world.judge_a)
        panels.register_panel("test.api", "测试", 10, api=lambda r, u: {"number": r.number})
        counts = []
        # Process-wide caches (content types of the panels' visibility filters) warm up first.
        client.get(f"/api/v1/rights/{make_patent(world.examiner, number='202010000001.1').pk}/")
        try:
            for number, n in (("201810557067.3", 5), ("201920000123.3", 200)):
                right = make_patent(world.examiner, number=number)
                services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
                add_events(right, n)
                with CaptureQueriesContext(connection) as ctx:
                    body = client.get(f"/api/v1/rights/{right.pk}/").json()
                counts.append(len(ctx))
                assert len(body["timeline"]) == n + 2
        finally:
            panels.unregister_panel("test.api")
        assert counts[0] == counts[1]
        assert body["right"]["status"] == "granted" and body["right"]["licences"] == 0
        assert body["panels"]["test.api"] == {"number": "201920000123.3"}
        assert body["panels"]["registry.source"]["source"] == "manual"
        assert [e["type"] for e in body["timeline"][:2]] == ["filed", "granted"]

    def test_private_right_404(self, world, login):
        right = make_patent(world.examiner, visibility="private")
        response = login(world.judge_a).get(f"/api/v1/rights/{right.pk}/")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"

    def test_record_event_envelopes(self, world, login):
        right = make_patent(world.examiner)
        client = login(world.examiner)
        url = f"/api/v1/rights/{right.pk}/events/"
        refused = client.post(url, {"type": "pledge_recorded", "date": "2020-01-01"}, content_type="application/json")
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert error["code"] == "event_refused" and error["fields"]["refusal"][0]["message"] == "not_allowed_in_status"
        future = client.post(url, {"type": "granted", "date": "2999-01-01"}, content_type="application/json")
        assert future.status_code == 400 and future.json()["error"]["code"] == "event_in_future"
        bad = client.post(url, {"type": "granted", "date": "2020-01-01", "details": {"term_ends": "soon"}}, content_type="application/json")
        assert bad.status_code == 400 and "details" in bad.json()["error"]["fields"]
        ok = client.post(url, {"type": "granted", "date": "2020-01-01"}, content_type="application/json")
        assert ok.status_code == 201 and ok.json()["recorded"] and ok.json()["event"]["type"] == "granted"
        held = client.post(url, {"type": "granted", "date": "2020-02-01", "source": "cnipa", "source_version": 3}, content_type="application/json")
        assert held.status_code == 201 and not held.json()["recorded"] and held.json()["reconciliation"]["refusal_code"] == "not_allowed_in_status"
        assert ReconciliationItem.objects.filter(right=right, status="open").count() == 1
        judge = login(world.judge_a).post(url, {"type": "published", "date": "2020-01-01"}, content_type="application/json")
        assert judge.status_code == 403
