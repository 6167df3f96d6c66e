"""Terms of rights and the windows around them, read from the rulebook (ipcollab.rulebook rules
``patent.term.*``, ``trademark.term.*``, ``trademark.renewal.*``, ``patent.restoration.*``; see
docs/rulebook.md). Nothing here hard-codes a number of years or months.

Dates: a term "自申请日 / 自核准注册之日起计算" includes its first day, so the last day of an
N-year term starting on day D is the day before D's N-th anniversary (CNIPA shows a patent filed
1999-09-06 as in force until 2019-09-05; a mark registered 2010-01-07 until 2020-01-06). A term
starting on 29 February has its anniversary on 1 March of a common year, so its last day is
28 February. A renewal term starts the day after the previous term ends (Trademark Law art 40).

The version of a term rule is the one in force on the day the term starts (filing day of a
patent application, registration day of a mark, first day of the renewed term); the windows'
versions are the ones in force on the day of the event checked. A day no version covers gives
``None`` (not known / not checked), never a guess.
"""

from __future__ import annotations

import datetime

from ipcollab.rulebook.registry import RuleError, get_rule

from . import status as legal

PATENT_TERM_CODES = {
    "invention": "patent.term.invention",
    "utility_model": "patent.term.utility_model",
    "design": "patent.term.design",
}
TRADEMARK_REGISTRATION_TERM = "trademark.term.registration"
TRADEMARK_RENEWAL_TERM = "trademark.term.renewal"
RENEWAL_BEFORE = "trademark.renewal.before_expiry"
RENEWAL_GRACE = "trademark.renewal.grace"
RESTORATION_LIMIT = "patent.restoration.outer_limit"


def _rule(code, on):
    try:
        return get_rule(code, on)
    except RuleError:
        return None


def _months(rule):
    """The rule's period in whole months (``None`` without a rule or for a day-based period)."""
    if rule is None:
        return None
    amount, unit = rule.parameters.get("amount"), rule.parameters.get("unit")
    if unit == "years":
        return amount * 12
    if unit == "months":
        return amount
    return None


def term_last_day(start: datetime.date, months: int) -> datetime.date:
    """The last day of a term of ``months`` months that starts on (and includes) ``start``."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    try:
        anniversary = datetime.date(year, month, start.day)
    except ValueError:  # no such day in that month (29 February, 31st): the next month's first day
        anniversary = datetime.date(year + month // 12, month % 12 + 1, 1)
    return anniversary - datetime.timedelta(days=1)


def patent_expiry(filing_date, patent_kind):
    """The last day of a patent's term, from its filing date and kind (term adjustments and
    drug-patent compensation are not included); ``None`` when not knowable."""
    code = PATENT_TERM_CODES.get(patent_kind or "")
    if filing_date is None or code is None:
        return None
    months = _months(_rule(code, filing_date))
    return term_last_day(filing_date, months) if months else None


def registration_term_ends(registered_on):
    """The last day of a trademark's first term, from its registration day."""
    if registered_on is None:
        return None
    months = _months(_rule(TRADEMARK_REGISTRATION_TERM, registered_on))
    return term_last_day(registered_on, months) if months else None


def renewal_term_ends(previous_term_ends):
    """The last day of the term a renewal opens (it starts the day after ``previous_term_ends``)."""
    if previous_term_ends is None:
        return None
    start = previous_term_ends + datetime.timedelta(days=1)
    months = _months(_rule(TRADEMARK_RENEWAL_TERM, start))
    return term_last_day(start, months) if months else None


def windows(on) -> legal.Windows:
    """The state machine's windows (months) from the rules in force on ``on``: restoration after a
    lapse (the outer limit of 实施细则 art 6), renewal before the term ends and the grace after."""
    return legal.Windows(
        restoration_months=_months(_rule(RESTORATION_LIMIT, on)),
        renewal_before_months=_months(_rule(RENEWAL_BEFORE, on)),
        renewal_grace_months=_months(_rule(RENEWAL_GRACE, on)),
    )


def event_term_ends(kind, event_type, event_date, state):
    """``term_ends`` (ISO) for a registration or renewal recorded without one, computed from the
    rules; ``None`` when the event has no term or it is not knowable."""
    if kind != legal.TRADEMARK:
        return None
    if event_type == legal.REGISTERED:
        day = registration_term_ends(event_date)
    elif event_type == legal.RENEWED:
        previous = state.term_ends or registration_term_ends(state.granted_on)
        day = renewal_term_ends(previous)
    else:
        return None
    return day.isoformat() if day else None
