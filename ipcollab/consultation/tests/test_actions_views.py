"""The action-item pages end to end: the open-items list (defaults, filters, overdue first and
marked, per-agency summary, bounded queries), the per-meeting view and include, a new item from a
consensus item with its refusals shown on the form, the detail with the writes and the evidence."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from conftest import make_user
from ipcollab.consultation import action_selectors, actions
from ipcollab.consultation.access_matrix_actions import HELD_ON, action_item, signed_consensus_item
from ipcollab.consultation.models import ActionItem, ActionStatus, ActionUpdate

D = datetime.date
PDF = b"%PDF-1.4\n% evidence\n"


def _items(world, n, start=0, **kwargs):
    ci = signed_consensus_item(world, number=f"测纪要〔2026〕第{start + 10}期")
    today = actions.today()
    return [
        ActionItem.objects.create(
            consensus_item=ci,
            document=ci.document,
            meeting=ci.document.meeting,
            agency=ci.responsible_agency,
            owner=world.examiner,
            title=f"事项{start + i}",
            due_on=today + datetime.timedelta(days=i - n // 2),
            **kwargs,
        )
        for i in range(n)
    ]


def test_default_list_is_my_agencys_open_items_overdue_first(world, login):
    items = _items(world, 6)
    ActionItem.objects.filter(pk=items[-1].pk).update(status=ActionStatus.DONE)
    page = login(world.examiner).get(reverse("consultation:actions"))
    assert page.status_code == 200
    shown = [a.pk for a in page.context["actions"]]
    assert items[-1].pk not in shown
    overdue = [a.pk for a in page.context["actions"] if a.is_overdue]
    assert overdue == [items[0].pk, items[1].pk, items[2].pk]
    assert shown[:3] == overdue
    html = page.content.decode()
    assert html.count("action-overdue") == 3
    summary = {row["agency_id"]: row for row in page.context["summary"]}
    assert summary[world.office.pk]["overdue"] == 3
    assert summary[world.office.pk]["open"] == 2
    assert summary[world.office.pk]["done"] == 1


def test_court_staff_default_is_their_own_agency_but_they_can_filter_the_office(world, login):
    _items(world, 3)
    client = login(world.judge_a)
    page = client.get(reverse("consultation:actions"))
    assert list(page.context["actions"]) == []
    page = client.get(reverse("consultation:actions"), {"agency": world.office.pk, "status": "active"})
    assert len(page.context["actions"]) == 3
    assert page.context["summary"][0]["agency_id"] == world.office.pk


def test_filters(world, login):
    items = _items(world, 6)
    other = make_user("t_examiner2", world.office, ["examiner"])
    ActionItem.objects.filter(pk=items[4].pk).update(owner=other, status=ActionStatus.IN_PROGRESS)
    client = login(world.examiner)
    url = reverse("consultation:actions")
    today = actions.today()

    def pks(**query):
        return {a.pk for a in client.get(url, query).context["actions"]}

    assert pks(owner=other.pk) == {items[4].pk}
    assert pks(status="in_progress") == {items[4].pk}
    assert pks(overdue="1") == {items[0].pk, items[1].pk, items[2].pk}
    assert pks(due_after=today.isoformat()) == {items[3].pk, items[4].pk, items[5].pk}
    assert pks(due_before=(today - datetime.timedelta(days=2)).isoformat()) == {items[0].pk, items[1].pk}
    assert pks(meeting=items[0].meeting_id) == {i.pk for i in items}
    # an agency without items in reach is no choice: the form says so and the defaults apply
    page = client.get(url, {"agency": world.court_b.pk})
    assert "agency" in page.context["form"].errors
    assert {a.pk for a in page.context["actions"]} == {i.pk for i in items}
    # a bad filter is not an error: the defaults apply
    assert client.get(url, {"due_before": "2026-13-45"}).status_code == 200
    assert client.get(url, {"owner": "99999999999999999999999"}).status_code == 200


def test_list_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries):
    _items(world, 3)
    client = login(world.examiner)
    url = reverse("consultation:actions")
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    _items(world, 40, start=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["actions"]) == 43


def test_meeting_view_and_include(world, login):
    item = action_item(world)
    page = login(world.judge_a).get(reverse("consultation:actions_meeting", args=[item.meeting_id]))
    assert page.status_code == 200
    assert item.title in page.content.decode()
    html = render_to_string("consultation/actions_for_meeting.html", {"actions": action_selectors.actions_for_meeting(world.judge_a, item.meeting)})
    assert reverse("consultation:action_detail", args=[item.pk]) in html
    assert login(world.judge_b).get(reverse("consultation:actions_meeting", args=[item.meeting_id])).status_code == 404


def test_detail_links_the_meeting_and_the_document(world, login):
    item = action_item(world)
    html = login(world.examiner).get(reverse("consultation:action_detail", args=[item.pk])).content.decode()
    assert item.meeting.title in html
    assert reverse("consultation:meeting_detail", args=[item.meeting_id]) in html
    assert item.document.number in html
    assert reverse("consultation:document_detail", args=[item.document_id]) in html
    assert item.consensus_item.text.splitlines()[0] in html
    assert 'id="action-progress-form"' in html
    assert 'id="action-reassign-form"' not in html  # the owner may not reassign


def test_new_item_from_a_consensus_item(world, login):
    ci = signed_consensus_item(world)
    client = login(world.admin_a)
    url = reverse("consultation:action_new", args=[ci.pk])
    page = client.get(url)
    assert page.status_code == 200
    owners = {int(v) for v, _label in page.context["form"].fields["owner"].choices if v}
    assert world.examiner.pk in owners and world.judge_a.pk not in owners
    response = client.post(url, {"owner": world.examiner.pk, "due_on": HELD_ON.isoformat(), "title": "建立机制", "description": "每月通报"})
    item = ActionItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultation:action_detail", args=[item.pk])
    assert (item.owner_id, item.due_on, item.title, item.description) == (world.examiner.pk, HELD_ON, "建立机制", "每月通报")


@pytest.mark.parametrize(
    "data, field, text",
    [
        ({"owner": "", "due_on": "2026-12-31"}, "owner", "请指定责任人"),
        ({"owner": "JUDGE", "due_on": "2026-12-31"}, "owner", ""),
        ({"owner": "EXAMINER", "due_on": "2026-03-09"}, "due_on", "不能早于"),
        ({"owner": "EXAMINER", "due_on": "tomorrow"}, "due_on", ""),
    ],
)
def test_new_item_refusals_show_on_the_form(world, login, data, field, text):
    ci = signed_consensus_item(world)
    data = {**data, "owner": {"JUDGE": world.judge_a.pk, "EXAMINER": world.examiner.pk}.get(data["owner"], data["owner"])}
    response = login(world.admin_a).post(reverse("consultation:action_new", args=[ci.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert text in " ".join(response.context["form"].errors[field])
    assert not ActionItem.objects.exists()


def test_new_item_from_an_unsigned_document_is_refused_on_the_form(world, login):
    ci = signed_consensus_item(world, status="review")
    response = login(world.admin_a).post(reverse("consultation:action_new", args=[ci.pk]), {"owner": world.examiner.pk, "due_on": "2026-12-31"})
    assert response.status_code == 400
    assert "尚未完成会签" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_ids_beyond_bigint_are_404(world, login):
    client = login(world.admin_a)
    assert client.get(reverse("consultation:action_new", args=[2**63])).status_code == 404
    assert client.get(reverse("consultation:action_detail", args=[2**64])).status_code == 404
    assert client.get(reverse("consultation:action_evidence", args=[2**64])).status_code == 404


def test_progress_with_evidence_then_download(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = action_item(world)
    client = login(world.examiner)
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("consultation:action_progress", args=[item.pk]), {"note": "已起草", "progress": "60", "status": "in_progress", "evidence": upload}
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(item=item)
    assert update.evidence_name == "方案.pdf"
    download = login(world.judge_a).get(reverse("consultation:action_evidence", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert login(world.judge_b).get(reverse("consultation:action_evidence", args=[update.pk])).status_code == 404


def test_bad_progress_and_bad_evidence_change_nothing(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = action_item(world)
    client = login(world.examiner)
    url = reverse("consultation:action_progress", args=[item.pk])
    assert client.post(url, {"note": "超过", "progress": "101", "status": "in_progress"}).status_code == 302
    fake = SimpleUploadedFile("方案.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url, {"note": "假文件", "progress": "10", "status": "in_progress", "evidence": fake}, follow=True)
    assert "只接受PDF" in response.content.decode()
    item.refresh_from_db()
    assert item.progress == 0 and not ActionUpdate.objects.exists()


def test_complete_reassign_extend_cancel_through_the_pages(world, login):
    item = action_item(world)
    admin = login(world.platform_admin)
    assert admin.post(reverse("consultation:action_reassign", args=[item.pk]), {"owner": world.handler.pk}).status_code == 302
    assert admin.post(reverse("consultation:action_extend", args=[item.pk]), {"due_on": "2027-03-31", "reason": "协调"}).status_code == 302
    item.refresh_from_db()
    assert (item.owner_id, item.due_on) == (world.handler.pk, D(2027, 3, 31))
    assert login(world.handler).post(reverse("consultation:action_complete", args=[item.pk]), {"note": "已完成"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    response = login(world.admin_a).post(reverse("consultation:action_cancel", args=[item.pk]), {"reason": "已完成不能撤销"}, follow=True)
    assert "已完成或已撤销" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE


def test_attention_items(world, login):
    today = actions.today()
    action_item(world, due_on=today + datetime.timedelta(days=3))
    action_item(world, due_on=today - datetime.timedelta(days=1), number="测纪要〔2026〕第3期")
    from ipcollab.core import attention

    titles = {a.title: a.count for a in attention.items_for(world.examiner)}
    assert titles["本单位的落实事项已逾期"] == 1
    assert titles["我负责的落实事项7日内到期"] == 1
    assert "本单位的落实事项已逾期" not in {a.title for a in attention.items_for(world.judge_a)}


def test_detail_forms_per_role(world, login):
    item = action_item(world)
    url = reverse("consultation:action_detail", args=[item.pk])
    forms = ("action-progress-form", "action-complete-form", "action-reassign-form", "action-extend-form", "action-cancel-form")

    def shown(user):
        html = login(user).get(url).content.decode()
        return {f for f in forms if f'id="{f}"' in html}

    assert shown(world.examiner) == {"action-progress-form", "action-complete-form"}  # the owner
    assert shown(world.admin_a) == {"action-extend-form", "action-cancel-form"}  # the drafting agency's admin
    assert shown(world.platform_admin) == set(forms)
    assert shown(world.judge_a) == set()  # sees it (a participant) but acts on nothing
    assert login(world.judge_b).get(url).status_code == 404
    assert login(world.external).get(url).status_code == 404
    actions.complete_action(actor=world.examiner, item=item, note="完成")
    assert shown(world.platform_admin) == set()  # done: nothing more to do


def test_detail_forms_have_distinct_ids_so_each_label_names_its_own_control(world, login):
    """Five forms on one page share field names (note, evidence, reason): each form's controls carry
    their own ids, so a label (and a screen reader, and a click on it) reaches the right control."""
    item = action_item(world)
    html = login(world.platform_admin).get(reverse("consultation:action_detail", args=[item.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for form, control in (("progress", "note"), ("complete", "note"), ("complete", "evidence"), ("extend", "reason"), ("cancel", "reason")):
        assert f'for="{form}-{control}"' in html and f'id="{form}-{control}"' in html
