"""Access-matrix entries of the standards-feedback pages (format: docs/testing.md). The record:
feedback raised by court A with the IP office as counterpart (seen by court A's and the office's
staff and by platform admins; court B and external users get 404). Writes: the liaisons and admins
of either agency and platform admins; other staff of those agencies get 403."""

PAGE = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
SEEN = {"platform_admin": 200, "admin_a": 200, "judge_a": 200, "examiner": 200}
DETAIL = {"anonymous": 302, "system": 302, **SEEN, "*": 404}
ACT_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 403, "examiner": 403, "*": 404}
NEW = {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 200, "admin_a": 200, "*": 403}
NEW_POST = {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 302, "admin_a": 302, "*": 403}


API_RECORD = {"anonymous": 401, "judge_b": 404, "external": 404, "*": 200}
API_CREATE = {"anonymous": 401, "platform_admin": 201, "admin_a": 201, "system": 201, "*": 403}


def feedback_of_court_a(world):
    from ipcollab.consultation.models import StandardsFeedback

    row = StandardsFeedback.objects.create(
        title="矩阵标准反馈", area="patent_validity", raised_by_agency=world.court_a, counterpart=world.office, description="矩阵描述"
    )
    return {"pk": row.pk}


def _new_data(world, kwargs):
    return {"title": "矩阵新反馈", "area": "evidence", "counterpart": world.court_b.pk, "description": "描述", "numbers": ""}


ENTRIES = [
    {"url": "consultation:feedback", "expect": PAGE},
    {"url": "consultation:feedback_new", "expect": NEW},
    {"url": "consultation:feedback_new", "method": "POST", "data": _new_data, "expect": NEW_POST},
    {"url": "consultation:feedback_detail", "setup": feedback_of_court_a, "expect": DETAIL},
    {"url": "consultation:feedback_discuss", "method": "POST", "setup": feedback_of_court_a, "data": {"body": "矩阵讨论"}, "expect": ACT_POST},
    {
        "url": "consultation:feedback_propose",
        "method": "POST",
        "setup": feedback_of_court_a,
        "data": {"meeting": "1", "background": ""},
        "note": "no meeting both agencies take part in: the form is refused with a message (302)",
        "expect": ACT_POST,
    },
    {
        "url": "consultation:feedback_resolve",
        "method": "POST",
        "setup": feedback_of_court_a,
        "data": {"document": "1", "resolution": "矩阵"},
        "note": "no signed document: the form is refused with a message (302)",
        "expect": ACT_POST,
    },
    {"url": "consultation:feedback_close", "method": "POST", "setup": feedback_of_court_a, "data": {"reason": "矩阵理由"}, "expect": ACT_POST},
    {"url": "api:consultation-standards-feedback-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-standards-feedback-list", "label": "bad filter", "query": {"area": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {
        "url": "api:consultation-standards-feedback-list",
        "method": "POST",
        "data": lambda world, kwargs: {"title": "矩阵反馈", "area": "evidence", "counterpart": world.court_b.pk, "description": "描述"},
        "note": "liaisons and admins of an agency, its agency system; other staff and external users 403",
        "expect": API_CREATE,
    },
    {"url": "api:consultation-standards-feedback-detail", "setup": feedback_of_court_a, "expect": API_RECORD},
]
