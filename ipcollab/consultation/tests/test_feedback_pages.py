"""The standards-feedback pages per role: list, new (proceedings by number in reach), detail with
the linked proceedings' outcomes, discussion, proposing to a meeting, resolving, closing."""

import pytest
from django.urls import reverse

from ipcollab.consultation import feedback as fb
from ipcollab.consultation.models import FeedbackStatus, StandardsFeedback
from ipcollab.core import attention

from .rounds_setup import fixed_today, people_fixture  # noqa: F401
from .test_feedback_services import cases_fixture, meeting, raise_one, signed_guidance  # noqa: F401

pytestmark = pytest.mark.django_db


def test_new_feedback_finds_proceedings_by_number(cases, login):
    client = login(cases.liaison_a)
    data = {
        "title": "公知常识的举证",
        "area": "patent_validity",
        "counterpart": cases.office.pk,
        "description": "法院撤销了无效决定。",
        "administrative_standard": "",
        "judicial_standard": "",
        "numbers": "（2026）京73行初1号\n（2026）京73行初99号",
    }
    page = client.post(reverse("consultation:feedback_new"), data).content.decode()
    assert "在您可见的范围内没有该案件：（2026）京73行初99号" in page
    assert not StandardsFeedback.objects.exists()
    response = client.post(reverse("consultation:feedback_new"), {**data, "numbers": "（2026）京73行初1号，4W112233"})
    f = StandardsFeedback.objects.get()
    assert response["Location"] == reverse("consultation:feedback_detail", args=[f.pk])
    assert set(f.proceedings.values_list("number", flat=True)) == {"（2026）京73行初1号", "4W112233"}
    page = client.post(reverse("consultation:feedback_new"), {**data, "numbers": "", "counterpart": str(2**70)}).content.decode()
    assert "对口单位" in page and StandardsFeedback.objects.count() == 1
    assert login(cases.judge_a).get(reverse("consultation:feedback_new")).status_code == 403


def test_detail_shows_outcomes_discussion_and_actions(cases, login):
    f = raise_one(cases)
    m = meeting(cases)
    client = login(cases.liaison_office)
    page = client.get(reverse("consultation:feedback_detail", args=[f.pk])).content.decode()
    assert "撤销被诉决定" in page and "宣告专利权全部无效" in page and "4W112233" in page
    assert "提交会商议题" in page and m.title in page
    client.post(reverse("consultation:feedback_discuss", args=[f.pk]), {"body": "我局的意见"})
    page = client.get(reverse("consultation:feedback_detail", args=[f.pk])).content.decode()
    assert "我局的意见" in page and "讨论中" in page
    client.post(reverse("consultation:feedback_propose", args=[f.pk]), {"meeting": m.pk, "background": ""})
    f.refresh_from_db()
    assert f.status == FeedbackStatus.ON_AGENDA
    page = client.get(reverse("consultation:feedback_detail", args=[f.pk])).content.decode()
    assert reverse("consultation:meeting_detail", args=[m.pk]) in page
    assert reverse("consultation:feedback_propose", args=[f.pk]) not in page
    # an examiner sees the record but no forms
    page = login(cases.examiner).get(reverse("consultation:feedback_detail", args=[f.pk])).content.decode()
    assert "撤销被诉决定" in page and "发送" not in page


def test_resolve_through_the_page_links_the_guidance(cases, login):
    f = raise_one(cases)
    doc = signed_guidance(cases)
    client = login(cases.liaison_a)
    response = client.post(reverse("consultation:feedback_resolve", args=[f.pk]), {"document": doc.pk, "resolution": "已统一。"})
    assert response.status_code == 302
    page = client.get(reverse("consultation:feedback_detail", args=[f.pk])).content.decode()
    assert "已解决" in page and reverse("consultation:document_detail", args=[doc.pk]) in page and "法知会〔2026〕3号" in page


def test_close_through_the_page_and_the_list_filters(cases, login):
    f = raise_one(cases)
    other = raise_one(cases, title="商标近似判断", area="trademark_validity", proceedings=[])
    client = login(cases.liaison_a)
    client.post(reverse("consultation:feedback_close", args=[f.pk]), {"reason": "个案问题"})
    assert StandardsFeedback.objects.get(pk=f.pk).status == FeedbackStatus.CLOSED
    page = client.get(reverse("consultation:feedback") + "?status=open").content.decode()
    assert other.title in page and f.title not in page
    page = client.get(reverse("consultation:feedback") + "?area=patent_validity").content.decode()
    assert f.title in page and other.title not in page
    assert f.title not in login(cases.judge_b).get(reverse("consultation:feedback")).content.decode()


def test_attention_for_the_counterpart(cases):
    f = raise_one(cases)
    assert "标准反馈待回应" in [a.title for a in attention.items_for(cases.liaison_office)]
    assert "标准反馈待回应" not in [a.title for a in attention.items_for(cases.liaison_a)]
    fb.discuss_feedback(actor=cases.liaison_office, feedback=f, body="收到")
    assert "标准反馈待回应" not in [a.title for a in attention.items_for(cases.liaison_office)]
