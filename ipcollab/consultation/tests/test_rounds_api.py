"""The comment-round and standards-feedback APIs: lists and details in reach, a comment posted by an
invited agency's system (consultation:write) up to the deadline day, feedback raised over the API,
scopes, bad input as a 400 envelope, out of reach 404."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.accounts import services as account_services
from ipcollab.consultation import rounds
from ipcollab.consultation.models import DraftComment, StandardsFeedback

from .rounds_setup import D, fixed_today, on, open_round_of_court_a, people_fixture  # noqa: F401
from .test_feedback_services import cases_fixture, raise_one  # noqa: F401

pytestmark = pytest.mark.django_db
ROUNDS = "/api/v1/consultation/comment-rounds/"
FEEDBACK = "/api/v1/consultation/standards-feedback/"


def token_client(world, user, scopes=("consultation:read", "consultation:write")):
    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=list(scopes), expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_invited_offices_system_reads_and_comments(people):
    r = open_round_of_court_a(people)
    rounds.comment_on_draft(actor=people.liaison_b, round=r, body="乙院的意见")
    client = token_client(people, people.system)
    listed = client.get(ROUNDS).json()["results"]
    assert [(x["id"], x["invitees"], x["answered"], x["deadline"]) for x in listed] == [(r.pk, 2, 1, "2026-12-10")]
    detail = client.get(f"{ROUNDS}{r.pk}/").json()
    assert [a["label"] for a in detail["articles"]] == ["序言", "第一条", "第二条", "第三条", "第十二条之一"]
    assert detail["comments"] == []  # court B's comment is for the drafter, not for another invitee
    assert {i["agency"]["id"]: i["answer"] for i in detail["invited"]} == {people.office.pk: "", people.court_b.pk: "commented"}
    article = detail["articles"][3]["id"]
    with on(D(2026, 12, 10), hour=23):
        client = token_client(people, people.system)
        response = client.post(f"{ROUNDS}{r.pk}/comments/", {"body": "建议明确判断主体", "article": article, "proposed_text": "……"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["article_label"] == "第三条" and response.json()["agency"]["id"] == people.office.pk
    with on(D(2026, 12, 11)):
        client = token_client(people, people.system)
        late = client.post(f"{ROUNDS}{r.pk}/comments/", {"body": "迟到"}, format="json")
    assert late.status_code == 400 and late.json()["error"]["code"] == "comment_round_closed"
    assert DraftComment.objects.filter(agency=people.office).count() == 1


def test_the_drafter_sees_every_comment_with_responses(people, login):
    r = open_round_of_court_a(people)
    c = rounds.comment_on_draft(actor=people.liaison_b, round=r, body="乙院的意见")
    rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c, response="explained", response_text="已说明")
    client = login(people.judge_a)
    detail = client.get(f"{ROUNDS}{r.pk}/").json()
    assert [(x["body"], x["response"], x["response_text"], x["article"]) for x in detail["comments"]] == [("乙院的意见", "explained", "已说明", None)]
    assert client.get(f"{ROUNDS}?status=concluded").json()["results"] == []


def test_bad_input_and_reach(people):
    r = open_round_of_court_a(people, invitees=[people.court_b])
    client = token_client(people, people.system)
    assert client.get(f"{ROUNDS}{r.pk}/").status_code == 404  # the office is not invited
    assert client.post(f"{ROUNDS}{r.pk}/comments/", {"body": "x"}, format="json").status_code == 404
    assert client.get(f"{ROUNDS}?status=lost").status_code == 400
    other = open_round_of_court_a(people, invitees=[people.office], text="第一条 另一部")
    wrong_article = r.articles.first().pk
    response = client.post(f"{ROUNDS}{other.pk}/comments/", {"body": "x", "article": wrong_article}, format="json")
    assert response.status_code == 400 and "article" in response.json()["error"]["fields"]
    response = client.post(f"{ROUNDS}{other.pk}/comments/", {"body": "", "article": 2**64}, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"body", "article"}
    read_only = token_client(people, people.system, ["consultation:read"])
    response = read_only.post(f"{ROUNDS}{other.pk}/comments/", {"body": "x"}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"
    assert not DraftComment.objects.exists()


def test_feedback_api_lists_details_and_creates(cases):
    f = raise_one(cases)
    client = token_client(cases, cases.system)
    assert [x["id"] for x in client.get(FEEDBACK).json()["results"]] == [f.pk]
    assert client.get(f"{FEEDBACK}?status=closed").json()["results"] == []
    detail = client.get(f"{FEEDBACK}{f.pk}/").json()
    assert {(p["number"], p["result"], p["result_label"]) for p in detail["proceedings"]} == {
        ("4W112233", "all_invalid", "宣告专利权全部无效"),
        ("（2026）京73行初1号", "decision_revoked", "撤销被诉决定"),
    }
    response = client.post(
        FEEDBACK,
        {"title": "证据标准", "area": "evidence", "counterpart": cases.court_a.pk, "description": "公证书的采信", "proceedings": [cases.decision.pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = StandardsFeedback.objects.get(pk=response.json()["id"])
    assert created.raised_by_agency == cases.office and created.raised_by == cases.system
    assert response.json()["proceedings"][0]["number"] == "4W112233"


def test_feedback_api_bad_input(cases):
    client = token_client(cases, cases.system)
    base = {"title": "证据标准", "area": "evidence", "counterpart": cases.court_a.pk, "description": "描述"}
    for data, field in (
        ({**base, "counterpart": cases.office.pk}, "counterpart"),
        ({**base, "counterpart": 2**62}, "counterpart"),
        ({**base, "proceedings": [2**62]}, "proceedings"),
        ({**base, "area": "lost"}, "area"),
        ({**base, "title": "   "}, "title"),
    ):
        response = client.post(FEEDBACK, data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in response.json()["error"]["fields"]
    assert client.get(f"{FEEDBACK}?area=lost").status_code == 400
    assert client.get(f"{FEEDBACK}{2**70}/").status_code == 404
    assert not StandardsFeedback.objects.exists()
