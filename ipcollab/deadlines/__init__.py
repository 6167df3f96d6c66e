"""Deadlines and service (送达). The public interface:

    compute_deadline(start, amount, unit, *, roll_forward=True) -> date
    DeadlineError  (a ValueError with a stable `.code`)

computed on the platform's default holiday calendar (the CalendarDay / CalendarYear tables,
cached; see calendar_store.py). Nothing here touches the database at import time.
"""

from .engine import DeadlineError

__all__ = ["DeadlineError", "compute_deadline"]


def compute_deadline(start, amount, unit, *, roll_forward=True):
    """The last day of a period of `amount` `unit` ("days", "working_days", "months", "years")
    that starts (not counted) on `start`; see engine.py for the rules."""
    from .calendar_store import default_calendar
    from .engine import compute

    return compute(default_calendar(), start, amount, unit, roll_forward=roll_forward)
