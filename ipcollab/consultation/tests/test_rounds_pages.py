"""The comment-round pages per role: list, new (split preview with editable labels), detail
(comment, no comments, the drafter's consolidated table and responses), close, conclude, export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ipcollab.consultation import rounds
from ipcollab.consultation.models import CommentRound, DraftComment, RoundStatus
from ipcollab.core import attention

from .rounds_setup import DRAFT, D, fixed_today, on, open_round_of_court_a, people_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_list_shows_mine_and_invited_with_answer_counts(people, login):
    r = open_round_of_court_a(people)
    rounds.declare_no_comment(actor=people.liaison_b, round=r)
    page = login(people.examiner).get(reverse("consultation:rounds")).content.decode()
    assert "关于审理专利授权确权行政案件的规定" in page and "1 / 2" in page and "2026-12-10" in page
    assert "发起征求意见" not in page  # an examiner is no liaison
    page = login(people.liaison_a).get(reverse("consultation:rounds")).content.decode()
    assert "本单位起草" in page and reverse("consultation:round_new") in page
    other = login(people.judge_b).get(reverse("consultation:rounds") + "?status=closed").content.decode()
    assert "关于审理专利授权确权行政案件的规定" not in other


def test_new_round_preview_then_create_with_edited_labels(people, login):
    client = login(people.liaison_a)
    data = {
        "title": "商标审查审理标准（征求意见稿）",
        "draft_kind": "standard",
        "deadline": "2026-12-31",
        "invitees": [people.office.pk],
        "description": "",
        "text": DRAFT,
    }
    page = client.post(reverse("consultation:round_new"), {**data, "step": "preview"}).content.decode()
    assert 'name="article_label" value="第十二条之一"' in page and "共 5 条" in page
    assert not CommentRound.objects.exists()
    response = client.post(
        reverse("consultation:round_new"),
        {**data, "step": "create", "article_label": ["说明", "第一条", "第二条（修改）"], "article_text": ["序", "甲", "乙"]},
    )
    r = CommentRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultation:round_detail", args=[r.pk])
    assert list(r.articles.values_list("label", "text")) == [("说明", "序"), ("第一条", "甲"), ("第二条（修改）", "乙")]


def test_new_round_errors_stay_on_the_form(people, login):
    client = login(people.liaison_a)
    data = {"title": "草案", "draft_kind": "rule", "deadline": "2026-11-19", "invitees": [people.office.pk], "text": "第一条 甲", "step": "create"}
    page = client.post(reverse("consultation:round_new"), data).content.decode()
    assert "反馈截止日不能早于发出日期" in page
    page = client.post(reverse("consultation:round_new"), {**data, "deadline": "2026-12-01", "article_label": [""], "article_text": [""]}).content.decode()
    assert "缺少条文序号或条文" in page
    page = client.post(reverse("consultation:round_new"), {**data, "invitees": [str(2**70)]}).content.decode()
    assert "征求意见单位" in page
    assert not CommentRound.objects.exists()
    assert login(people.judge_a).get(reverse("consultation:round_new")).status_code == 403


def test_invitee_comments_and_sees_only_its_own_comments(people, login):
    r = open_round_of_court_a(people)
    third = r.articles.get(label="第三条")
    rounds.comment_on_draft(actor=people.liaison_b, round=r, body="乙院的意见", article=third)
    client = login(people.liaison_office)
    page = client.get(reverse("consultation:round_detail", args=[r.pk])).content.decode()
    assert "提交意见" in page and "回复无意见" in page
    assert "乙院的意见" not in page and "意见汇总及处理情况" not in page
    response = client.post(reverse("consultation:round_comment", args=[r.pk]), {"article": third.pk, "body": "局的意见", "proposed_text": "建议改为……"})
    assert response.status_code == 302
    page = client.get(reverse("consultation:round_detail", args=[r.pk])).content.decode()
    assert "局的意见" in page and "建议改为……" in page and "已提交意见" in page
    assert "回复无意见" not in page
    # a comment with an article id of another round is refused with a message
    client.post(reverse("consultation:round_comment", args=[r.pk]), {"article": 2**70, "body": "x"})
    assert DraftComment.objects.filter(agency=people.office).count() == 1


def test_comment_after_the_deadline_is_refused_with_a_message(people, login):
    r = open_round_of_court_a(people)
    with on(D(2026, 12, 11)):
        client = login(people.liaison_office)  # the session is as old as the clock says
        response = client.post(reverse("consultation:round_comment", args=[r.pk]), {"body": "迟到"}, follow=True)
    assert "征求意见已截止" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_no_comment_button(people, login):
    r = open_round_of_court_a(people)
    client = login(people.liaison_office)
    assert client.post(reverse("consultation:round_no_comment", args=[r.pk])).status_code == 302
    page = client.get(reverse("consultation:round_detail", args=[r.pk])).content.decode()
    assert "已回复无意见" in page


def test_drafter_answers_in_the_consolidated_table_then_concludes_and_exports(people, login):
    r = open_round_of_court_a(people)
    c = rounds.comment_on_draft(actor=people.liaison_office, round=r, body="局的意见", article=r.articles.get(label="第一条"))
    rounds.comment_on_draft(actor=people.liaison_b, round=r, body="乙院的总体意见")
    client = login(people.liaison_a)
    page = client.get(reverse("consultation:round_detail", args=[r.pk])).content.decode()
    assert "意见汇总及处理情况" in page and "局的意见" in page and "乙院的总体意见" in page and "提交意见" not in page
    client.post(reverse("consultation:round_respond", args=[c.pk]), {"response": "not_adopted", "response_text": ""})
    c.refresh_from_db()
    assert c.response == ""
    client.post(reverse("consultation:round_respond", args=[c.pk]), {"response": "not_adopted", "response_text": "与专利法第二十二条不一致"})
    c.refresh_from_db()
    assert c.response == "not_adopted"
    response = client.post(reverse("consultation:round_conclude", args=[r.pk]), follow=True)
    assert "尚有1条反馈意见未作处理" in response.content.decode()
    other = DraftComment.objects.get(agency=people.court_b)
    client.post(reverse("consultation:round_respond", args=[other.pk]), {"response": "adopted", "response_text": ""})
    client.post(reverse("consultation:round_close", args=[r.pk]))
    assert CommentRound.objects.get().status == RoundStatus.CLOSED
    client.post(reverse("consultation:round_conclude", args=[r.pk]))
    assert CommentRound.objects.get().status == RoundStatus.CONCLUDED
    export = client.get(reverse("consultation:round_export", args=[r.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    values = [v for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for v in row if v]
    assert "与专利法第二十二条不一致" in values and "未采纳" in values and "采纳" in values
    # the invited office does not download the drafter's table
    assert login(people.liaison_office).get(reverse("consultation:round_export", args=[r.pk])).status_code == 403


def test_home_attention_for_invitee_and_drafter(people):
    r = open_round_of_court_a(people)
    titles = [a.title for a in attention.items_for(people.liaison_office)]
    assert "征求意见待本单位反馈" in titles
    rounds.comment_on_draft(actor=people.liaison_office, round=r, body="意见")
    assert "征求意见待本单位反馈" not in [a.title for a in attention.items_for(people.liaison_office)]
    items = {a.title: a.count for a in attention.items_for(people.liaison_a)}
    assert items.get("征求意见的反馈意见待处理") == 1
    assert "征求意见的反馈意见待处理" not in [a.title for a in attention.items_for(people.judge_a)]


def test_the_sweep_task_runs(people):
    from ipcollab.consultation.tasks_rounds import sweep_comment_rounds

    open_round_of_court_a(people, deadline=D(2026, 11, 19), opened_on=D(2026, 11, 1))
    result = sweep_comment_rounds.enqueue()
    assert result.return_value == {"closed": 1, "reminded": 0}
    assert CommentRound.objects.get().status == RoundStatus.CLOSED
