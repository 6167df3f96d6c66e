"""Access-matrix entries of proceedings (format: docs/testing.md). Every agency account sees every
proceeding (visibility network); external parties see none (pages 404, API list 403, a record
404). Acting on a proceeding takes a judge or clerk of the court that handles the case (judge_a
for court A's case), an examiner or the system of the IP office that handles the CNIPA proceeding
(examiner, system), or a platform admin; the others get 403. Filing a case takes a court's judge
or clerk (of the case number's court: judge_a and judge_b file nothing of the Beijing IP Court),
recording a CNIPA proceeding an IP office's examiner or system. The bulk exchange (push) is for
agency systems only; the pull of changes for every agency account."""

import datetime

D = datetime.date

PAGE = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
RECORD_PAGE = {"anonymous": 302, "system": 302, "external": 404, "*": 200}
COURT_A_POST = {"anonymous": 302, "system": 302, "judge_a": 302, "platform_admin": 302, "external": 404, "*": 403}
OFFICE_POST = {"anonymous": 302, "system": 302, "examiner": 302, "platform_admin": 302, "external": 404, "*": 403}
READ_API = {"anonymous": 401, "external": 404, "*": 200}
COURT_A_API = {"anonymous": 401, "judge_a": 200, "platform_admin": 200, "external": 404, "*": 403}
OFFICE_API = {"anonymous": 401, "examiner": 200, "system": 200, "platform_admin": 200, "external": 404, "*": 403}
LINK_API = {"anonymous": 401, "judge_a": 200, "judge_b": 200, "examiner": 200, "platform_admin": 200, "external": 404, "*": 403}


def _parties(world):
    from ipcollab.registry import services as register
    from ipcollab.registry.models import Party

    owner = Party.objects.filter(name="矩阵程序科技有限公司").first() or register.party_create(
        actor=world.examiner, kind="organization", name="矩阵程序科技有限公司"
    )
    rival = Party.objects.filter(name="矩阵被告有限公司").first() or register.party_create(actor=world.examiner, kind="organization", name="矩阵被告有限公司")
    return owner, rival


def _patent(world):
    from ipcollab.identifiers.patents import patent_check_character
    from ipcollab.registry import services as register
    from ipcollab.registry.models import Right

    body = "202120998877"
    number = f"{body}.{patent_check_character(body)}"
    right = Right.objects.filter(number=number).first()
    if right is None:
        owner, _rival = _parties(world)
        right = register.right_create(
            actor=world.examiner,
            kind="patent",
            number=number,
            title="一种矩阵测试装置",
            filing_date=D(2021, 2, 3),
            parties=[(owner, "applicant")],
            claim_count=10,
        )
        register.record_event(world.examiner, right, "granted", D(2021, 9, 14))
    return right


def _court_a_case(world, number="（2026）测甲民初1号"):
    """A pending civil case of court A (judge_a), written directly: court A's code is not a real
    court code, so its case numbers do not parse."""
    from ipcollab.proceedings.models import Proceeding, ProceedingParty

    owner, rival = _parties(world)
    case = Proceeding.objects.create(
        track="court",
        kind="civil",
        stage="first_instance",
        number=number,
        agency=world.court_a,
        cause="trademark_infringement",
        category="trademark",
        filed_on=D(2026, 3, 2),
        judge=world.judge_a,
        time_limit_rule="trial.time_limit.civil_first_instance",
    )
    ProceedingParty.objects.create(proceeding=case, party=owner, role="plaintiff", order=0)
    ProceedingParty.objects.create(proceeding=case, party=rival, role="defendant", order=1)
    return case


def court_case(world):
    return {"pk": _court_a_case(world).pk}


def stayed_case(world):
    from ipcollab.proceedings import services

    case = _court_a_case(world)
    services.record_stay(actor=world.judge_a, case=case, started_on=D(2026, 4, 1), reason="等待无效宣告请求审查结论")
    return {"pk": case.pk}


