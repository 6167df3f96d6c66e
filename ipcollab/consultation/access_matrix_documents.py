"""Access-matrix entries of the consensus-document pages and API (format: docs/testing.md).

Court A (its agency admin, admin_a) drafts the minutes of a meeting it held with the IP office: the
staff of court A and of the office see them (200), court B's staff get 404, external users 403 on
pages, anonymous visitors and token callers on pages a redirect to the login page. Drafting,
revising, circulating, answering comments and opening signing belong to the drafting agency's
liaisons and admins (admin_a; the platform admin); commenting to the participating agencies'
liaisons and admins; signing to a signatory agency's signer only (no persona holds that role, so
every visible caller gets 403)."""

import datetime

PAGE = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "*": 200}
MANAGE_POST = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "platform_admin": 302, "admin_a": 302, "*": 403}
MANAGE_GET = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "platform_admin": 200, "admin_a": 200, "*": 403}
SIGNER_ONLY = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "*": 403}
API_READ = {"anonymous": 401, "external": 404, "judge_b": 404, "*": 200}
TEXT = "一、双方建立例行会商机制。\n\n二、每季度召开一次。"


def _meeting(world):
    from django.utils import timezone

    from ipcollab.consultation.models import Meeting, Participant

    starts = timezone.now() - datetime.timedelta(days=2)
    meeting = Meeting.objects.create(
        title="矩阵测试会商", organiser=world.court_a, starts_at=starts, place="甲高院会议室", status="held", held_on=timezone.localdate(starts)
    )
    Participant.objects.create(meeting=meeting, agency=world.court_a, role="organiser", signs=True)
    Participant.objects.create(meeting=meeting, agency=world.office, role="participant", signs=True)
    return meeting


def _minutes(world):
    from ipcollab.consultation import documents

    meeting = _meeting(world)
    return documents.draft_document(
        actor=world.admin_a,
        kind="minutes",
        title="矩阵测试会商纪要",
        text=TEXT,
        meeting=meeting,
        items=[{"text": "建立例行会商机制", "responsible_agency": world.office}],
    )


def minutes(world):
    return {"pk": _minutes(world).pk}


def in_review(world):
    from ipcollab.consultation import documents

    doc = _minutes(world)
    documents.circulate(actor=world.admin_a, document=doc)
    return {"pk": doc.pk}


def with_comment(world):
    from ipcollab.consultation import documents
    from ipcollab.consultation.models import ConsensusDocument

    kwargs = in_review(world)
    doc = ConsensusDocument.objects.get(pk=kwargs["pk"])
    comment = documents.comment_on_document(actor=world.platform_admin, document=doc, paragraph=2, body="建议每半年一次。")
    return {"pk": doc.pk, "comment": comment.pk}


def in_signing(world):
    from django.utils import timezone

    from ipcollab.consultation import documents
    from ipcollab.consultation.models import ConsensusDocument

    kwargs = in_review(world)
    doc = ConsensusDocument.objects.get(pk=kwargs["pk"])
    documents.open_signing(actor=world.admin_a, document=doc, number=f"测甲知会〔{timezone.localdate().year}〕9号")
    return kwargs


def new_co_signed(world, kwargs):
    return {
        "kind": "co_signed",
        "title": "矩阵测试会签文件",
        "text": TEXT,
        "number": "",
        "signatories": [str(world.court_a.pk), str(world.office.pk)],
        "main_recipients": "",
        "copy_to": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
    }


def revised(world, kwargs):
    return {
        "text": TEXT + "\n\n三、由法院起草纪要。",
        "note": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
    }


ENTRIES = [
    {"url": "consultation:documents", "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 200}},
    {
        "url": "consultation:documents",
        "label": "bad filters",
        "query": {"year": "x", "kind": "nope"},
        "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 200},
    },
    {
        "url": "consultation:document_new",
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403},
        "note": "liaisons and agency admins draft; the platform admin for its own agency",
    },
    {
        "url": "consultation:document_new",
        "method": "POST",
        "label": "a co-signed document of court A and the office",
        "data": new_co_signed,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "*": 403},
    },
    {"url": "consultation:document_detail", "setup": minutes, "expect": PAGE},
    {"url": "consultation:document_diff", "setup": minutes, "expect": PAGE, "note": "one version: compared with itself"},
    {"url": "consultation:document_pdf", "setup": minutes, "expect": PAGE},
    {"url": "consultation:document_revise", "setup": minutes, "expect": MANAGE_GET},
    {"url": "consultation:document_revise", "method": "POST", "setup": minutes, "data": revised, "expect": MANAGE_POST},
    {"url": "consultation:document_circulate", "method": "POST", "setup": minutes, "data": {"review_deadline": ""}, "expect": MANAGE_POST},
    {
        "url": "consultation:document_comment",
        "method": "POST",
        "setup": in_review,
        "data": {"paragraph": "1", "body": "建议写明起算点。"},
        "expect": MANAGE_POST,
        "note": "the participating agencies' liaisons and admins (court A's admin, the office's platform admin)",
    },
    {
        "url": "consultation:document_answer",
        "method": "POST",
        "setup": with_comment,
        "data": {"status": "adopted", "response": "采纳。"},
        "expect": MANAGE_POST,
    },
    {
        "url": "consultation:document_open_signing",
        "method": "POST",
        "setup": in_review,
        "data": lambda world, kwargs: {"number": f"测甲知会〔{datetime.date.today().year}〕7号", "issued_on": ""},
        "expect": MANAGE_POST,
    },
    {"url": "consultation:document_sign", "setup": in_signing, "expect": SIGNER_ONLY, "note": "only a signatory agency's signer (role signer) signs"},
    {"url": "consultation:document_sign", "method": "POST", "setup": in_signing, "data": {"text_hash": "0" * 64, "confirm": "on"}, "expect": SIGNER_ONLY},
    {"url": "consultation:document_return", "method": "POST", "setup": in_signing, "data": {"reason": "须再议"}, "expect": MANAGE_POST},
    {"url": "api:consultation-document-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-document-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:consultation-document-detail", "setup": minutes, "expect": API_READ, "note": "system: the office's agency system, a participant"},
    {"url": "api:consultation-document-verify", "setup": minutes, "expect": API_READ},
]
