"""Action items through their services: creation from a signed document's consensus item at the
edges (the meeting's day is fine, the day before is refused), owners, progress, completion with
evidence, reassignment, extension, cancellation, and nothing written on a refusal."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import actions
from ipcollab.consultation.access_matrix_actions import HELD_ON, action_item, signed_consensus_item
from ipcollab.consultation.models import ActionItem, ActionStatus, ActionUpdate
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"


def _code(excinfo):
    return excinfo.value.code


def test_create_on_the_meeting_day_is_fine_and_copies_meeting_and_agency(world):
    ci = signed_consensus_item(world)
    item = actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=world.examiner, due_on=HELD_ON)
    assert item.due_on == HELD_ON
    assert item.meeting_id == ci.document.meeting_id
    assert item.document_id == ci.document_id
    assert item.agency_id == world.office.pk
    assert item.title == "建立专利无效宣告案件信息共享机制。"
    assert item.status == ActionStatus.OPEN
    assert AuditEvent.objects.filter(action="consultation.action.create", object_id=str(item.pk)).count() == 1
    assert Notification.objects.filter(recipient=world.examiner, code="consultation.action.assigned").count() == 1


def test_create_the_day_before_the_meeting_is_refused(world):
    ci = signed_consensus_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=world.examiner, due_on=HELD_ON - datetime.timedelta(days=1))
    assert _code(exc) == ErrorCode.ACTION_DUE_BEFORE_MEETING
    assert "due_on" in exc.value.fields
    assert not ActionItem.objects.exists()


def test_without_a_meeting_the_documents_date_is_the_floor(world):
    ci = signed_consensus_item(world)
    document = ci.document
    document.meeting = None
    document.save()
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=world.examiner, due_on=document.issued_on - datetime.timedelta(days=1))
    assert _code(exc) == ErrorCode.ACTION_DUE_BEFORE_MEETING
    item = actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=world.examiner, due_on=document.issued_on)
    assert item.meeting_id is None


def test_an_owner_is_required(world):
    ci = signed_consensus_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=None, due_on=D(2026, 12, 31))
    assert _code(exc) == ErrorCode.ACTION_OWNER_REQUIRED
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("who", ["judge_a", "external", "system", "inactive"])
def test_the_owner_must_be_active_staff_of_the_responsible_agency(world, who):
    ci = signed_consensus_item(world)
    owner = make_user("t_gone", world.office, ["examiner"], is_active=False) if who == "inactive" else getattr(world, who)
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=owner, due_on=D(2026, 12, 31))
    assert _code(exc) == ErrorCode.ACTION_OWNER_NOT_IN_AGENCY
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("status", ["draft", "review", "signing"])
def test_an_unsigned_document_gives_no_action_items(world, status):
    ci = signed_consensus_item(world, status=status)
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.admin_a, consensus_item=ci, owner=world.examiner, due_on=D(2026, 12, 31))
    assert _code(exc) == ErrorCode.ACTION_DOCUMENT_NOT_SIGNED
    assert exc.value.status == 409
    assert not ActionItem.objects.exists()


def test_who_may_create(world):
    ci = signed_consensus_item(world)
    office_liaison = make_user("t_office_liaison", world.office, ["liaison"])
    for actor in (world.judge_a, world.examiner, world.admin_b, world.judge_b):
        with pytest.raises(PermissionDenied):
            actions.create_action_item(actor=actor, consensus_item=ci, owner=world.examiner, due_on=D(2026, 12, 31))
    # the responsible agency's liaison, the drafting agency's liaison, a platform admin
    for actor in (office_liaison, world.liaison_a, world.platform_admin):
        actions.create_action_item(actor=actor, consensus_item=ci, owner=world.examiner, due_on=D(2026, 12, 31))
    assert ActionItem.objects.filter(consensus_item=ci).count() == 3


def test_progress_by_the_owner_with_evidence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = action_item(world)
    upload = SimpleUploadedFile("通报.pdf", PDF, content_type="application/octet-stream")
    update = actions.report_progress(actor=world.examiner, item=item, note="已起草共享方案", progress=40, evidence=upload)
    item.refresh_from_db()
    assert (item.status, item.progress) == (ActionStatus.IN_PROGRESS, 40)
    assert update.evidence_sha256 == hashlib.sha256(PDF).hexdigest()
    assert update.evidence_content_type == "application/pdf"
    assert update.evidence_name == "通报.pdf"
    with update.evidence.open("rb") as f:
        assert f.read() == PDF
    assert AuditEvent.objects.filter(action="consultation.action.progress", object_id=str(item.pk)).count() == 1


@pytest.mark.parametrize("progress", [101, -1, "abc", "50.5", None, True])
def test_progress_out_of_range_is_refused(world, progress):
    item = action_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.report_progress(actor=world.examiner, item=item, note="进展", progress=progress)
    assert _code(exc) == ErrorCode.ACTION_PROGRESS_INVALID
    item.refresh_from_db()
    assert item.progress == 0
    assert not ActionUpdate.objects.exists()


def test_progress_edges_0_and_100(world):
    item = action_item(world)
    actions.report_progress(actor=world.examiner, item=item, note="开始", progress=0)
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
    actions.report_progress(actor=world.examiner, item=item, note="基本完成", progress="100")
    item.refresh_from_db()
    assert (item.status, item.progress) == (ActionStatus.IN_PROGRESS, 100)


def test_evidence_is_checked_by_content_not_by_name(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = action_item(world)
    fake = SimpleUploadedFile("通报.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ServiceError) as exc:
        actions.complete_action(actor=world.examiner, item=item, note="完成", evidence=fake)
    assert _code(exc) == ErrorCode.ACTION_EVIDENCE_INVALID
    empty = SimpleUploadedFile("空.pdf", b"", content_type="application/pdf")
    with pytest.raises(ServiceError):
        actions.complete_action(actor=world.examiner, item=item, note="完成", evidence=empty)
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
    assert not ActionUpdate.objects.exists()


def test_complete_with_a_note_and_then_nothing_more(world):
    item = action_item(world)
    actions.complete_action(actor=world.examiner, item=item, note="已建立共享机制")
    item.refresh_from_db()
    assert (item.status, item.progress, item.completed_on) == (ActionStatus.DONE, 100, actions.today())
    with pytest.raises(ServiceError) as exc:
        actions.report_progress(actor=world.examiner, item=item, note="再报", progress=50)
    assert _code(exc) == ErrorCode.ACTION_CLOSED
    assert exc.value.status == 409
    for call in (
        lambda: actions.cancel_action(actor=world.platform_admin, item=item, reason="撤销"),
        lambda: actions.extend_action(actor=world.platform_admin, item=item, due_on=D(2027, 6, 30), reason="延期"),
        lambda: actions.reassign_action(actor=world.platform_admin, item=item, owner=world.handler),
    ):
        with pytest.raises(ServiceError) as exc:
            call()
        assert _code(exc) == ErrorCode.ACTION_CLOSED
    item.refresh_from_db()
    assert (item.status, item.owner_id, item.due_on) == (ActionStatus.DONE, world.examiner.pk, D(2026, 12, 31))


def test_complete_needs_a_note_or_evidence(world):
    item = action_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.complete_action(actor=world.examiner, item=item, note="  ")
    assert _code(exc) == ErrorCode.REQUIRED
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_progress_on_a_cancelled_item_is_refused(world):
    item = action_item(world)
    actions.cancel_action(actor=world.admin_a, item=item, reason="已由其他事项涵盖")
    item.refresh_from_db()
    assert (item.status, item.cancel_reason) == (ActionStatus.CANCELLED, "已由其他事项涵盖")
    with pytest.raises(ServiceError) as exc:
        actions.report_progress(actor=world.examiner, item=item, note="进展", progress=10)
    assert _code(exc) == ErrorCode.ACTION_CLOSED


def test_who_may_report(world):
    item = action_item(world)
    for actor in (world.judge_a, world.admin_a, world.handler, world.judge_b):
        with pytest.raises(PermissionDenied):
            actions.report_progress(actor=actor, item=item, note="进展", progress=10)
    actions.report_progress(actor=world.system, item=item, note="业务系统同步", progress=20)
    actions.report_progress(actor=world.platform_admin, item=item, note="代为报告", progress=30)
    assert ActionUpdate.objects.filter(item=item).count() == 2


def test_reassign_within_the_responsible_agency(world):
    item = action_item(world)
    with pytest.raises(PermissionDenied):
        actions.reassign_action(actor=world.admin_a, item=item, owner=world.handler)
    with pytest.raises(ServiceError) as exc:
        actions.reassign_action(actor=world.platform_admin, item=item, owner=world.judge_a)
    assert _code(exc) == ErrorCode.ACTION_OWNER_NOT_IN_AGENCY
    with pytest.raises(ServiceError) as exc:
        actions.reassign_action(actor=world.platform_admin, item=item, owner=None)
    assert _code(exc) == ErrorCode.ACTION_OWNER_REQUIRED
    actions.reassign_action(actor=world.platform_admin, item=item, owner=world.handler)
    item.refresh_from_db()
    assert item.owner_id == world.handler.pk
    assert Notification.objects.filter(recipient=world.handler, code="consultation.action.assigned").count() == 1


def test_extend_needs_a_later_date_and_a_reason(world):
    item = action_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.extend_action(actor=world.admin_a, item=item, due_on=D(2027, 1, 31), reason="")
    assert _code(exc) == ErrorCode.REQUIRED
    with pytest.raises(ServiceError) as exc:
        actions.extend_action(actor=world.admin_a, item=item, due_on=D(2026, 12, 31), reason="同日")
    assert _code(exc) == ErrorCode.INVALID
    with pytest.raises(ServiceError) as exc:
        actions.extend_action(actor=world.admin_a, item=item, due_on=HELD_ON - datetime.timedelta(days=1), reason="早于会议")
    assert _code(exc) == ErrorCode.ACTION_DUE_BEFORE_MEETING
    with pytest.raises(PermissionDenied):
        actions.extend_action(actor=world.examiner, item=item, due_on=D(2027, 1, 31), reason="本人不能延期")
    actions.extend_action(actor=world.admin_a, item=item, due_on=D(2027, 1, 31), reason="需与其他部门协调")
    item.refresh_from_db()
    assert item.due_on == D(2027, 1, 31)
    assert "需与其他部门协调" in ActionUpdate.objects.get(item=item).note


def test_cancel_needs_a_reason(world):
    item = action_item(world)
    with pytest.raises(ServiceError) as exc:
        actions.cancel_action(actor=world.admin_a, item=item, reason=" ")
    assert _code(exc) == ErrorCode.REQUIRED
    with pytest.raises(PermissionDenied):
        actions.cancel_action(actor=world.judge_a, item=item, reason="无权")
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
