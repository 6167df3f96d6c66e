"""documents.py on a real database: drafting, review comments, revisions, signing on the exact
text, locking, returning to review, and the integrity check that detects any change."""

import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import document_selectors, documents, texts
from ipcollab.consultation.models import (
    CommentStatus,
    ConsensusDocument,
    DocumentStatus,
    MeetingStatus,
    Signature,
    Version,
)
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification

from .documents_setup import TEXT, add_people, held_meeting, minutes, signed, to_signing

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def w(world):
    return add_people(world)


def codes(exc_info):
    return exc_info.value.code


def test_minutes_drafted_with_the_meeting_signatories_organiser_first(w):
    doc = minutes(w)
    assert doc.status == DocumentStatus.DRAFT and doc.drafting_agency == w.court_a
    assert documents.signatory_agency_ids(doc) == [w.court_a.pk, w.office.pk]  # court B only sits in
    v = documents.current_version(doc)
    assert v.number == 1 and v.sha256 == texts.sha256(TEXT) and v.text == texts.canonical(TEXT)
    assert [(i.position, i.responsible_agency_id) for i in doc.items.all()] == [(1, w.office.pk), (2, w.court_a.pk)]
    assert AuditEvent.objects.filter(action="consultation.document.draft", object_id=str(doc.pk)).exists()


def test_minutes_need_a_held_meeting_and_a_participating_drafter(w):
    planned = held_meeting(w, status=MeetingStatus.PLANNED)
    with pytest.raises(ServiceError) as exc:
        minutes(w, planned)
    assert codes(exc) == ErrorCode.DOCUMENT_MEETING_NOT_HELD
    meeting = held_meeting(w)
    with pytest.raises(PermissionDenied):  # court B was only invited
        minutes(w, meeting, actor=w.admin_b)
    with pytest.raises(PermissionDenied):  # a judge is not a liaison
        minutes(w, meeting, actor=w.judge_a)
    with pytest.raises(ServiceError) as exc:
        documents.draft_document(actor=w.liaison_a, kind="minutes", title="纪要", text=TEXT)
    assert codes(exc) == ErrorCode.REQUIRED
    assert ConsensusDocument.objects.count() == 0


def test_co_signed_document_needs_two_signatories_with_the_drafter(w):
    base = {"actor": w.liaison_a, "kind": "co_signed", "title": "关于建立专利确权信息互通机制的意见", "text": TEXT}
    for signatories in ([w.court_a], [w.office, w.court_b], [w.court_a, w.office, w.court_a]):
        with pytest.raises(ServiceError) as exc:
            documents.draft_document(**base, signatories=signatories)
        assert codes(exc) == ErrorCode.DOCUMENT_SIGNATORIES_INVALID
    with pytest.raises(ServiceError) as exc:  # a responsible agency that does not take part
        documents.draft_document(**base, signatories=[w.court_a, w.office], items=[{"text": "落实", "responsible_agency": w.court_b}])
    assert codes(exc) == ErrorCode.DOCUMENT_SIGNATORIES_INVALID
    doc = documents.draft_document(**{**base, "kind": "guidance"}, signatories=[w.office, w.court_a], number=f"测甲发〔{YEAR}〕12号")
    assert documents.signatory_agency_ids(doc) == [w.office.pk, w.court_a.pk]
    assert ConsensusDocument.objects.count() == 1


@pytest.mark.parametrize(
    "number",
    [
        "",
        "2026年3号",
        "测甲知会[2026]3号",
        "测甲知会〔2026〕03号",
        "测甲知会〔2026〕第3号",
        "〔2026〕3号",
        "测甲知会〔1999〕3号",
        "测甲知会〔2099〕3号",
        "x" * 70,
    ],
)
def test_bad_document_numbers_are_refused(w, number):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    with pytest.raises(ServiceError) as exc:
        documents.open_signing(actor=w.liaison_a, document=doc, number=number)
    assert codes(exc) == ErrorCode.DOCUMENT_NUMBER_INVALID
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REVIEW and doc.number == ""


