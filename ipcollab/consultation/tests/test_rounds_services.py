"""Comment rounds on drafts (征求意见): splitting, opening, commenting at the deadline's edges,
"no comments", the drafter's responses, closing, concluding, the daily sweep, reach."""

import io

import pytest
from openpyxl import load_workbook

from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import export_rounds, rounds
from ipcollab.consultation.models import CommentRound, DraftComment, RoundInvitee, RoundStatus
from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification

from .rounds_setup import DRAFT, D, fixed_today, on, open_round_of_court_a, people_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_split_articles_on_chinese_numerals():
    parts = rounds.split_articles(DRAFT)
    assert [label for label, _ in parts] == ["序言", "第一条", "第二条", "第三条", "第十二条之一"]
    assert parts[0][1] == "关于审理专利授权确权行政案件的规定（征求意见稿）"
    # the chapter heading goes with the article after it; a reference to 第一条 inside a line does not split
    assert parts[1][1].startswith("第一章 一般规定\n为正确审理")
    assert parts[3][1].startswith("第二章 权利要求的解释\n人民法院应当")
    assert parts[3][1].endswith("依照第一条的规定，说明书可以用于解释权利要求。")
    assert rounds.split_articles("一段没有条文序号的文字") == [("全文", "一段没有条文序号的文字")]
    assert rounds.split_articles("  \n ") == []
    # full-width space after the label, CRLF line ends
    assert rounds.split_articles("第一百零一条\u3000甲\r\n第一百零二条 乙") == [("第一百零一条", "甲"), ("第一百零二条", "乙")]


def test_open_round_creates_articles_invitees_audit_and_notifies_liaisons(people):
    r = open_round_of_court_a(people)
    assert r.drafting_agency == people.court_a and r.status == RoundStatus.OPEN
    assert list(r.articles.values_list("position", "label")) == [(1, "序言"), (2, "第一条"), (3, "第二条"), (4, "第三条"), (5, "第十二条之一")]
    assert set(r.invitees.values_list("agency_id", flat=True)) == {people.office.pk, people.court_b.pk}
    assert AuditEvent.objects.filter(action="consultation.round_open", object_id=str(r.pk)).count() == 1
    notified = set(Notification.objects.filter(code="consultation.round_open").values_list("recipient_id", flat=True))
    assert notified == {people.liaison_office.pk, people.liaison_b.pk}


def test_open_round_takes_label_text_pairs_and_drops_the_drafting_agency_from_invitees(people):
    r = open_round_of_court_a(people, text=[("第一条", "甲"), ("第二条", "乙")], invitees=[people.court_a, people.office, people.office])
    assert list(r.articles.values_list("label", "text")) == [("第一条", "甲"), ("第二条", "乙")]
    assert list(r.invitees.values_list("agency_id", flat=True)) == [people.office.pk]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"deadline": D(2026, 11, 19), "opened_on": D(2026, 11, 20)}, "comment_round_deadline_invalid"),
        ({"text": ""}, "comment_round_no_articles"),
        ({"text": [("第一条", "")]}, "comment_round_no_articles"),
        ({"invitees": []}, "comment_round_no_invitees"),
        ({"invitees": ["people.court_a"]}, "comment_round_no_invitees"),
    ],
)
def test_open_round_refuses_bad_input_and_writes_nothing(people, kwargs, code):
    if kwargs.get("invitees") == ["people.court_a"]:
        kwargs = {"invitees": [people.court_a]}
    with pytest.raises(ServiceError) as exc:
        open_round_of_court_a(people, **kwargs)
    assert exc.value.code == code
    assert not CommentRound.objects.exists()


def test_a_deadline_on_the_opening_day_is_allowed(people):
    r = open_round_of_court_a(people, deadline=D(2026, 11, 20), opened_on=D(2026, 11, 20))
    assert r.deadline == r.opened_on


def test_only_a_liaison_or_admin_opens_a_round(people):
    with pytest.raises(PermissionDenied):
        rounds.open_round(actor=people.judge_a, title="草案", draft_kind="rule", deadline=D(2026, 12, 1), invitees=[people.office], articles="第一条 甲")
    with pytest.raises(ServiceError) as exc:
        rounds.open_round(actor=people.admin_a, title="草案", draft_kind="nonsense", deadline=D(2026, 12, 1), invitees=[people.office], articles="第一条 甲")
    assert exc.value.code == "invalid" and "draft_kind" in exc.value.fields


def test_comment_on_the_deadline_day_is_accepted_and_the_day_after_refused(people):
    r = open_round_of_court_a(people)
    article = r.articles.get(label="第三条")
    with on(D(2026, 12, 10), hour=23):
        c = rounds.comment_on_draft(actor=people.liaison_office, round=r, body="建议明确通常理解的判断主体。", article=article, proposed_text="……")
    assert c.agency == people.office and c.article == article
    with on(D(2026, 12, 11), hour=0), pytest.raises(ServiceError) as exc:
        rounds.comment_on_draft(actor=people.liaison_office, round=r, body="迟到的意见")
    assert exc.value.code == "comment_round_closed"
    assert DraftComment.objects.count() == 1


