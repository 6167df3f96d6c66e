"""The access-matrix harness: every URL pattern × every persona → the expected HTTP status.

Entries live beside each app in `ipcollab/<app>/access_matrix.py` (a list `ENTRIES` of plain
dicts, format in docs/testing.md). This module loads them, walks the URL configuration, and
checks that every pattern has an entry; tests/access/test_access_matrix.py runs them.
"""

import importlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The personas, in the order reports list them. Each maps to a user of the `world` fixture
# (conftest.py); "system" calls with a Bearer token of scope "*", "anonymous" with nothing.
PERSONAS = {
    "anonymous": None,
    "platform_admin": "platform_admin",
    "admin_a": "admin_a",  # agency admin of court A
    "judge_a": "judge_a",
    "judge_b": "judge_b",  # a judge of another court (B)
    "examiner": "examiner",  # IP-office examiner
    "system": "system",  # agency system, API token with scope "*"
    "external": "external",  # an external party (company in a matter)
}
STATUSES = {200, 201, 204, 301, 302, 400, 401, 403, 404, 405, 409, 422}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
ENTRY_KEYS = {"url", "label", "method", "kwargs", "setup", "data", "query", "format", "expect", "note"}

# URL patterns that are not part of the matrix, with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: staff-only by Django's own checks (is_staff), reference data only",
}
SKIPPED_NAMES = {
    "set_language": "Django's language switch: public by design, answers every persona the same",
}


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    methods: frozenset = field(default_factory=frozenset)  # HTTP methods an API view declares; empty = any


@dataclass
class Entry:
    url: str
    expect: dict
    method: str = "GET"
    label: str = ""
    kwargs: dict | None = None
    setup: object = None
    data: object = None
    query: dict | None = None
    format: str | None = None
    note: str = ""
    origin: str = ""

    @property
    def id(self):
        return f"{self.method} {self.url}" + (f" [{self.label}]" if self.label else "")

    def expected(self, persona):
        return self.expect.get(persona, self.expect.get("*"))


def _declared_methods(callback):
    """The HTTP methods a DRF view answers (viewset actions, or an APIView's handlers)."""
    actions = getattr(callback, "actions", None)
    if actions:
        return frozenset(m.upper() for m in actions if m.upper() in METHODS)
    cls = getattr(callback, "cls", None)  # set by DRF's as_view() only: HTML views need one entry at least
    if cls is not None and hasattr(cls, "http_method_names"):
        return frozenset(m.upper() for m in cls.http_method_names if m.upper() in METHODS and hasattr(cls, m))
    return frozenset()


def url_patterns():
    """Every URL pattern of the project, with its namespaced name and its full route."""
    found = []

    def walk(resolver, prefix, namespace):
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = item.namespace
                child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(item, prefix + str(item.pattern), child_ns)
            elif isinstance(item, URLPattern):
                name = item.name and (f"{namespace}:{item.name}" if namespace else item.name)
                found.append(Pattern(prefix + str(item.pattern), name, _declared_methods(item.callback)))

    walk(get_resolver(), "", None)
    return found


def matrix_patterns():
    """The patterns the matrix must cover (skips admin/ and Django's language switch)."""
    out = []
    for p in url_patterns():
        if any(p.route.startswith(prefix) for prefix in SKIPPED_PREFIXES) or p.name in SKIPPED_NAMES:
            continue
        out.append(p)
    return out


def load_entries():
    """ENTRIES of `access_matrix` in every installed ipcollab app, validated into Entry objects."""
    entries = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ipcollab."):
            continue
        module_name = f"{config.name}.access_matrix"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        for raw in getattr(module, "ENTRIES", []):
            unknown = set(raw) - ENTRY_KEYS
            if unknown:
                raise ValueError(f"{module_name}: entry {raw.get('url')!r} has unknown keys {sorted(unknown)}")
            entries.append(Entry(**{k: v for k, v in raw.items()}, origin=module_name))
    return entries


def problems(entries, patterns):
    """Everything wrong with the matrix: patterns without an entry, entries that name nothing,
    personas without an expectation, duplicate entries. An empty list means complete."""
    out = []
    by_name = {p.name: p for p in patterns if p.name}
    covered = {}
    for e in entries:
        where = f"{e.origin}: {e.id}"
        if e.url not in by_name:
            out.append(f"{where}: no URL pattern named {e.url!r} (renamed or removed?)")
            continue
        if e.method not in METHODS:
            out.append(f"{where}: method must be one of {sorted(METHODS)}")
        missing = [p for p in PERSONAS if e.expected(p) is None]
        if missing:
            out.append(f"{where}: no expected status for {missing} (give each persona, or a default under '*')")
        bad = {k: v for k, v in e.expect.items() if (k != "*" and k not in PERSONAS) or v not in STATUSES}
        if bad:
            out.append(f"{where}: unknown persona or status {bad}")
        key = (e.url, e.method, e.label)
        if key in covered:
            out.append(f"{where}: duplicate entry (give each one a distinct label)")
        covered[key] = e
    methods_covered = {}
    for url, method, _label in covered:
        methods_covered.setdefault(url, set()).add(method)
    for p in patterns:
        label = p.name or p.route
        if not p.name:
            out.append(f"URL pattern {p.route!r} has no name: name it so the access matrix can list it")
            continue
        if p.name not in methods_covered:
            out.append(f"URL pattern {p.route!r} ({label}) has no access-matrix entry")
            continue
        for method in sorted(p.methods - methods_covered[p.name]):
            out.append(f"API endpoint {p.route!r} ({label}) answers {method} but has no access-matrix entry for it")
    return out


def _resolve(value, *args):
    return value(*args) if callable(value) else value


def request_for(entry, world):
    """(path, body, content_type) of an entry, after running its setup against the world."""
    kwargs = dict(entry.kwargs or {})
    if entry.setup is not None:
        kwargs.update(entry.setup(world) or {})
    path = reverse(entry.url, kwargs=kwargs or None)
    data = _resolve(entry.data, world, kwargs) if entry.data is not None else None
    fmt = entry.format or ("json" if path.startswith("/api/") else "form")
    return path, kwargs, data, fmt


def perform(client, entry, persona, world, token=None):
    path, _kwargs, data, fmt = request_for(entry, world)
    extra = {}
    if persona == "system":
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    elif PERSONAS[persona] is not None:
        client.force_login(getattr(world, PERSONAS[persona]), backend="ipcollab.accounts.backends.AccountBackend")
    method = entry.method.lower()
    if entry.method == "GET":
        return path, client.get(path, data=entry.query or {}, **extra)
    if entry.query:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(entry.query)}"
    if fmt == "json":
        body = json.dumps(data if data is not None else {})
        return path, getattr(client, method)(path, data=body, content_type="application/json", **extra)
    if entry.method == "POST":
        return path, client.post(path, data=data or {}, **extra)
    from urllib.parse import urlencode

    return path, getattr(client, method)(path, data=urlencode(data or {}, doseq=True), content_type="application/x-www-form-urlencoded", **extra)
