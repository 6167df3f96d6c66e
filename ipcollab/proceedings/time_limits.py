"""The trial time limit (审限) of a case — pure, no database. It runs from the day after filing
(立案) for the period of its rule (e.g. 6 months at first instance under the ordinary procedure),
plus the extensions approved; the days a case stands stayed (中止诉讼) do not count, so a stay
pushes the end back by its length, and while a stay is open the limit has no end date, only the
days left when it began.

Pause semantics: a stay ordered on day S and lifted (the case resumed) on day R pauses the days
S … R-1; the clock runs again on R. Overlapping stays count once.
"""

import datetime
from dataclasses import dataclass

UNITS = ("days", "months")

# A civil or administrative retrial (再审) is tried under the procedure of the instance whose
# judgment it reopens (CPL 2023 art 218; the ALL follows it): (kind, stage reopened) → rule.
_RETRIAL_RULES = {
    ("civil", "first_instance"): "trial.time_limit.civil_first_instance",
    ("civil", "second_instance"): "trial.time_limit.civil_appeal_judgment",
    ("administrative", "first_instance"): "trial.time_limit.admin_first_instance",
    ("administrative", "second_instance"): "trial.time_limit.admin_appeal",
}


def retrial_rule(kind, reopened_stage):
    """The 审限 rule of a civil or administrative retrial whose reopened case is at `reopened_stage`
    ("" when that is not a first instance or an appeal)."""
    return _RETRIAL_RULES.get((kind, reopened_stage), "")


class TimeLimitError(ValueError):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date | None = None  # the day the case resumed; None while stayed


@dataclass(frozen=True)
class Extension:
    amount: int
    unit: str


@dataclass(frozen=True)
class TrialLimit:
    nominal_end: datetime.date  # the end without stays (period + extensions)
    ends_on: datetime.date | None  # None while a stay is open
    paused_days: int  # days of closed stays
    stayed_since: datetime.date | None  # the open stay's start
    days_left: int | None  # days after `today` to the end (running), or after the day of resumption (stayed)
    overdue: bool


def _add(day, amount, unit):
    if unit == "days":
        return day + datetime.timedelta(days=amount)
    month = day.month - 1 + amount
    year, month = day.year + month // 12, month % 12 + 1
    # The corresponding day of the last month, or its last day (reference §13).
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check(amount, unit, field):
    if unit not in UNITS:
        raise TimeLimitError("bad_unit", f"{field}: unit must be one of {UNITS}")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise TimeLimitError("bad_amount", f"{field}: amount must be a positive integer")


def _merged(pauses, filed_on):
    spans = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start < filed_on:
            raise TimeLimitError("pause_before_filing", "a stay cannot start before the case was filed")
        if pause.end is not None and pause.end < pause.start:
            raise TimeLimitError("pause_ends_before_start", "a stay cannot end before it starts")
        if spans and (spans[-1][1] is None or pause.start <= spans[-1][1]):
            last_start, last_end = spans[-1]
            end = None if last_end is None or pause.end is None else max(last_end, pause.end)
            spans[-1] = (last_start, end)
        else:
            spans.append((pause.start, pause.end))
    open_spans = [s for s in spans if s[1] is None]
    return [s for s in spans if s[1] is not None], (open_spans[0][0] if open_spans else None)


def trial_limit(filed_on, amount, unit, *, pauses=(), extensions=(), today):
    """The 审限 of a case filed on `filed_on` under a rule of `amount` `unit`, with its stays and
    approved extensions, as it stands on `today`."""
    _check(amount, unit, "period")
    for extension in extensions:
        _check(extension.amount, extension.unit, "extension")
    closed, stayed_since = _merged(pauses, filed_on)
    if stayed_since is not None and stayed_since > today:
        raise TimeLimitError("pause_in_future", "a stay cannot start after today")
    nominal = _add(filed_on, amount, unit)
    for extension in extensions:
        nominal = _add(nominal, extension.amount, extension.unit)
    paused = sum((end - start).days for start, end in closed)
    if stayed_since is not None:
        # As `days_left` of a running case on the day it resumes (the same count of days after it).
        left = (nominal + datetime.timedelta(days=paused) - stayed_since).days
        return TrialLimit(nominal, None, paused, stayed_since, left, left < 0)
    ends = nominal + datetime.timedelta(days=paused)
    left = (ends - today).days
    return TrialLimit(nominal, ends, paused, None, left, left < 0)
