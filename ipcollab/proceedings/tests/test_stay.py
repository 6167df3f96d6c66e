"""Stay guidance at its edges (reference §7): patent kind × timing × upheld × invalidated × grounds,
the defence period's last day (rolled past rest days, 30 days for a foreign defendant) and the
rule version cited for the day of the request."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcollab.proceedings import stay
from ipcollab.proceedings.coordination import defence_period_ends, stay_guidance

D = datetime.date
S = stay.Situation


@pytest.mark.parametrize(
    "situation, outcome, rule",
    [
        (S("utility_model", True, within_defence_period=True), stay.SHALL_STAY, stay.RULE_UM_DESIGN_TIMELY),
        (S("design", True, within_defence_period=True), stay.SHALL_STAY, stay.RULE_UM_DESIGN_TIMELY),
        (S("utility_model", True, within_defence_period=False), stay.SHALL_NOT_STAY, stay.RULE_UM_DESIGN_LATE),
        (S("design", True, within_defence_period=False), stay.SHALL_NOT_STAY, stay.RULE_UM_DESIGN_LATE),
        (S("invention", True, within_defence_period=True), stay.MAY_DECLINE, stay.RULE_INVENTION_OR_UPHELD),
        (S("invention", True, within_defence_period=False), stay.MAY_DECLINE, stay.RULE_INVENTION_OR_UPHELD),
        (S("utility_model", True, within_defence_period=True, upheld_by_cnipa=True), stay.MAY_DECLINE, stay.RULE_INVENTION_OR_UPHELD),
        (S("design", True, within_defence_period=False, upheld_by_cnipa=True), stay.SHALL_NOT_STAY, stay.RULE_UM_DESIGN_LATE),
        (S("invention", False, asserted_claims_invalidated=True), stay.MAY_DISMISS, stay.RULE_DISMISS_AFTER_INVALID),
        (S("utility_model", True, within_defence_period=True, asserted_claims_invalidated=True), stay.MAY_DISMISS, stay.RULE_DISMISS_AFTER_INVALID),
        (S("utility_model", False), stay.NO_REQUEST, None),
    ],
)
def test_each_rule_at_its_edges(situation, outcome, rule):
    result = stay.guidance(situation)
    assert (result.outcome, result.rule_code) == (outcome, rule)


def test_the_grounds_to_decline_a_stay_are_reported_in_a_fixed_order_and_only_where_a_stay_is_due():
    grounds = frozenset({stay.EVIDENCE_INSUFFICIENT, stay.EVALUATION_REPORT_NO_GROUND})
    timely = stay.guidance(S("utility_model", True, within_defence_period=True, grounds=grounds))
    assert timely.decline_grounds == (stay.EVALUATION_REPORT_NO_GROUND, stay.EVIDENCE_INSUFFICIENT)
    assert stay.guidance(S("utility_model", True, within_defence_period=False, grounds=grounds)).decline_grounds == ()


@pytest.mark.parametrize(
    "situation, code",
    [
        (S("software", True), "patent_kind_unknown"),
        (S("design", True, grounds=frozenset({"bribery"})), "ground_unknown"),
        (S("design", True, upheld_by_cnipa=True, asserted_claims_invalidated=True), "contradiction"),
    ],
)
def test_impossible_situations_are_refused(situation, code):
    with pytest.raises(stay.StayError) as exc:
        stay.guidance(situation)
    assert exc.value.code == code


@given(
    kind=st.sampled_from(stay.PATENT_KINDS),
    requested=st.booleans(),
    within=st.booleans(),
    upheld=st.booleans(),
    grounds=st.frozensets(st.sampled_from(stay.DECLINE_GROUNDS)),
)
def test_a_late_utility_model_or_design_request_never_stays_of_course_and_an_invention_never_must(kind, requested, within, upheld, grounds):
    result = stay.guidance(S(kind, requested, within_defence_period=within, upheld_by_cnipa=upheld, grounds=grounds))
    if not requested:
        assert result.outcome == stay.NO_REQUEST
    elif kind == "invention":
        assert result.outcome == stay.MAY_DECLINE
    elif not within:
        assert result.outcome == stay.SHALL_NOT_STAY
    assert result.outcome != stay.SHALL_STAY or (kind != "invention" and within and not upheld)


@pytest.mark.django_db
def test_defence_period_rolls_past_rest_days_and_is_thirty_days_for_a_foreign_defendant():
    # Served 2025-01-14: the 15th day is 2025-01-29, the first day of the Spring Festival break
    # (01-28 → 02-04 rest): the period ends on the first working day, 2025-02-05.
    assert defence_period_ends(D(2025, 1, 14)) == D(2025, 2, 5)
    # Served 2025-03-03 (Monday): 15 days → 2025-03-18 (Tuesday).
    assert defence_period_ends(D(2025, 3, 3)) == D(2025, 3, 18)
    assert defence_period_ends(D(2025, 3, 3), foreign=True) == D(2025, 4, 2)


@pytest.mark.django_db
def test_the_guidance_cites_the_rule_in_force_on_the_day_of_the_request():
    served = D(2025, 3, 3)
    last_day = stay_guidance(patent_kind="utility_model", complaint_served_on=served, requested_on=D(2025, 3, 18))
    assert last_day.guidance.outcome == stay.SHALL_STAY and last_day.defence_period_ends == D(2025, 3, 18)
    assert last_day.rule.code == stay.RULE_UM_DESIGN_TIMELY and last_day.rule.article == "第5条"
    day_after = stay_guidance(patent_kind="utility_model", complaint_served_on=served, requested_on=D(2025, 3, 19))
    assert day_after.guidance.outcome == stay.SHALL_NOT_STAY and day_after.rule.code == stay.RULE_UM_DESIGN_LATE
    old = stay_guidance(patent_kind="design", complaint_served_on=D(2019, 5, 6), requested_on=D(2019, 5, 10))
    assert old.rule.article == "第9条" and old.rule.law_version == "2015"
    dismissed = stay_guidance(patent_kind="invention", requested_on=D(2025, 6, 1), asserted_claims_invalidated=True)
    assert dismissed.guidance.outcome == stay.MAY_DISMISS and dismissed.rule.article == "第2条"
