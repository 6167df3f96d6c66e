"""Access-matrix entries of administrative adjudication (format: docs/testing.md). The IP office
(the `examiner` persona, and its `system`) sees and handles its own adjudications; a court sees an
adjudication only once the office applied to it for enforcement (judge_a, and court A's admin, who
may read but not rule); other courts, external parties: 404. Room pages: see orgs."""

import datetime

D = datetime.date


def _patent(world):
    from ipcollab.registry import services as register

    owner = register.party_create(actor=world.examiner, kind="organization", name="矩阵裁决专利权人有限公司")
    rival = register.party_create(actor=world.examiner, kind="organization", name="矩阵裁决被请求人有限公司")
    right = register.right_create(
        actor=world.examiner,
        kind="patent",
        number="202120345678.9",
        title="一种矩阵测试装置",
        filing_date=D(2021, 2, 3),
        parties=[(owner, "applicant")],
        claim_count=5,
    )
    register.record_event(world.examiner, right, "granted", D(2021, 9, 14))
    return right, owner, rival


def _record(world, **extra):
    from ipcollab.adjudication.models import Adjudication, AdjudicationParty

    right, owner, rival = _patent(world)
    a = Adjudication.objects.create(
        number="测知执字〔2026〕1号",
        office=world.office,
        region_id="110000",
        right=right,
        claims=[1],
        title="矩阵测试专利侵权纠纷",
        facts="请求责令停止侵权。",
        received_on=D(2026, 1, 5),
        accept_due=D(2026, 1, 12),
        **extra,
    )
    AdjudicationParty.objects.create(adjudication=a, party=owner, side="requester")
    AdjudicationParty.objects.create(adjudication=a, party=rival, side="respondent")
    return a


def office_record(world):
    return {"pk": _record(world).pk}


def office_record_refuse(world):
    return {"pk": _record(world).pk, "action": "refuse"}


def _applied(world):
    from ipcollab.adjudication.models import EnforcementApplication

    a = _record(
        world,
        stage="enforcement",
        accepted_on=D(2026, 1, 6),
        decision="infringement",
        decided_on=D(2026, 2, 2),
        decision_number="测知执字〔2026〕1号决定",
        window_ends_on=D(2026, 3, 3),
        apply_by=D(2026, 6, 3),
        complied=False,
        demand_served_on=D(2026, 3, 5),
        demand_ends_on=D(2026, 3, 19),
    )
    app = EnforcementApplication.objects.create(
        adjudication=a,
        court=world.court_a,
        applied_on=D(2026, 3, 20),
        apply_by=D(2026, 6, 3),
        accept_due=D(2026, 3, 27),
        status="accepted",
        case_number="（2026）测甲行审1号",
        accepted_on=D(2026, 3, 23),
        rule_due=D(2026, 4, 1),
    )
    return a, app


def applied_record(world):
    return {"pk": _applied(world)[0].pk}


def applied_record_rule(world):
    return {"pk": _applied(world)[0].pk, "action": "court_rule"}


def competent_test_office(world):
    """The test office made competent for 北京市海淀区 (a row of the jurisdiction table) and a patent."""
    from ipcollab.orgs.models import Region
    from ipcollab.rulebook.models import AdjudicationJurisdiction

    city = Region.objects.get_or_create(code="110100", defaults={"name": "市辖区", "level": 2, "parent_id": "110000"})[0]
    Region.objects.get_or_create(code="110108", defaults={"name": "海淀区", "level": 3, "parent": city})
    AdjudicationJurisdiction.objects.create(
        scope="ordinary", region_id="110108", office=world.office, rule_code="adjudication.patent_dispute.local", effective_from=D(2009, 10, 1)
    )
    _patent(world)
    return {}


def _create_json(world, kwargs):
    from ipcollab.registry.models import Party, Right

    right = Right.objects.get(number="202120345678.9")
    return {
        "right": right.pk,
        "requester": Party.objects.get(name="矩阵裁决专利权人有限公司").pk,
        "respondents": [Party.objects.get(name="矩阵裁决被请求人有限公司").pk],
        "region": "110108",
        "claims": [1, 2],
        "facts": "被请求人销售的装置落入权利要求1、2的保护范围。",
        "received_on": "2026-01-05",
        "source_system": "matrix",
        "source_id": "M-1",
    }


REFUSE_FORM = {"refused_on": "2026-01-07", "reason": "请求不符合受理条件。"}
RULE_FORM = {"ruling": "enforce", "ruled_on": "2026-03-30", "reasons": "准予强制执行。"}
PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
OFFICE_DETAIL = {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 404}
APPLIED_DETAIL = {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "judge_a": 200, "admin_a": 200, "*": 404}

ENTRIES = [
    {"url": "adjudication:list", "expect": PAGE},
    {"url": "adjudication:figures", "expect": PAGE},
    {"url": "adjudication:new", "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 403}},
    {
        "url": "adjudication:new",
        "method": "POST",
        "data": {"right": "", "received_on": "not a date"},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 403},
        "note": "invalid form: the page again with its errors",
    },
    {"url": "adjudication:detail", "label": "office's own record", "setup": office_record, "expect": OFFICE_DETAIL},
    {"url": "adjudication:detail", "label": "applied to court A", "setup": applied_record, "expect": APPLIED_DETAIL},
    {
        "url": "adjudication:action",
        "method": "POST",
        "label": "office refuses",
        "setup": office_record_refuse,
        "data": REFUSE_FORM,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "examiner": 302, "*": 404},
    },
    {
        "url": "adjudication:action",
        "method": "POST",
        "label": "court rules",
        "setup": applied_record_rule,
        "data": RULE_FORM,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "judge_a": 302, "admin_a": 403, "examiner": 403, "*": 404},
    },
    {"url": "api:adjudication-list", "expect": {"anonymous": 401, "*": 200}},
    {
        "url": "api:adjudication-list",
        "method": "POST",
        "setup": competent_test_office,
        "data": _create_json,
        "expect": {"anonymous": 401, "system": 201, "examiner": 201, "platform_admin": 201, "*": 403},
    },
    {
        "url": "api:adjudication-detail",
        "label": "office's own record",
        "setup": office_record,
        "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "examiner": 200, "*": 404},
    },
    {
        "url": "api:adjudication-detail",
        "label": "applied to court A",
        "setup": applied_record,
        "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "examiner": 200, "judge_a": 200, "admin_a": 200, "*": 404},
    },
    {
        "url": "api:adjudication-act",
        "method": "POST",
        "label": "office refuses",
        "setup": office_record,
        "data": {"action": "refuse", **REFUSE_FORM},
        "expect": {"anonymous": 401, "system": 200, "platform_admin": 200, "examiner": 200, "*": 404},
    },
    {
        "url": "api:adjudication-act",
        "method": "POST",
        "label": "court rules",
        "setup": applied_record,
        "data": {"action": "court_rule", **RULE_FORM},
        "expect": {"anonymous": 401, "system": 403, "platform_admin": 200, "judge_a": 200, "admin_a": 403, "examiner": 403, "*": 404},
    },
]
