"""Browser test of the freeze register (issue 5, "Done when"): a court freezes a patent, CNIPA
registers it, a transfer is refused naming the freeze, a second court's order is queued, the first
is released and the second takes effect, and both courts read their notifications."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from conftest import make_agency, make_region, make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NUMBER = "201810557067.3"


@pytest.fixture
def people():
    from ipcollab.registry import services as register

    bj = make_region("110000", "北京市", 1)
    court_a = make_agency("e2e-court-a", "端到端知识产权法院", "court", "intermediate", bj, court_code="端73", short_name="端知产")
    court_b = make_agency("e2e-court-b", "端到端第二中级人民法院", "court", "intermediate", bj, court_code="端02", short_name="端二中")
    office = make_agency("e2e-ipo", "端到端测试知识产权局", "ip_office", "provincial", bj, short_name="端测局")
    users = {
        "judge_a": make_user("e2e_judge_a", court_a, ["judge"], full_name="甲法官"),
        "judge_b": make_user("e2e_judge_b", court_b, ["judge"], full_name="乙法官"),
        "handler": make_user("e2e_handler", office, ["preservation_handler"], full_name="保全承办人"),
        "examiner": make_user("e2e_examiner", office, ["examiner"], full_name="登记审查员"),
    }
    owner = register.party_create(actor=users["examiner"], kind="organization", name="端到端冻结科技有限公司")
    right = register.right_create(
        actor=users["examiner"], kind="patent", number=NUMBER, title="一种端到端测试方法", filing_date=datetime.date(2018, 6, 1), parties=[(owner, "applicant")]
    )
    register.record_event(users["examiner"], right, "granted", datetime.date(2020, 1, 1))
    return {"court_a": court_a, "court_b": court_b, "right": right, **users}


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_(username):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 768})
        context.set_default_timeout(15000)
        contexts.append(context)
        pg = context.new_page()
        sign_in(pg, username)
        return pg

    yield open_
    for context in contexts:
        context.close()


def submit_order(pg, case_number, amount):
    pg.get_by_role("navigation", name="主导航").get_by_role("link", name="司法查控").click()
    pg.get_by_role("link", name="提交冻结裁定").click()
    pg.fill("#id_number", "ZL " + NUMBER)
    pg.get_by_role("button", name="下一步").click()
    pg.fill("#id_case_number", case_number)
    pg.fill("#id_period_amount", str(amount))
    pg.select_option("#id_period_unit", "months")
    pg.get_by_label("端到端冻结科技有限公司（申请人）").check()
    pg.get_by_role("button", name="提交并送达").click()
    expect(pg).to_have_url(re.compile(r"/preservation/orders/\d+/$"))


def test_freeze_register_queue_release_promotion_and_notifications(page, people, open_as):
    from ipcollab.preservation.models import FreezeOrder

    # Court A freezes the patent: effective at once, first in the queue.
    court_a = open_as("e2e_judge_a")
    submit_order(court_a, "（2026）京73执保1号", 6)
    expect(court_a.locator("#order-status")).to_have_text("冻结中")
    expect(court_a.locator("#order-position")).to_contain_text("第1位")
    first = FreezeOrder.objects.get(case_number="（2026）京73执保1号")

    # CNIPA's handler finds it on the desk and registers it.
    handler = open_as("e2e_handler")
    handler.get_by_role("navigation", name="主导航").get_by_role("link", name="司法查控").click()
    handler.get_by_role("link", name="（2026）京73执保1号").click()
    handler.get_by_role("button", name="登记", exact=True).click()
    expect(handler.get_by_text("已登记", exact=True).first).to_be_visible()

    # A transfer of the frozen right is refused, naming the court and the case.
    examiner = open_as("e2e_examiner")
    examiner.goto(f"/registry/rights/{people['right'].pk}/")
    examiner.get_by_role("link", name="登记法律事件").click()
    examiner.select_option("#id_type", "transferred")
    examiner.fill("#id_date", datetime.date.today().isoformat())
    examiner.fill("#id_owner", "他人科技有限公司")
    examiner.get_by_role("button", name="登记", exact=True).click()
    expect(examiner.get_by_role("alert")).to_contain_text("端到端知识产权法院（案号（2026）京73执保1号）冻结")

    # Court B's order waits behind it.
    court_b = open_as("e2e_judge_b")
    submit_order(court_b, "（2026）京02执保7号", 3)
    expect(court_b.locator("#order-status")).to_have_text("轮候")
    expect(court_b.locator("#order-position")).to_contain_text("第2位")

    # Court A releases; court B's order takes effect at once.
    court_a.goto(f"/preservation/orders/{first.pk}/")
    court_a.get_by_role("button", name="解除冻结").click()
    expect(court_a.locator("#order-status")).to_have_text("已解除")
    court_b.reload()
    expect(court_b.locator("#order-status")).to_have_text("冻结中")
    expect(court_b.locator("#order-position")).to_contain_text("第1位")

    # Both courts read it in their notifications.
    court_b.get_by_role("link", name=re.compile("^通知")).click()
    expect(court_b.get_by_text(re.compile("（2026）京02执保7号：冻结生效")).first).to_be_visible()
    court_a.get_by_role("link", name=re.compile("^通知")).click()
    expect(court_a.get_by_text(re.compile("轮候冻结已生效：（2026）京73执保1号之后")).first).to_be_visible()