def test_no_comment_after_close_and_not_by_an_agency_not_invited(people):
    r = open_round_of_court_a(people, invitees=[people.office])
    # court B is not invited: the round is out of its reach
    with pytest.raises(NotFound):
        rounds.get_round(people.liaison_b, r.pk)
    with pytest.raises(PermissionDenied):
        rounds.comment_on_draft(actor=people.liaison_b, round=r, body="意见")
    # the drafting agency itself does not comment; an examiner of the office is no liaison
    with pytest.raises(PermissionDenied):
        rounds.comment_on_draft(actor=people.liaison_a, round=r, body="意见")
    with pytest.raises(PermissionDenied):
        rounds.comment_on_draft(actor=people.examiner, round=r, body="意见")
    rounds.close_round(actor=people.liaison_a, round=r)
    with pytest.raises(ServiceError) as exc:
        rounds.comment_on_draft(actor=people.liaison_office, round=r, body="意见")
    assert exc.value.code == "comment_round_closed"
    with pytest.raises(ServiceError) as exc:
        rounds.declare_no_comment(actor=people.liaison_office, round=r)
    assert exc.value.code == "comment_round_closed"
    assert not DraftComment.objects.exists()


def test_comment_needs_a_body_and_an_article_of_this_round(people):
    r = open_round_of_court_a(people)
    other = open_round_of_court_a(people, text="第一条 另一部草案")
    with pytest.raises(ServiceError) as exc:
        rounds.comment_on_draft(actor=people.liaison_office, round=r, body="  ")
    assert exc.value.code == "required"
    with pytest.raises(ServiceError) as exc:
        rounds.comment_on_draft(actor=people.liaison_office, round=r, body="意见", article=other.articles.get())
    assert "article" in exc.value.fields


def test_system_account_of_an_invited_agency_comments(people):
    r = open_round_of_court_a(people, invitees=[people.office])
    c = rounds.comment_on_draft(actor=people.system, round=r, body="系统推送的意见")
    assert c.agency == people.office


def test_no_comment_then_comment_and_no_comment_after_commenting(people):
    r = open_round_of_court_a(people)
    invitee = rounds.declare_no_comment(actor=people.liaison_b, round=r)
    first = invitee.no_comment_at
    assert rounds.declare_no_comment(actor=people.liaison_b, round=r).no_comment_at == first  # idempotent
    rounds.comment_on_draft(actor=people.liaison_b, round=r, body="又有意见")
    assert RoundInvitee.objects.get(round=r, agency=people.court_b).no_comment_at is None
    with pytest.raises(ServiceError) as exc:
        rounds.declare_no_comment(actor=people.liaison_b, round=r)
    assert exc.value.code == "comment_round_state"


def test_responses_update_until_concluded(people):
    r = open_round_of_court_a(people)
    c = rounds.comment_on_draft(actor=people.liaison_office, round=r, body="意见一", article=r.articles.get(label="第一条"))
    with pytest.raises(PermissionDenied):
        rounds.respond_to_draft_comment(actor=people.liaison_office, comment=c, response="adopted", response_text="")
    with pytest.raises(ServiceError) as exc:
        rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c, response="not_adopted", response_text="")
    assert exc.value.code == "required"
    with pytest.raises(ServiceError) as exc:
        rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c, response="maybe", response_text="x")
    assert exc.value.code == "invalid"
    with pytest.raises(ServiceError) as exc:
        rounds.conclude_round(actor=people.liaison_a, round=r)
    assert exc.value.code == "comment_round_unanswered"
    rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c, response="not_adopted", response_text="与上位法不一致。")
    c = rounds.respond_to_draft_comment(actor=people.admin_a, comment=c, response="partly", response_text="部分吸收。")
    assert (c.response, c.response_text, c.responded_by) == ("partly", "部分吸收。", people.admin_a)
    r = rounds.conclude_round(actor=people.liaison_a, round=r)
    assert r.status == RoundStatus.CONCLUDED and r.closed_at is not None
    with pytest.raises(ServiceError) as exc:
        rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c, response="adopted", response_text="")
    assert exc.value.code == "comment_round_state"
    assert DraftComment.objects.get().response == "partly"
    with pytest.raises(ServiceError) as exc:
        rounds.close_round(actor=people.liaison_a, round=r)
    assert exc.value.code == "comment_round_state"


