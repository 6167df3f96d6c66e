"""Home-page 'needs attention' items. Each app registers providers; core knows no domain.

A provider is `fn(user) -> list[Attention]`; it must filter by the user's reach itself.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class Attention:
    level: str  # "danger" | "warning" | "info"
    title: str
    detail: str = ""
    url: str = ""
    count: int | None = None


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user):
    items = []
    for provider in _providers:
        items.extend(provider(user))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda a: order.get(a.level, 3))
