"""Writes of events: publishing into the outbox, subscriptions, and delivery.

- ``publish`` writes a DomainEvent in the caller's transaction and, on commit, enqueues
  ``dispatch_events``; the recurring sweep (RECURRING_TASKS) runs it too, so an event whose
  enqueue was lost is dispatched by the next sweep.
- ``dispatch`` fans undispatched events out into Delivery rows (unique per subscription and event,
  so a second run creates nothing) and performs the deliveries that are due. Rows are claimed with
  ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the ``IMMEDIATE`` transaction takes
  the write lock, so concurrent dispatchers serialise. A claimed delivery is leased (its
  next_attempt_at moves ahead by the lease) before the attempt runs outside any transaction: a
  crashed worker's delivery is retried when the lease expires (at-least-once; receivers dedupe on
  X-IPCollab-Delivery).
"""

import logging
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit import services as audit
from ipcollab.core import context
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.models import Visibility

from . import registry
from .models import Channel, Delivery, DeliveryAttempt, DeliveryStatus, DomainEvent, Subscription
from .registry import register_event_type
from .visibility import event_visible_to

logger = logging.getLogger("ipcollab.events")

TEST_EVENT = "events.test"
register_event_type(TEST_EVENT, "测试事件", "Test event", "订阅人发送的测试事件，只投递给该订阅。")

DEFAULT_BACKOFF = [60, 300, 1800, 7200, 43200]  # seconds after attempts 1, 2, 3, 4, 5
DEFAULT_MAX_ATTEMPTS = 6
DELIVERY_LEASE = timedelta(minutes=5)
BATCH = 100
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
SUBSCRIPTION_FIELDS = ["name", "channel", "event_types", "agency", "subject_type", "subject_id", "url", "active"]


def backoff_schedule():
    return list(getattr(settings, "EVENTS_DELIVERY_BACKOFF", DEFAULT_BACKOFF)) or [60]


