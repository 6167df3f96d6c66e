"""Access-matrix entries of orgs (agency directory, liaison directory, their API).
Format: docs/testing.md; run by tests/access/.

The world's court A holds three liaison designations made in `setup`: a network primary, a
private deputy, and a parties-only line toward court B."""

import datetime

SIGNED_IN = {"anonymous": 302, "system": 302, "*": 200}
# HTML pages that only some people may use: the rest of the signed-in get 403
PLATFORM_ADMIN_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 403}
COURT_A_MANAGERS_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403}
API_SIGNED_IN = {"anonymous": 401, "*": 200}


def _designations(world):
    from ipcollab.core.models import Visibility
    from ipcollab.orgs import services

    def make(person, **kw):
        return services.liaison_designate(
            actor=world.platform_admin,
            agency=world.court_a,
            person=person,
            phone="010-85120000",
            email=f"{person.username}@example.cn",
            valid_from=datetime.date(2026, 1, 5),
            **kw,
        )

    return {
        "network": make(world.liaison_a, mobile="13812345678"),
        "private": make(world.clerk_a, role="deputy", visibility=Visibility.PRIVATE),
        "parties": make(world.judge_a, counterpart=world.court_b, visibility=Visibility.PARTIES),
    }


def court_a(world):
    return {"pk": world.court_a.pk}


def inactive_court_b(world):
    from ipcollab.orgs.models import Agency

    Agency.objects.filter(pk=world.court_b.pk).update(is_active=False)
    return {"pk": world.court_b.pk}


def court_a_division(world):
    from ipcollab.orgs.models import Division

    division = Division.objects.create(agency=world.court_a, name="研究室")
    return {"pk": world.court_a.pk, "division_pk": division.pk}


def network_liaison(world):
    return {"pk": _designations(world)["network"].pk}


def some_liaisons(world):
    _designations(world)
    return {}


def private_liaison(world):
    return {"pk": _designations(world)["private"].pk}


def parties_liaison(world):
    return {"pk": _designations(world)["parties"].pk}


def new_liaison_body(world, kwargs):
    return {"agency": world.court_a.pk, "person": world.liaison_a.pk, "phone": "010-85120000", "email": "liaison@example.cn"}


