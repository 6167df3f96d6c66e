"""Which expiry reminder is due (pure, no database). Reminders go to the holding court 30, 7
and 1 days before a freeze's last day (``ends_on``). Only the nearest threshold reached counts:
a worker that was down past the 30-day mark and the 7-day mark sends the 7-day reminder once
(it supersedes the 30-day one), and a threshold already sent is never sent again."""

from datetime import date

THRESHOLDS = (30, 7, 1)


def days_left(today: date, ends_on: date) -> int:
    return (ends_on - today).days


def due_threshold(today: date, ends_on: date | None, sent=(), thresholds=THRESHOLDS) -> int | None:
    """The threshold to remind at today, or None. ``sent``: the thresholds already reminded for
    this end date. A freeze past its last day (``today > ends_on``) is not reminded (the sweep
    lapses it); on its last day it is still running."""
    if ends_on is None:
        return None
    left = days_left(today, ends_on)
    if left < 0:
        return None
    reached = [t for t in thresholds if left <= t]
    if not reached:
        return None
    nearest = min(reached)
    return None if nearest in set(sent) else nearest
