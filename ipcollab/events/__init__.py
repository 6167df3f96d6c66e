"""Domain events: the outbox, subscriptions and delivery (see docs/events.md).

from ipcollab.events import publish, register_event_type

register_event_type("orgs.liaison.designated", "联络人已指定", "Liaison designated", "…")
publish("orgs.liaison.designated", agency=agency, subject=designation, payload={...}, actor=actor, visibility=designation.visibility)
"""

from .registry import register_event_type


def publish(type, *, agency, subject=None, payload=None, actor=None, visibility="private"):
    """Write a domain event in the caller's transaction (see services.publish)."""
    from .services import publish as _publish

    return _publish(type, agency=agency, subject=subject, payload=payload, actor=actor, visibility=visibility)


def event_visible_to(event, user):
    from .visibility import event_visible_to as _visible

    return _visible(event, user)


__all__ = ["event_visible_to", "publish", "register_event_type"]