ENTRIES = [
    # --- agency directory (HTML) ---
    {"url": "orgs:agency_list", "expect": SIGNED_IN},
    {"url": "orgs:agency_list", "label": "bad filter", "query": {"region": "abc", "kind": "nonsense"}, "expect": SIGNED_IN},
    {"url": "orgs:agency_list", "method": "POST", "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "orgs:agency_detail", "setup": court_a, "expect": SIGNED_IN},
    {
        "url": "orgs:agency_detail",
        "label": "inactive agency",
        "setup": inactive_court_b,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 404},
    },
    {"url": "orgs:agency_detail", "label": "no such agency", "kwargs": {"pk": 999999999}, "expect": {"anonymous": 302, "system": 302, "*": 404}},
    {"url": "orgs:agency_create", "expect": PLATFORM_ADMIN_PAGE},
    {"url": "orgs:agency_create", "method": "POST", "label": "empty form", "expect": {**PLATFORM_ADMIN_PAGE, "platform_admin": 400}},
    {"url": "orgs:agency_edit", "setup": court_a, "expect": PLATFORM_ADMIN_PAGE},
    {"url": "orgs:agency_edit", "method": "POST", "label": "empty form", "setup": court_a, "expect": {**PLATFORM_ADMIN_PAGE, "platform_admin": 400}},
    {"url": "orgs:division_create", "setup": court_a, "expect": COURT_A_MANAGERS_PAGE},
    {
        "url": "orgs:division_create",
        "method": "POST",
        "label": "valid",
        "setup": court_a,
        "data": {"name": "立案庭"},
        "expect": {**COURT_A_MANAGERS_PAGE, "platform_admin": 302, "admin_a": 302},
    },
    {"url": "orgs:division_edit", "setup": court_a_division, "expect": COURT_A_MANAGERS_PAGE},
    # --- liaison directory (HTML) ---
    {"url": "orgs:liaison_directory", "setup": some_liaisons, "expect": SIGNED_IN},
    {"url": "orgs:liaison_create", "setup": court_a, "expect": COURT_A_MANAGERS_PAGE},
    {
        "url": "orgs:liaison_create",
        "method": "POST",
        "label": "empty form",
        "setup": court_a,
        "expect": {**COURT_A_MANAGERS_PAGE, "platform_admin": 400, "admin_a": 400},
    },
    {"url": "orgs:liaison_detail", "label": "network", "setup": network_liaison, "expect": {**SIGNED_IN, "external": 404}},
    {
        "url": "orgs:liaison_detail",
        "label": "private",
        "setup": private_liaison,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404},
    },
    {
        "url": "orgs:liaison_detail",
        "label": "parties toward court B",
        "setup": parties_liaison,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "judge_b": 200, "*": 404},
    },
    {"url": "orgs:liaison_edit", "label": "network", "setup": network_liaison, "expect": {**COURT_A_MANAGERS_PAGE, "external": 404}},
    {
        "url": "orgs:liaison_edit",
        "label": "private",
        "setup": private_liaison,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "*": 404},
    },
    {
        "url": "orgs:liaison_edit",
        "method": "POST",
        "label": "network, empty form",
        "setup": network_liaison,
        "expect": {**COURT_A_MANAGERS_PAGE, "platform_admin": 400, "admin_a": 400, "external": 404},
    },
    {"url": "orgs:liaison_end", "label": "network", "setup": network_liaison, "expect": {**COURT_A_MANAGERS_PAGE, "external": 404}},
    {
        "url": "orgs:liaison_end",
        "method": "POST",
        "label": "network, valid",
        "setup": network_liaison,
        "data": {"reason": "调岗"},
        "expect": {**COURT_A_MANAGERS_PAGE, "platform_admin": 302, "admin_a": 302, "external": 404},
    },
    # --- API ---
    {"url": "api:region-list", "expect": API_SIGNED_IN},
    {"url": "api:agency-list", "expect": API_SIGNED_IN},
    {
        "url": "api:agency-list",
        "method": "POST",
        "data": {"code": "t-new-office", "name": "测试新知识产权局", "kind": "ip_office", "level": "municipal", "region": "110108"},
        "expect": {"anonymous": 401, "platform_admin": 201, "*": 403},
    },
    {"url": "api:agency-detail", "setup": court_a, "expect": API_SIGNED_IN},
    {"url": "api:agency-detail", "label": "inactive agency", "setup": inactive_court_b, "expect": {"anonymous": 401, "platform_admin": 200, "*": 404}},
    {
        "url": "api:agency-detail",
        "method": "PATCH",
        "setup": court_a,
        "data": {"short_name": "甲院"},
        "expect": {"anonymous": 401, "platform_admin": 200, "*": 403},
    },
    {"url": "api:liaison-list", "setup": some_liaisons, "expect": API_SIGNED_IN},
    {
        "url": "api:liaison-list",
        "method": "POST",
        "data": new_liaison_body,
        "expect": {"anonymous": 401, "platform_admin": 201, "admin_a": 201, "*": 403},
    },
    {"url": "api:liaison-detail", "label": "network", "setup": network_liaison, "expect": {**API_SIGNED_IN, "external": 404}},
    {
        "url": "api:liaison-detail",
        "label": "private",
        "setup": private_liaison,
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404},
    },
    {
        "url": "api:liaison-detail",
        "label": "parties toward court B",
        "setup": parties_liaison,
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "judge_b": 200, "*": 404},
    },
    {
        "url": "api:liaison-detail",
        "method": "PATCH",
        "label": "private",
        "setup": private_liaison,
        "data": {"office_hours": "工作日全天"},
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "*": 404},
    },
    {
        "url": "api:liaison-end",
        "method": "POST",
        "label": "network",
        "setup": network_liaison,
        "data": {"reason": "调岗"},
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "external": 404, "*": 403},
    },
]

# --- hearing rooms (issue 7): every agency account sees the rooms; booking a room shared with
# courts: the hosting agency, its IP office, courts' judges and clerks (judge_a, judge_b).


def shared_room(world):
    from ipcollab.orgs.models import Agency, HearingRoom

    centre = Agency.objects.create(
        code="t-centre", name="测试知识产权保护中心", kind="protection_centre", level="provincial", region=world.office.region, parent=world.office
    )
    return {"pk": HearingRoom.objects.create(agency=centre, name="第一审理庭", shared_with_courts=True).pk}


ROOM_BOOKING = {"starts_at": "2026-03-02T09:00", "ends_at": "2026-03-02T11:00", "purpose": "口头审理"}

ENTRIES += [
    {"url": "orgs:room_list", "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 200}},
    {"url": "orgs:room_detail", "setup": shared_room, "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 200}},
    {
        "url": "orgs:room_detail",
        "method": "POST",
        "setup": shared_room,
        "data": ROOM_BOOKING,
        "expect": {"anonymous": 302, "system": 302, "external": 403, "admin_a": 403, "*": 302},
        "note": "the office hosting the centre (examiner, platform admin) and courts' judges book; a court's admin does not",
    },
]