def test_good_document_numbers(w):
    for n, number in enumerate([f"测甲知会〔{YEAR}〕3号", f"〔{YEAR}〕第2期", f"会议纪要〔{YEAR}〕第12期"]):
        assert documents.check_number(number) == number, n
    with pytest.raises(ServiceError) as exc:
        documents.check_number(f"测甲知会〔{YEAR - 1}〕3号", issued_on=datetime.date(YEAR, 1, 5))
    assert codes(exc) == ErrorCode.DOCUMENT_NUMBER_INVALID


def test_number_taken(w):
    first = signed(w)
    second = minutes(w)
    documents.circulate(actor=w.liaison_a, document=second)
    with pytest.raises(ServiceError) as exc:
        documents.open_signing(actor=w.liaison_a, document=second, number=first.number)
    assert codes(exc) == ErrorCode.DOCUMENT_NUMBER_TAKEN and exc.value.status == 409


def test_review_comments_anchored_to_paragraphs_and_answered(w):
    doc = minutes(w)
    with pytest.raises(ServiceError) as exc:  # not circulated yet
        documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=1, body="建议")
    assert codes(exc) == ErrorCode.DOCUMENT_STATE
    documents.circulate(actor=w.liaison_a, document=doc, review_deadline=timezone.localdate() + datetime.timedelta(days=7))
    assert Notification.objects.filter(recipient=w.liaison_o, code="consultation.document.review").exists()
    assert Notification.objects.filter(recipient=w.signer_o, code="consultation.document.review").exists()
    comment = documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=2, body="建议将“五个工作日”改为“十个工作日”。")
    assert comment.agency == w.office and comment.version.number == 1 and comment.quote.startswith("二、测试知识产权局")
    for bad in (0, 4, "2", True, None):
        with pytest.raises(ServiceError) as exc:
            documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=bad, body="x")
        assert codes(exc) == ErrorCode.INVALID
    with pytest.raises(PermissionDenied):  # the office's examiner neither manages nor signs
        documents.comment_on_document(actor=w.examiner, document=doc, paragraph=1, body="x")
    with pytest.raises(PermissionDenied):  # only the drafter answers
        documents.answer_comment(actor=w.liaison_o, comment=comment, status="adopted", response="好")
    with pytest.raises(ServiceError) as exc:
        documents.answer_comment(actor=w.liaison_a, comment=comment, status="open", response="好")
    assert codes(exc) == ErrorCode.INVALID
    documents.answer_comment(actor=w.liaison_a, comment=comment, status="partly", response="改为七个工作日。")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PARTLY and comment.responded_by == w.liaison_a
    assert Notification.objects.filter(recipient=w.liaison_o, code="consultation.document.answer").exists()


def test_open_comments_block_signing(w):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    comment = documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=3, body="建议每半年一次。")
    with pytest.raises(ServiceError) as exc:
        documents.open_signing(actor=w.liaison_a, document=doc, number=f"测甲知会〔{YEAR}〕3号")
    assert codes(exc) == ErrorCode.DOCUMENT_COMMENTS_OPEN
    documents.answer_comment(actor=w.liaison_a, comment=comment, status="not_adopted", response="维持每季度一次。")
    documents.open_signing(actor=w.liaison_a, document=doc, number=f"测甲知会〔{YEAR}〕3号")
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNING


def test_revise_creates_versions_and_replaces_items(w):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    new_text = TEXT.replace("五个工作日", "七个工作日")
    v2 = documents.revise(actor=w.liaison_a, document=doc, text=new_text, note="采纳测试局意见", items=[{"text": "推送决定书", "responsible_agency": w.office}])
    assert v2.number == 2 and v2.sha256 == texts.sha256(new_text)
    assert [i.text for i in doc.items.all()] == ["推送决定书"]
    with pytest.raises(ServiceError) as exc:  # nothing changed
        documents.revise(actor=w.liaison_a, document=doc, text=new_text + "\r\n  ")
    assert codes(exc) == ErrorCode.INVALID
    with pytest.raises(ServiceError) as exc:
        documents.revise(actor=w.liaison_a, document=doc, text="  \n ")
    assert codes(exc) == ErrorCode.REQUIRED
    with pytest.raises(PermissionDenied):
        documents.revise(actor=w.liaison_o, document=doc, text=TEXT)
    assert doc.versions.count() == 2


