"""The demo proceedings: parallel proceedings made through the proceedings services, consistent with
each other, with the register and with the rules; the demo logins find cases on their desks."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from ipcollab.accounts.models import User
from ipcollab.demo.accounts import DEMO_PASSWORD
from ipcollab.demo.seed import demo_day
from ipcollab.identifiers import parse_case_number
from ipcollab.notifications.models import Notification
from ipcollab.proceedings import selectors
from ipcollab.proceedings.models import (
    VALIDITY_KINDS,
    DocumentKind,
    EvaluationReport,
    Link,
    PriorityRequest,
    Proceeding,
    ServiceRecord,
    Status,
    Stay,
)
from ipcollab.registry import status as legal
from ipcollab.registry.models import Right
from ipcollab.rulebook.registry import period_rule_deadline

TECHNICAL = {"invention_patent", "utility_model", "drug_linkage", "admin_cnipa_patent"}


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo", size="small", seed=3, rights_scale=0.1)


def replay(right):
    events = [legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details or {}) for e in right.events.all()]
    return legal.replay(right.kind, events)


def pending_on(case, day):
    """Was the court case pending (filed, not yet closed) on `day`?"""
    return case.filed_on <= day and (case.closed_on is None or case.closed_on > day)


@pytest.mark.django_db
def test_demo_proceedings_agree_with_each_other_the_register_and_the_rules(seeded):
    today = demo_day()  # the day the demo was generated as of (today, unless the calendar ends soon)
    everything = list(Proceeding.objects.select_related("agency", "previous", "previous__agency", "reviewed", "judge", "clerk"))
    courts = [p for p in everything if p.track == "court"]
    office = [p for p in everything if p.track == "office"]
    assert len(courts) >= 30 and len(office) >= 15
    # Every kind of piece is there.
    assert {p.status for p in courts} == {"pending", "stayed", "closed"}
    assert {"京73", "沪73", "粤73", "粤03", "最高法", "京", "沪", "粤"} <= {p.court_code for p in courts}
    assert {"patent_invalidation", "tm_invalidation", "drug_linkage_ruling"} <= {p.kind for p in office}
    assert {"all_invalid", "partly_invalid", "upheld", "withdrawn", "mark_invalid", "mark_maintained"} <= {p.result for p in office}
    assert {"suit_dismissed", "claims_supported", "mediated", "decision_upheld", "affirmed"} <= {p.result for p in courts}
    assert {"民终", "行终", "民申"} <= {p.type_code for p in courts if p.court_code == "最高法" and p.specialized}  # 知民终, 知行终, 知民申
    assert any(p.fast_track and p.kind == "administrative" and p.status == "pending" for p in courts)
    assert any(p.cause == "drug_patent_scope" for p in courts)
    # Case numbers: parsed with real court codes, the agency's, the year of filing; 知 only where it belongs.
    for p in courts:
        parsed = parse_case_number(p.number)
        assert parsed.normalized == p.number and parsed.court_code == p.agency.court_code == p.court_code
        assert parsed.year == p.filed_on.year and parsed.type_code == p.type_code
        assert not p.specialized or p.category in TECHNICAL, p.number
        if p.court_code == "最高法":
            assert p.specialized, p.number
    # Dates: nothing in the future, nothing closed before it was filed.
    for p in everything:
        assert p.filed_on <= today and (p.closed_on is None or p.filed_on <= p.closed_on <= today)
        assert (p.status == Status.CLOSED) == (p.closed_on is not None) == bool(p.result)
    # Appeals and retrials: the previous instance closed first; appeals at the court of the routing table.
    chained = [p for p in courts if p.previous_id]
    assert {p.relation for p in chained} == {"appeal", "retrial_review"}
    for p in chained:
        assert p.previous.status == Status.CLOSED and p.previous.closed_on <= p.filed_on, p.number
        if p.relation == "appeal":
            assert p.expected_court_id == p.agency_id, p.number
            assert p.type_code.endswith("终") and p.previous.type_code.endswith("初")
            if p.category in ("design_patent", "trademark", "admin_cnipa_trademark"):
                assert p.court_code in ("京", "沪", "粤"), p.number
            if p.category in ("invention_patent", "admin_cnipa_patent", "drug_linkage"):
                assert p.court_code == "最高法", p.number
    # Administrative suits: about a decided CNIPA proceeding, filed within the plaintiff's window.
    admin_first = [p for p in courts if p.kind == "administrative" and p.stage == "first_instance"]
    assert admin_first and all(p.reviewed_id and p.reviewed.status == Status.CLOSED for p in admin_first)
    for p in admin_first:
        plaintiff = p.parties.get(role="plaintiff").party
        service = ServiceRecord.objects.get(document__proceeding=p.reviewed, party=plaintiff)
        assert p.reviewed.closed_on <= service.served_on <= p.filed_on <= service.window_ends, p.number
    # Stays: only on court cases while pending, one open at most (the stayed cases), ended by closing.
    for stay in Stay.objects.select_related("proceeding"):
        case = stay.proceeding
        assert case.track == "court" and case.filed_on <= stay.started_on
        if case.status == Status.CLOSED:
            assert stay.ended_on is not None and stay.ended_on <= case.closed_on and stay.started_on <= case.closed_on
        assert (stay.ended_on is None) == (case.status == Status.STAYED)
        if stay.basis_id:
            assert stay.basis.filed_on <= stay.started_on and stay.guidance and stay.rule_code and stay.rule_citation
    assert {s.guidance for s in Stay.objects.all()} >= {"shall_stay"}
    # Every validity decision told the judge (and clerk) of every suit on the right pending that day.
    told = 0
    for decision in [p for p in office if p.kind in VALIDITY_KINDS and p.status == Status.CLOSED and p.result != "withdrawn"]:
        suits = Proceeding.objects.filter(track="court", rights__right__in=decision.rights.values("right")).distinct()
        for case in suits:
            if not pending_on(case, decision.closed_on):
                continue
            for user in {u for u in (case.judge, case.clerk) if u}:
                assert Notification.objects.filter(
                    recipient=user, code="proceedings.invalidation_decided", dedupe_key=f"proceedings.decided:{decision.pk}:{case.pk}:{user.pk}"
                ).exists(), (decision.number, case.number, user.username)
                told += 1
    assert told >= 5
    # A court's judgment on a CNIPA decision told its handler.
    for case in [p for p in courts if p.reviewed_id and p.status == Status.CLOSED]:
        assert Notification.objects.filter(recipient=case.reviewed.judge, code="proceedings.court_decided", dedupe_key__contains=f":{case.pk}:").exists()
    # Partial decisions name surviving claims the patent has (not all of them); the register agrees.
    partial = [p for p in office if p.result == "partly_invalid"]
    assert partial
    for p in partial:
        right = p.rights.get().right
        assert p.surviving_claims == sorted(set(p.surviving_claims)) and p.surviving_claims
        assert all(1 <= c <= right.claim_count for c in p.surviving_claims) and len(p.surviving_claims) < right.claim_count
        event = right.events.get(type=legal.INVALIDATION_DECIDED)
        assert event.outcome == legal.PARTLY_INVALID and event.details["surviving_claims"] == p.surviving_claims
    # Claims asserted and challenged are claims the patents have.
    for p in everything:
        for pr in p.rights.select_related("right"):
            if pr.claims:
                assert pr.right.claim_count and all(1 <= c <= pr.right.claim_count for c in pr.claims)
    # Served decisions carry each party's window to sue (3 months, 30 days for marks), some presumed received.
    served = list(ServiceRecord.objects.filter(document__kind=DocumentKind.DECISION).select_related("document__proceeding"))
    assert served
    for sr in served:
        p = sr.document.proceeding
        rule = "cnipa.trademark_decision.suit_window" if p.kind.startswith("tm_") else "cnipa.patent_decision.suit_window"
        assert sr.window_rule == rule and sr.window_ends == period_rule_deadline(rule, sr.served_on), p.number
        assert sr.document.issued_on <= sr.served_on
        if sr.presumed:
            receipt = "trademark.presumed_receipt" if p.kind.startswith("tm_") else "cnipa.presumed_receipt"
            assert sr.served_on == period_rule_deadline(receipt, sr.sent_on)
    assert {sr.window_rule for sr in served} == {"cnipa.patent_decision.suit_window", "cnipa.trademark_decision.suit_window"}
    assert any(sr.presumed for sr in served)
    assert any(
        sr.document.proceeding.kind == "tm_invalidation" and sr.window_ends == period_rule_deadline("cnipa.trademark_decision.suit_window", sr.served_on)
        for sr in served
    )
    # Drug linkage on both routes, within the 45 days, with the 9-month waiting period of a chemical generic.
    linkage = [p for p in everything if hasattr(p, "drug_linkage")]
    assert {p.track for p in linkage} == {"court", "office"}
    for p in linkage:
        dl = p.drug_linkage
        assert dl.window_ends == period_rule_deadline("drug_linkage.patentee_suit_window", dl.published_on) and p.filed_on <= dl.window_ends
        assert dl.waiting_ends == period_rule_deadline("drug_linkage.waiting_period", p.filed_on)
    # Priority examination granted, refused and open; evaluation reports ordered, requested and issued.
    assert set(PriorityRequest.objects.values_list("status", flat=True)) == {"granted", "refused", "requested"}
    assert all(r.decision_reason for r in PriorityRequest.objects.exclude(status="requested"))
    reports = list(EvaluationReport.objects.select_related("right"))
    assert {r.status for r in reports} == {"ordered", "requested", "issued"}
    for r in reports:
        assert r.right.patent_kind in ("utility_model", "design")
        if r.status == "issued":
            assert r.number and r.requested_on <= r.issued_on <= r.due_on
    # Manual links with their reasons; reassignment and delegation recorded; a 审限 extended.
    links = list(Link.objects.select_related("source", "target"))
    manual = [link for link in links if link.kind == "manual"]
    assert manual and all(link.status == "accepted" and link.reason and link.decided_by_id for link in manual)
    # Suggestions by party from the linking engine: open ones, one accepted, one rejected, with reasons.
    suggested = [link for link in links if link.kind == "same_parties"]
    assert {link.status for link in suggested} == {"suggested", "accepted", "rejected"}
    for link in suggested:
        assert link.source_id < link.target_id and link.source.track != link.target.track and link.score > 0
        parties = [set(p.parties.values_list("party_id", flat=True)) for p in (link.source, link.target)]
        rights = [set(p.rights.values_list("right_id", flat=True)) for p in (link.source, link.target)]
        assert parties[0] & parties[1] and not rights[0] & rights[1]
        if link.status != "suggested":
            assert link.decided_by_id and link.reason
    assert Proceeding.objects.filter(assignments__delegated=True).exists() and Proceeding.objects.filter(extensions__isnull=False).exists()
    # Some pending suits near their 审限, some past it.
    limits = [selectors.time_limit_of(p, today=today)[0] for p in courts if p.status == Status.PENDING and p.time_limit_rule]
    assert any(limit.overdue for limit in limits) and any(not limit.overdue and limit.days_left is not None and limit.days_left <= 30 for limit in limits)
    # The register agrees: every right in a proceeding replays to its status; invalid where CNIPA said so.
    for right in Right.objects.filter(proceedings__isnull=False).distinct().prefetch_related("events"):
        assert replay(right).status == right.status
    for p in [p for p in office if p.result in ("all_invalid", "mark_invalid")]:
        assert p.rights.get().right.status == "invalid"


@pytest.mark.django_db
def test_demo_logins_find_cases_on_their_desks(seeded, client):
    today = demo_day()  # the day the demo was generated as of (today, unless the calendar ends soon)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "bj73_judge",
                "bj73_clerk",
                "sh73_judge",
                "gz73_judge",
                "sz_judge",
                "spc_judge",
                "bjhc_judge",
                "shhc_judge",
                "gdhc_judge",
                "cnipa_examiner",
                "bjipo_handler",
            ]
        )
    }
    mine = lambda name: Proceeding.objects.filter(judge=users[name])  # noqa: E731
    judge = users["bj73_judge"]
    # bj73_judge: pending suits, one stayed, one with a fresh, unread CNIPA decision on it.
    assert mine("bj73_judge").filter(status=Status.PENDING, kind="civil").count() >= 3
    stayed = mine("bj73_judge").filter(status=Status.STAYED)
    assert stayed.exists()
    fresh = Notification.objects.filter(recipient=judge, code="proceedings.invalidation_decided", read_at__isnull=True)
    assert fresh.exists()
    for note in fresh:
        decision = Proceeding.objects.get(pk=int(note.dedupe_key.split(":")[1]))
        assert (today - decision.closed_on).days <= 14
    assert Notification.objects.filter(recipient=judge, code="proceedings.invalidation_decided", read_at__isnull=False).exists()
    assert mine("bj73_judge").filter(kind="administrative", status=Status.PENDING, fast_track=True).exists()
    assert Proceeding.objects.filter(clerk=users["bj73_clerk"], status__in=("pending", "stayed")).exists()
    # The other courts' judges.
    for name in ("sh73_judge", "gz73_judge", "sz_judge", "spc_judge", "bjhc_judge", "shhc_judge", "gdhc_judge"):
        assert mine(name).exclude(status=Status.CLOSED).exists(), name
    assert {p.type_code for p in mine("spc_judge").exclude(status=Status.CLOSED)} >= {"民终", "行终", "民申"}
    # CNIPA: pending invalidations to decide, the priority queue; the local office's open request.
    examiner = users["cnipa_examiner"]
    assert mine("cnipa_examiner").filter(track="office", status=Status.PENDING).exists()
    assert selectors.priority_queue(examiner)
    assert PriorityRequest.objects.filter(requested_by=users["bjipo_handler"], status="requested").exists()
    # Through the pages: the judge's stayed case is on the list and opens.
    client.post(reverse("accounts:login"), {"username": "bj73_judge", "password": DEMO_PASSWORD})
    case = stayed.first()
    r = client.get(reverse("proceedings:list"), {"status": "stayed"})
    assert r.status_code == 200 and case.number in r.content.decode()
    assert client.get(reverse("proceedings:detail", args=[case.pk])).status_code == 200
    client.logout()
    client.post(reverse("accounts:login"), {"username": "cnipa_examiner", "password": DEMO_PASSWORD})
    r = client.get(reverse("proceedings:priority_queue"))
    assert r.status_code == 200 and selectors.priority_queue(examiner)[0].proceeding.number in r.content.decode()


def _signature():
    return sorted(
        (p.number, p.kind, p.status, p.result, p.filed_on, p.closed_on, tuple(p.surviving_claims), p.judge.username if p.judge else "", right)
        for p in Proceeding.objects.select_related("judge")
        for right in p.rights.values_list("right__number", flat=True)
    )


@pytest.mark.django_db
def test_demo_proceedings_are_reproducible_from_the_seed(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    runs = []
    for _ in range(2):
        point = transaction.savepoint()
        call_command("seed_demo", size="small", seed=4, rights_scale=0.05)
        runs.append(_signature())
        transaction.savepoint_rollback(point)
    assert runs[0] and runs[0] == runs[1]
