"""API of proceedings (/api/v1/proceedings/): list with filters, the full record, filing and
recording, actions — per role (judge of the court, of another court, examiner, court and office
systems, external), and the bad input of issue 6 with its codes, nothing written."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.proceedings import services
from ipcollab.proceedings.models import Change, Link, Proceeding, ProceedingParty, Stay

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db
BIG = "9" * 25


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_client(world, user, scopes):
    from ipcollab.accounts import services as account_services

    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def counts():
    return (Proceeding.objects.count(), ProceedingParty.objects.count(), Stay.objects.count(), Change.objects.count())


def refused(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code, response.json()
    return response.json()["error"]


LIST = reverse("api:proceeding-list")


def detail(pk):
    return reverse("api:proceeding-detail", args=[pk])


def act(name, pk):
    return reverse(f"api:proceeding-{name}", args=[pk])


def test_list_filters_like_the_page(bench):
    case = suit(bench)
    inv = invalidation(bench)
    other = suit(bench, number="（2026）京73民初102号", right=bench.invention, claims=(1,))
    services.close_case(actor=bench.judge, case=other, result="claims_rejected", closed_on=D(2026, 6, 1))
    client = api(bench.judge)

    def numbers(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return [row["number"] for row in response.json()["results"]]

    assert numbers() == [other.number, inv.number, case.number]  # newest first
    assert numbers(track="office") == [inv.number]
    assert numbers(kind="civil", status="pending") == [case.number]
    assert numbers(right=bench.um.pk) == [inv.number, case.number]
    assert numbers(party=bench.rival.pk, track="court") == [other.number, case.number]
    assert numbers(result="claims_rejected") == [other.number]
    assert numbers(closed_from="2026-05-01", closed_to="2026-06-30") == [other.number]
    assert numbers(filed_from="2026-03-10") == [inv.number]
    assert numbers(agency=bench.cnipa.pk) == [inv.number]
    assert numbers(cause="patent_infringement_invention") == [other.number]
    assert numbers(q="102") == [other.number]
    row = client.get(LIST, {"track": "office"}).json()["results"][0]
    assert row["agency"] == {"id": bench.cnipa.pk, "name": bench.cnipa.name}
    assert row["judge"] == {"id": bench.examiner.pk, "name": bench.examiner.display_name}
    # bad filters: the envelope, never a database error
    refused(client.get(LIST, {"agency": BIG}), 400, "invalid")
    refused(client.get(LIST, {"filed_from": "2026-13-01"}), 400, "invalid")
    refused(client.get(LIST, {"kind": "nonsense"}), 400, "invalid")
    refused(client.get(LIST, {"cursor": "garbage"}), 404, "invalid_cursor")


def test_list_pages_by_cursor(bench):
    for n in range(1, 4):
        suit(bench, number=f"（2026）京73民初{n}号")
    client = api(bench.judge)
    first = client.get(LIST, {"page_size": 2}).json()
    assert [r["number"] for r in first["results"]] == ["（2026）京73民初3号", "（2026）京73民初2号"]
    second = client.get(first["next"]).json()
    assert [r["number"] for r in second["results"]] == ["（2026）京73民初1号"] and second["next"] is None


def test_detail_has_the_whole_record(bench):
    case = suit(bench)
    inv = invalidation(bench)
    services.record_stay(actor=bench.judge, case=case, started_on=D(2026, 4, 1), reason="等待无效宣告审查结论", basis=inv)
    services.decide(
        actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 1), decision_number="第581234号", surviving_claims=[2, 3]
    )
    services.serve(actor=bench.examiner, proceeding=inv, party=bench.owner, method="direct", served_on=D(2026, 9, 5))
    body = api(bench.judge).get(detail(case.pk)).json()
    assert body["number"] == case.number and body["status"] == "stayed" and body["cause_label"] == "侵害实用新型专利权纠纷"
    assert [(p["party"]["id"], p["role"]) for p in body["parties"]] == [(bench.owner.pk, "plaintiff"), (bench.rival.pk, "defendant")]
    assert body["rights"] == [{"id": bench.um.pk, "kind": "patent", "number": bench.um.number, "title": bench.um.title, "claims": [1, 2, 3]}]
    (stay,) = body["stays"]
    assert stay["started_on"] == "2026-04-01" and stay["ended_on"] is None and stay["basis"]["id"] == inv.pk and stay["guidance"]
    assert body["time_limit"]["rule"] == "trial.time_limit.civil_first_instance"
    assert body["time_limit"]["ends_on"] is None and body["time_limit"]["stayed_since"] == "2026-04-01"
    assert {a["role"]: a["user"]["id"] for a in body["assignments"]} == {"judge": bench.judge.pk, "clerk": bench.clerk.pk}
    assert body["clerk"] == {"id": bench.clerk.pk, "name": bench.clerk.display_name}
    (row,) = body["parallel"]
    assert row["proceeding"]["id"] == inv.pk and row["relation"] == "same_right" and row["proceeding"]["result"] == "partly_invalid"
    # the CNIPA side: the decision, its service on the owner and the window to sue
    office = api(bench.judge).get(detail(inv.pk)).json()
    assert office["surviving_claims"] == [2, 3] and office["decision_number"] == "第581234号"
    (document,) = office["documents"]
    (served,) = document["services"]
    assert served["party"]["id"] == bench.owner.pk and served["window_rule"] == "cnipa.patent_decision.suit_window"
    assert served["window_ends"] == "2026-12-07"  # 3 months from 2026-09-05, a Saturday → Monday
    assert office["time_limit"] is None
    assert [p["proceeding"]["id"] for p in office["parallel"]] == [case.pk]


def test_reach_by_role(bench, world):
    case = suit(bench)
    url = detail(case.pk)
    assert api(bench.judge).get(url).status_code == 200
    assert api(world.judge_b).get(url).status_code == 200  # network visibility: every court sees it
    assert api(bench.examiner).get(url).status_code == 200
    court_system = make_user("p_court_sys", bench.ip_court, [], kind="system")
    assert api(court_system).get(url).status_code == 200
    refused(api(world.external).get(url), 404, "not_found")
    refused(api(world.external).get(LIST), 403, "permission_denied")
    refused(api(bench.judge).get(detail(BIG)), 404, "not_found")
    refused(api(bench.judge).post(f"/api/v1/proceedings/{BIG}/stay/", {}, format="json"), 404, "not_found")
    refused(APIClient().get(LIST), 401, "not_authenticated")
    # acting: only the court of the case
    before = counts()
    body = {"started_on": "2026-04-01", "reason": "等待无效宣告审查结论"}
    refused(api(world.judge_b).post(act("stay", case.pk), body, format="json"), 403, "permission_denied")
    refused(api(bench.examiner).post(act("stay", case.pk), body, format="json"), 403, "permission_denied")
    refused(api(bench.high_judge).post(act("stay", case.pk), body, format="json"), 403, "permission_denied")
    refused(api(world.external).post(act("stay", case.pk), body, format="json"), 404, "not_found")
    assert counts() == before
    assert api(court_system).post(act("stay", case.pk), body, format="json").json()["status"] == "stayed"


def test_token_scopes(bench, world):
    case = suit(bench)
    court_system = make_user("p_court_sys", bench.ip_court, [], kind="system")
    reader = token_client(world, court_system, ["proceedings:read"])
    assert reader.get(detail(case.pk)).status_code == 200
    refused(reader.post(act("stay", case.pk), {"started_on": "2026-04-01", "reason": "x"}, format="json"), 403, "token_scope")
    writer = token_client(world, court_system, ["proceedings:write"])
    refused(writer.get(detail(case.pk)), 403, "token_scope")
    assert writer.post(act("stay", case.pk), {"started_on": "2026-04-01", "reason": "等待"}, format="json").status_code == 200


def _case_body(bench, **extra):
    return {
        "number": "（2026）京73民初201号",
        "cause": "patent_infringement_utility_model",
        "filed_on": "2026-03-02",
        "parties": [{"party": bench.owner.pk, "role": "plaintiff"}, {"party": bench.rival.pk, "role": "defendant"}],
        "rights": [{"number": f"ZL{bench.um.number}", "claims": [1, 2]}],
        "judge": bench.judge.pk,
        "clerk": bench.clerk.pk,
        **extra,
    }


def test_file_a_case_and_record_a_cnipa_proceeding(bench, world):
    response = api(bench.judge).post(LIST, _case_body(bench), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["stage"], body["agency"]["id"], body["judge"]["id"]) == ("civil", "first_instance", bench.ip_court.pk, bench.judge.pk)
    assert body["rights"][0]["claims"] == [1, 2]
    assert AuditEvent.objects.filter(action="proceedings.case.file", object_id=str(body["id"])).exists()
    office = {
        "kind": "patent_invalidation",
        "number": "4W120009",
        "right": bench.um.pk,
        "claims": [1],
        "filed_on": "2026-04-01",
        "parties": [{"party": bench.rival.pk, "role": "requester"}, {"party": bench.owner.pk, "role": "owner"}],
        "grounds": ["专利法第22条第3款"],
        "handler": bench.examiner.pk,
    }
    response = api(bench.examiner).post(reverse("api:proceeding-office"), office, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["track"] == "office" and response.json()["parallel"][0]["proceeding"]["id"] == body["id"]
    # who may not
    before = counts()
    refused(api(bench.examiner).post(LIST, _case_body(bench, number="（2026）京73民初202号"), format="json"), 403, "permission_denied")
    refused(
        api(bench.high_judge).post(LIST, _case_body(bench, number="（2026）京73民初203号", judge=None, clerk=None), format="json"), 403, "permission_denied"
    )
    refused(api(bench.judge).post(reverse("api:proceeding-office"), {**office, "number": "4W120010"}, format="json"), 403, "permission_denied")
    office_system = make_user("p_office_sys", bench.cnipa, [], kind="system")
    refused(api(office_system).post(LIST, _case_body(bench, number="（2026）京73民初204号"), format="json"), 403, "permission_denied")
    assert counts() == before


def test_bad_input_of_the_issue_answers_its_code_and_writes_nothing(bench):
    judge = api(bench.judge)
    before = counts()
    # an unparseable case number
    error = refused(judge.post(LIST, _case_body(bench, number="京73民初201号"), format="json"), 400, "case_number_invalid")
    assert "number" in error["fields"]
    # claims the patent does not have
    error = refused(judge.post(LIST, _case_body(bench, rights=[{"right": bench.um.pk, "claims": [1, 11]}]), format="json"), 400, "claims_not_in_right")
    assert "claims" in error["fields"]
    # unknown ids: the party, the right, the judge
    refused(judge.post(LIST, _case_body(bench, parties=[{"party": 2**62, "role": "plaintiff"}]), format="json"), 400, "not_found")
    refused(judge.post(LIST, _case_body(bench, rights=[{"number": "not a number"}]), format="json"), 400, "not_found")
    refused(judge.post(LIST, _case_body(bench, parties=[{"party": BIG, "role": "plaintiff"}]), format="json"), 400, "invalid")
    refused(judge.post(LIST, _case_body(bench, judge=2**62), format="json"), 400, "not_found")
    refused(judge.post(LIST, "{not json", content_type="application/json"), 400, "parse_error")
    assert counts() == before
    # an appeal whose first instance is still pending
    first = suit(bench)
    high = api(bench.high_judge)
    appeal = {
        "number": "（2026）京民终9号",
        "cause": "patent_infringement_utility_model",
        "filed_on": "2026-10-02",
        "parties": [{"party": bench.rival.pk, "role": "appellant"}, {"party": bench.owner.pk, "role": "appellee"}],
        "previous_number": "(2026)京73民初101号",
    }
    before = counts()
    refused(high.post(LIST, appeal, format="json"), 409, "previous_instance_pending")
    refused(high.post(LIST, {**appeal, "previous_number": "（2026）京73民初999号"}, format="json"), 400, "not_found")
    assert counts() == before
    services.close_case(actor=bench.judge, case=first, result="claims_supported", closed_on=D(2026, 9, 1))
    response = high.post(LIST, {**appeal, "previous": first.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["previous"]["id"] == first.pk and response.json()["relation"] == "appeal"
    # a decision on a proceeding that does not exist
    examiner = api(bench.examiner)
    decision = {"result": "all_invalid", "decided_on": "2026-09-01", "decision_number": "第1号"}
    refused(examiner.post(act("decide", 2**62), decision, format="json"), 404, "not_found")
    # a stay recorded on a closed case
    before = counts()
    refused(judge.post(act("stay", first.pk), {"started_on": "2026-09-10", "reason": "等待"}, format="json"), 409, "proceeding_closed")
    assert counts() == before


def test_office_actions_and_court_actions(bench, world):
    case = suit(bench)
    inv = invalidation(bench)
    judge, examiner = api(bench.judge), api(bench.examiner)
    refused(examiner.post(act("decide", inv.pk), {"result": "claims_supported", "decided_on": "2026-09-01"}, format="json"), 400, "result_not_allowed")
    refused(
        judge.post(act("decide", inv.pk), {"result": "upheld", "decided_on": "2026-09-01", "decision_number": "1"}, format="json"), 403, "permission_denied"
    )
    body = examiner.post(
        act("decide", inv.pk), {"result": "partly_invalid", "decided_on": "2026-09-01", "decision_number": "第2号", "surviving_claims": [2]}, format="json"
    ).json()
    assert body["status"] == "closed" and body["surviving_claims"] == [2]
    refused(
        examiner.post(act("decide", inv.pk), {"result": "upheld", "decided_on": "2026-09-02", "decision_number": "第3号"}, format="json"),
        409,
        "proceeding_closed",
    )
    body = examiner.post(act("serve", inv.pk), {"party": bench.rival.pk, "method": "post", "sent_on": "2026-09-02"}, format="json").json()
    assert body["documents"][0]["services"][0]["presumed"] is True
    refused(examiner.post(act("serve", inv.pk), {"party": bench.rival.pk, "method": "direct", "document": 2**62}, format="json"), 400, "not_found")
    # the court side
    body = judge.post(act("stay", case.pk), {"started_on": "2026-04-01", "reason": "等待无效宣告审查结论", "basis": inv.pk}, format="json").json()
    assert body["status"] == "stayed"
    refused(judge.post(act("stay", case.pk), {"started_on": "2026-04-02", "reason": "再次"}, format="json"), 409, "stay_already_open")
    assert judge.post(act("lift", case.pk), {"ended_on": "2026-09-10"}, format="json").json()["status"] == "pending"
    refused(judge.post(act("lift", case.pk), {"ended_on": "2026-09-11"}, format="json"), 409, "stay_not_open")
    body = judge.post(act("assign", case.pk), {"role": "judge", "user": bench.judge2.pk, "reason": "工作调整"}, format="json").json()
    assert body["judge"]["id"] == bench.judge2.pk
    refused(judge.post(act("assign", case.pk), {"role": "judge", "user": bench.examiner.pk, "reason": "x"}, format="json"), 400, "invalid")
    body = judge.post(act("close", case.pk), {"result": "claims_partly_supported", "closed_on": "2026-10-01"}, format="json").json()
    assert body["status"] == "closed" and body["disposition"] == "judgment"
    refused(judge.post(act("close", case.pk), {"result": "claims_rejected", "closed_on": "2026-10-01"}, format="json"), 409, "proceeding_closed")


def test_links_and_suggestions(bench, world):
    case = suit(bench)
    inv = invalidation(bench, right=bench.invention)
    other = invalidation(bench, number="4W120002", right=bench.invention)
    judge = api(bench.judge)
    body = judge.post(act("link", case.pk), {"other_number": inv.number, "reason": "同一当事人的关联纠纷"}, format="json").json()
    assert [(link["other"]["id"], link["status"]) for link in body["links"]] == [(inv.pk, "accepted")]
    refused(judge.post(act("link", case.pk), {"other": inv.pk, "reason": "again"}, format="json"), 400, "link_invalid")
    refused(judge.post(act("link", case.pk), {"other": 2**62, "reason": "x"}, format="json"), 400, "not_found")
    refused(api(world.admin_a).post(act("link", case.pk), {"other": inv.pk, "reason": "x"}, format="json"), 403, "permission_denied")
    # linking suggests the pair by its parties; the score set here makes the answer exact
    suggested, _created = Link.objects.update_or_create(source=case, target=other, defaults={"kind": "same_parties", "status": "suggested", "score": 70})
    body = judge.get(detail(case.pk)).json()
    assert [(s["id"], s["other"]["id"], s["score"]) for s in body["suggestions"]] == [(suggested.pk, other.pk, 70)]
    url = reverse("api:proceeding-suggestion", kwargs={"pk": case.pk, "suggestion": suggested.pk, "decision": "reject"})
    body = judge.post(url, {"reason": "无关"}, format="json").json()
    assert body["suggestions"] == [] and Link.objects.get(pk=suggested.pk).status == "rejected"
    refused(judge.post(url, {}, format="json"), 409, "link_invalid")
    missing = reverse("api:proceeding-suggestion", kwargs={"pk": case.pk, "suggestion": BIG, "decision": "accept"})
    refused(judge.post(missing, {}, format="json"), 404, "not_found")


@pytest.fixture
def same_connection():
    """The WSGI app runs in the test's thread: keep Django from closing the test's connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_full_records_match_the_published_schema(bench, world, same_connection):
    """The contract tests see mostly 404s here (no proceedings in their database): check the
    answers about real records against the schema too."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    from ipcollab.accounts.models import ApiToken, hash_token

    case = suit(bench)
    inv = invalidation(bench)
    services.record_stay(actor=bench.judge, case=case, started_on=D(2026, 4, 1), reason="等待", basis=inv)
    services.decide(actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 1), decision_number="第1号", surviving_claims=[2])
    services.serve(actor=bench.examiner, proceeding=inv, party=bench.owner, method="direct", served_on=D(2026, 9, 5))
    system = make_user("p_court_sys", bench.ip_court, [], kind="system")
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(
        user=system, name="schema", prefix=prefix, key_hash=hash_token(raw), scopes=["*"], expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    headers = {"Authorization": f"Bearer {raw}"}
    for pk in (case.pk, inv.pk):
        call = schema["/api/v1/proceedings/{id}/"]["GET"].Case(path_parameters={"id": pk})
        response = call.call(app=app, headers=headers)
        assert response.status_code == 200
        call.operation.validate_response(response)
    listing = schema["/api/v1/proceedings/"]["GET"].Case(query={})
    response = listing.call(app=app, headers=headers)
    assert response.status_code == 200 and len(response.json()["results"]) == 2
    listing.operation.validate_response(response)
