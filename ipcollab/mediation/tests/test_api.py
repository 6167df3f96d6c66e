"""The mediation API as a docking system uses it: a court system entrusts (idempotently), the
organisation assigns, the mediator accepts and works, the outcome goes back; changes feed, figures,
directory; the error envelope with the stable codes; token scopes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from ipcollab.accounts.models import ApiToken, hash_token
from ipcollab.mediation.models import Mediation

from .workflow_setup import active, build, effective_agreement, pre_suit

URL = "/api/v1/mediations/"


@pytest.fixture
def s(world):
    return build(world)


def _token(client, user, scopes):
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="docking", prefix=prefix, key_hash=hash_token(raw), scopes=scopes, expires_at=timezone.now() + timedelta(days=1))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _create_body(s, **extra):
    return {
        "source": "pre_suit",
        "organisation": s.org.pk,
        "title": "恒远诉宏图侵害实用新型专利权纠纷",
        "parties": [{"party": s.owner.pk, "side": "applicant", "email": "legal@hengyuan.example.cn"}, {"party": s.rival.pk, "side": "respondent"}],
        "received_on": "2026-03-02",
        "court_number": "（2026）京73民诉前调201号",
        "rights": [s.patent.pk],
        "claim_amount": "300000.00",
        "source_system": "court_mediation_platform",
        "source_id": "TJPT-2026-000201",
        **extra,
    }


def test_court_system_entrusts_idempotently(s, client):
    system = make_user("m_court_system", s.court, [], kind="system", full_name="北京知识产权法院业务系统")
    api = _token(client, system, ["mediation:read", "mediation:write"])
    first = api.post(URL, _create_body(s), content_type="application/json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["source"] == "pre_suit" and body["court"]["name"] == "北京知识产权法院" and body["status"] == "awaiting"
    assert [p["side"] for p in body["parties"]] == ["applicant", "respondent"] and body["rights"] == [s.patent.pk]
    again = api.post(URL, _create_body(s), content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Mediation.objects.count() == 1
    listed = api.get(URL, {"source": "pre_suit"}).json()["results"]
    assert [m["id"] for m in listed] == [body["id"]]


def test_bad_input_answers_the_envelope_and_writes_nothing(s, login):
    api = login(s.judge)
    for body, code in (
        (_create_body(s, court_number="（2026）京73民初1号"), "mediation_number_invalid"),
        (_create_body(s, parties=[{"party": s.owner.pk, "side": "applicant"}]), "mediation_parties_invalid"),
        (_create_body(s, parties=[{"party": 2**62, "side": "applicant"}]), "invalid"),
        (_create_body(s, organisation=2**62), "invalid"),
        (_create_body(s, received_on="2026-02-30"), "invalid"),
    ):
        response = api.post(URL, body, content_type="application/json")
        assert response.status_code == 400, response.json()
        assert response.json()["error"]["code"] == code
    assert api.get(URL, {"court": "x"}).status_code == 400
    assert api.get(f"{URL}{2**64}/").status_code == 404
    assert not Mediation.objects.exists()


def test_the_workflow_through_the_api(s, login, client):
    m = pre_suit(s)
    api = login(s.bj_liaison)
    other = api.post(f"{URL}{m.pk}/assign/", {"mediator": s.m_sh.pk}, content_type="application/json")
    assert other.status_code == 403 and other.json()["error"]["code"] == "mediator_other_organisation"
    assert api.post(f"{URL}{m.pk}/assign/", {"mediator": s.m1.pk}, content_type="application/json").json()["status"] == "assigned"
    client.logout()
    api = login(s.med1)
    assert api.post(f"{URL}{m.pk}/accept/", {"accepted_on": "2026-01-13"}, content_type="application/json").json()["due_on"] == "2026-02-12"
    log = api.post(f"{URL}{m.pk}/log/", {"text": "电话联系被申请人，同意调解", "kind": "call", "visible_to_parties": False}, content_type="application/json")
    assert log.status_code == 201 and log.json()["kind"] == "call"
    session = api.post(
        f"{URL}{m.pk}/session/",
        {"starts_at": "2026-01-20T09:30:00+08:00", "ends_at": "2026-01-20T11:30:00+08:00", "mode": "online", "place": "http://insecure.example.cn"},
        content_type="application/json",
    )
    assert session.status_code == 400 and "place" in session.json()["error"]["fields"]
    session = api.post(
        f"{URL}{m.pk}/session/",
        {"starts_at": "2026-01-20T09:30:00+08:00", "ends_at": "2026-01-20T11:30:00+08:00", "mode": "online", "place": "https://tiaojie.court.gov.cn/room/8812"},
        content_type="application/json",
    )
    assert session.status_code == 201
    extended = api.post(f"{URL}{m.pk}/extend/", {"days": 10, "reason": "双方当事人同意延长"}, content_type="application/json").json()
    assert extended["due_on"] == "2026-02-24" and extended["extended_days"] == 10  # 02-22 falls in the Spring Festival holiday
    missing = api.post(f"{URL}{m.pk}/outcome/", {"outcome": "agreement", "ended_on": "2026-02-10"}, content_type="application/json")
    assert missing.status_code == 409 and missing.json()["error"]["code"] == "mediation_agreement_missing"
    effective_agreement(m)
    done = api.post(f"{URL}{m.pk}/outcome/", {"outcome": "agreement", "ended_on": "2026-02-10"}, content_type="application/json").json()
    assert done["status"] == "closed" and done["outcome"] == "agreement"
    assert [e["kind"] for e in done["log"]].count("hand_off") == 2  # entrusted, then handed back
    client.logout()
    seen_by_court = login(s.judge).get(f"{URL}{m.pk}/").json()
    assert seen_by_court["status"] == "closed" and seen_by_court["outcome"] == "agreement"


def test_other_organisations_mediator_cannot_reach_it(s, login):
    m = pre_suit(s)
    api = login(s.med_sh)
    assert api.get(f"{URL}{m.pk}/").status_code == 404
    assert api.post(f"{URL}{m.pk}/accept/", {}, content_type="application/json").status_code == 404


def test_changes_feed_and_figures(s, login):
    a = pre_suit(s)
    b = pre_suit(s, number="（2026）京73民诉前调102号")
    api = login(s.judge)
    page = api.get(f"{URL}changes/").json()
    assert [m["id"] for m in page["results"]] == [a.pk, b.pk]
    assert api.get(f"{URL}changes/", {"after": page["next"]}).json()["results"] == []
    active(s, a, accepted_on=a.received_on)
    later = api.get(f"{URL}changes/", {"after": page["next"]}).json()
    assert [m["id"] for m in later["results"]] == [a.pk] and later["results"][0]["status"] == "active"
    assert api.get(f"{URL}changes/", {"after": "2026-01-01T00:00:00_x"}).json()["error"]["code"] == "invalid_cursor"
    figures = api.get(f"{URL}figures/", {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert figures["received"] == 2 and figures["open"] == 2 and figures["by_source"]["pre_suit"]["received"] == 2
    assert api.get(f"{URL}figures/", {"start": "2026-12-31", "end": "2026-01-01"}).status_code == 400


def test_directory(s, login):
    api = login(s.judge)
    orgs = api.get("/api/v1/mediation-organisations/", {"field": "trademark"}).json()["results"]
    assert [o["agency"]["name"] for o in orgs] == ["北京市知识产权纠纷人民调解委员会"]
    mediators = api.get("/api/v1/mediators/", {"organisation": s.org.pk, "language": "en"}).json()["results"]
    assert [m["name"] for m in mediators] == ["李调解"]
    assert api.get("/api/v1/mediators/", {"available": "maybe"}).status_code == 400


def test_read_scope_cannot_write(s, client):
    system = make_user("m_court_system", s.court, [], kind="system")
    api = _token(client, system, ["mediation:read"])
    assert api.get(URL).status_code == 200
    response = api.post(URL, _create_body(s), content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"


def test_court_follow_ups_through_the_api(s, login, client):
    from ipcollab.mediation import services
    from ipcollab.proceedings.models import Proceeding

    from .workflow_setup import D, in_suit

    failed = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    services.record_outcome(actor=s.med1, mediation=failed, outcome="failure", ended_on=D(2026, 2, 2))
    agreed = active(s, in_suit(s), accepted_on=D(2026, 3, 3))
    effective_agreement(agreed)
    services.record_outcome(actor=s.med1, mediation=agreed, outcome="agreement", ended_on=D(2026, 3, 10))
    api = login(s.clerk)
    wrong = api.post(
        f"{URL}{agreed.pk}/file-case/",
        {"number": "（2026）京73民初501号", "cause": "patent_infringement_utility_model", "filed_on": "2026-02-05"},
        content_type="application/json",
    )
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "mediation_handoff_invalid"
    outsider = api.post(
        f"{URL}{failed.pk}/file-case/",
        {"number": "（2026）京73民初501号", "cause": "patent_infringement_utility_model", "filed_on": "2026-02-05", "judge": s.med1.pk},
        content_type="application/json",
    )
    assert outsider.status_code == 400 and "judge" in outsider.json()["error"]["fields"]
    filed = api.post(
        f"{URL}{failed.pk}/file-case/",
        {"number": "（2026）京73民初501号", "cause": "patent_infringement_utility_model", "filed_on": "2026-02-05", "judge": s.judge.pk, "claims": [1, 2]},
        content_type="application/json",
    ).json()
    assert filed["court_follow_up"] == "filed" and filed["case"]["name"] == "（2026）京73民初501号"
    closed = api.post(f"{URL}{agreed.pk}/close-case/", {"how": "statement", "closed_on": "2026-03-12"}, content_type="application/json").json()
    assert closed["court_follow_up"] == "statement"
    assert Proceeding.objects.get(pk=agreed.case_id).disposition == "mediation"
    client.logout()
    # the organisation reads the same follow-ups
    seen = login(s.med1).get(URL, {"source": "in_suit"}).json()["results"]
    assert [m["court_follow_up"] for m in seen] == ["statement"]
