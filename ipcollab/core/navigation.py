"""Top navigation entries, registered by each app for the modules that exist.

An entry shows only when its `visible(user)` says so, so nobody sees a link to a page that
would refuse them. Entries that name the same `group` (a label) show as one dropdown, placed where
its first entry would be; `path` is the URL prefix under which the dropdown shows as active.
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
    group: object = None
    group_path: str = ""


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: object
    path: str
    entries: tuple


def register(entry):
    if all(e.key != entry.key for e in _entries):
        _entries.append(entry)
    return entry


def entries_for(user):
    return [e for e in sorted(_entries, key=lambda e: e.order) if e.visible(user)]


def menu_for(user):
    """The top menu: entries and groups of entries, in order."""
    menu, groups = [], {}
    for entry in entries_for(user):
        if entry.group is None:
            menu.append(entry)
            continue
        key = str(entry.group)
        if key not in groups:
            groups[key] = len(menu)
            menu.append(NavGroup(key=f"group:{entry.key}", label=entry.group, path=entry.group_path, entries=()))
        i = groups[key]
        menu[i] = NavGroup(key=menu[i].key, label=menu[i].label, path=menu[i].path, entries=(*menu[i].entries, entry))
    return menu
