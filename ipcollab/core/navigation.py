"""Top navigation entries, registered by each app for the modules that exist.

An entry shows only when its `visible(user)` says so, so nobody sees a link to a page that
would refuse them.
"""

from dataclasses import dataclass, field

_entries = []


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: object
    url_name: str
    order: int = 100
    visible: object = field(default=lambda user: user.is_authenticated)


def register(entry):
    if all(e.key != entry.key for e in _entries):
        _entries.append(entry)
    return entry


def entries_for(user):
    return [e for e in sorted(_entries, key=lambda e: e.order) if e.visible(user)]
