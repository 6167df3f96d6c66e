"""Meetings (会商) services at their edges: scheduling, agenda, holding, cancelling, materials."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_agency, make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import selectors, services
from ipcollab.consultation.models import AgendaItem, AgendaStatus, Attendee, Material, Meeting, MeetingStatus, Participant
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import LiaisonDesignation

from .meetings_setup import in_days, meeting_of_court_a, office_liaison

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _code(exc_info):
    return exc_info.value.code


# --- scheduling -----------------------------------------------------------------------------------


def test_schedule_adds_the_organiser_participants_and_people_and_tells_the_liaisons(world):
    liaison = office_liaison(world)
    m = meeting_of_court_a(world)
    rows = {p.agency_id: p for p in Participant.objects.filter(meeting=m)}
    assert rows[world.court_a.pk].role == "organiser" and rows[world.court_a.pk].signs
    assert rows[world.office.pk].role == "participant" and rows[world.office.pk].signs
    assert Attendee.objects.filter(meeting=m).count() == 3
    assert Attendee.objects.get(meeting=m, user=world.judge_a).name == "张法官"
    assert m.organiser == world.court_a and m.status == MeetingStatus.PLANNED
    note = Notification.objects.get(recipient=liaison, code="consultation.meeting.scheduled")
    assert m.title in note.title and str(m.pk) in note.link
    # the actor is not told of its own act
    assert not Notification.objects.filter(recipient=world.liaison_a).exists()
    assert AuditEvent.objects.filter(action="consultation.meeting.schedule", object_id=str(m.pk)).count() == 1


def test_designated_liaisons_are_told_before_role_holders(world):
    designated = make_user("m_designated", world.office, ["examiner"], full_name="指定联络人")
    office_liaison(world)
    LiaisonDesignation.objects.create(
        agency=world.office, person=designated, phone="010-1", email="d@example.cn", valid_from=timezone.localdate() - datetime.timedelta(days=3)
    )
    meeting_of_court_a(world)
    told = set(Notification.objects.filter(code="consultation.meeting.scheduled").values_list("recipient__username", flat=True))
    assert told == {"m_designated"}


def test_invited_agency_does_not_sign_unless_told(world):
    procuratorate = make_agency("m-proc", "测试甲人民检察院", "procuratorate", "provincial", world.court_a.region)
    police = make_agency("m-police", "测试甲公安厅", "public_security", "provincial", world.court_a.region)
    m = services.schedule_meeting(
        actor=world.liaison_a,
        title="专题会商",
        kind="special",
        starts_at=in_days(3),
        video_link="https://meet.example.cn/abc",
        participants=[
            {"agency": world.office, "role": "participant"},
            {"agency": procuratorate, "role": "invited"},
            {"agency": police, "role": "invited", "signs": True},
        ],
    )
    signs = dict(Participant.objects.filter(meeting=m).values_list("agency_id", "signs"))
    assert signs == {world.court_a.pk: True, world.office.pk: True, procuratorate.pk: False, police.pk: True}


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"ends_at": "before"}, ErrorCode.INVALID, "ends_at"),
        ({"place": "", "video_link": ""}, ErrorCode.MEETING_PLACE_REQUIRED, "place"),
        ({"video_link": "not a link"}, ErrorCode.INVALID, "video_link"),
        ({"participants": "twice"}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "participants"),
        ({"participants": "organiser"}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "participants"),
        ({"participants": []}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "participants"),
        ({"participants": "role"}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "participants"),
        ({"attendees": "outsider"}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "attendees"),
        ({"attendees": "wrong agency"}, ErrorCode.MEETING_PARTICIPANTS_INVALID, "attendees"),
        ({"title": "  "}, ErrorCode.INVALID, "title"),
        ({"kind": "weekly"}, ErrorCode.INVALID, "kind"),
        ({"agenda_deadline": "after"}, ErrorCode.INVALID, "agenda_deadline"),
    ],
)
def test_bad_meetings_are_refused_and_nothing_is_written(world, change, code, field):
    kwargs = {
        "actor": world.liaison_a,
        "title": "会商",
        "starts_at": in_days(5),
        "ends_at": in_days(5, 11),
        "place": "会议室",
        "participants": [{"agency": world.office, "role": "participant"}],
    }
    special = {
        "before": in_days(5, 8),
        "twice": [{"agency": world.office}, {"agency": world.office, "role": "invited"}],
        "organiser": [{"agency": world.court_a}],
        "role": [{"agency": world.office, "role": "organiser"}],
        "outsider": [{"agency": world.court_b, "user": world.judge_b}],
        "wrong agency": [{"agency": world.office, "user": world.judge_a}],
        "after": timezone.localdate() + datetime.timedelta(days=6),
    }
    for key, value in change.items():
        kwargs[key] = special.get(value, value) if isinstance(value, str) else value
    with pytest.raises(ServiceError) as exc:
        services.schedule_meeting(**kwargs)
    assert _code(exc) == code
    assert field in exc.value.fields
    assert not Meeting.objects.exists() and not Notification.objects.exists()


def test_only_a_liaison_or_admin_of_the_organiser_schedules(world):
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(actor=world.judge_a, title="会商", starts_at=in_days(5), place="会议室", participants=[{"agency": world.office}])
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(
            actor=world.liaison_a, organiser=world.court_b, title="会商", starts_at=in_days(5), place="会议室", participants=[{"agency": world.office}]
        )
    m = services.schedule_meeting(actor=world.admin_a, title="会商", starts_at=in_days(5), place="会议室", participants=[{"agency": world.office}])
    assert m.organiser == world.court_a


def test_reschedule_tells_the_participants_again(world):
    liaison = office_liaison(world)
    m = meeting_of_court_a(world)
    services.reschedule_meeting(actor=world.liaison_a, meeting=m, starts_at=in_days(9), place="新会议室")
    m.refresh_from_db()
    assert m.place == "新会议室" and m.ends_at is None
    assert Notification.objects.filter(recipient=liaison, code="consultation.meeting.rescheduled").count() == 1
    with pytest.raises(PermissionDenied):
        services.reschedule_meeting(actor=liaison, meeting=m, starts_at=in_days(9), place="x")


# --- agenda -------------------------------------------------------------------------------------------


def test_a_participant_proposes_and_the_organiser_is_told_and_decides(world):
    liaison = office_liaison(world)
    m = meeting_of_court_a(world)
    trend = {"title": "无效宣告决定", "unit": "件", "labels": ["2026-01", "2026-02"], "series": [{"name": "全部无效", "values": [3, 4]}]}
    item = services.propose_agenda_item(actor=liaison, meeting=m, topic="创造性判断标准的衔接", background="近期多件决定被撤销", trend=trend)
    assert item.proposed_by_agency == world.office and item.status == AgendaStatus.PROPOSED and item.position == 1
    assert item.trend["series"][0]["values"] == [3, 4]
    assert Notification.objects.filter(recipient=world.liaison_a, code="consultation.agenda.proposed").count() == 1
    assert list(selectors.awaiting_decision(world.liaison_a)) == [item]
    with pytest.raises(PermissionDenied):
        services.decide_agenda_item(actor=liaison, item=item, accept=True)
    with pytest.raises(ServiceError) as exc:
        services.decide_agenda_item(actor=world.liaison_a, item=item, accept=False)
    assert "reason" in exc.value.fields
    services.decide_agenda_item(actor=world.liaison_a, item=item, accept=False, reason="下次会议讨论")
    item.refresh_from_db()
    assert item.status == AgendaStatus.DECLINED and item.decision_note == "下次会议讨论"
    assert Notification.objects.filter(recipient=liaison, code="consultation.agenda.decided").count() == 1
    services.decide_agenda_item(actor=world.liaison_a, item=item, accept=True)
    item.refresh_from_db()
    assert item.status == AgendaStatus.ACCEPTED and not selectors.awaiting_decision(world.liaison_a).exists()


def test_proposing_outside_the_meeting_is_404_and_without_the_role_403(world):
    m = meeting_of_court_a(world)
    with pytest.raises(NotFound):
        services.propose_agenda_item(actor=world.admin_b, meeting=m, topic="x")
    with pytest.raises(PermissionDenied):
        services.propose_agenda_item(actor=world.examiner, meeting=m, topic="x")
    assert not AgendaItem.objects.exists()


def test_agenda_closed_after_the_deadline_and_on_held_or_cancelled_meetings(world):
    liaison = office_liaison(world)
    late = meeting_of_court_a(world, agenda_deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=liaison, meeting=late, topic="迟到的议题")
    assert _code(exc) == ErrorCode.AGENDA_CLOSED
    open_ = meeting_of_court_a(world, agenda_deadline=timezone.localdate())
    services.propose_agenda_item(actor=liaison, meeting=open_, topic="当日提交的议题")
    services.cancel_meeting(actor=world.liaison_a, meeting=open_, reason="议题不足")
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=liaison, meeting=open_, topic="取消后")
    assert _code(exc) == ErrorCode.AGENDA_CLOSED
    held = meeting_of_court_a(world, days=-1)
    services.hold_meeting(actor=world.liaison_a, meeting=held, held_on=timezone.localdate())
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=liaison, meeting=held, topic="召开后")
    assert _code(exc) == ErrorCode.AGENDA_CLOSED
    assert AgendaItem.objects.count() == 1


@pytest.mark.parametrize(
    "trend",
    [
        {"title": "t", "labels": ["a", "b"], "series": [{"name": "s", "values": [1]}]},
        {"title": "t", "labels": ["a"], "series": [{"name": "s", "values": ["1"]}]},
        {"title": "t", "labels": ["a"], "series": [{"name": "s", "values": [True]}]},
        {"title": "t", "labels": ["a"], "series": [{"name": "s", "values": [float("nan")]}]},
        {"title": "", "labels": ["a"], "series": [{"name": "s", "values": [1]}]},
        {"title": "t", "labels": [], "series": []},
        {"title": "t", "labels": ["a"], "series": [{"name": "s", "values": [1]}], "extra": 1},
        {"title": "t", "labels": ["a"], "series": [{"name": "s", "values": [1], "colour": "red"}]},
        ["not", "a", "dict"],
    ],
)
def test_a_malformed_trend_is_refused(world, trend):
    m = meeting_of_court_a(world)
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="x", trend=trend)
    assert _code(exc) == ErrorCode.MEETING_TREND_INVALID
    assert not AgendaItem.objects.exists()


def test_linked_records_by_number_and_the_unparseable_case_number(world):
    from ipcollab.proceedings.models import Proceeding

    case = Proceeding.objects.create(
        track="court", kind="civil", stage="first_instance", number="（2026）京73民初1号", agency=world.court_a, filed_on=datetime.date(2026, 3, 2)
    )
    m = meeting_of_court_a(world)
    item = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="典型案件", proceedings=["(2026)京73民初1号"])
    assert [link.proceeding_id for link in item.links.all()] == [case.pk]
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="坏案号", proceedings=["（2026）京73民初号"])
    assert _code(exc) == ErrorCode.MEETING_LINK_INVALID and "无法识别" in str(exc.value.fields["proceedings"][0])
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="不存在", proceedings=["（2026）京73民初999号"])
    assert _code(exc) == ErrorCode.MEETING_LINK_INVALID
    with pytest.raises(ServiceError) as exc:
        services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="坏专利号", rights=["ZL123"])
    assert _code(exc) == ErrorCode.MEETING_LINK_INVALID and "rights" in exc.value.fields
    assert AgendaItem.objects.count() == 1


def test_reorder_the_agenda(world):
    m = meeting_of_court_a(world)
    a = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="甲")
    b = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="乙")
    c = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="丙")
    services.reorder_agenda(actor=world.liaison_a, meeting=m, order=[c.pk, a.pk, b.pk])
    assert [i.topic for i in selectors.agenda_of(m)] == ["丙", "甲", "乙"]
    services.move_agenda_item(actor=world.liaison_a, item=AgendaItem.objects.get(pk=b.pk), up=True)
    assert [i.topic for i in selectors.agenda_of(m)] == ["丙", "乙", "甲"]
    with pytest.raises(ServiceError):
        services.reorder_agenda(actor=world.liaison_a, meeting=m, order=[c.pk, a.pk])
    with pytest.raises(PermissionDenied):
        services.reorder_agenda(actor=office_liaison(world), meeting=m, order=[a.pk, b.pk, c.pk])


# --- holding and cancelling ---------------------------------------------------------------------------


def test_hold_records_attendance_summary_and_discussed_items(world):
    m = meeting_of_court_a(world, days=0)
    a = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="甲")
    b = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="乙")
    services.decide_agenda_item(actor=world.liaison_a, item=a, accept=True)
    services.decide_agenda_item(actor=world.liaison_a, item=b, accept=True)
    judge, guest = Attendee.objects.get(meeting=m, user=world.judge_a), Attendee.objects.get(meeting=m, name="钱处长")
    services.hold_meeting(
        actor=world.liaison_a,
        meeting=m,
        held_on=timezone.localdate(),
        attendance={judge.pk: True, guest.pk: False},
        summary="会议达成三项共识",
        discussed=[a.pk],
    )
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD and m.held_on == timezone.localdate() and m.summary == "会议达成三项共识"
    assert dict(Attendee.objects.filter(meeting=m).values_list("name", "attended")) == {"张法官": True, "钱处长": False, "孙联络": None}
    assert dict(AgendaItem.objects.filter(meeting=m).values_list("topic", "status")) == {"甲": "discussed", "乙": "deferred"}
    with pytest.raises(ServiceError) as exc:
        services.hold_meeting(actor=world.liaison_a, meeting=m, held_on=timezone.localdate())
    assert _code(exc) == ErrorCode.MEETING_STATE


def test_hold_refuses_a_cancelled_meeting_a_future_date_and_foreign_ids(world):
    other = meeting_of_court_a(world)
    m = meeting_of_court_a(world)
    with pytest.raises(ServiceError) as exc:
        services.hold_meeting(actor=world.liaison_a, meeting=m, held_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "held_on" in exc.value.fields
    foreign = Attendee.objects.filter(meeting=other).first()
    with pytest.raises(ServiceError) as exc:
        services.hold_meeting(actor=world.liaison_a, meeting=m, held_on=timezone.localdate(), attendance={foreign.pk: True})
    assert "attendance" in exc.value.fields
    proposed = services.propose_agenda_item(actor=world.liaison_a, meeting=m, topic="未决定")
    with pytest.raises(ServiceError) as exc:
        services.hold_meeting(actor=world.liaison_a, meeting=m, held_on=timezone.localdate(), discussed=[proposed.pk])
    assert "discussed" in exc.value.fields
    services.cancel_meeting(actor=world.liaison_a, meeting=m, reason="改期另行通知")
    with pytest.raises(ServiceError) as exc:
        services.hold_meeting(actor=world.liaison_a, meeting=m, held_on=timezone.localdate())
    assert _code(exc) == ErrorCode.MEETING_STATE
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED and m.held_on is None


def test_cancel_needs_a_reason_and_tells_the_participants(world):
    liaison = office_liaison(world)
    m = meeting_of_court_a(world)
    with pytest.raises(ServiceError):
        services.cancel_meeting(actor=world.liaison_a, meeting=m, reason=" ")
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(actor=liaison, meeting=m, reason="x")
    services.cancel_meeting(actor=world.liaison_a, meeting=m, reason="议题不足")
    assert Notification.objects.filter(recipient=liaison, code="consultation.meeting.cancelled").count() == 1
    with pytest.raises(ServiceError) as exc:
        services.cancel_meeting(actor=world.liaison_a, meeting=m, reason="再取消")
    assert _code(exc) == ErrorCode.MEETING_STATE


# --- materials ----------------------------------------------------------------------------------------


def test_material_checked_by_content_with_its_hash(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    liaison = office_liaison(world)
    m = meeting_of_court_a(world)
    item = services.propose_agenda_item(actor=liaison, meeting=m, topic="甲")
    material = services.add_material(actor=liaison, meeting=m, title="情况说明", upload=SimpleUploadedFile("说明" * 90 + ".pdf", PDF), agenda_item=item)
    assert material.file.name.endswith(".pdf") and len(material.file.name) <= 100
    import hashlib

    assert material.sha256 == hashlib.sha256(PDF).hexdigest() and material.size == len(PDF) and material.content_type == "application/pdf"
    assert material.agency == world.office
    for upload in (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"), SimpleUploadedFile("empty.pdf", b"")):
        with pytest.raises(ServiceError) as exc:
            services.add_material(actor=liaison, meeting=m, title="坏文件", upload=upload)
        assert _code(exc) == ErrorCode.MEETING_MATERIAL_INVALID
    settings.CONSULTATION_MATERIAL_MAX_BYTES = 10
    with pytest.raises(ServiceError) as exc:
        services.add_material(actor=liaison, meeting=m, title="太大", upload=SimpleUploadedFile("big.pdf", PDF))
    assert _code(exc) == ErrorCode.MEETING_MATERIAL_INVALID
    with pytest.raises(PermissionDenied):
        services.add_material(actor=world.examiner, meeting=m, title="x", upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(NotFound):
        services.add_material(actor=world.admin_b, meeting=m, title="x", upload=SimpleUploadedFile("a.pdf", PDF))
    assert Material.objects.count() == 1


# --- reads --------------------------------------------------------------------------------------------


def test_meetings_for_each_agency_and_attention_lists(world):
    m = meeting_of_court_a(world)
    assert list(selectors.meetings_for(world.judge_a)) == [m]
    assert list(selectors.meetings_for(world.examiner)) == [m]
    assert list(selectors.meetings_for(world.judge_b)) == []
    assert list(selectors.meetings_for(world.external)) == []
    assert list(selectors.meetings_for(world.platform_admin)) == [m]
    assert list(selectors.upcoming_for(world.examiner)) == [m]
    far = meeting_of_court_a(world, days=30)
    assert far not in selectors.upcoming_for(world.examiner)
    with pytest.raises(NotFound):
        selectors.get_meeting(world.judge_b, m.pk)
    with pytest.raises(NotFound):
        selectors.get_meeting(world.judge_a, 2**70)


def test_long_titles_and_places_fit_the_notifications(world):
    """Titles, places and links at their maximum lengths: the notification's title and dedupe key
    stay within their columns (PostgreSQL refuses longer values)."""
    liaison = office_liaison(world)
    m = services.schedule_meeting(actor=world.liaison_a, title="会" * 200, starts_at=in_days(5), place="地" * 200, participants=[{"agency": world.office}])
    services.reschedule_meeting(actor=world.liaison_a, meeting=m, starts_at=in_days(6), place="址" * 200, video_link="https://meet.example.cn/" + "a" * 170)
    item = services.propose_agenda_item(actor=liaison, meeting=m, topic="议" * 200)
    services.decide_agenda_item(actor=world.liaison_a, item=item, accept=False, reason="理" * 2000)
    assert all(len(n.title) <= 200 and len(n.dedupe_key) <= 200 for n in Notification.objects.all())
    assert Notification.objects.filter(recipient=liaison).count() == 3


def test_attention_items_and_the_navigation_entry(world):
    from ipcollab.core import attention, navigation

    liaison = office_liaison(world)
    m = meeting_of_court_a(world, days=3)
    services.propose_agenda_item(actor=liaison, meeting=m, topic="待决定")
    titles = {a.title: a.count for a in attention.items_for(world.liaison_a)}
    assert titles["会商会议即将召开"] == 1 and titles["会商议题待决定"] == 1
    examiner = {a.title: a.count for a in attention.items_for(world.examiner)}
    assert examiner.get("会商会议即将召开") == 1 and "会商议题待决定" not in examiner
    assert "会商会议即将召开" not in {a.title for a in attention.items_for(world.judge_b)}
    assert attention.items_for(world.external) == [] or all("会商" not in a.title for a in attention.items_for(world.external))
    keys = lambda user: {e.key for e in navigation.entries_for(user)}  # noqa: E731
    assert "consultation.meetings" in keys(world.judge_a)
    assert "consultation.meetings" not in keys(world.external)
    assert "consultation.meetings" not in keys(world.system)
