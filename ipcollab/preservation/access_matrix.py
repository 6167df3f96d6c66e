"""Access-matrix entries of the freeze register (format: docs/testing.md). A freeze order is
confidential: court A's order is seen by court A's judges and clerks (judge_a), its assigned
CNIPA handler and platform admins; court A's agency admin, court B, the examiner, the IP office's
system and external parties get 404. Court pages need the `preservation.order` permission (court
judges and clerks), CNIPA's desk the `preservation.handle` one."""

import datetime

PAGE_COURT = {"anonymous": 302, "system": 302, "external": 403, "judge_a": 200, "judge_b": 200, "platform_admin": 200, "*": 403}
ORDER_PAGE = {"anonymous": 302, "system": 302, "external": 403, "judge_a": 200, "platform_admin": 200, "*": 404}
ORDER_API = {"anonymous": 401, "external": 403, "judge_a": 200, "platform_admin": 200, "*": 404}


def _patent(world):
    from ipcollab.registry import services as register

    owner = register.party_create(actor=world.examiner, kind="organization", name="矩阵冻结科技有限公司")
    right = register.right_create(
        actor=world.examiner, kind="patent", number="201810557067.3", title="一种矩阵测试方法", filing_date=datetime.date(2018, 6, 1), parties=[(owner, "applicant")]
    )
    register.record_event(world.examiner, right, "granted", datetime.date(2020, 1, 1))
    return right, owner


def order_of_court_a(world):
    """An effective order of court A (signed by judge_a), assigned to world.handler."""
    from ipcollab.preservation import services

    right, party = _patent(world)
    order = services.submit_order(
        actor=world.judge_a, right=right, case_number="（2026）京73执保1号", party=party, period_amount=6, period_unit="months", signing_judge=world.judge_a
    )
    return {"pk": order.pk}


ENTRIES = []