def test_close_round_only_by_the_drafter(people):
    r = open_round_of_court_a(people)
    with pytest.raises(PermissionDenied):
        rounds.close_round(actor=people.liaison_office, round=r)
    with pytest.raises(PermissionDenied):
        rounds.close_round(actor=people.judge_a, round=r)
    assert rounds.close_round(actor=people.admin_a, round=r).status == RoundStatus.CLOSED


def test_reach_and_attention_queries(people):
    r = open_round_of_court_a(people, invitees=[people.office])
    assert list(rounds.rounds_for(people.judge_a)) == [r]
    assert list(rounds.rounds_for(people.examiner)) == [r]
    assert list(rounds.rounds_for(people.platform_admin)) == [r]
    assert list(rounds.rounds_for(people.judge_b)) == []
    assert list(rounds.rounds_for(people.external)) == []
    with pytest.raises(NotFound):
        rounds.get_round(people.judge_a, 2**70)
    assert list(rounds.awaiting_comments(people.liaison_office)) == [r]
    assert list(rounds.awaiting_comments(people.liaison_a)) == []
    c = rounds.comment_on_draft(actor=people.liaison_office, round=r, body="意见")
    assert list(rounds.awaiting_comments(people.liaison_office)) == []
    assert list(rounds.awaiting_responses(people.liaison_a)) == [c]
    assert rounds.answered_counts([r]) == {r.pk: (1, 1)}


def test_sweep_closes_after_the_deadline_and_reminds_silent_invitees_once(people):
    r = open_round_of_court_a(people, deadline=D(2026, 12, 10))
    rounds.declare_no_comment(actor=people.liaison_b, round=r)
    assert rounds.remind_invitees(D(2026, 12, 6)) == 0  # four days before: not yet
    assert rounds.remind_invitees(D(2026, 12, 7)) == 1  # three days before: the office only
    assert rounds.remind_invitees(D(2026, 12, 8)) == 0  # once
    reminder = Notification.objects.get(code="consultation.round_reminder")
    assert reminder.recipient == people.liaison_office
    assert rounds.close_overdue_rounds(D(2026, 12, 10)) == 0  # the deadline day is still open
    assert rounds.close_overdue_rounds(D(2026, 12, 11)) == 1
    assert rounds.close_overdue_rounds(D(2026, 12, 11)) == 0
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED
    assert AuditEvent.objects.filter(action="consultation.round_close_overdue", object_id=str(r.pk)).count() == 1


def test_reminder_falls_back_to_role_liaisons_and_prefers_designations(people):
    from ipcollab.orgs.models import LiaisonDesignation

    LiaisonDesignation.objects.create(agency=people.office, person=people.examiner, phone="010-1", email="e@example.cn", valid_from=D(2026, 1, 1))
    r = open_round_of_court_a(people, deadline=D(2026, 11, 22))
    assert {p.pk for p in rounds.liaisons_of([people.office.pk, people.court_b.pk])} == {people.examiner.pk, people.liaison_b.pk}
    assert rounds.remind_invitees(D(2026, 11, 20)) == 2
    assert set(Notification.objects.filter(code="consultation.round_reminder").values_list("recipient_id", flat=True)) == {
        people.examiner.pk,
        people.liaison_b.pk,
    }
    assert r.pk


def test_xlsx_export_reads_back(people):
    r = open_round_of_court_a(people)
    c1 = rounds.comment_on_draft(actor=people.liaison_office, round=r, body="建议删除", article=r.articles.get(label="第三条"), proposed_text="删除第二款")
    rounds.comment_on_draft(actor=people.liaison_b, round=r, body="总体赞成")
    rounds.respond_to_draft_comment(actor=people.liaison_a, comment=c1, response="explained", response_text="该款系解释规则。")
    wb = load_workbook(io.BytesIO(export_rounds.workbook_bytes(r)))
    ws = wb.active
    rows = [[cell for cell in row] for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "《关于审理专利授权确权行政案件的规定》征求意见汇总表"
    facts = {row[0]: row[1] for row in rows[1:9]}
    assert facts["起草单位"] == "测试甲高级人民法院"
    assert facts["反馈截止日"] == "2026-12-10"
    assert facts["草案类别"] == "司法解释"
    assert facts["生成时间"].startswith("2026-11-20")
    header = rows.index(["序号", "条文", "条文内容", "提出单位", "意见", "修改建议", "采纳情况", "处理理由", "处理人"])
    table = rows[header + 1 :]
    assert table[0][:7] == [1, "总体意见", None, "测试乙高级人民法院", "总体赞成", None, "待处理"]
    assert table[1][1] == "第三条" and table[1][3] == "测试知识产权局" and table[1][5] == "删除第二款"
    assert table[1][6:] == ["已作说明", "该款系解释规则。", "王联络"]
    assert ws.column_dimensions["E"].width == 45
    assert ws.freeze_panes == f"A{header + 2}"
    assert ws.cell(row=header + 2, column=5).font.name == "SimSun"