def closed_case(world):
    from ipcollab.proceedings import services

    case = _court_a_case(world)
    services.close_case(actor=world.judge_a, case=case, result="claims_supported", closed_on=D(2026, 6, 1))
    return {"pk": case.pk}


def _office_proceeding(world, number="4W990001"):
    from ipcollab.proceedings import services

    owner, rival = _parties(world)
    return services.record_office_proceeding(
        actor=world.examiner,
        kind="patent_invalidation",
        number=number,
        right=_patent(world),
        filed_on=D(2026, 3, 20),
        parties=[{"party": rival, "role": "requester"}, {"party": owner, "role": "owner"}],
        grounds=["专利法第22条第3款"],
        handler=world.examiner,
    )


def office_proceeding(world):
    return {"pk": _office_proceeding(world).pk}


def two_proceedings(world):
    case = _court_a_case(world)
    _office_proceeding(world)
    return {"pk": case.pk}


def suggestion(world):
    from ipcollab.proceedings.models import Link

    case = _court_a_case(world)
    other = _office_proceeding(world)
    item, _created = Link.objects.update_or_create(source=case, target=other, defaults={"kind": "same_parties", "status": "suggested", "score": 60})
    return {"pk": case.pk, "suggestion": item.pk, "decision": "accept"}


def _party_ids(world, kwargs):
    owner, rival = _parties(world)
    return owner.pk, rival.pk


def _new_case(world, kwargs):
    owner, rival = _party_ids(world, kwargs)
    return {
        "number": "（2026）京73民初8801号",
        "cause": "trademark_infringement",
        "filed_on": "2026-03-02",
        "parties": [{"party": owner, "role": "plaintiff"}, {"party": rival, "role": "defendant"}],
    }


def _new_office(world, kwargs):
    owner, rival = _party_ids(world, kwargs)
    return {
        "kind": "patent_invalidation",
        "number": "4W990002",
        "right_number": _patent(world).number,
        "claims": [1, 2],
        "filed_on": "2026-03-20",
        "parties": [{"party": rival, "role": "requester"}, {"party": owner, "role": "owner"}],
        "grounds": ["专利法第22条第3款"],
    }


def patent_only(world):
    _patent(world)
    return {}


def _serve(world, kwargs):
    _owner, rival = _party_ids(world, kwargs)
    return {"party": rival, "method": "direct", "served_on": "2026-06-02"}


def _assign(world, kwargs):
    return {"role": "clerk", "user": world.clerk_a.pk, "reason": "立案后分配书记员"}


def _link(world, kwargs):
    from ipcollab.proceedings.models import Proceeding

    return {"other": Proceeding.objects.get(number="4W990001").pk, "reason": "同一商标的侵权诉讼与无效宣告"}


def _stay_form(world, kwargs):
    return {"started_on": "2026-04-01", "reason": "等待无效宣告请求审查结论"}


def _push(world, kwargs):
    return {
        "records": [
            {
                "type": "office",
                "source_id": "M-1",
                "source_version": 1,
                "kind": "patent_invalidation",
                "number": "4W990003",
                "filed_on": "2026-03-20",
                "rights": [{"kind": "patent", "number": _patent(world).number, "claims": [1]}],
                "parties": [{"name": "矩阵请求人有限公司", "role": "requester"}],
                "grounds": ["专利法第22条第3款"],
            }
        ]
    }


