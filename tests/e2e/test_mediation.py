"""Browser tests of mediation with judicial confirmation (issue 7, "Done when" (a) and (b)):

(a) 北京知识产权法院's judge entrusts a dispute before suit (民诉前调) to the Beijing committee; its
    liaison assigns the mediator, who accepts; the mediator invites both parties by e-mail, drafts
    the agreement and circulates it; each party takes up the invitation (link + one-time code),
    confirms the agreement online; a party applies for judicial confirmation at the entrusting
    court (shown with its basis); the court's judge accepts with a 民特 number and rules the
    agreement valid; the party sees the ruling.
(b) The judge entrusts a pending case (诉中委托); the mediator records both parties' signed paper
    confirmations; the agreement takes effect and the mediation ends; the judge closes the case by
    a mediation statement — and the in-suit agreement offers no judicial confirmation."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PARTY_PASSWORD = "Tiao-Jie-2026!"
PDF = b"%PDF-1.4\n% signed mediation agreement\n%%EOF\n"


def _calendar_through_next_year(admin):
    """These steps run on today's date and its periods (30 days to apply, 15 to rule) may end next
    year: a year the seeded holiday calendar does not cover yet is entered as the platform admin
    would once the State Council publishes it — here without holidays (weekends only), which is
    all the steps of this test need."""
    from ipcollab.deadlines import services as calendar
    from ipcollab.deadlines.models import CalendarYear

    today = timezone.localdate()
    for year in range(today.year, today.year + 2):
        if not CalendarYear.objects.filter(year=year, published=True).exists():
            calendar.calendar_year_set(actor=admin, year=year, published=True, source="manual", note="端到端测试：仅按周末计算", confirm_empty=True)


@pytest.fixture
def bench():
    from ipcollab.identifiers.patents import patent_check_character
    from ipcollab.mediation import services as mediation
    from ipcollab.orgs.models import Agency
    from ipcollab.registry import services as register

    court = Agency.objects.get(court_code="京73")
    committee = Agency.objects.get(code="med-beijing")
    cnipa = Agency.objects.get(code="cnipa")
    admin = make_user("e2e_platform", cnipa, ["platform_admin"], full_name="平台管理员")
    _calendar_through_next_year(admin)
    judge = make_user("e2e_bj73_judge", court, ["judge"], full_name="刘思远")
    clerk = make_user("e2e_bj73_clerk", court, ["clerk"], full_name="何雨轩")
    liaison = make_user("e2e_med_liaison", committee, ["liaison"], full_name="苗晓琳")
    mediator_user = make_user("e2e_mediator", committee, ["mediator"], full_name="宋立群")
    examiner = make_user("e2e_cnipa_examiner", cnipa, ["examiner"], full_name="马宇航")
    org = mediation.register_organisation(actor=admin, agency=committee, fields=["patent"], liaison=liaison)
    mediation.register_mediator(actor=admin, organisation=org, user=mediator_user, fields=["patent"])
    owner = register.party_create(actor=examiner, kind="organization", name="北京恒远精密机械有限公司", region_code="110108")
    rival = register.party_create(actor=examiner, kind="organization", name="深圳市宏图智能科技有限公司", region_code="440305")
    body = "201910234567"
    right = register.right_create(
        actor=examiner,
        kind="patent",
        number=f"{body}.{patent_check_character(body)}",
        title="一种精密加工方法",
        filing_date=datetime.date(2019, 3, 5),
        parties=[(owner, "applicant")],
        patent_kind="invention",
        claim_count=8,
    )
    register.record_event(examiner, right, "granted", datetime.date(2022, 6, 7))
    return {"court": court, "org": org, "judge": judge, "clerk": clerk, "owner": owner, "rival": rival, "right": right, "today": timezone.localdate()}


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def open_(username=None):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        pg = context.new_page()
        if username:
            sign_in(pg, username)
        return pg

    yield open_
    for context in contexts:
        context.close()


def _invitation(address):
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    token = re.search(r"/mediation/join/([^/\s]+)/", message.body).group(1)
    code = re.search(r"验证码 (\d{6})", message.body).group(1)
    return token, code


def test_pre_suit_entrustment_to_judicial_confirmation(bench, open_as):
    from ipcollab.mediation.models import Mediation

    today = bench["today"]
    # The court entrusts the dispute before suit.
    judge = open_as("e2e_bj73_judge")
    judge.goto("/mediation/new/pre_suit/")
    form = judge.locator("#mediation-new")
    form.get_by_label("调解组织").select_option(label="北京市知识产权纠纷人民调解委员会")
    form.get_by_label("纠纷名称").fill("北京恒远精密机械有限公司诉深圳市宏图智能科技有限公司侵害发明专利权纠纷")
    form.get_by_label("收案日期").fill(today.isoformat())
    form.get_by_label("诉前调解案号").fill(f"（{today.year}）京73民诉前调5101号")
    form.locator("#id_applicant").fill("北京恒远精密机械有限公司")
    form.locator("#id_applicant_email").fill("ip@hengyuan.example.cn")
    form.locator("#id_respondent").fill("深圳市宏图智能科技有限公司")
    form.locator("#id_respondent_email").fill("legal@hongtu.example.cn")
    form.get_by_label(re.compile("涉及的权利")).fill(bench["right"].number)
    form.get_by_role("button", name="登记并移交调解组织").click()
    expect(judge.locator("#mediation-status")).to_have_text("待分配")
    m = Mediation.objects.get(court_number=f"（{today.year}）京73民诉前调5101号")

    # The committee's liaison assigns the mediator, who accepts.
    liaison = open_as("e2e_med_liaison")
    liaison.goto(f"/mediation/{m.pk}/")
    assign = liaison.locator("#action-assign")
    assign.get_by_label("调解员").select_option(index=0)
    assign.get_by_role("button", name="分配调解员").click()
    expect(liaison.locator("#mediation-status")).to_have_text("待调解员接受")
    mediator = open_as("e2e_mediator")
    mediator.goto(f"/mediation/{m.pk}/")
    mediator.locator("#action-accept").get_by_role("button", name="接受案件").click()
    expect(mediator.locator("#mediation-status")).to_have_text("调解中")

    # The mediator invites both parties, drafts the agreement and circulates it.
    mediator.goto(f"/mediation/{m.pk}/agreements/")
    for row in mediator.locator("#parties-table tbody tr").all():
        row.get_by_role("button", name="邀请").click()
    mediator.locator("#agreement-new").get_by_role("button", name="起草调解协议").click()
    terms = mediator.locator("#term-form")
    terms.get_by_label("条款类型").select_option(label="支付款项")
    terms.get_by_label(re.compile("^义务人")).select_option(label="深圳市宏图智能科技有限公司（被申请人）")
    terms.get_by_label(re.compile("^权利人")).select_option(label="北京恒远精密机械有限公司（申请人）")
    terms.get_by_label("金额（元）").fill("300000")
    due1, due2 = today + datetime.timedelta(days=20), today + datetime.timedelta(days=50)
    terms.get_by_label(re.compile("^分期")).fill(f"{due1.isoformat()} 100000\n{due2.isoformat()} 200000")
    terms.get_by_role("button", name="添加条款").click()
    expect(mediator.locator("#current-agreement")).to_contain_text("分2期支付")
    mediator.get_by_role("button", name="定稿并发送当事人确认").click()
    expect(mediator.locator("#agreement-status")).to_have_text("待当事人确认")

    # Each party takes up its invitation and confirms the agreement online.
    for address, name in (("ip@hengyuan.example.cn", "北京恒远精密机械有限公司"), ("legal@hongtu.example.cn", "深圳市宏图智能科技有限公司")):
        token, code = _invitation(address)
        party = open_as()
        party.goto(f"/mediation/join/{token}/")
        expect(party.locator("#join-form")).to_be_visible()
        party.get_by_label("验证码（6位数字）").fill(code)
        party.get_by_label("设置密码").fill(PARTY_PASSWORD)
        party.get_by_label("再次输入密码").fill(PARTY_PASSWORD)
        party.get_by_role("button", name="进入调解").click()
        expect(party.get_by_text(f"您的身份：{name}", exact=False)).to_be_visible()
        party.get_by_label(re.compile("我已阅读上述协议全文")).check()
        party.get_by_role("button", name="确认调解协议").click()
        expect(party.locator("#my-confirmation")).to_be_visible()
    expect(party.locator("#party-agreement-status")).to_have_text("已生效")

    # The party applies for judicial confirmation at the entrusting court.
    apply = party.locator("#party-apply")
    expect(apply).to_contain_text("北京知识产权法院")
    expect(apply).to_contain_text("委派调解的人民法院")
    apply.get_by_role("button", name="共同申请司法确认").click()
    expect(party.locator(".party-application")).to_contain_text("已申请")

    # The court accepts with its 民特 number and rules the agreement valid.
    judge.goto("/mediation/confirmations/")
    judge.locator("#queue-open").get_by_role("link", name=m.number).click()
    accept = judge.locator("#accept-form")
    accept.get_by_label("民特案号").fill(f"（{today.year}）京73民特301号")
    accept.get_by_role("button", name="受理").click()
    expect(judge.locator("#application-status")).to_contain_text("已受理")
    expect(judge.locator("#application-number")).to_have_text(f"（{today.year}）京73民特301号")
    rule = judge.locator("#rule-form")
    rule.get_by_label("裁定结果").select_option(label="确认调解协议有效")
    rule.get_by_role("button", name="作出裁定").click()
    expect(judge.locator("#application-status")).to_contain_text("确认调解协议有效")

    # The party sees the ruling on its matter.
    party.reload()
    expect(party.locator(".party-application")).to_contain_text("确认调解协议有效")


def test_in_suit_agreement_closes_the_case_by_mediation_statement(bench, open_as, tmp_path):
    from ipcollab.mediation import services as mediation
    from ipcollab.proceedings import services as proceedings

    today = bench["today"]
    case = proceedings.file_case(
        actor=bench["judge"],
        number=f"（{today.year}）京73民初5102号",
        cause="patent_infringement_invention",
        filed_on=today - datetime.timedelta(days=20),
        parties=[{"party": bench["owner"], "role": "plaintiff"}, {"party": bench["rival"], "role": "defendant"}],
        rights=[{"right": bench["right"], "claims": [1, 2]}],
        judge=bench["judge"],
        clerk=bench["clerk"],
    )
    m = mediation.start_mediation(
        actor=bench["judge"],
        source="in_suit",
        organisation=bench["org"],
        title=f"{case.title}（委托调解）"[:300],
        parties=[{"party": bench["owner"], "side": "applicant"}, {"party": bench["rival"], "side": "respondent"}],
        received_on=today,
        case=case,
        rights=[bench["right"]],
    )
    mediator = open_as("e2e_mediator")
    liaison = open_as("e2e_med_liaison")
    liaison.goto(f"/mediation/{m.pk}/")
    liaison.locator("#action-assign").get_by_label("调解员").select_option(index=0)
    liaison.locator("#action-assign").get_by_role("button", name="分配调解员").click()
    mediator.goto(f"/mediation/{m.pk}/")
    mediator.locator("#action-accept").get_by_role("button", name="接受案件").click()
    expect(mediator.locator("#mediation-status")).to_have_text("调解中")

    # The agreement: a cessation term, circulated, signed on paper by both parties.
    mediator.goto(f"/mediation/{m.pk}/agreements/")
    expect(mediator.get_by_text("不适用司法确认程序", exact=False)).to_be_visible()
    mediator.locator("#agreement-new").get_by_role("button", name="起草调解协议").click()
    terms = mediator.locator("#term-form")
    terms.get_by_label("条款类型").select_option(label="停止侵权")
    terms.get_by_label(re.compile("^义务人")).select_option(label="深圳市宏图智能科技有限公司（被申请人）")
    terms.get_by_label("停止的行为").fill("制造、销售涉案产品")
    terms.get_by_role("button", name="添加条款").click()
    mediator.get_by_role("button", name="定稿并发送当事人确认").click()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF)
    for name in ("北京恒远精密机械有限公司", "深圳市宏图智能科技有限公司"):
        mediator.get_by_text("录入书面签署的确认").click()
        paper = mediator.locator("form[action$='/paper/']")
        paper.get_by_label("当事人").select_option(label=name)
        paper.get_by_label(re.compile("签署的调解协议")).set_input_files(str(signed))
        paper.get_by_role("button", name="录入").click()
        if name.startswith("北京"):
            expect(mediator.locator("#agreement-confirmations")).to_contain_text(name)
    expect(mediator.locator("#agreement-status")).to_have_text("已生效")
    expect(mediator.locator("#confirmation-proposal")).to_have_count(0)

    # The mediation ended with an agreement; the judge closes the case by a mediation statement.
    judge = open_as("e2e_bj73_judge")
    judge.goto(f"/mediation/{m.pk}/")
    expect(judge.locator("#mediation-outcome")).to_have_text("达成调解协议")
    close = judge.locator("#action-close_case")
    close.get_by_label("结案方式").select_option(label="出具调解书结案")
    close.get_by_label("结案日期").fill(today.isoformat())
    close.get_by_label(re.compile("调解书")).last.fill(f"（{today.year}）京73民初5102号民事调解书")
    close.get_by_role("button", name="结案").click()
    expect(judge.locator("#mediation-follow-up")).to_have_text("出具调解书结案")
    case.refresh_from_db()
    assert case.status == "closed"
