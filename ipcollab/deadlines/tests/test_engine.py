"""The pure engine at every edge of reference §13, on the real calendar of the chinese-calendar
package (no database)."""

import datetime

import pytest
from chinese_calendar import constants
from hypothesis import assume, given
from hypothesis import strategies as st

from ipcollab.deadlines.engine import MAX_AMOUNT, Calendar, DeadlineError, compute, explain

D = datetime.date


def package_calendar():
    overrides = {**{d: "holiday" for d in constants.holidays}, **{d: "workday" for d in constants.workdays}}
    years = {d.year for d in constants.holidays}
    return Calendar.build(overrides, range(min(years), max(years) + 1))


CAL = package_calendar()
LAST_YEAR = max(CAL.published_years)


def test_the_package_calendar_has_the_adjusted_workdays_used_below():
    # checked against chinese_calendar 1.11: Spring Festival 2025 (1-28..2-4), National Day 2024/2025
    assert CAL.kind_of(D(2025, 1, 26)) == "workday" and D(2025, 1, 26).weekday() == 6  # a Sunday
    assert CAL.kind_of(D(2025, 2, 8)) == "workday" and D(2025, 2, 8).weekday() == 5  # a Saturday
    assert [CAL.kind_of(D(2025, 1, d)) for d in range(28, 32)] == ["holiday"] * 4
    assert CAL.kind_of(D(2024, 10, 7)) == "holiday" and CAL.kind_of(D(2024, 10, 12)) == "workday"
    assert CAL.kind_of(D(2025, 10, 8)) == "holiday" and CAL.kind_of(D(2025, 9, 28)) == "workday"


# --- the start day is not counted -------------------------------------------------------------


def test_start_day_not_counted():
    assert compute(CAL, D(2025, 3, 3), 1, "days") == D(2025, 3, 4)
    assert compute(CAL, D(2025, 3, 3), 15, "days") == D(2025, 3, 18)
    x = explain(CAL, D(2025, 3, 3), 15, "days")
    assert x.first_day == D(2025, 3, 4) and not x.rolled_forward


def test_one_working_day_after_a_friday_is_monday():
    assert compute(CAL, D(2025, 3, 7), 1, "working_days") == D(2025, 3, 10)


# --- months and years: the corresponding day, or the month's last day -------------------------


@pytest.mark.parametrize(
    "start,amount,unit,expected",
    [
        (D(2025, 1, 15), 1, "months", D(2025, 2, 15)),
        (D(2025, 1, 31), 1, "months", D(2025, 2, 28)),
        (D(2024, 1, 31), 1, "months", D(2024, 2, 29)),
        (D(2025, 3, 31), 1, "months", D(2025, 4, 30)),
        (D(2025, 8, 31), 6, "months", D(2026, 2, 28)),
        (D(2024, 2, 29), 1, "years", D(2025, 2, 28)),
        (D(2024, 2, 29), 4, "years", D(2028, 2, 29)),
        (D(2025, 11, 30), 3, "months", D(2026, 2, 28)),
    ],
)
def test_month_and_year_ends_without_roll_forward(start, amount, unit, expected):
    x = explain(CAL, start, amount, unit, roll_forward=False)
    assert x.last_day == expected
    assert x.month_end_clamped == (start.day != expected.day)


def test_month_end_with_roll_forward_moves_off_a_weekend():
    # 2025-01-31 + 4 months = 05-31, a Saturday; Monday 06-02 is the Dragon Boat Festival holiday
    # (端午), so the period rolls over three rest days to Tuesday 06-03.
    x = explain(CAL, D(2025, 1, 31), 4, "months")
    assert x.nominal_last_day == D(2025, 5, 31)
    assert x.last_day == D(2025, 6, 3)
    assert [d for d, _ in x.rolled] == [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]


# --- roll-forward -----------------------------------------------------------------------------


def test_roll_forward_over_a_plain_weekend():
    assert D(2025, 3, 15).weekday() == 5
    assert compute(CAL, D(2025, 3, 5), 10, "days") == D(2025, 3, 17)
    assert compute(CAL, D(2025, 3, 5), 10, "days", roll_forward=False) == D(2025, 3, 15)


def test_period_ending_in_the_spring_festival_break_rolls_to_the_first_working_day_after_it():
    # 2025-01-14 + 15 days = 2025-01-29 (正月初一); the break runs 01-28 .. 02-04
    x = explain(CAL, D(2025, 1, 14), 15, "days")
    assert x.nominal_last_day == D(2025, 1, 29)
    assert x.last_day == D(2025, 2, 5)
    assert [d for d, _ in x.rolled] == [D(2025, 1, 29) + datetime.timedelta(days=i) for i in range(7)]


