"""Registries of event types and delivery channels.

Publishing apps register their event types (``register_event_type``) at import time of their
services module; ``ensure_loaded`` imports every ``ipcollab.<app>.services`` so the list is
complete wherever it is read (a subscription may name registered types only). Channels that live
in higher layers (the in-app channel of ipcollab.notifications) register themselves with
``register_channel`` from their app's ``ready()``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import get_language


@dataclass(frozen=True)
class EventType:
    code: str
    label_zh: str
    label_en: str
    description: str = ""

    @property
    def label(self):
        return self.label_en if (get_language() or "").startswith("en") else self.label_zh


_types: dict[str, EventType] = {}
_channels: dict[str, object] = {}
_loaded = False


def register_event_type(code, label_zh, label_en, description=""):
    """Declare an event type. Codes look like "orgs.liaison.designated": app, thing, past tense."""
    if not code or code.count(".") < 1 or len(code) > 80:
        raise ValueError(f"event type code {code!r}: expected 'app.thing.happened' (at most 80 characters)")
    existing = _types.get(code)
    kind = EventType(code, label_zh, label_en, description)
    if existing is not None and existing != kind:
        raise ValueError(f"event type {code!r} registered twice with different labels")
    _types[code] = kind
    return kind


def ensure_loaded():
    """Import the services module of every ipcollab app once, so their event types are registered."""
    global _loaded
    if _loaded:
        return
    from importlib import import_module

    for config in apps.get_app_configs():
        if config.name.startswith("ipcollab.") and module_has_submodule(config.module, "services"):
            import_module(f"{config.name}.services")
    _loaded = True


def event_types():
    ensure_loaded()
    return [_types[code] for code in sorted(_types)]


def get_event_type(code):
    ensure_loaded()
    return _types.get(code)


def is_registered(code):
    return get_event_type(code) is not None


def label_for(code):
    kind = get_event_type(code)
    return kind.label if kind else code


def register_channel(code, deliver):
    """`deliver(delivery)` performs one attempt and returns (succeeded, status_code, error) or raises.
    A channel whose delivery cannot fail transiently returns succeeded=True or an error to give up on."""
    _channels[code] = deliver


def channel(code):
    return _channels.get(code)
