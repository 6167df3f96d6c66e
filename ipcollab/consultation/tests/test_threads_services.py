"""Liaison threads through their services: starting (the actor's agency always in, at least one
other agency), replies and their notifications (the other agencies' liaisons, once per post),
closing, reading and unread counts, threads of a standards-feedback record."""

import datetime

import pytest

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import threads
from ipcollab.consultation.models import Post, StandardsFeedback, Thread, ThreadAgency, ThreadRead, ThreadStatus
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import LiaisonDesignation


@pytest.fixture
def office_liaison(world):
    person = make_user("t_office_liaison", world.office, ["liaison"], full_name="孙联络")
    LiaisonDesignation.objects.create(agency=world.office, person=person, phone="010-1", email="s@example.cn", valid_from=datetime.date(2026, 1, 1))
    return person


def _start(world, **kwargs):
    return threads.start_thread(actor=world.liaison_a, topic="无效宣告案件信息共享", agencies=[world.office], body="请贵局指定对接人。", **kwargs)


def test_start_includes_the_actors_agency_and_notifies_the_other_liaisons(world, office_liaison):
    thread = _start(world)
    assert set(ThreadAgency.objects.filter(thread=thread).values_list("agency_id", flat=True)) == {world.court_a.pk, world.office.pk}
    assert thread.agency_id == world.court_a.pk
    post = Post.objects.get(thread=thread)
    notes = Notification.objects.filter(code="consultation.thread.post")
    assert list(notes.values_list("recipient_id", flat=True)) == [office_liaison.pk]
    assert notes.get().dedupe_key == f"consultation.thread.post:{post.pk}:{office_liaison.pk}"
    assert AuditEvent.objects.filter(action="consultation.thread.start", object_id=str(thread.pk)).exists()


@pytest.mark.parametrize("agencies", [[], ["own"]])
def test_a_thread_with_no_other_agency_is_refused(world, agencies):
    agencies = [world.court_a if a == "own" else a for a in agencies]
    with pytest.raises(ServiceError) as exc:
        threads.start_thread(actor=world.liaison_a, topic="主题", agencies=agencies, body="内容")
    assert exc.value.code == ErrorCode.THREAD_AGENCIES_REQUIRED
    assert not Thread.objects.exists() and not Post.objects.exists()


@pytest.mark.parametrize("topic, body, code", [("", "内容", ErrorCode.REQUIRED), ("主题", " ", ErrorCode.REQUIRED), ("长" * 201, "内容", ErrorCode.INVALID)])
def test_topic_and_body_are_required(world, topic, body, code):
    with pytest.raises(ServiceError) as exc:
        threads.start_thread(actor=world.liaison_a, topic=topic, agencies=[world.office], body=body)
    assert exc.value.code == code
    assert not Thread.objects.exists()


def test_only_liaisons_and_admins_start_threads(world):
    for actor in (world.judge_a, world.examiner, world.system, world.external):
        with pytest.raises(PermissionDenied):
            threads.start_thread(actor=actor, topic="主题", agencies=[world.court_b], body="内容")
    assert threads.start_thread(actor=world.admin_b, topic="主题", agencies=[world.court_a], body="内容")


def test_reply_notifies_the_other_agencies_once_per_post(world, office_liaison):
    thread = _start(world)
    Notification.objects.all().delete()
    post = threads.post_reply(actor=office_liaison, thread=thread, body="已指定孙联络对接。")
    # court A has no designation: its users with role liaison
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [world.liaison_a.pk]
    assert post.agency_id == world.office.pk
    threads.post_reply(actor=world.admin_a, thread=thread, body="收到。")
    assert Notification.objects.filter(recipient=office_liaison).count() == 1
    thread.refresh_from_db()
    assert thread.last_post_at is not None


def test_who_may_reply(world, office_liaison):
    thread = _start(world)
    for actor in (world.judge_a, world.examiner, world.admin_b):
        with pytest.raises(PermissionDenied):
            threads.post_reply(actor=actor, thread=thread, body="无权")
    assert Post.objects.filter(thread=thread).count() == 1


def test_replying_to_a_closed_thread_is_refused(world, office_liaison):
    thread = _start(world)
    with pytest.raises(PermissionDenied):
        threads.close_thread(actor=office_liaison, thread=thread)  # not the starting agency
    threads.close_thread(actor=world.liaison_a, thread=thread)
    with pytest.raises(ServiceError) as exc:
        threads.post_reply(actor=office_liaison, thread=thread, body="还想说")
    assert exc.value.code == ErrorCode.THREAD_CLOSED and exc.value.status == 409
    with pytest.raises(ServiceError):
        threads.close_thread(actor=world.liaison_a, thread=thread)
    assert Post.objects.filter(thread=thread).count() == 1
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.CLOSED


def test_unread_counts_and_reading(world, office_liaison):
    thread = _start(world)
    assert threads.get_thread(office_liaison, thread.pk).unread == 1
    assert threads.get_thread(world.liaison_a, thread.pk).unread == 0  # own post
    assert threads.get_thread(world.judge_a, thread.pk).unread == 1  # a colleague's post
    assert threads.unread_thread_count(office_liaison) == 1
    threads.mark_thread_read(user=office_liaison, thread=thread)
    assert threads.get_thread(office_liaison, thread.pk).unread == 0
    threads.post_reply(actor=world.liaison_a, thread=thread, body="补充一点。")
    threads.post_reply(actor=world.admin_a, thread=thread, body="再补充。")
    assert threads.get_thread(office_liaison, thread.pk).unread == 2
    assert threads.get_thread(office_liaison, thread.pk).post_count == 3
    threads.mark_thread_read(user=office_liaison, thread=thread)
    threads.mark_thread_read(user=office_liaison, thread=thread)
    assert ThreadRead.objects.filter(thread=thread, user=office_liaison).count() == 1
    assert threads.unread_thread_count(office_liaison) == 0


def test_reach(world, office_liaison):
    thread = _start(world)
    assert threads.threads_for(world.judge_b).count() == 0
    with pytest.raises(NotFound):
        threads.get_thread(world.judge_b, thread.pk)
    with pytest.raises(NotFound):
        threads.get_thread(world.system, thread.pk)
    with pytest.raises(NotFound):
        threads.get_thread(world.liaison_a, 2**64)
    assert threads.get_thread(world.platform_admin, thread.pk).pk == thread.pk


def test_a_thread_of_a_standards_feedback_record(world, office_liaison):
    feedback = StandardsFeedback.objects.create(
        title="创造性判断中公知常识的认定", area="patent_validity", raised_by_agency=world.court_a, counterpart=world.office, description="标准不一"
    )
    thread = threads.start_thread(actor=world.liaison_a, topic="讨论：公知常识", agencies=[], body="请研究。", feedback=feedback)
    assert set(ThreadAgency.objects.filter(thread=thread).values_list("agency_id", flat=True)) == {world.court_a.pk, world.office.pk}
    assert [t.pk for t in threads.threads_for_feedback(office_liaison, feedback)] == [thread.pk]
    assert list(threads.threads_for_feedback(world.judge_b, feedback)) == []
    with pytest.raises(PermissionDenied):
        threads.start_thread(actor=world.admin_b, topic="旁观", agencies=[world.office], body="内容", feedback=feedback)
