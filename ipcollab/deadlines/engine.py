"""The deadline engine: pure date arithmetic over an immutable holiday calendar (no database).

Rules (reference §13):
- The start day is not counted: a period runs from the next day.
- `days`: the last day is start + amount.
- `working_days`: the amount-th working day after the start day (weekends and holidays are
  skipped, adjusted working days (调休) count). Such a period always ends on a working day.
- `months` / `years`: the corresponding day of the target month, or that month's last day when
  it has no such day (01-31 + 1 month → 02-28/29; 02-29 + 1 year → 02-28).
- With `roll_forward`, a last day that is a rest day (weekend or holiday, unless an adjusted
  working day) moves to the next working day.

When the calendar is needed: whenever a rest-day question is asked about a date — every day
of a `working_days` period after the start day, and with `roll_forward` the nominal last day
and each day it rolls over. A `days`, `months` or `years` period WITHOUT roll-forward is pure
arithmetic and never consults the calendar, so it is computed even into an unpublished year.
Asking about a date in a year that is not published raises `DeadlineError("calendar_unpublished")`
— never a silent guess that ignores holidays.
"""

import calendar as _pycal
import datetime
from dataclasses import dataclass, field
from types import MappingProxyType

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)

DAYS = "days"
WORKING_DAYS = "working_days"
MONTHS = "months"
YEARS = "years"
UNITS = (DAYS, WORKING_DAYS, MONTHS, YEARS)

# Bounds keep every answer inside datetime.date and every loop short: 100 years of each unit.
MAX_AMOUNT = {DAYS: 36525, WORKING_DAYS: 26100, MONTHS: 1200, YEARS: 100}


class DeadlineError(ValueError):
    """A period that cannot be computed. `.code` is stable (the API error code); the message is
    translated. `.field` names the offending input when there is one."""

    def __init__(self, code, message, field=None, **params):
        self.code = code
        self.message = message
        self.field = field
        self.params = params
        super().__init__(code)

    def __str__(self):
        try:
            return str(self.message)
        except Exception:  # translation machinery not configured (pure use without Django settings)
            return self.code


def _unpublished(day):
    return DeadlineError(
        "calendar_unpublished",
        format_lazy(_("{year} 年的节假日安排尚未发布（或未录入平台），无法确定该期限。"), year=day.year),
        field="start",
        year=day.year,
    )


@dataclass(frozen=True)
class Calendar:
    """Holiday and adjusted-workday overrides, and the years whose arrangement is published.

    `overrides` maps a date to "holiday" (a rest day even on a weekday) or "workday" (an adjusted
    working day, even on a weekend). Dates not listed follow the week: Saturday and Sunday rest.
    `names` optionally names an override (e.g. 春节) for explanations."""

    overrides: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    published_years: frozenset = frozenset()
    names: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def build(cls, overrides=None, published_years=(), names=None):
        overrides = dict(overrides or {})
        for day, kind in overrides.items():
            if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
                raise TypeError(f"calendar key {day!r} is not a date")
            if kind not in KINDS:
                raise ValueError(f"calendar kind {kind!r} is not one of {KINDS}")
        return cls(MappingProxyType(overrides), frozenset(int(y) for y in published_years), MappingProxyType(dict(names or {})))

    def is_published(self, year):
        return year in self.published_years

    def kind_of(self, day):
        """ "holiday", "workday" (adjusted) or None (an ordinary day of the week)."""
        return self.overrides.get(day)

    def is_rest_day(self, day):
        if day.year not in self.published_years:
            raise _unpublished(day)
        kind = self.overrides.get(day)
        if kind == HOLIDAY:
            return True
        if kind == WORKDAY:
            return False
        return day.weekday() >= 5

    def is_working_day(self, day):
        return not self.is_rest_day(day)

    def reason(self, day):
        """Why a day rests or works, in words (a lazy translated string, for explanations)."""
        kind = self.overrides.get(day)
        name = self.names.get(day, "")
        if kind == HOLIDAY:
            return format_lazy(_("法定节假日（{name}）"), name=name) if name else _("法定节假日")
        if kind == WORKDAY:
            return format_lazy(_("调休工作日（{name}）"), name=name) if name else _("调休工作日")
        return _("周末") if day.weekday() >= 5 else _("工作日")