def test_period_ending_on_an_adjusted_working_sunday_does_not_roll():
    x = explain(CAL, D(2025, 1, 16), 10, "days")
    assert x.last_day == D(2025, 1, 26)  # a Sunday, but 调休: a working day
    assert not x.rolled_forward
    assert [d for d, _ in x.adjusted_workdays] == [D(2025, 1, 26)]


def test_period_ending_on_an_adjusted_working_saturday_does_not_roll():
    assert compute(CAL, D(2025, 1, 25), 14, "days") == D(2025, 2, 8)


@pytest.mark.parametrize(
    "start,amount,expected",
    [
        (D(2024, 9, 3), 30, D(2024, 10, 8)),  # 2024-10-03 in the National Day break → Tue 10-08
        (D(2024, 9, 29), 1, D(2024, 9, 30)),
        (D(2024, 9, 28), 1, D(2024, 9, 29)),  # Sunday 09-29 is an adjusted working day
        (D(2025, 9, 5), 30, D(2025, 10, 9)),  # 2025-10-05 → the break ends 10-08 → Thu 10-09
        (D(2025, 10, 1), 10, D(2025, 10, 11)),  # Saturday 10-11 is an adjusted working day
    ],
)
def test_national_day(start, amount, expected):
    assert compute(CAL, start, amount, "days") == expected


def test_without_roll_forward_a_holiday_last_day_stays():
    assert compute(CAL, D(2025, 1, 14), 15, "days", roll_forward=False) == D(2025, 1, 29)


# --- working days -----------------------------------------------------------------------------


def test_working_days_across_the_spring_festival():
    # after Fri 2025-01-24: Sun 01-26 (调休) 1, Mon 01-27 2, break 01-28..02-04, 02-05..07 3-5,
    # Sat 02-08 (调休) 6, Sun 02-09 rests, 02-10..13 7-10
    x = explain(CAL, D(2025, 1, 24), 10, "working_days")
    assert x.last_day == D(2025, 2, 13)
    assert D(2025, 1, 29) in [d for d, _ in x.skipped]
    assert D(2025, 1, 25) in [d for d, _ in x.skipped]
    assert {d for d, _ in x.adjusted_workdays} == {D(2025, 1, 26), D(2025, 2, 8)}
    assert not x.rolled_forward


def test_ten_working_days_across_national_day_2024():
    # after Mon 2024-09-30: 10-01..07 break, 10-08..11 1-4, Sat 10-12 (调休) 5, 10-14..18 6-10
    assert compute(CAL, D(2024, 9, 30), 10, "working_days") == D(2024, 10, 18)


def test_working_days_ignore_roll_forward_flag():
    assert compute(CAL, D(2024, 9, 30), 10, "working_days", roll_forward=False) == D(2024, 10, 18)


# --- the unpublished calendar -----------------------------------------------------------------


def test_roll_forward_into_an_unpublished_year_is_an_error():
    with pytest.raises(DeadlineError) as err:
        compute(CAL, D(LAST_YEAR, 12, 20), 30, "days")
    assert err.value.code == "calendar_unpublished"
    assert err.value.params["year"] == LAST_YEAR + 1


def test_plain_days_into_an_unpublished_year_without_roll_forward_need_no_calendar():
    assert compute(CAL, D(LAST_YEAR, 12, 20), 30, "days", roll_forward=False) == D(LAST_YEAR + 1, 1, 19)
    assert compute(CAL, D(LAST_YEAR, 6, 30), 1, "years", roll_forward=False) == D(LAST_YEAR + 1, 6, 30)


def test_working_days_reaching_an_unpublished_year_is_an_error():
    with pytest.raises(DeadlineError) as err:
        compute(CAL, D(LAST_YEAR, 12, 28), 5, "working_days")
    assert err.value.code == "calendar_unpublished"


def test_a_period_ending_on_the_last_published_working_day_needs_nothing_beyond():
    last = D(LAST_YEAR, 12, 31)
    while CAL.is_rest_day(last):
        last -= datetime.timedelta(days=1)
    assert compute(CAL, last - datetime.timedelta(days=1), 1, "days") == last


def test_a_year_before_the_first_published_one_is_unpublished_too():
    with pytest.raises(DeadlineError) as err:
        compute(CAL, D(1999, 1, 1), 3, "working_days")
    assert err.value.code == "calendar_unpublished"


