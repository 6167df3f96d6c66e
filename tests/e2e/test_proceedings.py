"""Browser test of proceedings on both tracks (issue 6, "Done when"): CNIPA records an invalidation
decision; the judge of the pending suit sees the notification and the decision on the right's
dossier; she records a stay and the 审限 pauses; the appeal of her (followed) case is followed
automatically."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world_of_suit():
    from ipcollab.identifiers.patents import patent_check_character
    from ipcollab.orgs.models import Agency
    from ipcollab.proceedings import services
    from ipcollab.registry import services as register

    today = timezone.localdate()
    filed = today - datetime.timedelta(days=40)
    court = Agency.objects.get(court_code="京73")
    cnipa = Agency.objects.get(code="cnipa")
    spc = Agency.objects.get(court_code="最高法")
    judge = make_user("e2e_bj73_judge", court, ["judge"], full_name="林法官")
    examiner = make_user("e2e_cnipa_examiner", cnipa, ["examiner"], full_name="韩审查员")
    spc_judge = make_user("e2e_spc_judge", spc, ["judge"], full_name="冯法官")
    owner = register.party_create(actor=examiner, kind="organization", name="北京恒远精密机械有限公司")
    rival = register.party_create(actor=examiner, kind="organization", name="深圳市宏图智能科技有限公司")
    body = "202120345678"
    right = register.right_create(
        actor=examiner,
        kind="patent",
        number=f"{body}.{patent_check_character(body)}",
        title="一种精密夹持装置",
        filing_date=datetime.date(2021, 2, 3),
        parties=[(owner, "applicant")],
        claim_count=10,
    )
    register.record_event(examiner, right, "granted", datetime.date(2021, 9, 14))
    case = services.file_case(
        actor=judge,
        number=f"（{filed.year}）京73民初2101号",
        cause="patent_infringement_utility_model",
        filed_on=filed,
        parties=[{"party": owner, "role": "plaintiff"}, {"party": rival, "role": "defendant"}],
        rights=[{"right": right, "claims": [1, 2, 3]}],
        judge=judge,
        complaint_served_on=filed + datetime.timedelta(days=3),
    )
    inv = services.record_office_proceeding(
        actor=examiner,
        kind="patent_invalidation",
        number="4W121234",
        right=right,
        filed_on=filed + datetime.timedelta(days=10),
        parties=[{"party": rival, "role": "requester"}, {"party": owner, "role": "owner"}],
        grounds=["专利法第22条第3款：不具备创造性"],
        evidence=["证据1：CN108123456A"],
        claims=[1, 2, 3],
        handler=examiner,
    )
    return {"case": case, "inv": inv, "right": right, "owner": owner, "rival": rival, "spc_judge": spc_judge, "today": today}


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_(username):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        pg = context.new_page()
        sign_in(pg, username)
        return pg

    yield open_
    for context in contexts:
        context.close()


def test_decision_notifies_the_judge_who_stays_and_follows_the_appeal(world_of_suit, open_as):
    from ipcollab.proceedings import services

    case, inv, right = world_of_suit["case"], world_of_suit["inv"], world_of_suit["right"]
    today = world_of_suit["today"]

    # The judge follows her case.
    judge = open_as("e2e_bj73_judge")
    judge.goto(f"/proceedings/{case.pk}/")
    judge.get_by_role("button", name="关注").click()
    expect(judge.get_by_text("已关注", exact=True)).to_be_visible()

    # CNIPA decides the invalidation: claims 4 and 5 survive.
    examiner = open_as("e2e_cnipa_examiner")
    examiner.get_by_role("navigation", name="主导航").get_by_role("link", name="案件与程序").click()
    examiner.get_by_role("link", name=inv.number).click()
    form = examiner.locator("#decide-form")
    form.get_by_label("决定结果").select_option(label="宣告专利权部分无效")
    form.get_by_label("决定日期").fill(today.isoformat())
    form.get_by_label("决定号").fill("第581234号")
    form.get_by_label(re.compile("维持有效的权利要求")).fill("4,5")
    form.get_by_role("button", name="登记决定").click()
    expect(examiner.locator("#proceeding-outcome")).to_contain_text("宣告专利权部分无效")

    # The judge sees the notification and the decision on the right's dossier.
    judge.goto("/")
    judge.get_by_role("link", name=re.compile("^通知")).click()
    expect(judge.get_by_text(re.compile("国家知识产权局对.*作出无效宣告请求审查决定"))).to_be_visible()
    judge.goto(f"/registry/rights/{right.pk}/")
    panel = judge.locator("#parallel-panel")
    expect(panel).to_contain_text("第581234号")
    expect(panel).to_contain_text("4、5")

    # She records a stay: the 审限 pauses.
    judge.goto(f"/proceedings/{case.pk}/")
    expect(judge.locator("#time-limit-ends")).to_be_visible()
    stay = judge.locator("#stay-form")
    stay.get_by_label("中止日期").fill(today.isoformat())
    stay.get_by_label("中止理由").fill("等待无效宣告请求审查决定生效")
    stay.get_by_role("button", name="记录中止").click()
    expect(judge.locator("#proceeding-status")).to_have_text("中止")
    expect(judge.locator("#time-limit-paused")).to_contain_text("审限暂停计算")

    # She resumes and decides; the defendant appeals to the SPC: the appeal is followed automatically.
    lift = judge.locator("#lift-form")
    lift.get_by_label("恢复审理日期").fill(today.isoformat())
    lift.get_by_role("button", name="恢复审理").click()
    close = judge.locator("#close-form")
    close.get_by_label("结果").select_option(label="部分支持诉讼请求")
    close.get_by_label("结案日期").fill(today.isoformat())
    close.get_by_role("button", name="登记结案").click()
    expect(judge.locator("#proceeding-status")).to_have_text("已结案/已决定")
    appeal = services.file_case(
        actor=world_of_suit["spc_judge"],
        number=f"（{today.year}）最高法知民终88号",
        cause="patent_infringement_utility_model",
        filed_on=today,
        parties=[{"party": world_of_suit["rival"], "role": "appellant"}, {"party": world_of_suit["owner"], "role": "appellee"}],
        rights=[{"right": right, "claims": [4]}],
        previous=case,
        judge=world_of_suit["spc_judge"],
    )
    judge.goto(f"/proceedings/{appeal.pk}/")
    expect(judge.get_by_text("已自动关注", exact=True)).to_be_visible()
    judge.goto("/alerts/")
    expect(judge.get_by_role("link", name=appeal.number)).to_be_visible()