ENTRIES = [
    # --- pages ---
    {"url": "proceedings:list", "expect": PAGE},
    {"url": "proceedings:list", "label": "filtered", "query": {"track": "court", "status": "pending"}, "expect": PAGE},
    {
        "url": "proceedings:case_new",
        "note": "judges and clerks of a court, platform admins",
        "expect": {"anonymous": 302, "system": 302, "judge_a": 200, "judge_b": 200, "platform_admin": 200, "*": 403},
    },
    {
        "url": "proceedings:office_new",
        "note": "examiners and case handlers of an IP office, platform admins",
        "expect": {"anonymous": 302, "system": 302, "examiner": 200, "platform_admin": 200, "*": 403},
    },
    {"url": "proceedings:priority_queue", "expect": {"anonymous": 302, "system": 302, "examiner": 200, "platform_admin": 200, "*": 403}},
    {
        "url": "proceedings:reports",
        "note": "CNIPA's desk of evaluation reports",
        "expect": {"anonymous": 302, "system": 302, "examiner": 200, "platform_admin": 200, "*": 403},
    },
    {"url": "proceedings:detail", "setup": court_case, "expect": RECORD_PAGE},
    {"url": "proceedings:detail", "label": "CNIPA proceeding", "setup": office_proceeding, "expect": RECORD_PAGE},
    {
        "url": "proceedings:action",
        "label": "stay",
        "method": "POST",
        "setup": lambda w: {**court_case(w), "action": "stay"},
        "data": _stay_form,
        "expect": COURT_A_POST,
    },
    {
        "url": "proceedings:action",
        "label": "decide",
        "method": "POST",
        "setup": lambda w: {**office_proceeding(w), "action": "decide"},
        "data": {"result": "all_invalid", "decided_on": "2026-06-01", "decision_number": "第990001号"},
        "expect": OFFICE_POST,
    },
    {"url": "proceedings:export", "setup": lambda w: _court_a_case(w) and {}, "query": {"format": "csv", "track": "court"}, "expect": PAGE},
    {"url": "proceedings:export", "label": "xlsx", "query": {"format": "xlsx"}, "expect": PAGE},
    {
        "url": "proceedings:export",
        "label": "bad filter",
        "query": {"format": "pdf"},
        "note": "the list page with the error",
        "expect": {"anonymous": 302, "system": 302, "external": 404, "*": 400},
    },
    # --- API ---
    {"url": "api:proceeding-list", "setup": lambda w: _court_a_case(w) and {}, "expect": {"anonymous": 401, "external": 403, "*": 200}},
    {
        "url": "api:proceeding-list",
        "method": "POST",
        "data": _new_case,
        "note": "a case of the Beijing IP Court: no persona's court but the platform admin's reach",
        "expect": {"anonymous": 401, "platform_admin": 201, "*": 403},
    },
    {
        "url": "api:proceeding-office",
        "method": "POST",
        "setup": patent_only,
        "data": _new_office,
        "expect": {"anonymous": 401, "examiner": 201, "system": 201, "platform_admin": 201, "*": 403},
    },
    {"url": "api:proceeding-detail", "setup": court_case, "expect": READ_API},
    {
        "url": "api:proceeding-decide",
        "method": "POST",
        "setup": office_proceeding,
        "data": {"result": "all_invalid", "decided_on": "2026-06-01", "decision_number": "第990001号"},
        "expect": OFFICE_API,
    },
    {
        "url": "api:proceeding-close",
        "method": "POST",
        "setup": court_case,
        "data": {"result": "claims_supported", "closed_on": "2026-06-01"},
        "expect": COURT_A_API,
    },
    {"url": "api:proceeding-stay", "method": "POST", "setup": court_case, "data": _stay_form, "expect": COURT_A_API},
    {"url": "api:proceeding-lift", "method": "POST", "setup": stayed_case, "data": {"ended_on": "2026-05-01"}, "expect": COURT_A_API},
    {"url": "api:proceeding-serve", "method": "POST", "setup": closed_case, "data": _serve, "expect": COURT_A_API},
    {"url": "api:proceeding-assign", "method": "POST", "setup": court_case, "data": _assign, "expect": COURT_A_API},
    {"url": "api:proceeding-link", "method": "POST", "setup": two_proceedings, "data": _link, "expect": LINK_API},
    {"url": "api:proceeding-suggestion", "method": "POST", "setup": suggestion, "expect": LINK_API},
    {
        "url": "api:proceeding-push",
        "method": "POST",
        "setup": patent_only,
        "data": _push,
        "note": "agency systems only (the IP office's system pushes a CNIPA proceeding)",
        "expect": {"anonymous": 401, "system": 200, "*": 403},
    },
    {"url": "api:proceeding-changes", "query": {"after": 0}, "expect": {"anonymous": 401, "external": 403, "*": 200}},
]
