"""The in-app channel of ipcollab.events: an event delivered to a subscriber becomes one
notification (dedupe key "event:<id>", so two subscriptions of one person give one message)."""

from ipcollab.events.channels import Outcome, event_body, event_title
from ipcollab.events.registry import register_channel

from .services import notify


def deliver_in_app(delivery, number):
    event = delivery.event
    owner = delivery.subscription.owner
    link = event.subject_url if event.subject_url.startswith("/") else ""
    notify(
        recipient=owner,
        code=event.type[:60],
        title=event_title(event)[:200],
        body=event_body(event),
        link=link,
        dedupe_key=f"event:{event.pk}",
        email=False,  # e-mail is a channel of its own
    )
    return Outcome(True)


def register():
    register_channel("in_app", deliver_in_app)
