"""Access-matrix entries of the consultation meetings pages and API (format: docs/testing.md).

Court A organises a meeting with the IP office as participant: court A's and the office's staff
see it (200), court B's staff get 404, external users 403 on pages, anonymous visitors and token
callers on pages a redirect to the login page. Organising belongs to liaisons and agency admins
(admin_a; the platform admin); a participant without that role gets 403 on the actions."""

import datetime

STAFF_PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
MEETING_PAGE = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "*": 200}
ORGANISER_POST = {"anonymous": 302, "system": 302, "external": 403, "judge_b": 404, "platform_admin": 302, "admin_a": 302, "*": 403}
API_READ = {"anonymous": 401, "external": 404, "judge_b": 404, "*": 200}
API_PROPOSE = {"anonymous": 401, "external": 404, "judge_b": 404, "platform_admin": 201, "admin_a": 201, "system": 201, "*": 403}


def meeting_of_court_a(world):
    from django.utils import timezone

    from ipcollab.consultation import services

    m = services.schedule_meeting(
        actor=world.admin_a,
        title="矩阵测试会商",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="甲高院会议室",
        participants=[{"agency": world.office, "role": "participant"}],
        attendees=[{"agency": world.court_a, "user": world.judge_a}],
    )
    return {"pk": m.pk}


def meeting_action(action):
    def setup(world):
        return {**meeting_of_court_a(world), "action": action}

    return setup


def material_of_meeting(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ipcollab.consultation import services
    from ipcollab.consultation.models import Meeting

    kwargs = meeting_of_court_a(world)
    meeting = Meeting.objects.get(pk=kwargs["pk"])
    material = services.add_material(actor=world.admin_a, meeting=meeting, title="矩阵材料", upload=SimpleUploadedFile("m.pdf", b"%PDF-1.7\n%%EOF\n"))
    return {"pk": meeting.pk, "material": material.pk}


ENTRIES = [
    {"url": "consultation:meetings", "expect": STAFF_PAGE},
    {
        "url": "consultation:meeting_new",
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403},
        "note": "liaisons and agency admins organise; the platform admin for its own agency",
    },
    {
        "url": "consultation:meeting_new",
        "method": "POST",
        "data": {"title": ""},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 400, "admin_a": 400, "*": 403},
        "note": "an empty form: 400 with the errors, nothing written",
    },
    {"url": "consultation:meeting_detail", "label": "court A's meeting with the office", "setup": meeting_of_court_a, "expect": MEETING_PAGE},
    {
        "url": "consultation:meeting_action",
        "label": "propose an agenda item",
        "method": "POST",
        "setup": meeting_action("propose"),
        "data": {"topic": "矩阵议题"},
        "expect": ORGANISER_POST,
        "note": "admin_a (organiser) and the platform admin (staff of the participating office) propose; judge_a and the examiner lack the role",
    },
    {
        "url": "consultation:meeting_action",
        "label": "cancel the meeting",
        "method": "POST",
        "setup": meeting_action("cancel"),
        "data": {"reason": "矩阵取消"},
        "expect": ORGANISER_POST,
    },
    {
        "url": "consultation:meeting_material",
        "label": "a material of court A's meeting",
        "setup": material_of_meeting,
        "expect": MEETING_PAGE,
    },
    {"url": "api:consultation-meeting-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:consultation-meeting-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:consultation-meeting-detail", "setup": meeting_of_court_a, "expect": API_READ, "note": "system: the office's agency system, a participant"},
    {
        "url": "api:consultation-meeting-agenda-items",
        "method": "POST",
        "setup": meeting_of_court_a,
        "data": {"topic": "矩阵议题", "trend": {"title": "t", "labels": ["2026-01"], "series": [{"name": "s", "values": [1]}]}},
        "expect": API_PROPOSE,
        "note": "the organiser's admin, the platform admin and the office's agency system propose; staff without the liaison role 403",
    },
    {
        "url": "api:consultation-meeting-agenda-items",
        "label": "a malformed trend",
        "method": "POST",
        "setup": meeting_of_court_a,
        "data": {"topic": "矩阵议题", "trend": {"title": "t", "labels": ["a", "b"], "series": [{"name": "s", "values": [1]}]}},
        "expect": {**API_PROPOSE, "platform_admin": 400, "admin_a": 400, "system": 400},
    },
]
