"""Meetings API: list and detail in reach, cursor pagination, scopes, agenda items proposed by an
agency system, bad input in the error envelope, bounded queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.consultation import services
from ipcollab.consultation.models import AgendaItem

from .meetings_setup import meeting_of_court_a, office_liaison

pytestmark = pytest.mark.django_db

LIST = "/api/v1/consultation/meetings/"


def _client(user, scopes=("*",)):
    from ipcollab.accounts.models import ApiToken, hash_token

    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", prefix=prefix, key_hash=hash_token(raw), scopes=list(scopes), expires_at=timezone.now() + timedelta(days=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _session(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_and_detail_for_the_participating_agencys_system(world):
    m = meeting_of_court_a(world)
    item = services.propose_agenda_item(
        actor=world.liaison_a, meeting=m, topic="议题", trend={"title": "t", "unit": "件", "labels": ["2026-01"], "series": [{"name": "s", "values": [2]}]}
    )
    client = _client(world.system, ["consultation:read"])
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json()["results"]] == [m.pk]
    row = listing.json()["results"][0]
    assert row["organiser"] == {"id": world.court_a.pk, "name": world.court_a.name}
    assert {p["role"] for p in row["participants"]} == {"organiser", "participant"}
    detail = client.get(f"{LIST}{m.pk}/").json()
    assert [a["name"] for a in detail["attendees"]] == ["张法官", "孙联络", "钱处长"]
    assert detail["agenda"][0]["id"] == item.pk and detail["agenda"][0]["trend"]["series"][0]["values"] == [2]
    assert detail["agenda"][0]["links"] == []


def test_out_of_reach_is_404_and_filters_are_checked(world):
    m = meeting_of_court_a(world)
    other = _session(world.judge_b)
    assert other.get(LIST).json()["results"] == []
    assert other.get(f"{LIST}{m.pk}/").status_code == 404
    assert _session(world.judge_a).get(f"{LIST}{2**70}/").status_code == 404
    bad = _session(world.judge_a).get(LIST, {"year": "20x6"})
    assert bad.status_code == 400 and set(bad.json()["error"]) == {"code", "message", "fields"} and "year" in bad.json()["error"]["fields"]
    assert _session(world.judge_a).get(LIST, {"organiser": "9" * 30}).status_code == 400
    assert _session(world.judge_a).get(LIST, {"when": "upcoming", "kind": "regular", "status": "planned"}).json()["results"][0]["id"] == m.pk
    assert _session(world.judge_a).get(LIST, {"status": "held"}).json()["results"] == []


def test_cursor_pagination_walks_every_meeting_once(world):
    made = {meeting_of_court_a(world, days=i + 1).pk for i in range(5)}
    client = _client(world.system, ["consultation:read"])
    seen, url = [], f"{LIST}?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_an_agency_system_proposes_an_agenda_item(world):
    m = meeting_of_court_a(world)
    office_liaison(world)
    response = _client(world.system, ["consultation:write"]).post(
        f"{LIST}{m.pk}/agenda-items/",
        {"topic": "系统提交的议题", "background": "背景", "trend": {"title": "t", "labels": ["a", "b"], "series": [{"name": "s", "values": [1, 2.5]}]}},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["proposed_by_agency"]["id"] == world.office.pk and body["status"] == "proposed" and body["trend"]["series"][0]["values"] == [1, 2.5]
    assert AgendaItem.objects.get(pk=body["id"]).proposed_by is not None


def test_a_computed_trend_through_the_api(world):
    m = meeting_of_court_a(world)
    response = _session(world.liaison_a).post(
        f"{LIST}{m.pk}/agenda-items/",
        {"topic": "新收侵权案件", "trend_code": "infringement_suits", "trend_start": "2026-01", "trend_end": "2026-06"},
        format="json",
    )
    assert response.status_code == 201, response.content
    trend = response.json()["trend"]
    assert trend["code"] == "infringement_suits" and len(trend["labels"]) == 6 and [s["values"] for s in trend["series"]] == [[0] * 6] * 3


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"topic": "x", "trend": {"title": "t", "labels": ["a", "b"], "series": [{"name": "s", "values": [1]}]}}, "meeting_trend_invalid", "trend"),
        ({"topic": "x", "trend": "a string"}, "meeting_trend_invalid", "trend"),
        ({"topic": "x", "proceedings": ["（2026）京73民初号"]}, "meeting_link_invalid", "proceedings"),
        ({"topic": "x", "feedback": 2**70}, "meeting_link_invalid", "feedback"),
        ({"topic": "x", "trend_code": "infringement_suits", "trend_start": "2026-13", "trend_end": "2026-01"}, "meeting_trend_invalid", "trend_start"),
        ({"topic": ""}, "invalid", "topic"),
    ],
)
def test_bad_proposals_answer_the_envelope_and_write_nothing(world, body, code, field):
    m = meeting_of_court_a(world)
    response = _session(world.liaison_a).post(f"{LIST}{m.pk}/agenda-items/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == code and field in error["fields"]
    assert not AgendaItem.objects.exists()


def test_scopes_and_closed_agendas(world):
    m = meeting_of_court_a(world)
    assert _client(world.system, ["consultation:read"]).post(f"{LIST}{m.pk}/agenda-items/", {"topic": "x"}, format="json").status_code == 403
    assert _client(world.system, ["mediation:read"]).get(LIST).status_code == 403
    assert _session(world.examiner).post(f"{LIST}{m.pk}/agenda-items/", {"topic": "x"}, format="json").status_code == 403
    assert _session(world.judge_b).post(f"{LIST}{m.pk}/agenda-items/", {"topic": "x"}, format="json").status_code == 404
    services.cancel_meeting(actor=world.liaison_a, meeting=m, reason="取消")
    closed = _client(world.system).post(f"{LIST}{m.pk}/agenda-items/", {"topic": "x"}, format="json")
    assert closed.status_code == 400 and closed.json()["error"]["code"] == "agenda_closed"


def test_list_and_detail_take_a_fixed_number_of_queries(world):
    client = _client(world.system, ["consultation:read"])
    m = meeting_of_court_a(world)
    counts = []
    for n in (1, 6):
        while AgendaItem.objects.filter(meeting=m).count() < n:
            services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="议题")
            meeting_of_court_a(world)
        with CaptureQueriesContext(connection) as listing:
            assert client.get(LIST).status_code == 200
        with CaptureQueriesContext(connection) as detail:
            assert client.get(f"{LIST}{m.pk}/").status_code == 200
        counts.append((len(listing), len(detail)))
    assert counts[0] == counts[1], counts
