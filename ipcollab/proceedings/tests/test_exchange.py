"""Bulk exchange with court and CNIPA systems: push (idempotent by source id and version, stale
versions refused, newer ones update, one savepoint a record, references linked in the same request,
CNIPA decisions through services.decide) and the pull of changes since a cursor."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import exchange, services
from ipcollab.proceedings.models import Change, Document, Proceeding, ProceedingParty, ProceedingRight, Stay

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db
PUSH = reverse("api:proceeding-push")
CHANGES = reverse("api:proceeding-changes")


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def systems(bench, clock):
    bench.court_system = make_user("p_court_system", bench.ip_court, [], kind="system", full_name="北京知识产权法院审判系统")
    bench.office_system = make_user("p_office_system", bench.cnipa, [], kind="system", full_name="国家知识产权局复审无效系统")
    return bench


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def push(user, *records):
    response = api(user).post(PUSH, {"records": list(records)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def statuses(answer):
    return [(r["status"], r["code"]) for r in answer["results"]]


def case_record(b, version=1, **extra):
    return {
        "type": "case",
        "source_id": "BJIPC-2026-101",
        "source_version": version,
        "number": "(2026)京73民初101号",
        "cause": "patent_infringement_utility_model",
        "title": "恒远诉宏图侵害实用新型专利权纠纷",
        "filed_on": "2026-03-02",
        "status": "pending",
        "parties": [
            {"name": b.owner.name, "role": "plaintiff"},
            {"name": "深圳市宏图智能科技有限公司", "role": "defendant"},
            {"name": "上海新到贸易有限公司", "credit_code": "", "role": "defendant"},
        ],
        "rights": [{"kind": "patent", "number": f"ZL {b.um.number}", "claims": [3, 1]}],
        **extra,
    }


def office_record(b, claims, **extra):
    return {
        "type": "office",
        "source_id": "CNIPA-4W120002",
        "source_version": 1,
        "kind": "patent_invalidation",
        "number": "4W120002",
        "filed_on": "2026-03-20",
        "rights": [{"kind": "patent", "number": b.um.number, "claims": claims}],
        "parties": [{"name": b.rival.name, "role": "requester"}, {"name": b.owner.name, "role": "owner"}],
        **extra,
    }


def written():
    return (Proceeding.objects.count(), ProceedingParty.objects.count(), Stay.objects.count(), Change.objects.count(), Document.objects.count())


def test_a_court_system_pushes_its_case_and_references_are_linked(systems):
    b = systems
    answer = push(b.court_system, case_record(b))
    assert statuses(answer) == [("created", "")]
    p = Proceeding.objects.get(pk=answer["results"][0]["id"])
    assert (p.number, p.agency, p.kind, p.stage, p.source, p.source_id, p.source_version) == (
        "（2026）京73民初101号",
        b.ip_court,
        "civil",
        "first_instance",
        "court",
        "BJIPC-2026-101",
        1,
    )
    assert p.linked_at is not None and p.time_limit_rule == "trial.time_limit.civil_first_instance"
    assert list(ProceedingRight.objects.filter(proceeding=p).values_list("right_id", "claims")) == [(b.um.pk, [1, 3])]
    parties = [(pp.party.name, pp.role) for pp in p.parties.select_related("party")]
    assert parties == [(b.owner.name, "plaintiff"), (b.rival.name, "defendant"), ("上海新到贸易有限公司", "defendant")]
    assert p.parties.get(role="plaintiff").party_id == b.owner.pk  # matched, not created
    assert AuditEvent.objects.filter(action="proceedings.push.filed", object_id=str(p.pk)).exists()
    assert AuditEvent.objects.filter(action="proceedings.push").exists()


def test_push_is_idempotent_stale_versions_are_refused_newer_ones_update(systems):
    b = systems
    push(b.court_system, case_record(b))
    before = written()
    assert statuses(push(b.court_system, case_record(b))) == [("unchanged", "")]
    assert written() == before
    # v2: stayed
    v2 = case_record(b, 2, status="stayed", stays=[{"started_on": "2026-04-01", "reason": "等待无效宣告审查结论"}])
    assert statuses(push(b.court_system, v2)) == [("updated", "")]
    p = Proceeding.objects.get(source_id="BJIPC-2026-101")
    assert p.status == "stayed" and p.source_version == 2
    assert list(p.stays.values_list("started_on", "ended_on")) == [(D(2026, 4, 1), None)]
    # an older version: refused, nothing written
    before = written()
    answer = push(b.court_system, case_record(b, 1, title="旧标题"))
    assert statuses(answer) == [("stale", "source_version_stale")]
    assert written() == before and Proceeding.objects.get(pk=p.pk).title == "恒远诉宏图侵害实用新型专利权纠纷"
    # v3: resumed and closed with a judgment
    v3 = case_record(
        b,
        3,
        status="closed",
        stays=[{"started_on": "2026-04-01", "ended_on": "2026-09-10", "reason": "等待无效宣告审查结论"}],
        closing={"result": "claims_partly_supported", "closed_on": "2026-10-15", "decision_number": "（2026）京73民初101号判决"},
    )
    assert statuses(push(b.court_system, v3)) == [("updated", "")]
    p.refresh_from_db()
    assert (p.status, p.closed_on, p.result, p.disposition) == ("closed", D(2026, 10, 15), "claims_partly_supported", "judgment")
    assert list(p.stays.values_list("ended_on", flat=True)) == [D(2026, 9, 10)]
    assert p.documents.get().kind == "judgment"
    assert statuses(push(b.court_system, v3)) == [("unchanged", "")]
    assert p.documents.count() == 1


def test_stale_is_its_own_status(systems):
    b = systems
    push(b.court_system, case_record(b, 5))
    answer = push(b.court_system, case_record(b, 4))
    (result,) = answer["results"]
    assert (result["status"], result["code"]) == ("stale", "source_version_stale") and answer["counts"]["stale"] == 1


def test_a_push_with_bad_records_writes_the_good_ones_only(systems):
    b = systems
    other_court = case_record(b, source_id="X-1", number="（2026）京民初5号")
    records = [
        case_record(b),
        case_record(b, source_id="X-2", number="京73民初102号"),  # unparseable
        other_court,  # another court's case
        case_record(b, source_id="X-3", number="（2026）京73民初103号", cause="admin_patent_invalidation"),  # an administrative cause on a civil number
        "not an object",
        {"type": "case", "source_id": "X-4"},  # fields missing
        case_record(b, source_id="X-5", number="（2026）京73民初105号", status="closed"),  # closed without closing
        case_record(b, source_id="X-6", number="（2026）京73民初106号", rights=[{"kind": "patent", "number": b.um.number, "claims": [1, 11]}]),
        case_record(
            b,
            source_id="X-7",
            number="（2026）京73民初107号",
            status="closed",
            closing={"result": "affirmed", "closed_on": "2026-05-01"},  # not a first-instance result
        ),
        case_record(b, source_id="X-8", number="（2026）京73民初108号", status="stayed", stays=[]),
        case_record(b, source_id="X-9", number="（2026）京73民初109号", filed_on="2027-01-01"),
        {"type": "decision", "number": "4W999999", "source_version": 1, "result": "upheld", "decided_on": "2026-05-01"},
    ]
    answer = push(b.court_system, *records)
    codes = [(r["index"], r["status"], r["code"]) for r in answer["results"]]
    assert codes == [
        (0, "created", ""),
        (1, "error", "case_number_invalid"),
        (2, "error", "permission_denied"),
        (3, "error", "cause_mismatch"),
        (4, "error", "invalid"),
        (5, "error", "invalid"),
        (6, "error", "invalid"),
        (7, "error", "claims_not_in_right"),
        (8, "error", "result_not_allowed"),
        (9, "error", "invalid"),
        (10, "error", "invalid"),
        (11, "error", "permission_denied"),
    ]
    assert answer["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "stale": 0, "error": 11}
    assert "filed_on" in answer["results"][10]["fields"] and "closing" in answer["results"][6]["fields"]
    assert "rights.0.claims" in answer["results"][7]["fields"] and "status" in answer["results"][9]["fields"]
    assert list(Proceeding.objects.values_list("number", flat=True)) == ["（2026）京73民初101号"]
    assert ProceedingParty.objects.count() == 3 and Change.objects.filter(what="filed").count() == 1


def test_an_office_system_pushes_proceedings_and_decisions_through_the_service(systems):
    b = systems
    suit(b)  # a pending suit on the utility model: its judge is told of the decision
    record = {
        "type": "office",
        "source_id": "CNIPA-4W120001",
        "source_version": 1,
        "kind": "patent_invalidation",
        "number": "4W120001",
        "filed_on": "2026-03-20",
        "rights": [{"kind": "patent", "number": b.um.number, "claims": [1, 2, 3]}],
        "parties": [{"name": b.rival.name, "role": "requester"}, {"name": b.owner.name, "role": "owner"}],
        "grounds": ["专利法第22条第3款"],
    }
    assert statuses(push(b.office_system, record)) == [("created", "")]
    inv = Proceeding.objects.get(number="4W120001")
    assert inv.agency == b.cnipa and inv.rights.get().right == b.um and inv.status == "pending"
    assert b.um.events.filter(type="invalidation_requested").exists()
    decided = {
        **record,
        "source_version": 2,
        "decision": {"result": "partly_invalid", "decided_on": "2026-09-01", "decision_number": "第581234号", "surviving_claims": [2, 3]},
    }
    assert statuses(push(b.office_system, decided)) == [("updated", "")]
    inv.refresh_from_db()
    assert (inv.status, inv.result, inv.surviving_claims, inv.decision_number) == ("closed", "partly_invalid", [2, 3], "第581234号")
    assert Notification.objects.filter(recipient=b.judge, code="proceedings.invalidation_decided").count() == 1
    assert AuditEvent.objects.filter(action="proceedings.office.decide", object_id=str(inv.pk)).exists()
    # the same decision again, as a decision record: nothing; another decision: refused
    same = {
        "type": "decision",
        "number": "4W120001",
        "source_version": 2,
        "result": "partly_invalid",
        "decided_on": "2026-09-01",
        "decision_number": "第581234号",
        "surviving_claims": [3, 2],
    }
    assert statuses(push(b.office_system, same)) == [("unchanged", "")]
    other = {**same, "source_version": 3, "result": "upheld", "surviving_claims": []}
    assert statuses(push(b.office_system, other)) == [("error", "proceeding_closed")]
    assert Notification.objects.filter(recipient=b.judge, code="proceedings.invalidation_decided").count() == 1


def test_a_decision_on_a_proceeding_that_does_not_exist(systems):
    b = systems
    inv = invalidation(b)
    before = written()
    answer = push(
        b.office_system,
        {"type": "decision", "number": "4W000404", "source_version": 1, "result": "upheld", "decided_on": "2026-09-01", "decision_number": "第1号"},
        {"type": "decision", "number": inv.number, "source_version": 1, "result": "claims_supported", "decided_on": "2026-09-01", "decision_number": "第2号"},
        {"type": "decision", "number": inv.number, "source_version": 1, "result": "upheld", "decided_on": "2026-09-01"},  # no decision number
        {
            "type": "decision",
            "number": inv.number,
            "source_version": 1,
            "result": "partly_invalid",
            "decided_on": "2026-09-01",
            "decision_number": "第3号",
            "surviving_claims": [12],
        },
    )
    assert statuses(answer) == [("error", "not_found"), ("error", "result_not_allowed"), ("error", "invalid"), ("error", "claims_not_in_right")]
    assert written() == before and Proceeding.objects.get(pk=inv.pk).status == "pending"
    answer = push(
        b.office_system,
        {"type": "decision", "number": inv.number, "source_version": 1, "result": "upheld", "decided_on": "2026-09-01", "decision_number": "第4号"},
    )
    assert statuses(answer) == [("updated", "")] and Proceeding.objects.get(pk=inv.pk).result == "upheld"


def test_each_system_pushes_only_its_own(systems, world):
    b = systems
    office = {
        "type": "office",
        "source_id": "S-1",
        "source_version": 1,
        "kind": "patent_invalidation",
        "number": "4W7",
        "filed_on": "2026-03-20",
        "rights": [{"kind": "patent", "number": b.um.number}],
        "parties": [],
    }
    assert statuses(push(b.court_system, office)) == [("error", "permission_denied")]
    assert statuses(push(b.office_system, case_record(b))) == [("error", "permission_denied")]
    assert statuses(push(world.system, office)) == [("created", "")]  # a provincial IP office's system: its own proceeding
    # a person, even a judge, does not push; nor more than the limit at once
    response = api(b.judge).post(PUSH, {"records": [case_record(b)]}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    response = api(b.court_system).post(PUSH, {"records": [{}] * (exchange.MAX_RECORDS + 1)}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    response = api(b.court_system).post(PUSH, {"records": "x"}, format="json")
    assert response.status_code == 400
    assert not Proceeding.objects.filter(source_id="BJIPC-2026-101").exists()


def test_a_manual_case_is_taken_over_and_another_sources_number_is_a_duplicate(systems):
    b = systems
    manual = suit(b)
    answer = push(b.court_system, case_record(b, status="stayed", stays=[{"started_on": "2026-04-01", "reason": "等待"}]))
    assert statuses(answer) == [("updated", "")] and answer["results"][0]["id"] == manual.pk
    manual.refresh_from_db()
    assert (manual.source, manual.source_id, manual.status) == ("court", "BJIPC-2026-101", "stayed")
    assert statuses(push(b.court_system, case_record(b, source_id="OTHER"))) == [("error", "proceeding_duplicate")]


def test_an_appeal_pushed_before_or_after_its_first_instance_is_chained(systems):
    b = systems
    high_system = make_user("p_high_system", b.high, [], kind="system")
    appeal = {
        **case_record(b, source_id="BJHC-9", number="（2026）京民终9号"),
        "parties": [{"name": b.rival.name, "role": "appellant"}, {"name": b.owner.name, "role": "appellee"}],
        "filed_on": "2026-11-02",
        "previous": "（2026）京73民初101号",
    }
    assert statuses(push(high_system, appeal)) == [("created", "")]
    a = Proceeding.objects.get(number="（2026）京民终9号")
    assert a.previous_id is None and a.relation == "appeal" and a.refs["unresolved"]["previous"]
    closed = case_record(b, status="closed", closing={"result": "claims_supported", "closed_on": "2026-10-01"})
    assert statuses(push(b.court_system, closed)) == [("created", "")]
    a.refresh_from_db()
    assert a.previous.number == "（2026）京73民初101号" and a.expected_court == b.high


def test_changes_since_a_cursor(systems, world, clock):
    b = systems
    client = api(b.court_system)
    push(b.court_system, case_record(b), case_record(b, source_id="X-2", number="（2026）京73民初102号"))
    # written less than a second ago: not served yet
    assert client.get(CHANGES).json() == {"results": [], "next_after": 0}
    clock.shift(2)
    page = client.get(CHANGES, {"limit": 1}).json()
    assert [r["proceeding"]["number"] for r in page["results"]] == ["（2026）京73民初101号"]
    # one row per proceeding a page, with what changed since the cursor: 101 was linked after both were filed
    rest = client.get(CHANGES, {"after": page["next_after"]}).json()
    assert [(r["proceeding"]["number"], r["changes"]) for r in rest["results"]] == [
        ("（2026）京73民初101号", ["linked"]),
        ("（2026）京73民初102号", ["filed", "linked"]),
    ]
    cursor = rest["next_after"]
    assert client.get(CHANGES, {"after": cursor}).json() == {"results": [], "next_after": cursor}
    push(b.court_system, case_record(b, 2, title="更正后的案件名称"))
    clock.shift(2)
    later = api(world.judge_b).get(CHANGES, {"after": cursor}).json()  # every agency account sees the network's changes
    assert [(r["proceeding"]["number"], r["changes"], r["proceeding"]["title"]) for r in later["results"]] == [
        ("（2026）京73民初101号", ["updated"], "更正后的案件名称")
    ]
    assert later["next_after"] > cursor
    # bad cursors and out-of-reach callers
    for query in ({"after": "x"}, {"after": -1}, {"after": "9" * 30}, {"limit": 0}, {"limit": exchange.MAX_CHANGES + 1}):
        response = client.get(CHANGES, query)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid", query
    assert api(world.external).get(CHANGES).status_code == 403


def test_any_json_is_answered_per_record(systems):
    b = systems
    weird = [
        None,
        [],
        {"type": []},
        {"type": {"a": 1}},
        {"type": "case", "source_id": ["x"], "source_version": "1"},
        {"type": "case", "source_id": "x", "source_version": 2**40},
        {**case_record(b), "source_id": "nul", "title": "a\x00b"},
        {**case_record(b), "source_id": "y" * 101},
        {**case_record(b), "parties": [{"name": {"x": 1}, "role": "plaintiff"}]},
        {**case_record(b), "stays": "none"},
        {"type": "decision", "number": None, "source_version": 1},
        {"type": "office", "source_id": "o", "source_version": 1},
    ]
    answer = push(b.court_system, *weird)
    assert [r["status"] for r in answer["results"]] == ["error"] * len(weird)
    assert {r["code"] for r in answer["results"]} == {"invalid"}
    assert Proceeding.objects.count() == 0


def test_an_administrative_suit_closed_by_push_tells_the_cnipa_handler(systems):
    b = systems
    inv = invalidation(b)
    services.decide(actor=b.examiner, proceeding=inv, result="all_invalid", decided_on=D(2026, 5, 6), decision_number="第570001号")
    suit_record = {
        **case_record(b, source_id="ADM-1", number="（2026）京73行初5号", cause="admin_patent_invalidation"),
        "parties": [{"name": b.owner.name, "role": "plaintiff"}],
        "filed_on": "2026-06-01",
        "reviewed": inv.number,
        "status": "closed",
        "closing": {"result": "decision_revoked", "closed_on": "2026-10-20"},
    }
    assert statuses(push(b.court_system, suit_record)) == [("created", "")]
    case = Proceeding.objects.get(number="（2026）京73行初5号")
    assert case.reviewed_id == inv.pk and case.result == "decision_revoked"
    (note,) = Notification.objects.filter(recipient=b.examiner, code="proceedings.court_decided")
    assert case.number in note.body
    # the same version again: no second notice
    assert statuses(push(b.court_system, suit_record)) == [("unchanged", "")]
    assert Notification.objects.filter(recipient=b.examiner, code="proceedings.court_decided").count() == 1


def test_a_newer_version_naming_other_parties_or_rights_is_linked_again(systems):
    b = systems
    push(b.court_system, case_record(b))
    p = Proceeding.objects.get(source_id="BJIPC-2026-101")
    assert p.parties.count() == 3
    # v2: the second defendant dropped, the invention added with claim 2, the utility model's claims narrowed
    v2 = case_record(b, 2)
    v2["parties"] = v2["parties"][:2]
    v2["rights"] = [{"kind": "patent", "number": b.um.number, "claims": [1]}, {"kind": "patent", "number": b.invention.number, "claims": [2]}]
    assert statuses(push(b.court_system, v2)) == [("updated", "")]
    p.refresh_from_db()
    assert p.linked_at is not None
    assert [(pp.party.name, pp.role) for pp in p.parties.select_related("party")] == [(b.owner.name, "plaintiff"), (b.rival.name, "defendant")]
    assert sorted(ProceedingRight.objects.filter(proceeding=p).values_list("right_id", "claims")) == sorted([(b.um.pk, [1]), (b.invention.pk, [2])])
    # v3 with the same parties and rights: the links are left as they are
    ids = list(ProceedingParty.objects.filter(proceeding=p).values_list("pk", flat=True))
    assert statuses(push(b.court_system, {**v2, "source_version": 3, "title": "恒远诉宏图侵害专利权纠纷"})) == [("updated", "")]
    assert list(ProceedingParty.objects.filter(proceeding=p).values_list("pk", flat=True)) == ids


def test_party_rows_carry_the_track_and_filing_date_and_follow_a_newer_version(systems):
    """ProceedingParty.track / filed_on copy the proceeding's (the index by party reads them):
    written by linking, and kept in step when a newer version moves the filing date."""
    b = systems
    push(b.court_system, case_record(b, 1))
    p = Proceeding.objects.get(source_id="BJIPC-2026-101")
    assert {(pp.track, pp.filed_on) for pp in p.parties.all()} == {("court", D(2026, 3, 2))}
    assert statuses(push(b.court_system, case_record(b, 2, filed_on="2026-02-27"))) == [("updated", "")]
    assert p.parties.count() == 3
    assert {(pp.track, pp.filed_on) for pp in p.parties.all()} == {("court", D(2026, 2, 27))}
    record = office_record(b, [1], grounds=["专利法第22条第3款"])
    push(b.office_system, record)
    q = Proceeding.objects.get(number="4W120002")
    assert {(pp.track, pp.filed_on) for pp in q.parties.all()} == {("office", D(2026, 3, 20))}
    assert statuses(push(b.office_system, {**record, "source_version": 2, "filed_on": "2026-03-23"})) == [("updated", "")]
    assert {(pp.track, pp.filed_on) for pp in q.parties.all()} == {("office", D(2026, 3, 23))}


def test_a_right_awaited_by_one_version_is_dropped_when_a_newer_version_no_longer_names_it(systems):
    from ipcollab.proceedings.models import AwaitedRight

    from .conftest import patent_number

    b = systems
    unknown = patent_number("202230111222")
    v1 = case_record(b)
    v1["rights"] = [*v1["rights"], {"kind": "patent", "number": unknown, "claims": [1]}]
    assert statuses(push(b.court_system, v1)) == [("created", "")]
    p = Proceeding.objects.get(source_id="BJIPC-2026-101")
    assert list(AwaitedRight.objects.filter(proceeding=p).values_list("number", flat=True)) == [unknown]
    assert statuses(push(b.court_system, case_record(b, 2))) == [("updated", "")]
    assert not AwaitedRight.objects.filter(proceeding=p).exists()


def test_a_newer_version_closing_with_another_result_adds_a_document_and_a_decision_event(systems):
    b = systems
    received = []

    def listener(sender, proceeding, event, **kwargs):
        received.append((proceeding.pk, event, kwargs.get("details", {}).get("result") or kwargs.get("result")))

    from ipcollab.proceedings.signals import proceeding_event

    proceeding_event.connect(listener)
    try:
        closing = {"result": "claims_partly_supported", "closed_on": "2026-10-15", "decision_number": "（2026）京73民初101号判决"}
        push(b.court_system, case_record(b, 1, status="closed", closing=closing))
        p = Proceeding.objects.get(source_id="BJIPC-2026-101")
        corrected = {**closing, "result": "claims_supported", "decision_number": "（2026）京73民初101号之一判决"}
        assert statuses(push(b.court_system, case_record(b, 2, status="closed", closing=corrected))) == [("updated", "")]
        p.refresh_from_db()
        assert p.result == "claims_supported"
        assert list(p.documents.order_by("pk").values_list("number", flat=True)) == ["（2026）京73民初101号判决", "（2026）京73民初101号之一判决"]
        decisions = [r for r in received if r[0] == p.pk and r[1] == "decision"]
        assert len(decisions) == 2
        # the same result again in a newer version: no third document
        assert statuses(push(b.court_system, case_record(b, 3, status="closed", closing=corrected))) == [("updated", "")]
        assert p.documents.count() == 2
    finally:
        proceeding_event.disconnect(listener)


def test_a_newer_office_version_with_other_challenged_claims_is_linked_again(systems):
    b = systems
    record = office_record(b, [1, 2, 3])
    push(b.office_system, record)
    inv = Proceeding.objects.get(number="4W120002")
    assert inv.rights.get().claims == [1, 2, 3]
    assert statuses(push(b.office_system, {**record, "source_version": 2, "rights": [{"kind": "patent", "number": b.um.number, "claims": [1]}]})) == [
        ("updated", "")
    ]
    inv.refresh_from_db()
    assert inv.linked_at is not None and inv.rights.get().claims == [1]
    assert [pp.party_id for pp in inv.parties.all()] == [b.rival.pk, b.owner.pk]
    # requested once: the register's event is not written again
    assert b.um.events.filter(type="invalidation_requested").count() == 1


def test_a_pushed_case_names_its_procedure_and_a_newer_version_converts_it(systems):
    b = systems
    refused = push(b.court_system, case_record(b, procedure="simplified"))  # 京73 is not a basic court
    assert statuses(refused) == [("error", "procedure_not_available")]
    assert not Proceeding.objects.filter(source_id="BJIPC-2026-101").exists()
    haidian = Agency.objects.get(court_code="京0108")
    system = make_user("p_hd_system", haidian, [], kind="system", full_name="海淀法院审判系统")
    record = {**case_record(b, number="（2026）京0108民初55号", cause="trademark_infringement", procedure="simplified"), "rights": [], "source_id": "HD-55"}
    assert statuses(push(system, record)) == [("created", "")]
    p = Proceeding.objects.get(source_id="HD-55")
    assert (p.procedure, p.time_limit_rule) == ("simplified", "trial.time_limit.civil_simplified")
    assert statuses(push(system, {**record, "source_version": 2, "procedure": ""})) == [("updated", "")]
    p.refresh_from_db()
    assert (p.procedure, p.time_limit_rule) == ("", "trial.time_limit.civil_first_instance")
