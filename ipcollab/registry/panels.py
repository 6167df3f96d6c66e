"""The dossier's extension point (DESIGN §2: the hub does not know its spokes).

A later module (proceedings, freezes, mediation, flags…) adds a panel to every right's dossier by
calling :func:`register_panel` when its app loads (in its ``hooks.py`` or ``AppConfig.ready``);
the register never imports it. ``render(right, user, request)`` returns HTML (a ``SafeString``
from ``render_to_string``) or ``None`` to show nothing; ``api(right, user)`` returns a JSON-able
dict or ``None``. Both must run a FIXED number of queries whatever the right's history (the
dossier's query-count test holds them to it) and must filter by the user's reach themselves.
Panels are shown by ``order``, then ``key``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Panel:
    key: str
    title: object
    order: int
    render: Callable | None = None
    api: Callable | None = None


_panels: dict[str, Panel] = {}


def register_panel(key, title, order, render=None, api=None):
    """Add (or replace, by ``key``) a dossier panel."""
    if not key or not isinstance(key, str):
        raise ValueError("panel key must be a non-empty string")
    panel = Panel(key=key, title=title, order=order, render=render, api=api)
    _panels[key] = panel
    return panel


def unregister_panel(key):
    _panels.pop(key, None)


def panels():
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


def rendered_panels(right, user, request):
    """``[{"key", "title", "html"}]`` of the panels that have something to show."""
    shown = []
    for panel in panels():
        if panel.render is None:
            continue
        html = panel.render(right, user, request)
        if html:
            shown.append({"key": panel.key, "title": panel.title, "html": html})
    return shown


def api_panels(right, user):
    """``{key: dict}`` of the panels that have something to say."""
    result = {}
    for panel in panels():
        if panel.api is None:
            continue
        data = panel.api(right, user)
        if data is not None:
            result[panel.key] = data
    return result


# --- the register's own panel: the source of record ---------------------------------------------


def _source_data(right):
    return {
        "source": right.source,
        "source_label": str(right.get_source_display()),
        "source_id": right.source_id,
        "source_version": right.source_version,
        "received_at": right.received_at.isoformat() if right.received_at else None,
        "agency": right.agency.name if right.agency_id else None,
    }


def _render_source(right, user, request):
    return render_to_string("registry/panels/source.html", {"right": right, "data": _source_data(right)}, request=request)


def _api_source(right, user):
    return _source_data(right)


register_panel("registry.source", _("数据来源"), 900, render=_render_source, api=_api_source)
