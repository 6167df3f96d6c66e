"""Browser tests of consultation between institutions (issue 8, "Done when"):

(a) 北京市知识产权局's liaison schedules a regular meeting with 北京市高级人民法院; the court's liaison
    proposes an agenda item (topic, background, trend data) and the office accepts it; the meeting
    is held; the court's liaison drafts the minutes from the held meeting, with a consensus item
    whose responsible agency is the office, and circulates them; the office's liaison comments on a
    paragraph, the court answers and revises the text, and the diff shows the change; signing opens
    with a number (京高法会〔<year>〕1号); each agency's signer signs on the text and its SHA-256 and
    the minutes are locked (已会签) with the integrity check intact; the court turns the consensus
    item into an action item owned by an office staff member; it shows on the office's open-items
    view while the owner reports progress, and leaves it once completed with an evidence PDF.
(b) The signed hash detects a change: the stored text of the signed version is altered behind the
    platform, and the document page shows the integrity check as broken.

Setup (agencies of the reference data, users) only; every step of the story goes through the pages."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.4\n% evidence: monthly notification of invalidation decisions\n%%EOF\n"
COURT = "北京市高级人民法院"
OFFICE = "北京市知识产权局"
TOPIC = "专利无效宣告审查决定与侵权诉讼的信息共享"


@pytest.fixture
def people():
    from ipcollab.orgs.models import Agency

    court = Agency.objects.get(court_code="京")
    office = Agency.objects.get(code="ipo-beijing")
    assert (court.name, office.name) == (COURT, OFFICE)
    return {
        "court": court,
        "office": office,
        "court_liaison": make_user("e2e_bjhc_liaison", court, ["liaison"], full_name="周立文"),
        "court_signer": make_user("e2e_bjhc_signer", court, ["signer"], full_name="韩振东"),
        "office_liaison": make_user("e2e_bjipo_liaison", office, ["liaison"], full_name="林书言"),
        "office_signer": make_user("e2e_bjipo_signer", office, ["signer"], full_name="程国华"),
        "owner": make_user("e2e_bjipo_owner", office, ["case_handler"], full_name="许嘉禾"),
        "today": timezone.localdate(),
    }


@pytest.fixture
def open_as(page, browser, live_server, request):
    """A signed-in page per user: the first is the root conftest's `page` (its screenshot is saved
    on failure), each further one a fresh context of the same browser (saved on failure as
    var/e2e-<test name>-<username>.png)."""
    opened, refused = [], []

    def open_(username):
        if opened:
            context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
            context.set_default_timeout(15000)
            pg = context.new_page()
        else:
            pg = page
        opened.append((username, pg))
        pg.on("console", lambda message: refused.append(f"{username}: {message.text}") if "Content Security Policy" in message.text else None)
        sign_in(pg, username)
        expect(pg.get_by_role("navigation", name="主导航")).to_be_visible()
        return pg

    open_.csp_refusals = refused
    yield open_
    report = getattr(request.node, "rep_call", None)
    for username, pg in opened[1:]:
        if report is not None and report.failed:
            out = Path(__file__).resolve().parents[2] / "var"
            out.mkdir(exist_ok=True)
            try:
                pg.screenshot(path=str(out / f"e2e-{request.node.name}-{username}.png"), full_page=True)
            except Exception:  # the page may be gone; the assertion error is what matters
                pass
        pg.context.close()


def _schedule_and_hold(people, open_as):
    """Steps 1–2: the office schedules, the court proposes, the office accepts and holds the meeting."""
    today = people["today"]
    office = open_as("e2e_bjipo_liaison")
    office.goto("/consultation/")
    office.locator("#meeting-new").click()
    form = office.locator("#meeting-form")
    form.get_by_label("会议名称").fill("北京市知识产权局与北京市高级人民法院例行会商")
    form.get_by_label("类别").select_option(label="例行会商")
    form.get_by_label("开始时间").fill(f"{today.isoformat()}T09:30")
    form.get_by_label("结束时间").fill(f"{today.isoformat()}T11:30")
    form.get_by_label("议题提交截止日").fill(today.isoformat())
    form.get_by_label("地点", exact=True).fill("北京市知识产权局第一会议室")
    form.get_by_label("参会单位（会签纪要）").select_option(label=COURT)
    form.get_by_label("参会人员（平台用户）").select_option(label=["周立文", "林书言"])
    form.get_by_role("button", name="安排并通知").click()
    expect(office.locator("#meeting-status")).to_have_text("筹备中")
    expect(office.locator("#meeting-participants")).to_contain_text(COURT)
    expect(office.locator("#meeting-participants")).to_contain_text(OFFICE)

    # The court's liaison proposes an agenda item with trend data.
    court = open_as("e2e_bjhc_liaison")
    court.goto("/consultation/")
    court.locator("#meeting-rows").get_by_role("link", name="北京市知识产权局与北京市高级人民法院例行会商").click()
    propose = court.locator("#propose-form")
    propose.get_by_label("议题", exact=True).fill(TOPIC)
    propose.get_by_label("背景").fill("近年专利侵权诉讼中被告请求宣告专利无效的比例上升，法院需及时了解无效宣告审查决定。")
    propose.get_by_label("趋势数据").select_option(label="新收知识产权侵权民事一审案件（按月）")
    start = (today.replace(day=1) - datetime.timedelta(days=150)).replace(day=1)
    propose.get_by_label("统计起始月份").fill(start.strftime("%Y-%m"))
    propose.get_by_label("统计截止月份").fill(today.strftime("%Y-%m"))
    propose.get_by_role("button", name="提议").click()
    expect(court.get_by_role("alert").filter(has_text="已提议议题")).to_be_visible()
    agenda = court.locator("#meeting-agenda > li").filter(has_text=TOPIC)
    expect(agenda.locator(".agenda-status")).to_have_text("已提议")
    expect(agenda.locator("figcaption")).to_contain_text("新收知识产权侵权民事一审案件")

    # The organiser accepts it, then holds the meeting: today, both liaisons present, the item discussed.
    office.reload()
    agenda = office.locator("#meeting-agenda > li").filter(has_text=TOPIC)
    agenda.get_by_label("决定").select_option(label="列入议程")
    agenda.get_by_role("button", name="决定").click()
    expect(office.locator("#meeting-agenda > li").filter(has_text=TOPIC).locator(".agenda-status")).to_have_text("已列入议程")
    hold = office.locator("#hold-form")
    expect(hold.get_by_label("召开日期")).to_have_value(today.isoformat())
    hold.get_by_label(re.compile("周立文（")).check()
    hold.get_by_label(re.compile("林书言（")).check()
    expect(hold.get_by_label(TOPIC)).to_be_checked()
    hold.get_by_label("会议情况").fill("双方通报了无效宣告和侵权诉讼情况，就信息共享达成一致。")
    hold.get_by_role("button", name="记录").click()
    expect(office.locator("#meeting-status")).to_have_text("已召开")
    expect(office.locator("#meeting-agenda > li").filter(has_text=TOPIC).locator(".agenda-status")).to_have_text("已讨论")
    for name in ("周立文", "林书言"):
        expect(office.locator("#meeting-attendees tbody tr").filter(has_text=name).locator("td").nth(3)).to_have_text("出席")
    return office, court


def _draft_review_sign(people, open_as, office, court):
    """Steps 3–5: minutes drafted by the court, commented on, answered, revised, signed by both agencies."""
    from ipcollab.consultation.models import ConsensusDocument

    year = people["today"].year
    court.reload()
    expect(court.locator("#meeting-status")).to_have_text("已召开")
    court.locator("#meeting-draft-minutes").click()
    form = court.locator("#document-form")
    expect(form.get_by_label("类别")).to_have_value("minutes")
    expect(form.get_by_label("标题")).to_have_value("北京市知识产权局与北京市高级人民法院例行会商纪要")
    expect(form.get_by_label("正文")).to_have_value(re.compile(f"一、{TOPIC}"))
    expect(form.get_by_label("第1项")).to_have_value(TOPIC)
    body = (
        f"{people['today'].year}年{people['today'].month}月{people['today'].day}日，北京市知识产权局召集北京市知识产权局与北京市高级人民法院例行会商。"
        "会议讨论了以下议题，形成如下共识：\n\n"
        f"一、{TOPIC}\n\n"
        "北京市知识产权局每季度向北京市高级人民法院通报专利无效宣告审查决定。\n\n"
        "二、双方指定联络人，负责信息共享的日常联络。"
    )
    form.get_by_label("正文").fill(body)
    form.get_by_label("第1项").fill("北京市知识产权局定期通报专利无效宣告审查决定")
    form.locator("#id_items-0-responsible_agency").select_option(label=OFFICE)
    form.get_by_role("button", name="保存为第1版").click()
    expect(court.locator("#document-status")).to_have_text("起草中")
    expect(court.locator("#document-items-list")).to_contain_text(f"责任单位：{OFFICE}")
    court.locator("#circulate-form").get_by_role("button", name="送各单位审阅").click()
    expect(court.locator("#document-status")).to_have_text("审阅中")
    document = ConsensusDocument.objects.get(meeting__title="北京市知识产权局与北京市高级人民法院例行会商")

    # The office's liaison comments on paragraph 3 (htmx: the paragraph is swapped in place).
    office.goto("/consultation/documents/")
    office.get_by_role("link", name="北京市知识产权局与北京市高级人民法院例行会商纪要").click()
    expect(office.locator("#document-status")).to_have_text("审阅中")
    p3 = office.locator("#p-3")
    expect(p3).to_contain_text("每季度")
    p3.get_by_text("对本段提出意见").click()
    p3.get_by_label("意见").fill("建议改为每月通报，并附决定书全文。")
    p3.get_by_role("button", name="提交意见").click()
    expect(office.locator("#p-3 .doc-comment")).to_contain_text("建议改为每月通报")
    expect(office.locator("#p-3 .doc-comment")).to_contain_text("待答复")
    expect(office.get_by_role("alert").filter(has_text="已提出意见")).to_have_count(0)  # swapped by htmx, not a full post

    # The drafter answers it and revises the text; the diff shows the change.
    court.reload()
    expect(court.locator("#text-title")).to_contain_text("1 条意见待答复")
    comment = court.locator("#p-3 .doc-comment")
    comment.get_by_label("处理情况").select_option(label="采纳")
    comment.get_by_label("答复").fill("采纳，改为每月通报并附决定书全文。")
    comment.get_by_role("button", name="答复").click()
    expect(court.locator("#p-3 .doc-comment")).to_contain_text("已采纳：采纳，改为每月通报并附决定书全文。")
    expect(court.get_by_role("alert").filter(has_text="已答复")).to_have_count(0)  # swapped by htmx
    court.locator("#action-revise").click()
    revise = court.locator("#revise-form")
    revise.get_by_label("正文").fill(
        body.replace("每季度向北京市高级人民法院通报专利无效宣告审查决定。", "每月向北京市高级人民法院通报专利无效宣告审查决定，并附决定书全文。")
    )
    revise.get_by_label("修改说明").fill("采纳北京市知识产权局意见")
    revise.get_by_role("button", name="保存为新版本").click()
    expect(court.get_by_role("alert").filter(has_text="已保存为第2版")).to_be_visible()
    expect(court.locator("#text-title")).to_contain_text("v2")
    expect(court.locator("#document-old-comments")).to_contain_text("建议改为每月通报")
    court.locator("#diff-form").get_by_role("button", name="查看差异").click()
    expect(court.get_by_role("heading", name="第1版与第2版的差异")).to_be_visible()
    expect(court.locator("#document-diff del.doc-del").first).to_contain_text("季度")
    expect(court.locator("#document-diff ins.doc-ins").filter(has_text="决定书全文")).to_have_count(1)
    court.get_by_role("link", name="北京市知识产权局与北京市高级人民法院例行会商纪要").click()

    # Signing opens with a document number.
    number = f"京高法会〔{year}〕1号"
    signing = court.locator("#open-signing-form")
    signing.get_by_label("文号").fill(number)
    signing.get_by_role("button", name="提交会签").click()
    expect(court.locator("#document-status")).to_have_text("会签中")
    expect(court.locator("#document-number")).to_have_text(number)

    # Each agency's signer signs on the exact text and its SHA-256.
    sha = document.versions.get(number=2).sha256
    for username, agency in (("e2e_bjhc_signer", COURT), ("e2e_bjipo_signer", OFFICE)):
        signer = open_as(username)
        signer.goto(f"/consultation/documents/{document.pk}/")
        signer.locator("#action-sign").click()
        expect(signer.locator("#sign-text")).to_contain_text("每月向北京市高级人民法院通报")
        expect(signer.locator("#sign-hash")).to_have_text(sha)
        signer.get_by_label(re.compile("我已核对上述文本")).check()
        signer.locator("#sign-form").get_by_role("button", name="签署", exact=True).click()
        expect(signer.locator("#document-signatures")).to_contain_text(agency)
    expect(signer.get_by_role("alert").filter(has_text="文件已锁定并印发")).to_be_visible()
    expect(signer.locator("#document-status")).to_have_text("已会签")
    expect(signer.locator("#document-locked")).to_have_text("已锁定")
    expect(signer.locator("#integrity-ok")).to_contain_text(sha)
    expect(signer.locator("#document-signatories .badge.text-bg-success")).to_have_count(2)
    expect(signer.locator("#action-sign")).to_have_count(0)
    return document, number


def test_agenda_item_to_signed_minutes_to_completed_action_item(people, open_as):
    office, court = _schedule_and_hold(people, open_as)
    document, number = _draft_review_sign(people, open_as, office, court)
    due = people["today"] + datetime.timedelta(days=30)

    # Step 6: the drafting side turns the consensus item into an action item owned by office staff.
    court.reload()
    expect(court.locator("#document-status")).to_have_text("已会签")
    expect(court.locator("#action-revise")).to_have_count(0)
    court.locator("#document-items-list").get_by_role("link", name="转为落实事项").click()
    expect(court.locator("#consensus-item")).to_contain_text(OFFICE)
    new = court.locator("#action-new-form")
    new.get_by_label("责任人").select_option(label="许嘉禾")
    new.get_by_label("完成时限").fill(due.isoformat())
    new.get_by_label("要求").fill("每月5日前通报上月作出的无效宣告审查决定。")
    new.get_by_role("button", name="建立").click()
    expect(court.locator("#action-status")).to_have_text("未开始")
    expect(court.locator("#action-owner")).to_have_text("许嘉禾")
    expect(court.locator("#action-document")).to_contain_text(number)
    title = "北京市知识产权局定期通报专利无效宣告审查决定"

    # The office sees it on its open-items view; the meeting that decided it is one click away.
    office.goto("/consultation/actions/")
    row = office.locator("#action-items tr.action-row").filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("许嘉禾")
    expect(row).to_contain_text(due.isoformat())
    expect(row).to_contain_text("未开始")
    expect(row.get_by_role("link", name="北京市知识产权局与北京市高级人民法院例行会商")).to_be_visible()

    # The owner reports progress, then completes it with an evidence PDF.
    owner = open_as("e2e_bjipo_owner")
    owner.goto("/consultation/actions/")
    owner.locator("#action-items").get_by_role("link", name=title).click()
    progress = owner.locator("#action-progress-form")
    progress.get_by_label("进展情况").fill("已确定通报格式，首次通报正在准备。")
    progress.get_by_label("进度（%）").fill("40")
    progress.get_by_label("状态").select_option(label="推进中")
    progress.get_by_role("button", name="报告").click()
    expect(owner.locator("#action-status")).to_have_text("推进中")
    expect(owner.locator("#action-progress")).to_contain_text("40%")
    office.reload()
    expect(office.locator("#action-items tr.action-row").filter(has_text=title)).to_contain_text("推进中")

    complete = owner.locator("#action-complete-form")
    complete.get_by_label("完成情况").fill("已于本月5日首次通报，并建立每月通报机制。")
    complete.get_by_label("完成佐证").set_input_files({"name": "通报函.pdf", "mimeType": "application/pdf", "buffer": PDF})
    complete.get_by_role("button", name="标记为已完成").click()
    expect(owner.get_by_role("alert").filter(has_text="落实事项已完成")).to_be_visible()
    expect(owner.locator("#action-status")).to_have_text("已完成")
    expect(owner.locator("#action-updates")).to_contain_text("通报函.pdf")
    expect(owner.locator("#action-forms")).to_have_count(0)

    # It leaves the office's open-items view, and shows as done with that filter.
    office.reload()
    expect(office.locator("#action-items tr.action-row")).to_have_count(0)
    expect(office.locator("#action-items")).to_contain_text("没有符合条件的落实事项")
    office.locator("#action-filters").get_by_label("状态").select_option(label="已完成")
    office.locator("#action-filters").get_by_role("button", name="筛选").click()
    done = office.locator("#action-items tr.action-row").filter(has_text=title)
    expect(done).to_contain_text("已完成")
    expect(done).to_contain_text("100%")
    assert open_as.csp_refusals == []


def test_the_signed_hash_detects_a_change_behind_the_platform(people, open_as):
    from ipcollab.consultation.models import Version

    office, court = _schedule_and_hold(people, open_as)
    document, _number = _draft_review_sign(people, open_as, office, court)
    office.goto(f"/consultation/documents/{document.pk}/")
    expect(office.locator("#integrity-ok")).to_be_visible()

    # Someone changes the signed text in the database, behind the platform.
    signed = document.versions.get(number=2)
    Version.objects.filter(pk=signed.pk).update(text=signed.text.replace("每月", "每年"))

    office.reload()
    expect(office.locator("#integrity-ok")).to_have_count(0)
    problems = office.locator("#integrity-problems")
    expect(problems).to_contain_text("完整性校验未通过")
    expect(problems.locator("li[data-code='version_hash_mismatch']")).to_have_count(1)
    expect(problems.locator("li[data-code='signature_hash_mismatch']")).to_have_count(2)
    expect(office.locator("#document-text")).to_contain_text("每年向北京市高级人民法院通报")
