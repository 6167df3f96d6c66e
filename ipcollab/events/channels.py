"""Delivery channels. E-mail and webhooks live here; the in-app channel is registered by
ipcollab.notifications (a higher layer) with ``registry.register_channel("in_app", …)``.

A channel is ``deliver(delivery, number) -> Outcome``: one attempt, no database writes of its own
beyond what it delivers (the attempt is recorded by services.attempt)."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import registry
from .models import Channel

WEBHOOK_TIMEOUT = 10  # seconds
USER_AGENT = "IPCollab-Webhook/1"


@dataclass
class Outcome:
    succeeded: bool
    status_code: int | None = None
    error: str = ""
    permanent: bool = False  # no retry can help (e.g. no e-mail address)


def deliver(delivery, number):
    channel = registry.channel(delivery.channel)
    if channel is None:
        return Outcome(False, None, f"no channel {delivery.channel!r} is registered", permanent=True)
    return channel(delivery, number)


# -- what a delivery says ----------------------------------------------------------------------


def event_title(event):
    label = registry.label_for(event.type)
    return f"{label}：{event.subject_label}" if event.subject_label else str(label)


def event_body(event):
    parts = []
    if event.actor_label:
        parts.append(_("操作人：%(actor)s") % {"actor": event.actor_label})
    if event.agency_id:
        parts.append(_("机构：%(agency)s") % {"agency": event.agency.short_name or event.agency.name})
    parts.append(timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M"))
    return " · ".join(parts)


def event_document(event, delivery=None):
    """The JSON body of a webhook: the same for every attempt of one delivery."""
    return {
        "id": event.pk,
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat(),
        "agency": {"id": event.agency_id, "name": event.agency.name} if event.agency_id else None,
        "visibility": event.visibility,
        "subject": (
            {
                "type": f"{event.subject_type.app_label}.{event.subject_type.model}",
                "id": event.subject_id,
                "label": event.subject_label,
                "url": event.subject_url,
            }
            if event.subject_type_id
            else None
        ),
        "payload": event.payload,
        "actor": event.actor_label or None,
        "request_id": event.request_id,
        "delivery": delivery.pk if delivery is not None else None,
    }


# -- e-mail ------------------------------------------------------------------------------------


def deliver_email(delivery, number):
    owner = delivery.subscription.owner
    if not owner.email:
        return Outcome(False, None, "the subscriber has no e-mail address", permanent=True)
    event = delivery.event
    language = owner.preferred_language or settings.LANGUAGE_CODE
    with override(language):
        subject = f"[IP Collab] {event_title(event)}"
        body = f"{event_body(event)}\n\n{event.subject_url}".strip()
    try:
        send_mail(subject[:200], body, None, [owner.email], fail_silently=False)
    except Exception as exc:  # SMTP trouble is transient: retry
        return Outcome(False, None, f"{type(exc).__name__}: {exc}")
    return Outcome(True)


# -- webhooks ----------------------------------------------------------------------------------


def sign(secret, timestamp, body):
    """X-IPCollab-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer that is not 2xx: the attempt failed


_opener = urllib.request.build_opener(_NoRedirect)


def deliver_webhook(delivery, number):
    from .services import validate_webhook_url  # the rules of the URL at attempt time too

    subscription = delivery.subscription
    try:
        url = validate_webhook_url(subscription.url)
    except Exception as exc:
        return Outcome(False, None, f"invalid URL: {exc}", permanent=True)
    body = json.dumps(event_document(delivery.event, delivery), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-IPCollab-Event": delivery.event.type,
            "X-IPCollab-Delivery": str(delivery.pk),
            "X-IPCollab-Attempt": str(number),
            "X-IPCollab-Timestamp": timestamp,
            "X-IPCollab-Signature": sign(subscription.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=WEBHOOK_TIMEOUT) as response:
            code = response.status
            response.read(1024)
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace") if exc.fp else ""
        exc.close()
        return Outcome(False, exc.code, f"HTTP {exc.code} {exc.reason}: {detail}".strip()[:500])
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(False, None, f"{type(exc).__name__}: {reason}"[:500])
    if 200 <= code < 300:
        return Outcome(True, code)
    return Outcome(False, code, f"HTTP {code}")


registry.register_channel(Channel.EMAIL.value, deliver_email)
registry.register_channel(Channel.WEBHOOK.value, deliver_webhook)
