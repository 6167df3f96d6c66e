"""Access-matrix entries of the comment-round pages (format: docs/testing.md). The record: a round
drafted by court A with the IP office invited (seen by court A's and the office's staff and by
platform admins; court B and external users get 404). Drafting-side writes (close, conclude,
respond): court A's liaisons and admins and platform admins; comments and "no comments": the
invited office's liaisons (the platform admin is staff of the office). The XLSX export: the
drafting agency's staff and platform admins."""

import datetime

D = datetime.date
PAGE = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
SEEN = {"platform_admin": 200, "admin_a": 200, "judge_a": 200, "examiner": 200}
DETAIL = {"anonymous": 302, "system": 302, **SEEN, "*": 404}
DRAFTER_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 403, "examiner": 403, "*": 404}
INVITEE_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 403, "judge_a": 403, "examiner": 403, "*": 404}
API_RECORD = {"anonymous": 401, "judge_b": 404, "external": 404, "*": 200}
API_COMMENT = {"anonymous": 401, "system": 201, "platform_admin": 201, "admin_a": 403, "judge_a": 403, "examiner": 403, "*": 404}
EXPORT = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "examiner": 403, "*": 404}


def _round(world):
    from ipcollab.consultation.models import CommentRound, DraftArticle, RoundInvitee

    today = datetime.date.today()
    r = CommentRound.objects.create(
        title="矩阵草案", draft_kind="rule", drafting_agency=world.court_a, opened_on=today, deadline=today + datetime.timedelta(days=30)
    )
    DraftArticle.objects.create(round=r, position=1, label="第一条", text="矩阵条文")
    RoundInvitee.objects.create(round=r, agency=world.office)
    return r


def round_of_court_a(world):
    return {"pk": _round(world).pk}


def comment_of_office(world):
    from ipcollab.consultation.models import DraftComment

    r = _round(world)
    c = DraftComment.objects.create(round=r, article=r.articles.get(), agency=world.office, author=world.examiner, body="矩阵意见")
    return {"pk": c.pk}


def _new_round_data(world, kwargs):
    return {
        "title": "矩阵新草案",
        "draft_kind": "rule",
        "deadline": (datetime.date.today() + datetime.timedelta(days=20)).isoformat(),
        "invitees": [world.court_b.pk],
        "text": "第一条 甲\n第二条 乙",
        "step": "create",
    }


ENTRIES = [
    {"url": "consultation:rounds", "expect": PAGE},
    {"url": "consultation:round_new", "expect": {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 200, "admin_a": 200, "*": 403}},
    {
        "url": "consultation:round_new",
        "method": "POST",
        "data": _new_round_data,
        "expect": {"anonymous": 302, "system": 302, "external": 404, "platform_admin": 302, "admin_a": 302, "*": 403},
    },
    {"url": "consultation:round_detail", "setup": round_of_court_a, "expect": DETAIL},
    {"url": "consultation:round_export", "setup": round_of_court_a, "expect": EXPORT},
    {
        "url": "consultation:round_comment",
        "method": "POST",
        "setup": round_of_court_a,
        "data": {"body": "矩阵意见", "article": "", "proposed_text": ""},
        "expect": INVITEE_POST,
    },
    {"url": "consultation:round_no_comment", "method": "POST", "setup": round_of_court_a, "expect": INVITEE_POST},
    {"url": "consultation:round_close", "method": "POST", "setup": round_of_court_a, "expect": DRAFTER_POST},
    {"url": "consultation:round_conclude", "method": "POST", "setup": round_of_court_a, "expect": DRAFTER_POST},
    {
        "url": "consultation:round_respond",
        "method": "POST",
        "setup": comment_of_office,
        "data": {"response": "not_adopted", "response_text": "矩阵理由"},
        "expect": DRAFTER_POST,
    },
    {"url": "api:consultation-comment-round-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-comment-round-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:consultation-comment-round-detail", "setup": round_of_court_a, "expect": API_RECORD, "note": "the system is the invited office's"},
    {
        "url": "api:consultation-comment-round-comments",
        "method": "POST",
        "setup": round_of_court_a,
        "data": {"body": "矩阵意见"},
        "note": "the invited office comments (its system, or the platform admin who is its liaison-level staff); court A drafted it",
        "expect": API_COMMENT,
    },
]