@dataclass(frozen=True)
class Explanation:
    start: datetime.date
    amount: int
    unit: str
    roll_forward: bool
    first_day: datetime.date  # the first day counted (start + 1)
    nominal_last_day: datetime.date  # before any roll-forward
    last_day: datetime.date
    month_end_clamped: bool = False  # the target month had no corresponding day
    rolled: tuple = ()  # ((date, reason), ...) rest days the last day rolled over
    skipped: tuple = ()  # working_days: ((date, reason), ...) rest days inside the period
    adjusted_workdays: tuple = ()  # ((date, reason), ...) adjusted working days counted or landed on

    @property
    def rolled_forward(self):
        return bool(self.rolled)


def _check(start, amount, unit):
    if unit not in UNITS:
        raise DeadlineError("bad_unit", _("期限单位须为 days、working_days、months 或 years。"), field="unit")
    if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
        raise DeadlineError("bad_start", _("起算日须为日期（YYYY-MM-DD）。"), field="start")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DeadlineError("bad_amount", _("期限长度须为正整数。"), field="amount")
    if not 1 <= amount <= MAX_AMOUNT[unit]:
        raise DeadlineError("bad_amount", format_lazy(_("期限长度须在 1 至 {max} 之间。"), max=MAX_AMOUNT[unit]), field="amount", max=MAX_AMOUNT[unit])


def _beyond_range():
    return DeadlineError("bad_start", _("期限届满日超出可计算的日期范围。"), field="start")


def add_months(start, months):
    """The corresponding day `months` later, or the last day of that month. Returns (date, clamped)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= datetime.MAXYEAR:
        raise _beyond_range()
    last = _pycal.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last)), start.day > last


def explain(calendar, start, amount, unit, roll_forward=True):
    """Compute a period and say how: the Explanation of its last day."""
    _check(start, amount, unit)
    one = datetime.timedelta(days=1)
    try:
        first_day = start + one
    except OverflowError:
        raise _beyond_range() from None
    clamped = False
    skipped = []
    adjusted = []
    if unit == DAYS:
        try:
            nominal = start + datetime.timedelta(days=amount)
        except OverflowError:
            raise _beyond_range() from None
    elif unit in (MONTHS, YEARS):
        nominal, clamped = add_months(start, amount * (12 if unit == YEARS else 1))
    else:  # working days: count them one by one after the start day
        day, counted = start, 0
        while counted < amount:
            try:
                day += one
            except OverflowError:
                raise _beyond_range() from None
            if calendar.is_rest_day(day):
                skipped.append((day, calendar.reason(day)))
            else:
                counted += 1
                if calendar.kind_of(day) == WORKDAY:
                    adjusted.append((day, calendar.reason(day)))
        nominal = day

    last = nominal
    rolled = []
    if roll_forward and unit != WORKING_DAYS:
        while calendar.is_rest_day(last):
            rolled.append((last, calendar.reason(last)))
            try:
                last += one
            except OverflowError:
                raise _beyond_range() from None
        if calendar.kind_of(last) == WORKDAY:
            adjusted.append((last, calendar.reason(last)))
    return Explanation(
        start=start,
        amount=amount,
        unit=unit,
        roll_forward=roll_forward,
        first_day=first_day,
        nominal_last_day=nominal,
        last_day=last,
        month_end_clamped=clamped,
        rolled=tuple(rolled),
        skipped=tuple(skipped),
        adjusted_workdays=tuple(adjusted),
    )


def compute(calendar, start, amount, unit, roll_forward=True):
    """The last day of a period of `amount` `unit` starting (not counted) on `start`."""
    return explain(calendar, start, amount, unit, roll_forward).last_day
