"""Home-page 'needs attention' items. Each app registers providers; core knows no domain.

A provider is `fn(user) -> list[Attention | Counted]`; it must filter by the user's reach itself.
A `Counted` is an item whose count is a queryset's: the home page counts every provider's Counted
items together in one query (a scalar subquery each) and shows those with a count.
"""

from dataclasses import dataclass

from django.db import connection

_providers = []


@dataclass(frozen=True)
class Attention:
    level: str  # "danger" | "warning" | "info"
    title: str
    detail: str = ""
    url: str = ""
    count: int | None = None


@dataclass(frozen=True)
class Counted:
    queryset: object
    level: str
    title: object
    detail: object = ""
    url: str = ""


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def count_all(querysets):
    """The row counts of `querysets`, in one query."""
    parts, params = [], []
    for i, qs in enumerate(querysets):
        if qs.query.is_empty():
            parts.append("0")
            continue
        sql, qs_params = qs.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{i})")
        params.extend(qs_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(n) for n in cursor.fetchone()]


def items_for(user):
    items, counted = [], []
    for provider in _providers:
        for item in provider(user):
            (counted if isinstance(item, Counted) else items).append(item)
    for item, n in zip(counted, count_all([c.queryset for c in counted]), strict=True):
        if n:
            items.append(Attention(item.level, str(item.title), str(item.detail), url=item.url, count=n))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda a: order.get(a.level, 3))
