"""Meetings pages per role: list, new meeting, detail with its actions, materials; fixed query counts."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ipcollab.consultation import services
from ipcollab.consultation.models import AgendaItem, AgendaStatus, Attendee, Meeting, MeetingStatus

from .meetings_setup import in_days, meeting_of_court_a, office_liaison

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def _detail(m):
    return reverse("consultation:meeting_detail", args=[m.pk])


def _act(m, action):
    return reverse("consultation:meeting_action", args=[m.pk, action])


def test_list_shows_my_agencys_meetings_with_filters_and_counts(world, login):
    m = meeting_of_court_a(world)
    held = meeting_of_court_a(world, days=-40)
    services.hold_meeting(actor=world.liaison_a, meeting=held, held_on=timezone.localdate() - datetime.timedelta(days=40))
    page = login(world.examiner).get(reverse("consultation:meetings"))
    assert page.status_code == 200
    body = page.content.decode()
    assert m.title in body and 'id="meetings-upcoming"' in body
    assert "共 2 次会议" in body
    assert "安排会商会议" not in body  # an examiner does not organise
    only_held = login(world.examiner).get(reverse("consultation:meetings"), {"status": "held"}).content.decode()
    assert only_held.count(reverse("consultation:meeting_detail", args=[held.pk])) == 1
    assert reverse("consultation:meeting_detail", args=[m.pk]) not in only_held.split('id="meeting-rows"')[1]
    assert login(world.judge_b).get(reverse("consultation:meetings")).content.decode().count("共 0 次会议") == 1
    # bad filters are ignored, not a 500
    assert login(world.examiner).get(reverse("consultation:meetings"), {"organiser": "9" * 30, "year": "x", "status": "zzz"}).status_code == 200


def test_list_and_detail_refuse_external_users(world, login):
    m = meeting_of_court_a(world)
    assert login(world.external).get(reverse("consultation:meetings")).status_code == 403
    assert login(world.external).get(_detail(m)).status_code == 403


def test_new_meeting_form_schedules(world, login):
    client = login(world.liaison_a)
    assert client.get(reverse("consultation:meeting_new")).status_code == 200
    office_liaison(world)
    start = in_days(10)
    data = {
        "title": "专利授权确权标准会商",
        "kind": "special",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "",
        "video_link": "https://meet.example.cn/room/1",
        "participants": [str(world.office.pk)],
        "invited": [str(world.court_b.pk)],
        "people": [str(world.judge_a.pk)],
        "guests": "t-office，钱处长，处长",
    }
    response = client.post(reverse("consultation:meeting_new"), data)
    assert response.status_code == 302
    m = Meeting.objects.get(title="专利授权确权标准会商")
    assert m.kind == "special" and m.video_link.endswith("/room/1")
    assert dict(m.participants.values_list("agency_id", "signs")) == {world.court_a.pk: True, world.office.pk: True, world.court_b.pk: False}
    assert set(Attendee.objects.filter(meeting=m).values_list("name", flat=True)) == {"张法官", "钱处长"}


def test_new_meeting_form_shows_errors_without_writing(world, login):
    client = login(world.liaison_a)
    start = in_days(10)
    base = {"title": "会商", "kind": "regular", "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "participants": [str(world.office.pk)]}
    response = client.post(
        reverse("consultation:meeting_new"), {**base, "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "place": "x"}
    )
    assert response.status_code == 400 and "结束时间须晚于开始时间" in response.content.decode()
    response = client.post(reverse("consultation:meeting_new"), base)
    assert response.status_code == 400 and "请填写会议地点或视频会议链接" in response.content.decode()
    response = client.post(reverse("consultation:meeting_new"), {**base, "place": "x", "guests": "no-such-agency，某人"})
    assert response.status_code == 400 and "没有代码为" in response.content.decode()
    assert not Meeting.objects.exists()
    assert login(world.judge_a).get(reverse("consultation:meeting_new")).status_code == 403


def test_detail_per_role(world, login):
    m = meeting_of_court_a(world)
    organiser = login(world.liaison_a).get(_detail(m)).content.decode()
    assert 'id="hold-form"' in organiser and 'id="cancel-form"' in organiser and 'id="propose-form"' in organiser
    assert "钱处长" in organiser and "测试知识产权局" in organiser
    participant = login(office_liaison(world)).get(_detail(m)).content.decode()
    assert 'id="propose-form"' in participant and 'id="hold-form"' not in participant
    judge = login(world.judge_a).get(_detail(m)).content.decode()
    assert 'id="propose-form"' not in judge and 'id="hold-form"' not in judge
    assert login(world.judge_b).get(_detail(m)).status_code == 404
    assert login(world.judge_a).get(reverse("consultation:meeting_detail", args=[2**70])).status_code == 404


def test_propose_with_a_trend_decide_and_hold_through_the_pages(world, login):
    from ipcollab.proceedings.models import Proceeding

    for month, result in ((1, "all_invalid"), (1, "upheld"), (2, "partly_invalid")):
        Proceeding.objects.create(
            track="office",
            kind="patent_invalidation",
            stage="office",
            number=f"4W12{month}{result[:3]}",
            agency=world.office,
            filed_on=datetime.date(2025, 6, 1),
            status="closed",
            closed_on=datetime.date(2026, month, 15),
            result=result,
        )
    m = meeting_of_court_a(world)
    liaison = office_liaison(world)
    client = login(liaison)
    response = client.post(
        _act(m, "propose"),
        {"topic": "无效宣告决定的趋势", "background": "请讨论", "trend_code": "invalidation_decisions", "trend_start": "2026-01", "trend_end": "2026-03"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=m)
    assert item.trend["labels"] == ["2026-01", "2026-02", "2026-03"]
    assert {s["name"]: s["values"] for s in item.trend["series"]}["宣告专利权全部无效"] == [1, 0, 0]
    page = login(world.liaison_a).get(_detail(m)).content.decode()
    assert 'id="meeting-trends"' in page and "echarts.min.js" in page and f'data-item="{item.pk}"' in page
    assert "<script>" not in page.replace('<script id="meeting-trends" type="application/json">', "")
    assert 'style="' not in page
    data = json.loads(page.split('<script id="meeting-trends" type="application/json">')[1].split("</script>")[0])
    assert data[str(item.pk)]["labels"] == ["2026-01", "2026-02", "2026-03"]
    # a bad case number on the page: an error on the form, nothing written
    client = login(liaison)
    bad = client.post(_act(m, "propose"), {"topic": "坏案号", "proceedings": "（2026）京73民初号"})
    assert bad.status_code == 400 and "无法识别" in bad.content.decode()
    assert AgendaItem.objects.filter(meeting=m).count() == 1
    # the participant cannot decide (403); the organiser declines without a reason (400), then accepts
    assert client.post(_act(m, "decide"), {"item": item.pk, "accept": "1"}).status_code == 403
    organiser = login(world.liaison_a)
    assert organiser.post(_act(m, "decide"), {"item": item.pk, "accept": "0", "reason": ""}).status_code == 400
    assert organiser.post(_act(m, "decide"), {"item": item.pk, "accept": "1"}).status_code == 302
    assert organiser.post(_act(m, "decide"), {"item": 2**70, "accept": "1"}).status_code == 404
    judge = Attendee.objects.get(meeting=m, user=world.judge_a)
    response = organiser.post(
        _act(m, "hold"), {"held_on": timezone.localdate().isoformat(), "present": [str(judge.pk)], "discussed": [str(item.pk)], "summary": "达成共识"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    item.refresh_from_db()
    assert m.status == MeetingStatus.HELD and item.status == AgendaStatus.DISCUSSED
    assert dict(Attendee.objects.filter(meeting=m).values_list("name", "attended"))["张法官"] is True


def test_cancel_through_the_page_and_hold_a_cancelled_meeting(world, login):
    m = meeting_of_court_a(world)
    organiser = login(world.liaison_a)
    assert organiser.post(_act(m, "cancel"), {"reason": ""}).status_code == 400
    assert organiser.post(_act(m, "cancel"), {"reason": "改期"}).status_code == 302
    response = organiser.post(_act(m, "hold"), {"held_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED
    assert organiser.post(_act(m, "nonsense"), {}).status_code == 404


def test_materials_upload_and_download_for_participants_only(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    m = meeting_of_court_a(world)
    liaison = office_liaison(world)
    response = login(liaison).post(_act(m, "material"), {"title": "情况说明", "upload": SimpleUploadedFile("说明.pdf", PDF)})
    assert response.status_code == 302
    material = m.materials.get()
    url = reverse("consultation:meeting_material", args=[m.pk, material.pk])
    download = login(world.judge_a).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert login(world.judge_b).get(url).status_code == 404
    assert login(world.judge_a).get(reverse("consultation:meeting_material", args=[m.pk, material.pk + 1000])).status_code == 404
    bad = login(liaison).post(_act(m, "material"), {"title": "伪装", "upload": SimpleUploadedFile("x.pdf", b"GIF89a....")})
    assert bad.status_code == 400 and m.materials.count() == 1


def _fill(world, m, n):
    for i in range(n):
        item = services.propose_agenda_item(
            actor=world.liaison_a, meeting=m, topic=f"议题{i}", trend={"title": "t", "labels": ["a"], "series": [{"name": "s", "values": [i]}]}
        )
        services.decide_agenda_item(actor=world.liaison_a, item=item, accept=True)


def test_detail_and_list_pages_take_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.liaison_a)
    m = meeting_of_court_a(world)
    _fill(world, m, 1)
    meeting_of_court_a(world)
    counts = []
    for extra in (0, 5):
        if extra:
            _fill(world, m, extra)
            for _i in range(extra):
                meeting_of_court_a(world)
        with CaptureQueriesContext(connection) as detail:
            assert client.get(_detail(m)).status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("consultation:meetings")).status_code == 200
        counts.append((len(detail), len(listing)))
    assert counts[0] == counts[1], counts


def test_reschedule_and_reorder_through_the_page(world, login):
    m = meeting_of_court_a(world)
    a = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="甲")
    b = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="乙")
    organiser = login(world.liaison_a)
    assert organiser.post(_act(m, "move"), {"item": b.pk, "direction": "up"}).status_code == 302
    assert list(AgendaItem.objects.filter(meeting=m).order_by("position").values_list("topic", flat=True)) == ["乙", "甲"]
    assert organiser.post(_act(m, "move"), {"item": a.pk, "direction": "sideways"}).status_code == 400
    start = in_days(20)
    response = organiser.post(_act(m, "reschedule"), {"starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "", "video_link": ""})
    assert response.status_code == 400 and "请填写会议地点或视频会议链接" in response.content.decode()
    response = organiser.post(_act(m, "reschedule"), {"starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "乙会议室"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.place == "乙会议室" and m.starts_at == start
    assert login(office_liaison(world)).post(_act(m, "reschedule"), {"starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "x"}).status_code == 403
