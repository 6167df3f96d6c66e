"""Access-matrix entries of notifications. Format: docs/testing.md; run by tests/access/."""


def judge_a_notification(world):
    from ipcollab.notifications.services import notify

    note = notify(recipient=world.judge_a, code="test", title="测试通知", dedupe_key="access-matrix", email=False)
    return {"pk": note.pk}


SIGNED_IN = {"anonymous": 302, "system": 302, "*": 200}

ENTRIES = [
    {"url": "notifications:list", "expect": SIGNED_IN},
    {
        "url": "notifications:read",
        "method": "POST",
        "label": "judge A's own notification",
        "setup": judge_a_notification,
        # only the recipient reaches it; everyone else is told it does not exist
        "expect": {"anonymous": 302, "system": 302, "judge_a": 302, "*": 404},
    },
    {
        "url": "notifications:read",
        "method": "GET",
        "label": "GET is not allowed",
        "setup": judge_a_notification,
        "expect": {"anonymous": 302, "system": 302, "*": 405},
    },
    {"url": "notifications:read_all", "method": "POST", "expect": {"*": 302}},
    {"url": "notifications:read_all", "method": "GET", "expect": {"anonymous": 302, "system": 302, "*": 405}},
]

API_SIGNED_IN = {"anonymous": 401, "*": 200}
ENTRIES += [
    {"url": "api:notification-list", "expect": API_SIGNED_IN},
    {"url": "api:notification-unread-count", "expect": API_SIGNED_IN},
    {"url": "api:notification-read-all", "method": "POST", "expect": API_SIGNED_IN},
    {"url": "api:notification-detail", "setup": judge_a_notification, "expect": {"anonymous": 401, "judge_a": 200, "*": 404}},
    {"url": "api:notification-read", "method": "POST", "setup": judge_a_notification, "expect": {"anonymous": 401, "judge_a": 200, "*": 404}},
]
