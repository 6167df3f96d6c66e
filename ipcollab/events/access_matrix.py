"""Access-matrix entries of events. Format: docs/testing.md; run by tests/access/."""

HTML_SIGNED_IN = {"anonymous": 302, "system": 302, "*": 200}
API_SIGNED_IN = {"anonymous": 401, "*": 200}
TYPE = "orgs.liaison.designated"


def judge_a_subscription(world):
    from ipcollab.events.services import subscribe

    sub = subscribe(actor=world.judge_a, channel="in_app", event_types=[TYPE], name="甲法官的订阅")
    return {"pk": sub.pk}


def system_webhook(world):
    from ipcollab.events.services import subscribe

    sub = subscribe(actor=world.system, channel="webhook", event_types=[TYPE], url="https://hooks.example.cn/ipcollab", name="测试局系统回调")
    return {"pk": sub.pk}


def judge_a_failed_delivery(world):
    from django.utils import timezone

    from ipcollab.events.models import Delivery, DomainEvent, Subscription
    from ipcollab.events.services import subscribe

    sub = subscribe(actor=world.judge_a, channel="in_app", event_types=[TYPE])
    event = DomainEvent.objects.create(type=TYPE, occurred_at=timezone.now(), agency=world.court_a, dispatched_at=timezone.now())
    delivery = Delivery.objects.create(subscription=Subscription.objects.get(pk=sub.pk), event=event, channel="in_app", status="failed", attempts=1)
    return {"pk": delivery.pk}


OWNER_ONLY_HTML_POST = {"anonymous": 302, "system": 302, "judge_a": 302, "platform_admin": 302, "*": 404}
SYSTEM_SUB_HTML = {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 404}
WEBHOOK_DATA = {"channel": "webhook", "event_types": [TYPE], "url": "https://hooks.example.cn/ipcollab"}

ENTRIES = [
    {"url": "events:subscriptions", "expect": HTML_SIGNED_IN},
    {"url": "events:subscription_create", "expect": HTML_SIGNED_IN},
    {
        "url": "events:subscription_create",
        "method": "POST",
        "data": {"channel": "in_app", "event_types": [TYPE]},
        "note": "a new in-app subscription; systems have no HTML session (302 to the login page)",
        "expect": {"*": 302},
    },
    {
        "url": "events:subscription_edit",
        "label": "judge A's own subscription",
        "setup": judge_a_subscription,
        "expect": {"anonymous": 302, "system": 302, "judge_a": 200, "platform_admin": 200, "*": 404},
    },
    {
        "url": "events:subscription_edit",
        "label": "the office system's webhook (its agency's admin and platform admins)",
        "setup": system_webhook,
        "expect": SYSTEM_SUB_HTML,
    },
    {"url": "events:subscription_toggle", "method": "POST", "setup": judge_a_subscription, "expect": OWNER_ONLY_HTML_POST},
    {
        "url": "events:subscription_toggle",
        "method": "GET",
        "label": "GET is not allowed",
        "setup": judge_a_subscription,
        "expect": {"anonymous": 302, "system": 302, "*": 405},
    },
    {"url": "events:subscription_delete", "method": "POST", "setup": judge_a_subscription, "expect": OWNER_ONLY_HTML_POST},
    {"url": "events:subscription_test", "method": "POST", "setup": judge_a_subscription, "expect": OWNER_ONLY_HTML_POST},
    {
        "url": "events:subscription_rotate",
        "method": "POST",
        "label": "a webhook: the new secret is shown once",
        "setup": system_webhook,
        "expect": SYSTEM_SUB_HTML,
    },
    {
        "url": "events:delivery_log",
        "setup": judge_a_subscription,
        "expect": {"anonymous": 302, "system": 302, "judge_a": 200, "platform_admin": 200, "*": 404},
    },
    {"url": "events:delivery_retry", "method": "POST", "setup": judge_a_failed_delivery, "expect": OWNER_ONLY_HTML_POST},
    {"url": "events:agency_subscriptions", "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403}},
    {"url": "events:schedule", "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 403}},
    # --- API ---
    {"url": "api:event-type-list", "expect": API_SIGNED_IN},
    {"url": "api:subscription-list", "expect": API_SIGNED_IN},
    {
        "url": "api:subscription-list",
        "method": "POST",
        "data": WEBHOOK_DATA,
        "note": "webhooks: agency systems and admins only (channel_not_allowed, 403)",
        "expect": {"anonymous": 401, "system": 201, "platform_admin": 201, "admin_a": 201, "*": 403},
    },
    {"url": "api:subscription-detail", "setup": system_webhook, "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "*": 404}},
    {
        "url": "api:subscription-detail",
        "method": "PATCH",
        "setup": system_webhook,
        "data": {"name": "改名"},
        "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "*": 404},
    },
    {
        "url": "api:subscription-detail",
        "method": "DELETE",
        "setup": system_webhook,
        "expect": {"anonymous": 401, "system": 204, "platform_admin": 204, "*": 404},
    },
    {"url": "api:subscription-deliveries", "setup": system_webhook, "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "*": 404}},
    {
        "url": "api:subscription-rotate-secret",
        "method": "POST",
        "setup": system_webhook,
        "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "*": 404},
    },
    {
        "url": "api:subscription-test",
        "method": "POST",
        "setup": judge_a_subscription,
        "expect": {"anonymous": 401, "judge_a": 200, "platform_admin": 200, "*": 404},
    },
]
