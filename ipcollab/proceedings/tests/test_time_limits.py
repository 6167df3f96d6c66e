"""The 审限 at its edges: months to the corresponding day or the month's last day, extensions,
stays that pause it (closed, open, overlapping), overdue, and impossible inputs."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcollab.proceedings.time_limits import Extension, Pause, TimeLimitError, trial_limit

D = datetime.date


def test_six_months_from_filing_to_the_corresponding_day():
    limit = trial_limit(D(2026, 3, 10), 6, "months", today=D(2026, 3, 10))
    assert limit.ends_on == D(2026, 9, 10) and limit.days_left == 184 and not limit.overdue


def test_a_month_without_the_day_ends_on_its_last_day():
    assert trial_limit(D(2025, 8, 31), 6, "months", today=D(2025, 9, 1)).ends_on == D(2026, 2, 28)
    assert trial_limit(D(2027, 8, 31), 6, "months", today=D(2027, 9, 1)).ends_on == D(2028, 2, 29)


def test_an_extension_adds_to_the_end():
    limit = trial_limit(D(2026, 1, 5), 6, "months", extensions=[Extension(6, "months")], today=D(2026, 1, 6))
    assert limit.nominal_end == D(2027, 1, 5) == limit.ends_on


def test_a_closed_stay_pushes_the_end_back_by_its_length():
    # Stayed 2026-04-01, resumed 2026-05-01: 30 days paused (04-01 … 04-30).
    limit = trial_limit(D(2026, 3, 10), 6, "months", pauses=[Pause(D(2026, 4, 1), D(2026, 5, 1))], today=D(2026, 5, 2))
    assert limit.paused_days == 30 and limit.ends_on == D(2026, 10, 10)


def test_a_stay_lifted_the_day_it_was_ordered_pauses_nothing():
    limit = trial_limit(D(2026, 3, 10), 6, "months", pauses=[Pause(D(2026, 4, 1), D(2026, 4, 1))], today=D(2026, 5, 2))
    assert limit.paused_days == 0 and limit.ends_on == D(2026, 9, 10)


def test_an_open_stay_freezes_the_days_left():
    limit = trial_limit(D(2026, 3, 10), 6, "months", pauses=[Pause(D(2026, 9, 1))], today=D(2026, 12, 1))
    assert limit.ends_on is None and limit.stayed_since == D(2026, 9, 1) and limit.days_left == 9 and not limit.overdue
    # Resumed on 2026-12-01: the same 9 days are left that day.
    resumed = trial_limit(D(2026, 3, 10), 6, "months", pauses=[Pause(D(2026, 9, 1), D(2026, 12, 1))], today=D(2026, 12, 1))
    assert resumed.days_left == 9 and resumed.ends_on == D(2026, 12, 10)


def test_overlapping_stays_count_once():
    pauses = [Pause(D(2026, 4, 1), D(2026, 5, 1)), Pause(D(2026, 4, 15), D(2026, 5, 11)), Pause(D(2026, 6, 1), D(2026, 6, 11))]
    limit = trial_limit(D(2026, 3, 10), 6, "months", pauses=pauses, today=D(2026, 7, 1))
    assert limit.paused_days == 40 + 10 and limit.ends_on == D(2026, 9, 10) + datetime.timedelta(days=50)


def test_overdue_the_day_after_the_end():
    assert not trial_limit(D(2026, 1, 5), 30, "days", today=D(2026, 2, 4)).overdue
    late = trial_limit(D(2026, 1, 5), 30, "days", today=D(2026, 2, 5))
    assert late.overdue and late.days_left == -1


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"amount": 6, "unit": "weeks"}, "bad_unit"),
        ({"amount": 0, "unit": "months"}, "bad_amount"),
        ({"amount": 6, "unit": "months", "pauses": [Pause(D(2026, 1, 1), D(2026, 2, 1))]}, "pause_before_filing"),
        ({"amount": 6, "unit": "months", "pauses": [Pause(D(2026, 4, 1), D(2026, 3, 20))]}, "pause_ends_before_start"),
        ({"amount": 6, "unit": "months", "pauses": [Pause(D(2027, 1, 1))]}, "pause_in_future"),
        ({"amount": 6, "unit": "months", "extensions": [Extension(-1, "months")]}, "bad_amount"),
    ],
)
def test_impossible_inputs_are_refused(kwargs, code):
    with pytest.raises(TimeLimitError) as exc:
        trial_limit(D(2026, 3, 10), today=D(2026, 6, 1), **kwargs)
    assert exc.value.code == code


@given(
    filed=st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
    offsets=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 120)), max_size=5),
)
def test_stays_only_ever_push_the_end_back_by_the_days_they_cover(filed, offsets):
    pauses = [Pause(filed + datetime.timedelta(days=a), filed + datetime.timedelta(days=a + n)) for a, n in offsets]
    today = filed + datetime.timedelta(days=600)
    limit = trial_limit(filed, 6, "months", pauses=pauses, today=today)
    covered = set()
    for pause in pauses:
        covered |= {pause.start + datetime.timedelta(days=i) for i in range((pause.end - pause.start).days)}
    assert limit.paused_days == len(covered) and limit.ends_on == limit.nominal_end + datetime.timedelta(days=len(covered))


@pytest.mark.django_db
def test_the_limit_comes_from_the_rule_in_force_on_the_filing_day():
    from ipcollab.proceedings.coordination import case_time_limit

    limit, rule = case_time_limit("trial.time_limit.civil_first_instance", D(2026, 3, 10), pauses=[Pause(D(2026, 4, 1), D(2026, 5, 1))], today=D(2026, 6, 1))
    assert rule.article == "第152条" and limit.ends_on == D(2026, 10, 10)
    old, old_rule = case_time_limit("trial.time_limit.civil_first_instance", D(2019, 3, 10), today=D(2019, 3, 11))
    assert old_rule.article == "第149条" and old.ends_on == D(2019, 9, 10)
    appeal, _rule = case_time_limit("trial.time_limit.civil_appeal_ruling", D(2026, 1, 31), today=D(2026, 2, 1))
    assert appeal.ends_on == D(2026, 3, 2)
