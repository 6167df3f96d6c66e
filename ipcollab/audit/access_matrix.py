"""Access-matrix entries of the audit trail. Format: docs/testing.md; run by tests/access/."""


def court_a_event(world):
    from ipcollab.audit.services import record

    event = record(actor=world.judge_a, action="test.write", object_type="x", object_id="1", object_label="甲院记录")
    return {"pk": event.pk}


ENTRIES = [
    {
        "url": "audit:event_list",
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403},
    },
    {
        "url": "audit:event_detail",
        "label": "court A's event",
        "setup": court_a_event,
        # admins of court A and platform admins only; for everyone else it does not exist
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 404},
    },
    {"url": "api:audit-event-list", "expect": {"anonymous": 401, "*": 200}},
    {
        "url": "api:audit-event-detail",
        "label": "court A's event",
        "setup": court_a_event,
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "*": 404},
    },
]