def test_an_empty_calendar_answers_only_pure_arithmetic():
    empty = Calendar()
    assert compute(empty, D(2025, 1, 14), 15, "days", roll_forward=False) == D(2025, 1, 29)
    with pytest.raises(DeadlineError):
        compute(empty, D(2025, 1, 14), 15, "days")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start,amount,unit,code",
    [
        (D(2025, 1, 1), 1, "weeks", "bad_unit"),
        (D(2025, 1, 1), 1, "", "bad_unit"),
        (D(2025, 1, 1), 0, "days", "bad_amount"),
        (D(2025, 1, 1), -3, "days", "bad_amount"),
        (D(2025, 1, 1), 1.5, "days", "bad_amount"),
        (D(2025, 1, 1), True, "days", "bad_amount"),
        (D(2025, 1, 1), "3", "days", "bad_amount"),
        (D(2025, 1, 1), 101, "years", "bad_amount"),
        (D(2025, 1, 1), 1201, "months", "bad_amount"),
        ("2025-01-01", 1, "days", "bad_start"),
        (datetime.datetime(2025, 1, 1, 8, 0), 1, "days", "bad_start"),
        (None, 1, "days", "bad_start"),
        (D(9999, 12, 1), 100, "years", "bad_start"),
        (D(9999, 12, 31), 1, "days", "bad_start"),
    ],
)
def test_bad_input_raises_with_a_stable_code(start, amount, unit, code):
    with pytest.raises(DeadlineError) as err:
        compute(CAL, start, amount, unit, roll_forward=False)
    assert err.value.code == code
    assert isinstance(err.value, ValueError)
    assert str(err.value)


def test_the_maximum_amounts_compute():
    for unit, top in MAX_AMOUNT.items():
        if unit == "working_days":
            continue  # would need a calendar a century long
        assert compute(CAL, D(2000, 1, 1), top, unit, roll_forward=False) > D(2000, 1, 1)


def test_calendar_is_immutable_and_validates_its_input():
    with pytest.raises(AttributeError):
        CAL.published_years = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        CAL.overrides[D(2030, 1, 1)] = "holiday"  # type: ignore[index]
    with pytest.raises(ValueError):
        Calendar.build({D(2030, 1, 1): "festival"})
    with pytest.raises(TypeError):
        Calendar.build({"2030-01-01": "holiday"})


# --- properties -------------------------------------------------------------------------------

starts = st.dates(min_value=D(2005, 1, 1), max_value=D(2024, 12, 31))
periods = st.one_of(
    st.tuples(st.integers(1, 365), st.just("days")),
    st.tuples(st.integers(1, 200), st.just("working_days")),
    st.tuples(st.integers(1, 12), st.just("months")),
    st.tuples(st.just(1), st.just("years")),
)


@given(starts, periods, st.booleans())
def test_the_last_day_is_after_the_start(start, period, roll):
    amount, unit = period
    assert compute(CAL, start, amount, unit, roll) > start


@given(starts, periods)
def test_with_roll_forward_the_last_day_is_a_working_day(start, period):
    amount, unit = period
    assert CAL.is_working_day(compute(CAL, start, amount, unit))


@given(starts, periods)
def test_roll_forward_only_crosses_rest_days(start, period):
    amount, unit = period
    x = explain(CAL, start, amount, unit)
    plain = compute(CAL, start, amount, unit, roll_forward=False)
    assert x.last_day >= plain == x.nominal_last_day
    day = plain
    while day < x.last_day:
        assert CAL.is_rest_day(day)
        day += datetime.timedelta(days=1)


@given(starts, periods, st.booleans())
def test_monotonic_in_amount(start, period, roll):
    amount, unit = period
    assume(amount < {"days": 365, "working_days": 200, "months": 12, "years": 2}[unit])
    assert compute(CAL, start, amount, unit, roll) <= compute(CAL, start, amount + 1, unit, roll)


@given(starts, st.integers(1, 365))
def test_plain_days_are_exact(start, amount):
    assert (compute(CAL, start, amount, "days", roll_forward=False) - start).days == amount


@given(starts, st.integers(1, 200))
def test_working_days_count_exactly(start, amount):
    end = compute(CAL, start, amount, "working_days")
    days = [start + datetime.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(CAL.is_working_day(d) for d in days) == amount


@given(starts, st.integers(1, 24))
def test_months_end_on_the_corresponding_day_or_the_months_last(start, amount):
    end = compute(CAL, start, amount, "months", roll_forward=False)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == amount
    assert end.day <= start.day
    if end.day < start.day:
        assert (end + datetime.timedelta(days=1)).day == 1  # clamped to the month's last day


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)), st.integers(1, 50))
def test_years_are_twelve_months(start, years):
    assert compute(CAL, start, years, "years", roll_forward=False) == compute(CAL, start, 12 * years, "months", roll_forward=False)