def max_attempts():
    return int(getattr(settings, "EVENTS_DELIVERY_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def claim(queryset):
    """Lock the rows of `queryset` for this transaction, skipping rows another worker holds."""
    features = connection.features
    if features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",) if features.has_select_for_update_of else ())
    return queryset.select_for_update()


# -- publishing ------------------------------------------------------------------------------


def _jsonable(value):
    import json

    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _enqueue_dispatch():
    from .tasks import dispatch_events

    try:
        dispatch_events.enqueue()
    except Exception:  # the recurring sweep dispatches it anyway
        logger.exception("could not enqueue dispatch_events; the recurring sweep will dispatch")


def publish(type, *, agency, subject=None, payload=None, actor=None, visibility=Visibility.PRIVATE):
    """Write one domain event into the outbox, in the caller's transaction (it commits or rolls
    back with the change it describes). Must be called inside the service's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("events.publish() must be called inside the service's transaction")
    if not registry.is_registered(type):
        raise ServiceError(ErrorCode.EVENT_TYPE_UNKNOWN, fields={"type": [type]})
    if visibility not in Visibility.values:
        raise ServiceError(ErrorCode.INVALID, fields={"visibility": [str(visibility)]})
    subject_url = ""
    if subject is not None and hasattr(subject, "get_absolute_url"):
        try:
            subject_url = subject.get_absolute_url()[:300]
        except Exception:  # a subject without a page of its own
            subject_url = ""
    event = DomainEvent.objects.create(
        type=type,
        occurred_at=timezone.now(),
        agency_id=getattr(agency, "pk", agency),
        visibility=visibility,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:200] if subject is not None else "",
        subject_url=subject_url,
        payload=_jsonable(payload),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "display_name", "") or "")[:150] if actor else "",
        request_id=context.get_request_id(),
    )
    transaction.on_commit(_enqueue_dispatch)
    return event


# -- subscriptions ---------------------------------------------------------------------------


def _require(actor, perm, obj=None):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied()


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def validate_webhook_url(url):
    url = (url or "").strip()
    if not url:
        raise ServiceError(ErrorCode.REQUIRED, fields={"url": [DEFAULT_MESSAGES[ErrorCode.REQUIRED]]})
    message = _("回调地址必须使用 https。")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise ServiceError(ErrorCode.WEBHOOK_URL_NOT_HTTPS, message, fields={"url": [message]}) from None
    loopback_ok = parts.scheme == "http" and host in LOOPBACK_HOSTS and getattr(settings, "WEBHOOK_ALLOW_LOOPBACK_HTTP", False)
    if parts.scheme != "https" and not loopback_ok:
        raise ServiceError(ErrorCode.WEBHOOK_URL_NOT_HTTPS, message, fields={"url": [message]})
    if len(url) > 500 or parts.username or parts.password:
        raise ServiceError(ErrorCode.INVALID, fields={"url": [_("回调地址无效。")]})
    try:
        URLValidator(schemes=["https", "http"])(url)
    except DjangoValidationError:
        raise ServiceError(ErrorCode.INVALID, fields={"url": [_("回调地址无效。")]}) from None
    return url


def _validate_event_types(value):
    if not isinstance(value, list | tuple) or not value:
        raise ServiceError(ErrorCode.REQUIRED, _("请至少选择一种事件类型。"), fields={"event_types": [_("请至少选择一种事件类型。")]})
    codes = []
    for code in value:
        if not isinstance(code, str) or not registry.is_registered(code):
            message = _("未知的事件类型：%(code)s") % {"code": code}
            raise ServiceError(ErrorCode.EVENT_TYPE_UNKNOWN, message, fields={"event_types": [message]})
        if code not in codes:
            codes.append(code)
    return sorted(codes)


def _resolve_agency(value):
    if value in (None, ""):
        return None
    model = Subscription._meta.get_field("agency").related_model
    if isinstance(value, model):
        return value
    try:
        return model.objects.get(pk=int(value))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ServiceError(ErrorCode.INVALID, fields={"agency": [DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]]}) from None


def _resolve_subject(actor, subject_type, subject_id):
    """A monitor follows one record the actor can see: ("app_label.model", pk) → (ContentType, id)."""
    if not subject_type and not subject_id:
        return None, ""
    if not subject_type or not subject_id:
        raise ServiceError(ErrorCode.INVALID, fields={"subject": [_("关注记录须同时指定类型和编号。")]})
    if isinstance(subject_type, ContentType):
        ct = subject_type
    else:
        try:
            app_label, model = str(subject_type).split(".", 1)
            ct = ContentType.objects.get(app_label=app_label, model=model.lower())
        except (ValueError, ContentType.DoesNotExist):
            raise ServiceError(ErrorCode.INVALID, fields={"subject_type": [_("记录类型无效。")]}) from None
    model = ct.model_class()
    if model is None:
        raise ServiceError(ErrorCode.INVALID, fields={"subject_type": [_("记录类型无效。")]})
    queryset = model._default_manager.all()
    field_names = {f.name for f in model._meta.get_fields()}
    if {"agency", "visibility"} <= field_names:
        from ipcollab.access.visibility import visible_to

        queryset = visible_to(queryset, actor)
    elif not actor.has_perm("events.view_schedule"):  # records without a visibility: platform admins only
        raise ServiceError(ErrorCode.INVALID, fields={"subject_id": [DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]]})
    try:
        found = queryset.filter(pk=subject_id).exists()
    except (ValueError, TypeError, DjangoValidationError, OverflowError):
        found = False
    if not found:
        raise ServiceError(ErrorCode.INVALID, fields={"subject_id": [DEFAULT_MESSAGES[ErrorCode.NOT_FOUND]]})
    return ct, str(subject_id)


def _check_channel(actor, channel, owner):
    if channel not in Channel.values:
        raise ServiceError(ErrorCode.INVALID, fields={"channel": [_("渠道无效。")]})
    if channel == Channel.WEBHOOK and not owner.has_perm("events.use_webhooks"):
        message = _("只有机构业务系统和管理员可以订阅 Webhook。")
        raise ServiceError(ErrorCode.CHANNEL_NOT_ALLOWED, message, fields={"channel": [message]}, status=403)
    if channel == Channel.IN_APP and owner.kind == "system":
        message = _("业务系统账户没有站内通知，请使用 Webhook。")
        raise ServiceError(ErrorCode.CHANNEL_NOT_ALLOWED, message, fields={"channel": [message]})
    if channel == Channel.EMAIL and not owner.email:
        message = _("您的账户没有电子邮件地址，请先在个人设置中填写。")
        raise ServiceError(ErrorCode.INVALID, message, fields={"channel": [message]})


def _snapshot(subscription):
    return {
        "name": subscription.name,
        "channel": subscription.channel,
        "event_types": list(subscription.event_types),
        "agency": subscription.agency_id,
        "subject_type": subscription.subject_type_id,
        "subject_id": subscription.subject_id,
        "url": subscription.url,
        "active": subscription.active,
    }


def _audit_agency(subscription):
    return subscription.owner.agency_id


@transaction.atomic
def subscribe(*, actor, channel, event_types, name="", url="", agency=None, subject_type=None, subject_id=None):
    """Create a subscription of `actor`. A webhook gets a new secret, readable once as
    `subscription.new_secret` (it is never shown again; rotate it to get another)."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied()
    _check_channel(actor, channel, actor)
    codes = _validate_event_types(event_types)
    subscription = Subscription(owner=actor, channel=channel, event_types=codes, name=(name or "").strip()[:80])
    if channel == Channel.WEBHOOK:
        subscription.url = validate_webhook_url(url)
        subscription.secret = new_secret()
    subscription.agency = _resolve_agency(agency)
    subscription.subject_type, subscription.subject_id = _resolve_subject(actor, subject_type, subject_id)
    subscription.save()
    audit.record(actor=actor, action="events.subscription.create", obj=subscription, agency=actor.agency_id, after=_snapshot(subscription))
    subscription.new_secret = subscription.secret if channel == Channel.WEBHOOK else None
    return subscription


def _locked(subscription):
    return Subscription.objects.select_for_update().select_related("owner").get(pk=subscription.pk)


@transaction.atomic
def subscription_update(*, actor, subscription, data):
    """Change name, event types, URL, filters or active. The channel of a subscription is fixed."""
    _require(actor, "events.manage_subscription", subscription)
    subscription = _locked(subscription)
    before = _snapshot(subscription)
    if "name" in data:
        subscription.name = (data["name"] or "").strip()[:80]
    if "event_types" in data:
        subscription.event_types = _validate_event_types(data["event_types"])
    if "url" in data:
        if subscription.channel != Channel.WEBHOOK:
            if data["url"]:
                raise ServiceError(ErrorCode.INVALID, fields={"url": [_("只有 Webhook 订阅有回调地址。")]})
        else:
            subscription.url = validate_webhook_url(data["url"])
    if "agency" in data:
        subscription.agency = _resolve_agency(data["agency"])
    if "subject_type" in data or "subject_id" in data:
        subscription.subject_type, subscription.subject_id = _resolve_subject(
            subscription.owner, data.get("subject_type", subscription.subject_type), data.get("subject_id", subscription.subject_id)
        )
    if "active" in data:
        subscription.active = bool(data["active"])
    old, new = audit.diff(before, _snapshot(subscription))
    if new:
        subscription.save()
        audit.record(actor=actor, action="events.subscription.update", obj=subscription, agency=_audit_agency(subscription), before=old, after=new)
    return subscription


def subscription_set_active(*, actor, subscription, active):
    """Pause (active=False) or resume. Deliveries of a paused subscription wait; none are lost."""
    return subscription_update(actor=actor, subscription=subscription, data={"active": active})


@transaction.atomic
def subscription_delete(*, actor, subscription):
    _require(actor, "events.manage_subscription", subscription)
    subscription = _locked(subscription)
    audit.record(actor=actor, action="events.subscription.delete", obj=subscription, agency=_audit_agency(subscription), before=_snapshot(subscription))
    subscription.delete()


@transaction.atomic
def rotate_secret(*, actor, subscription):
    """A new webhook secret, effective for the next attempt; readable once as `new_secret`."""
    _require(actor, "events.manage_subscription", subscription)
    subscription = _locked(subscription)
    if subscription.channel != Channel.WEBHOOK:
        raise ServiceError(ErrorCode.INVALID, _("只有 Webhook 订阅有签名密钥。"))
    subscription.secret = new_secret()
    subscription.secret_rotated_at = timezone.now()
    subscription.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    audit.record(actor=actor, action="events.subscription.rotate_secret", obj=subscription, agency=_audit_agency(subscription), after={"secret": "rotated"})
    subscription.new_secret = subscription.secret
    return subscription


@transaction.atomic
def send_test_event(*, actor, subscription):
    """Publish a test event delivered to this subscription only (also when it is paused)."""
    _require(actor, "events.manage_subscription", subscription)
    subscription = _locked(subscription)
    owner = subscription.owner
    event = publish(
        TEST_EVENT,
        agency=owner.agency_id,
        subject=None,
        payload={"subscription": subscription.pk, "message": "IP Collab test event"},
        actor=actor,
        visibility=Visibility.PRIVATE,
    )
    event.dispatched_at = event.occurred_at  # never fanned out to other subscriptions
    event.save(update_fields=["dispatched_at"])
    delivery = Delivery.objects.create(subscription=subscription, event=event, channel=subscription.channel, next_attempt_at=event.occurred_at)
    audit.record(actor=actor, action="events.subscription.test", obj=subscription, agency=_audit_agency(subscription), after={"event": event.pk})
    return delivery


@transaction.atomic
def delivery_retry_now(*, actor, delivery):
    """Make a failed (or given-up) delivery due now; a given-up one gets one more attempt."""
    _require(actor, "events.manage_subscription", delivery.subscription)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == DeliveryStatus.SUCCEEDED:
        raise ServiceError(ErrorCode.INVALID, _("该投递已成功送达，无需重试。"))
    before = {"status": delivery.status, "next_attempt_at": delivery.next_attempt_at}
    if delivery.status == DeliveryStatus.GAVE_UP:
        delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit.record(
        actor=actor,
        action="events.delivery.retry",
        obj=delivery,
        agency=delivery.subscription.owner.agency_id,
        before=before,
        after={"status": delivery.status, "next_attempt_at": delivery.next_attempt_at},
    )
    transaction.on_commit(_enqueue_dispatch)
    return delivery


# -- dispatch ----------------------------------------------------------------------------------


def subscription_matches(subscription, event):
    if event.type not in subscription.event_types:
        return False
    if subscription.agency_id and subscription.agency_id != event.agency_id:
        return False
    if subscription.subject_type_id and (subscription.subject_type_id != event.subject_type_id or subscription.subject_id != event.subject_id):
        return False
    return True


def fan_out(batch=BATCH):
    """Turn undispatched events into deliveries. Returns (events, deliveries) created."""
    events_done = deliveries_made = 0
    while True:
        with transaction.atomic():
            events = list(claim(DomainEvent.objects.filter(dispatched_at__isnull=True).order_by("id"))[:batch])
            if not events:
                break
            subscriptions = list(Subscription.objects.filter(active=True, owner__is_active=True).exclude(channel="").select_related("owner").order_by("id"))
            now = timezone.now()
            rows = []
            for event in events:
                for subscription in subscriptions:
                    if subscription_matches(subscription, event) and event_visible_to(event, subscription.owner):
                        rows.append(Delivery(subscription=subscription, event=event, channel=subscription.channel, next_attempt_at=now))
            created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            DomainEvent.objects.filter(pk__in=[e.pk for e in events]).update(dispatched_at=now)
            events_done += len(events)
            deliveries_made += len(created)
        if len(events) < batch:
            break
    return events_done, deliveries_made


def _due(now):
    return Delivery.objects.filter(
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        subscription__active=True,
        subscription__owner__is_active=True,
    ).order_by("id")


def _claim_due(now, batch):
    with transaction.atomic():
        rows = list(claim(_due(now))[:batch].values_list("pk", flat=True))
        if rows:
            Delivery.objects.filter(pk__in=rows).update(next_attempt_at=now + DELIVERY_LEASE)
    return rows


def _record(delivery, number, started, outcome, duration_ms):
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=started,
            succeeded=outcome.succeeded,
            status_code=outcome.status_code,
            duration_ms=duration_ms,
            error=(outcome.error or "")[:500],
        )
        delivery.attempts = number
        delivery.response_code = outcome.status_code
        if outcome.succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            delivery.last_error = ""
        elif outcome.permanent or number >= max_attempts():
            delivery.status = DeliveryStatus.GAVE_UP
            delivery.next_attempt_at = None
            delivery.last_error = (outcome.error or "")[:500]
        else:
            schedule = backoff_schedule()
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = now + timedelta(seconds=schedule[min(number - 1, len(schedule) - 1)])
            delivery.last_error = (outcome.error or "")[:500]
        delivery.save(update_fields=["attempts", "response_code", "status", "delivered_at", "next_attempt_at", "last_error"])
    return delivery


def attempt(delivery):
    """One attempt of one (claimed) delivery; records it and returns the updated delivery."""
    import time

    from .channels import Outcome, deliver

    delivery = Delivery.objects.select_related("event", "event__agency", "subscription", "subscription__owner").get(pk=delivery.pk)
    number = delivery.attempts + 1
    started = timezone.now()
    clock = time.monotonic()
    try:
        outcome = deliver(delivery, number)
    except Exception as exc:  # a channel bug must not stop the other deliveries
        logger.exception("delivery %s failed", delivery.pk)
        outcome = Outcome(False, None, f"{type(exc).__name__}: {exc}")
    return _record(delivery, number, started, outcome, int((time.monotonic() - clock) * 1000))


def deliver_due(now=None, batch=BATCH, rounds=20):
    """Attempt every delivery that is due. Returns the number of attempts made."""
    made = 0
    for _round in range(rounds):
        ids = _claim_due(now or timezone.now(), batch)
        for delivery in Delivery.objects.filter(pk__in=ids).order_by("id"):
            attempt(delivery)
            made += 1
        if len(ids) < batch:
            break
    return made


def dispatch(now=None):
    """Fan out new events, then deliver what is due. Idempotent; safe to run concurrently."""
    events, deliveries = fan_out()
    attempts = deliver_due(now)
    return {"events": events, "deliveries": deliveries, "attempts": attempts}
