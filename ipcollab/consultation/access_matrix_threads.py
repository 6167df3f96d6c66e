"""Access-matrix entries of the liaison threads pages and API (format: docs/testing.md).

The record: a thread started by court A's liaison with the IP office. Read by the staff of court A
and of the office and by platform admins (court B's judge: 404); reply for the liaisons and admins
of the two agencies (court A's admin, the platform admin acting for the office); close for court
A's managers and platform admins. Starting a thread: liaisons and agency admins."""

PAGE_ALL_STAFF = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
MANAGERS = {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 200, "admin_a": 200, "*": 403}
MANAGERS_POST = {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 302, "admin_a": 302, "*": 403}
PAGE_IN_REACH = {"anonymous": 302, "system": 302, "judge_b": 404, "external": 404, "*": 200}
THREAD_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 403, "examiner": 403, "*": 404}


def thread_of_court_a(world):
    from . import threads

    return threads.start_thread(actor=world.liaison_a, topic="专利无效案件信息共享", agencies=[world.office], body="请贵局指定对接人。")


def _thread_no_kwargs(world):
    thread_of_court_a(world)
    return {}


def _thread(world):
    return {"pk": thread_of_court_a(world).pk}


ENTRIES = [
    {"url": "consultation:threads", "expect": PAGE_ALL_STAFF},
    {"url": "consultation:threads", "label": "with a thread", "setup": _thread_no_kwargs, "query": {"status": "open"}, "expect": PAGE_ALL_STAFF},
    {"url": "consultation:thread_new", "expect": MANAGERS},
    {
        "url": "consultation:thread_new",
        "method": "POST",
        "data": lambda world, kwargs: {"topic": "矩阵沟通", "agencies": [world.court_b.pk], "body": "矩阵"},
        "expect": MANAGERS_POST,
    },
    {"url": "consultation:thread_detail", "setup": _thread, "expect": PAGE_IN_REACH},
    {"url": "consultation:thread_reply", "method": "POST", "setup": _thread, "data": {"body": "收到。"}, "expect": THREAD_POST},
    {"url": "consultation:thread_close", "method": "POST", "setup": _thread, "expect": THREAD_POST},
    # the API
    {"url": "api:consultation-thread-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-thread-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:consultation-thread-detail", "setup": _thread, "expect": {"anonymous": 401, "judge_b": 404, "system": 404, "external": 404, "*": 200}},
    {
        "url": "api:consultation-thread-reply",
        "method": "POST",
        "setup": _thread,
        "data": {"body": "收到。"},
        "expect": {"anonymous": 401, "platform_admin": 201, "admin_a": 201, "judge_a": 403, "examiner": 403, "*": 404},
    },
]
