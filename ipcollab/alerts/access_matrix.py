"""Access-matrix entries of alerts (format: docs/testing.md). Follows and saved searches belong
to one user: judge_a's are seen and changed by judge_a alone (everyone else: 404). A follow needs
the followed record in reach: court A's proceeding (network) is followed by agency staff and
systems, not by an external party (404). Pages redirect anonymous visitors and tokens to the
login page; the API answers 401 without credentials."""

import datetime

PAGE = {"anonymous": 302, "system": 302, "*": 200}
OWN_PAGE = {"anonymous": 302, "system": 302, "judge_a": 200, "*": 404}
OWN_POST = {"anonymous": 302, "system": 302, "judge_a": 302, "*": 404}
API = {"anonymous": 401, "*": 200}
OWN_API = {"anonymous": 401, "judge_a": 200, "*": 404}


def _proceeding(world, number="（2026）测甲民初901号"):
    from ipcollab.proceedings.models import Proceeding

    return Proceeding.objects.create(
        track="court", kind="civil", stage="first_instance", number=number, agency=world.court_a, filed_on=datetime.date(2026, 3, 2), visibility="network"
    )


def proceeding_only(world):
    _proceeding(world)
    return {}


def follow_of_judge_a(world):
    from ipcollab.alerts import services

    f = services.follow(actor=world.judge_a, proceeding=_proceeding(world), events=["decision"], note="矩阵")
    return {"pk": f.pk}


def watch_of_judge_a(world):
    from ipcollab.alerts import services

    w = services.watch_create(actor=world.judge_a, data={"name": "矩阵订阅", "kind": "civil"})
    return {"pk": w.pk}


def _follow_form(world, kwargs):
    from ipcollab.proceedings.models import Proceeding

    return {"proceeding": Proceeding.objects.get(number="（2026）测甲民初901号").pk}


_follow_json = _follow_form

ENTRIES = [
    # --- pages ---
    {"url": "alerts:follows", "expect": PAGE},
    {"url": "alerts:follows", "label": "with a follow", "setup": lambda w: follow_of_judge_a(w) and {}, "expect": PAGE},
    {
        "url": "alerts:follow_create",
        "method": "POST",
        "setup": proceeding_only,
        "data": _follow_form,
        "note": "the follow button: a redirect back; a proceeding out of the external party's reach is a 404",
        "expect": {"anonymous": 302, "external": 404, "*": 302},
    },
    {"url": "alerts:follow_edit", "setup": follow_of_judge_a, "expect": OWN_PAGE},
    {"url": "alerts:follow_edit", "method": "POST", "setup": follow_of_judge_a, "data": {"events": ["decision", "stay"], "note": "改"}, "expect": OWN_POST},
    {"url": "alerts:follow_delete", "method": "POST", "setup": follow_of_judge_a, "expect": OWN_POST},
    {"url": "alerts:watches", "expect": PAGE},
    {"url": "alerts:watch_create", "expect": PAGE},
    {
        "url": "alerts:watch_create",
        "method": "POST",
        "data": {"name": "新民事案件", "kind": "civil"},
        "expect": {"*": 302},
    },
    {
        "url": "alerts:watch_create",
        "method": "POST",
        "label": "empty search",
        "data": {"name": "空"},
        "expect": {"anonymous": 302, "system": 302, "*": 400},
    },
    {"url": "alerts:watch_detail", "setup": watch_of_judge_a, "expect": OWN_PAGE},
    {"url": "alerts:watch_edit", "setup": watch_of_judge_a, "expect": OWN_PAGE},
    {"url": "alerts:watch_edit", "method": "POST", "setup": watch_of_judge_a, "data": {"name": "改名", "kind": "administrative"}, "expect": OWN_POST},
    {"url": "alerts:watch_delete", "method": "POST", "setup": watch_of_judge_a, "expect": OWN_POST},
    # --- API ---
    {"url": "api:follow-list", "expect": API},
    {
        "url": "api:follow-list",
        "method": "POST",
        "setup": proceeding_only,
        "data": _follow_json,
        "expect": {"anonymous": 401, "external": 404, "*": 201},
    },
    {"url": "api:follow-detail", "setup": follow_of_judge_a, "expect": OWN_API},
    {"url": "api:follow-detail", "method": "PATCH", "setup": follow_of_judge_a, "data": {"note": "改"}, "expect": OWN_API},
    {"url": "api:follow-detail", "method": "DELETE", "setup": follow_of_judge_a, "expect": {"anonymous": 401, "judge_a": 204, "*": 404}},
    {"url": "api:watch-list", "expect": API},
    {"url": "api:watch-list", "method": "POST", "data": {"name": "新民事案件", "kind": "civil"}, "expect": {"anonymous": 401, "*": 201}},
    {"url": "api:watch-detail", "setup": watch_of_judge_a, "expect": OWN_API},
    {"url": "api:watch-detail", "method": "PATCH", "setup": watch_of_judge_a, "data": {"status": "pending"}, "expect": OWN_API},
    {"url": "api:watch-detail", "method": "DELETE", "setup": watch_of_judge_a, "expect": {"anonymous": 401, "judge_a": 204, "*": 404}},
    {"url": "api:watch-matches", "setup": watch_of_judge_a, "expect": OWN_API},
]