def test_signing_locks_and_publishes(w):
    doc = minutes(w)
    to_signing(w, doc)
    digest = documents.current_version(doc).sha256
    s1 = documents.sign(actor=w.signer_a, document=doc, text_hash=digest)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNING and doc.locked_at is None
    assert s1.signer_name == "刘签发" and s1.text_hash == digest and s1.agency == w.court_a
    documents.sign(actor=w.signer_o, document=doc, text_hash=digest.upper())
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED and doc.locked_at and doc.published_at
    assert doc.issued_on == timezone.localdate()
    # the participants' liaisons are told, court B's (sitting in) included
    w.liaison_b = w.admin_b  # court B has no liaison role: nobody to notify there
    assert Notification.objects.filter(recipient=w.liaison_o, code="consultation.document.published").exists()
    assert Notification.objects.filter(recipient=w.liaison_a, code="consultation.document.published").exists()
    assert documents.verify_document(doc) == []


def test_signing_a_changed_text_is_refused(w):
    doc = minutes(w)
    to_signing(w, doc)
    seen = documents.current_version(doc).sha256
    documents.return_to_review(actor=w.liaison_a, document=doc, reason="补充第四条")
    documents.revise(actor=w.liaison_a, document=doc, text=TEXT + "\n\n四、本纪要自会签之日起执行。")
    documents.open_signing(actor=w.liaison_a, document=doc)
    with pytest.raises(ServiceError) as exc:
        documents.sign(actor=w.signer_a, document=doc, text_hash=seen)
    assert codes(exc) == ErrorCode.DOCUMENT_TEXT_CHANGED and exc.value.status == 409
    for junk in ("", None, "zz", 123):
        with pytest.raises(ServiceError) as exc:
            documents.sign(actor=w.signer_a, document=doc, text_hash=junk)
        assert codes(exc) == ErrorCode.DOCUMENT_TEXT_CHANGED
    assert not Signature.objects.filter(document=doc).exists()


def test_a_stored_text_changed_behind_the_platform_cannot_be_signed(w):
    doc = minutes(w)
    to_signing(w, doc)
    v = documents.current_version(doc)
    Version.objects.filter(pk=v.pk).update(text=v.text.replace("五个", "十个"))
    with pytest.raises(ServiceError) as exc:
        documents.sign(actor=w.signer_a, document=doc, text_hash=v.sha256)
    assert codes(exc) == ErrorCode.DOCUMENT_TEXT_CHANGED


def test_signing_rules(w):
    doc = minutes(w)
    digest = documents.current_version(doc).sha256
    with pytest.raises(ServiceError) as exc:  # signing not opened
        documents.sign(actor=w.signer_a, document=doc, text_hash=digest)
    assert codes(exc) == ErrorCode.DOCUMENT_STATE
    to_signing(w, doc)
    for outsider in (w.liaison_a, w.judge_a, w.signer_b, w.platform_admin):  # not a signer of a signatory
        with pytest.raises(PermissionDenied):
            documents.sign(actor=outsider, document=doc, text_hash=digest)
    documents.sign(actor=w.signer_a, document=doc, text_hash=digest)
    from conftest import make_user

    second_signer = make_user("t_signer_a2", w.court_a, ["signer"], full_name="第二签发人")
    with pytest.raises(ServiceError) as exc:
        documents.sign(actor=second_signer, document=doc, text_hash=digest)
    assert codes(exc) == ErrorCode.DOCUMENT_ALREADY_SIGNED and exc.value.status == 409
    assert doc.signatures.filter(voided_at__isnull=True).count() == 1


def test_return_to_review_voids_signatures(w):
    doc = minutes(w)
    to_signing(w, doc)
    digest = documents.current_version(doc).sha256
    s = documents.sign(actor=w.signer_a, document=doc, text_hash=digest)
    with pytest.raises(ServiceError) as exc:
        documents.return_to_review(actor=w.signer_o, document=doc, reason=" ")
    assert codes(exc) == ErrorCode.REQUIRED
    with pytest.raises(PermissionDenied):
        documents.return_to_review(actor=w.judge_a, document=doc, reason="x")
    documents.return_to_review(actor=w.signer_o, document=doc, reason="第二条期限须再议")
    s.refresh_from_db()
    doc.refresh_from_db()
    assert s.voided_at is not None and s.void_reason == "第二条期限须再议"
    assert doc.status == DocumentStatus.REVIEW
    assert Notification.objects.filter(recipient=w.signer_a, code="consultation.document.returned").exists()
    with pytest.raises(ServiceError) as exc:
        documents.return_to_review(actor=w.liaison_a, document=doc, reason="x")
    assert codes(exc) == ErrorCode.DOCUMENT_STATE
    documents.open_signing(actor=w.liaison_a, document=doc)
    documents.sign(actor=w.signer_a, document=doc, text_hash=digest)  # signs again: the voided signature does not count
    assert doc.signatures.count() == 2 and doc.signatures.filter(voided_at__isnull=True).count() == 1


