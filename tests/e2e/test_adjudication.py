"""Browser test of administrative adjudication through to enforcement (issue 7, "Done when" (c)):
the Beijing IP office accepts a request, decides (order to stop infringement) and serves the
decision on each party; after the windows to sue have run it records non-compliance, serves a
demand, and — after the 10 working days — applies to the basic court where it sits (北京市海淀区人民法院);
the court's judge sees the application, registers it as a 行审 case and rules; the office sees the
ruling on the same page. Dates are in 2025 (past days; the periods are the engine's)."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
D = datetime.date


@pytest.fixture
def request_received():
    from ipcollab.adjudication import services
    from ipcollab.identifiers.patents import patent_check_character
    from ipcollab.orgs.models import Agency, Region
    from ipcollab.registry import services as register

    office = Agency.objects.get(code="ipo-beijing")
    court = Agency.objects.get(court_code="京0108")
    handler = make_user("e2e_bjipo_handler", office, ["case_handler"], full_name="高振华")
    judge = make_user("e2e_hd_judge", court, ["judge"], full_name="苏晓峰")
    examiner = make_user("e2e_cnipa_examiner2", Agency.objects.get(code="cnipa"), ["examiner"], full_name="马宇航")
    owner = register.party_create(actor=examiner, kind="organization", name="北京恒远精密机械有限公司")
    rival = register.party_create(actor=examiner, kind="organization", name="北京宏图智能科技有限公司")
    body = "202120345678"
    right = register.right_create(
        actor=examiner,
        kind="patent",
        number=f"{body}.{patent_check_character(body)}",
        title="一种精密夹持装置",
        filing_date=D(2021, 2, 3),
        parties=[(owner, "applicant")],
        claim_count=10,
    )
    register.record_event(examiner, right, "granted", D(2021, 9, 14))
    a = services.receive_request(
        actor=handler,
        region=Region.objects.get(code="110108"),
        right=right,
        requester=owner,
        respondents=[rival],
        claims=[1, 2],
        facts="被请求人制造、销售的夹持装置落入权利要求1、2的保护范围，请求责令停止侵权。",
        evidence=["专利证书", "公证书"],
        received_on=D(2025, 6, 2),
    )
    return {"a": a, "handler": handler, "judge": judge, "owner": owner, "rival": rival}


def _act(page, name, fields, button):
    form = page.locator(f"#action-{name}")
    for label, value in fields:
        control = form.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.get_by_role("button", name=button).click()


def test_office_adjudicates_demands_applies_and_court_rules(request_received, browser, live_server):
    a = request_received["a"]
    ctx = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
    ctx.set_default_timeout(15000)
    office = ctx.new_page()
    sign_in(office, "e2e_bjipo_handler")
    office.get_by_role("navigation", name="主导航").get_by_role("link", name="行政裁决").click()
    office.get_by_role("link", name=a.number).click()
    expect(office.locator("#adjudication-stage")).to_have_text("已收到请求")

    _act(office, "accept", [("立案日期", "2025-06-03"), ("承办人（第一位为主办）", str(request_received["handler"].pk))], "立案并指定承办人")
    expect(office.locator("#adjudication-stage")).to_have_text("已立案")
    _act(
        office,
        "decide",
        [
            ("裁决结果", "infringement"),
            ("裁决日期", "2025-08-20"),
            ("裁决书文号", "京知执字〔2025〕1号处理决定书"),
            ("裁决理由", "被控产品具备权利要求1、2的全部技术特征。"),
        ],
        "作出裁决",
    )
    expect(office.locator("#adjudication-decision")).to_contain_text("认定侵权")
    _act(office, "serve", [("受送达人", str(request_received["owner"].pk)), ("送达日期", "2025-08-25"), ("送达方式", "post")], "送达裁决书")
    _act(office, "serve", [("受送达人", str(request_received["rival"].pk)), ("送达日期", "2025-09-01"), ("送达方式", "direct")], "送达裁决书")
    expect(office.locator("#adjudication-window")).to_contain_text("2025-09-16")
    expect(office.locator("#adjudication-window")).to_contain_text("2025-12-16")

    # Before the windows have run, compliance cannot be recorded.
    _act(office, "compliance", [("履行情况", "no"), ("核查日期", "2025-09-16")], "登记履行情况")
    expect(office.locator("#action-error")).to_contain_text("2025-09-16")
    _act(office, "compliance", [("履行情况", "no"), ("核查日期", "2025-09-17")], "登记履行情况")
    _act(office, "demand", [("催告书送达日期", "2025-09-26")], "送达履行催告书")
    expect(office.locator("#adjudication-demand")).to_contain_text("2025-10-16")
    # The last day of the demand's 10 working days (across National Day) is too early.
    _act(office, "apply", [("申请日期", "2025-10-16")], "申请法院强制执行")
    expect(office.locator("#action-error")).to_contain_text("行政强制法")
    _act(office, "apply", [("申请日期", "2025-10-17")], "申请法院强制执行")
    expect(office.locator("#enforcement-status")).to_have_text("已申请，待法院立案")
    expect(office.locator("#adjudication-enforcement")).to_contain_text("北京市海淀区人民法院")

    # The court: notified, sees the same page, registers the 行审 case and rules.
    court = ctx.browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    court.set_default_timeout(15000)
    sign_in(court, "e2e_hd_judge")
    court.get_by_role("navigation", name="主导航").get_by_role("link", name="行政裁决").click()
    court.get_by_role("link", name=a.number).click()
    expect(court.locator("#adjudication-log")).to_contain_text("送达履行催告书")
    _act(court, "court_accept", [("行审案号", "（2025）京0108行审15号"), ("受理日期", "2025-10-20")], "立案受理（行审）")
    expect(court.locator("#enforcement-number")).to_have_text("（2025）京0108行审15号")
    _act(court, "court_rule", [("裁定结果", "enforce"), ("裁定日期", "2025-10-28"), ("理由", "裁决事实清楚，程序合法，准予强制执行。")], "作出裁定")
    expect(court.locator("#enforcement-ruling")).to_contain_text("准予强制执行")

    office.reload()
    expect(office.locator("#adjudication-stage")).to_have_text("法院裁定准予执行")
    expect(office.locator("#enforcement-ruling")).to_contain_text("准予强制执行")
    court.context.close()
    ctx.close()
