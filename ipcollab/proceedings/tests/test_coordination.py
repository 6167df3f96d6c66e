"""The coordination rules on real records, at their edges: the defence period's last day and the
day after, the dismissal guidance once the asserted claims are invalid, an upheld patent, who is
told of a decision (pending and stayed suits only, not on a withdrawal)."""

import datetime

import pytest
import time_machine

from ipcollab.notifications.models import Notification
from ipcollab.proceedings import services
from ipcollab.proceedings.models import Proceeding

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


def _guidance(case):
    cited, basis = services.guidance_for(Proceeding.objects.get(pk=case.pk))
    return cited.guidance.outcome, cited.guidance.rule_code, basis


@pytest.mark.parametrize(
    ("requested", "outcome", "rule"),
    [
        (D(2026, 3, 25), "shall_stay", "stay.um_design.within_defence_period"),  # served 3-10: the 15th day
        (D(2026, 3, 26), "shall_not_stay", "stay.um_design.after_defence_period"),
    ],
)
def test_defence_period_edge_for_a_utility_model(bench, requested, outcome, rule):
    case = suit(bench, served=D(2026, 3, 10))
    inv = invalidation(bench, filed_on=requested)
    got, code, basis = _guidance(case)
    assert (got, code, basis) == (outcome, rule, inv)


def test_invention_may_decline_and_foreign_defendant_has_30_days(bench):
    case = suit(bench, right=bench.invention, claims=(1,))
    invalidation(bench, right=bench.invention, claims=(1,), filed_on=D(2026, 3, 20))
    assert _guidance(case)[:2] == ("may_decline", "stay.invention_or_upheld")
    foreign = suit(bench, number="（2026）京73民初102号", served=D(2026, 3, 10), foreign_defendant=True)
    invalidation(bench, number="4W120002", filed_on=D(2026, 4, 9))  # within 30 days of service
    assert _guidance(foreign)[0] == "shall_stay"


def test_upheld_patent_then_asserted_claims_invalid(bench):
    case = suit(bench, claims=(1, 2))
    first = invalidation(bench, filed_on=D(2026, 3, 20))
    services.decide(actor=bench.examiner, proceeding=first, result="upheld", decided_on=D(2026, 6, 1), decision_number="第570010号")
    invalidation(bench, number="4W120002", filed_on=D(2026, 7, 1))
    assert _guidance(case)[:2] == ("shall_not_stay", "stay.um_design.after_defence_period")
    second = Proceeding.objects.get(number="4W120002")
    services.decide(
        actor=bench.examiner, proceeding=second, result="partly_invalid", decided_on=D(2026, 9, 1), decision_number="第570011号", surviving_claims=[3, 4]
    )
    assert _guidance(case)[:2] == ("may_dismiss", "stay.dismiss_after_invalidation")


def test_partly_invalid_keeping_an_asserted_claim_is_not_a_dismissal(bench):
    case = suit(bench, claims=(1, 2))
    inv = invalidation(bench)
    services.decide(
        actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 1), decision_number="第570012号", surviving_claims=[2, 3]
    )
    assert _guidance(case)[0] != "may_dismiss"


def test_who_is_told_of_a_decision(bench):
    pending = suit(bench)
    stayed = suit(bench, number="（2026）京73民初102号")
    services.record_stay(actor=bench.judge, case=stayed, started_on=D(2026, 4, 1), reason="等待无效决定")
    closed = suit(bench, number="（2026）京73民初103号")
    services.close_case(actor=bench.judge, case=closed, result="mediated", closed_on=D(2026, 4, 2))
    withdrawn = invalidation(bench)
    services.decide(actor=bench.examiner, proceeding=withdrawn, result="withdrawn", decided_on=D(2026, 5, 1), decision_number="")
    assert not Notification.objects.filter(code="proceedings.invalidation_decided").exists()
    inv = invalidation(bench, number="4W120002", filed_on=D(2026, 5, 2))
    services.decide(actor=bench.examiner, proceeding=inv, result="all_invalid", decided_on=D(2026, 6, 1), decision_number="第570013号")
    told = Notification.objects.filter(code="proceedings.invalidation_decided")
    assert {n.link.rstrip("/").rsplit("/", 1)[-1] for n in told} == {str(pending.pk), str(stayed.pk)}
    assert {n.recipient for n in told} == {bench.judge, bench.clerk}


def test_a_withdrawn_request_ends_the_invalidation_on_the_register(bench):
    from ipcollab.registry.models import Right

    inv = invalidation(bench)
    assert Right.objects.get(pk=bench.um.pk).invalidations == 1
    services.decide(actor=bench.examiner, proceeding=inv, result="withdrawn", decided_on=D(2026, 5, 1), decision_number="")
    right = Right.objects.get(pk=bench.um.pk)
    assert right.invalidations == 0 and right.status == "granted"