def test_locked_documents_refuse_every_change(w):
    doc = signed(w)
    digest = documents.current_version(doc).sha256
    comment_target = doc
    calls = [
        lambda: documents.revise(actor=w.liaison_a, document=doc, text=TEXT + "\n\n四、补充。"),
        lambda: documents.comment_on_document(actor=w.liaison_o, document=comment_target, paragraph=1, body="x"),
        lambda: documents.sign(actor=w.signer_a, document=doc, text_hash=digest),
        lambda: documents.return_to_review(actor=w.liaison_a, document=doc, reason="x"),
        lambda: documents.circulate(actor=w.liaison_a, document=doc),
        lambda: documents.open_signing(actor=w.liaison_a, document=doc),
    ]
    for call in calls:
        with pytest.raises(ServiceError) as exc:
            call()
        assert codes(exc) == ErrorCode.DOCUMENT_LOCKED and exc.value.status == 409
    assert doc.versions.count() == 1 and doc.signatures.count() == 2


def test_the_signed_hash_detects_any_change_to_signed_minutes(w):
    doc = signed(w)
    assert documents.verify_document(doc) == []
    v = documents.current_version(doc)
    original = v.text
    for tampered in (original.replace("五个工作日", "十个工作日"), original + " ", original.replace("\n", "\r\n"), original[:-1]):
        Version.objects.filter(pk=v.pk).update(text=tampered)
        problems = documents.verify_document(doc)
        assert "version_hash_mismatch" in [p["code"] for p in problems], tampered
        assert "signature_hash_mismatch" in [p["code"] for p in problems]
    Version.objects.filter(pk=v.pk).update(text=original)
    assert documents.verify_document(doc) == []
    # a signature's hash changed, or a version hash rewritten to match a changed text
    s = doc.signatures.first()
    Signature.objects.filter(pk=s.pk).update(text_hash="0" * 64)
    assert [p["code"] for p in documents.verify_document(doc)] == ["signature_hash_mismatch"]
    Signature.objects.filter(pk=s.pk).update(text_hash=v.sha256)
    Version.objects.filter(pk=v.pk).update(text=original + "\n\n五、新增。", sha256=texts.sha256(original + "\n\n五、新增。"))
    assert {p["code"] for p in documents.verify_document(doc)} == {"signature_hash_mismatch"}
    Version.objects.filter(pk=v.pk).update(text=original, sha256=v.sha256)
    # a signature voided behind the platform: a signed document missing a signatory
    Signature.objects.filter(pk=s.pk).update(voided_at=timezone.now())
    assert [p["code"] for p in documents.verify_document(doc)] == ["signature_missing"]


def test_visibility(w):
    doc = minutes(w)
    for user in (w.liaison_a, w.judge_a, w.examiner, w.judge_b, w.platform_admin, w.system):
        assert document_selectors.get_document(user, doc.pk) == doc
    other = documents.draft_document(
        actor=w.liaison_o,
        kind="co_signed",
        title="局院会签",
        text=TEXT,
        signatories=[w.office, w.court_a],
        items=[{"text": "x", "responsible_agency": w.office}],
    )
    for user in (w.judge_b, w.external):
        with pytest.raises(NotFound):
            document_selectors.get_document(user, other.pk)
    assert list(document_selectors.documents_for(w.external)) == []
    for bad in ("x", 0, 2**70, -1):
        with pytest.raises(NotFound):
            document_selectors.get_document(w.liaison_a, bad)
    assert list(document_selectors.documents_for_meeting(w.judge_b, doc.meeting)) == [doc]
