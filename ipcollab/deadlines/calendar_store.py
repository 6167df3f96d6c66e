"""The default calendar, built from the CalendarDay / CalendarYear tables and cached per process.

Each call reads the one-row revision counter (one query); the tables are read again only when
the counter differs from the one the cached calendar was built from. Every calendar write
(services.py, the seeding migration) bumps the counter in its own transaction, so another
process sees the change as soon as it commits.
"""

import threading

from .engine import Calendar

_lock = threading.Lock()
_cached = {"key": None, "calendar": None}


def _current_key():
    from .models import CalendarRevision

    row = CalendarRevision.objects.order_by("pk").values_list("revision", "changed_at").first()
    return row or (0, None)


def build_from_db():
    from .models import CalendarDay, CalendarYear

    overrides, names = {}, {}
    for date, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        overrides[date] = kind
        if name:
            names[date] = name
    years = CalendarYear.objects.filter(published=True).values_list("year", flat=True)
    return Calendar.build(overrides, years, names)


def default_calendar():
    key = _current_key()
    cached = _cached
    if cached["key"] == key and cached["calendar"] is not None:
        return cached["calendar"]
    with _lock:
        calendar = build_from_db()
        _cached.update(key=key, calendar=calendar)
    return calendar


def clear_cache():
    _cached.update(key=None, calendar=None)
