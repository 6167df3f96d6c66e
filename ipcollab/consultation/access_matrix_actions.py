"""Access-matrix entries of the action items pages and API (format: docs/testing.md).

The records: a meeting organised by court A with the IP office taking part, held on 2026-03-10;
its minutes, drafted by court A, signed by both; consensus item 1 for which the IP office is
responsible; an action item owned by the office's examiner. Seen by the staff of court A and of
the office and by platform admins; court B's judge: 404. Progress and completion: the owner, the
office's managers (platform admins) and the office's agency system (API); reassign: the office's
managers; extend and cancel: the managers of the office or of court A (the drafting agency).
`signed_consensus_item` and `action_item` are also the tests' setup."""

import datetime

D = datetime.date
HELD_ON = D(2026, 3, 10)
DUE_ON = D(2026, 12, 31)

PAGE_ALL_STAFF = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
PAGE_IN_REACH = {"anonymous": 302, "system": 302, "judge_b": 404, "external": 404, "*": 200}
REPORT_POST = {"anonymous": 302, "system": 302, "examiner": 302, "platform_admin": 302, "admin_a": 403, "judge_a": 403, "*": 404}
REASSIGN_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "examiner": 403, "admin_a": 403, "judge_a": 403, "*": 404}
STEER_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "examiner": 403, "judge_a": 403, "*": 404}
API_RECORD = {"anonymous": 401, "judge_b": 404, "external": 404, "*": 200}


def signed_consensus_item(world, responsible=None, held_on=HELD_ON, status="signed", number="测纪要〔2026〕第1期"):
    """A held meeting (court A organising, the office taking part), its signed minutes and consensus item 1."""
    from django.utils import timezone

    from .models import ConsensusDocument, ConsensusItem, Meeting, Participant, Signatory, Version

    meeting = Meeting.objects.create(
        title="测试甲高院与测试局例行会商",
        organiser=world.court_a,
        starts_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(9, 30))),
        place="第一会议室",
        status="held",
        held_on=held_on,
    )
    Participant.objects.create(meeting=meeting, agency=world.court_a, role="organiser", signs=True)
    Participant.objects.create(meeting=meeting, agency=world.office, role="participant", signs=True)
    signed = status == "signed"
    document = ConsensusDocument.objects.create(
        kind="minutes",
        meeting=meeting,
        title="例行会商会议纪要",
        number=number,
        drafting_agency=world.court_a,
        status=status,
        issued_on=held_on + datetime.timedelta(days=2) if signed else None,
        locked_at=timezone.now() if signed else None,
        published_at=timezone.now() if signed else None,
    )
    Version.objects.create(document=document, number=1, text="一、建立专利无效宣告案件信息共享机制。", sha256="0" * 64)
    Signatory.objects.create(document=document, agency=world.court_a, position=0)
    Signatory.objects.create(document=document, agency=world.office, position=1)
    return ConsensusItem.objects.create(
        document=document, position=1, text="建立专利无效宣告案件信息共享机制。\n每月通报一次。", responsible_agency=responsible or world.office
    )


def action_item(world, owner=None, due_on=DUE_ON, **kwargs):
    from .models import ActionItem

    ci = signed_consensus_item(world, **kwargs)
    return ActionItem.objects.create(
        consensus_item=ci,
        document=ci.document,
        meeting=ci.document.meeting,
        agency=ci.responsible_agency,
        owner=owner or world.examiner,
        title="建立信息共享机制",
        due_on=due_on,
    )


def _consensus_item(world):
    return {"pk": signed_consensus_item(world).pk}


def _item(world):
    return {"pk": action_item(world).pk}


def _item_no_kwargs(world):
    action_item(world)
    return {}


def _meeting(world):
    return {"pk": action_item(world).meeting_id}


def _evidence(world):
    from django.core.files.base import ContentFile

    from .models import ActionUpdate

    item = action_item(world)
    update = ActionUpdate(item=item, note="材料", progress=50, status="in_progress", evidence_name="evidence.pdf", evidence_content_type="application/pdf")
    update.evidence_sha256 = "0" * 64
    update.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    update.save()
    return {"pk": update.pk}


ENTRIES = [
    {"url": "consultation:actions", "expect": PAGE_ALL_STAFF},
    {
        "url": "consultation:actions",
        "label": "filtered",
        "setup": _item_no_kwargs,
        "query": {"status": "active", "overdue": "1", "agency": "x"},
        "expect": PAGE_ALL_STAFF,
    },
    {"url": "consultation:actions_meeting", "setup": _meeting, "expect": PAGE_IN_REACH},
    {
        "url": "consultation:action_new",
        "setup": _consensus_item,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "examiner": 403, "*": 404},
        "note": "the managers of the responsible agency (the office) or of the drafting agency (court A)",
    },
    {
        "url": "consultation:action_new",
        "method": "POST",
        "setup": _consensus_item,
        "data": lambda world, kwargs: {"owner": world.examiner.pk, "due_on": "2026-12-31", "title": "矩阵事项"},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 403, "examiner": 403, "*": 404},
    },
    {"url": "consultation:action_detail", "setup": _item, "expect": PAGE_IN_REACH},
    {
        "url": "consultation:action_progress",
        "method": "POST",
        "setup": _item,
        "data": {"note": "推进中", "progress": "40", "status": "in_progress"},
        "expect": REPORT_POST,
    },
    {"url": "consultation:action_complete", "method": "POST", "setup": _item, "data": {"note": "已完成"}, "expect": REPORT_POST},
    {
        "url": "consultation:action_reassign",
        "method": "POST",
        "setup": _item,
        "data": lambda world, kwargs: {"owner": world.handler.pk},
        "expect": REASSIGN_POST,
    },
    {"url": "consultation:action_extend", "method": "POST", "setup": _item, "data": {"due_on": "2027-01-31", "reason": "需协调"}, "expect": STEER_POST},
    {"url": "consultation:action_cancel", "method": "POST", "setup": _item, "data": {"reason": "已由其他事项涵盖"}, "expect": STEER_POST},
    {"url": "consultation:action_evidence", "setup": _evidence, "expect": PAGE_IN_REACH},
    # the API
    {"url": "api:consultation-action-item-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-action-item-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:consultation-action-item-detail", "setup": _item, "expect": API_RECORD, "note": "the office's agency system: its agency is responsible"},
    {
        "url": "api:consultation-action-item-progress",
        "method": "POST",
        "setup": _item,
        "data": {"note": "推进中", "progress": 40},
        "expect": {"anonymous": 401, "examiner": 201, "platform_admin": 201, "system": 201, "admin_a": 403, "judge_a": 403, "*": 404},
    },
]
