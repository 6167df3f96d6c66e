"""Standards feedback (标准反馈): raising with linked proceedings in reach, the discussion thread,
proposing to a meeting both agencies take part in, resolving with a signed document, closing, the
dossier panel, reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.consultation import feedback as fb
from ipcollab.consultation import services
from ipcollab.consultation.models import (
    AgendaLink,
    ConsensusDocument,
    FeedbackStatus,
    Post,
    Signatory,
    StandardsFeedback,
    Thread,
)
from ipcollab.core.errors import NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification

from .rounds_setup import D, fixed_today, people_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def patent(world, body="201810557067"):
    from ipcollab.identifiers.patents import patent_check_character
    from ipcollab.registry import services as register

    return register.right_create(
        actor=world.examiner, kind="patent", number=f"{body}.{patent_check_character(body)}", title="一种图像处理方法", filing_date=D(2018, 6, 1)
    )


@pytest.fixture(name="cases")
def cases_fixture(people):
    """A CNIPA invalidation decision (all claims invalid) and the court's judgment revoking it."""
    from ipcollab.proceedings.models import Proceeding, ProceedingRight

    right = patent(people)
    decision = Proceeding.objects.create(
        track="office",
        kind="patent_invalidation",
        stage="office",
        number="4W112233",
        agency=people.office,
        filed_on=D(2025, 1, 10),
        status="closed",
        closed_on=D(2025, 6, 30),
        result="all_invalid",
    )
    suit = Proceeding.objects.create(
        track="court",
        kind="administrative",
        stage="first_instance",
        number="（2026）京73行初1号",
        agency=people.court_a,
        filed_on=D(2025, 9, 1),
        status="closed",
        closed_on=D(2026, 5, 20),
        result="decision_revoked",
        reviewed=decision,
    )
    for p in (decision, suit):
        ProceedingRight.objects.create(proceeding=p, right=right)
    people.right, people.decision, people.suit = right, decision, suit
    return people


def raise_one(world, **kwargs):
    values = {
        "actor": world.liaison_a,
        "title": "创造性判断中公知常识的举证",
        "area": "patent_validity",
        "counterpart": world.office,
        "description": "法院以“公知常识未举证”为由撤销无效决定。",
        "administrative_standard": "审查员可依职权认定公知常识。",
        "judicial_standard": "公知常识有争议时应当举证。",
        "proceedings": [world.suit, world.decision],
    }
    values.update(kwargs)
    return fb.raise_feedback(**values)


def meeting(world, participants=None):
    return services.schedule_meeting(
        actor=world.liaison_a,
        title="京知协作例会",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="第一会议室",
        participants=participants if participants is not None else [{"agency": world.office, "role": "participant"}],
    )


def signed_guidance(world, status="signed", agencies=None):
    doc = ConsensusDocument.objects.create(
        kind="guidance",
        title="关于公知常识举证的指导意见",
        number="法知会〔2026〕3号" if status == "signed" else "",
        drafting_agency=world.court_a,
        status=status,
        issued_on=D(2026, 11, 1),
    )
    for i, agency in enumerate(agencies or [world.court_a, world.office]):
        Signatory.objects.create(document=doc, agency=agency, position=i)
    return doc


def test_raise_links_proceedings_audits_and_notifies_the_counterpart(cases):
    f = raise_one(cases)
    assert f.status == FeedbackStatus.OPEN and f.raised_by_agency == cases.court_a
    assert set(f.proceedings.all()) == {cases.suit, cases.decision}
    assert AuditEvent.objects.filter(action="consultation.feedback_raise", object_id=str(f.pk)).count() == 1
    assert list(Notification.objects.filter(code="consultation.feedback_raised").values_list("recipient_id", flat=True)) == [cases.liaison_office.pk]
    shown = fb.linked_proceedings(cases.examiner, f)
    assert [(p.number, p.result) for p in shown] == [("4W112233", "all_invalid"), ("（2026）京73行初1号", "decision_revoked")]


def test_raise_refuses_bad_input_and_writes_nothing(cases):
    with pytest.raises(ServiceError) as exc:
        raise_one(cases, counterpart=cases.court_a)
    assert exc.value.code == "feedback_counterpart_invalid"
    with pytest.raises(ServiceError) as exc:
        raise_one(cases, area="nonsense", title="")
    assert exc.value.code == "invalid" and {"area", "title"} <= set(exc.value.fields)
    with pytest.raises(PermissionDenied):
        raise_one(cases, actor=cases.judge_a)
    from ipcollab.proceedings.models import Proceeding

    hidden = Proceeding.objects.create(
        track="court", kind="civil", stage="first_instance", number="（2026）沪73民初9号", agency=cases.court_b, filed_on=D(2026, 1, 5), visibility="private"
    )
    with pytest.raises(ServiceError) as exc:
        raise_one(cases, proceedings=[hidden])
    assert "proceedings" in exc.value.fields
    assert not StandardsFeedback.objects.exists()


def test_reach(cases):
    f = raise_one(cases)
    for user in (cases.judge_a, cases.examiner, cases.platform_admin, cases.system):
        assert list(fb.feedback_for(user)) == [f]
    for user in (cases.judge_b, cases.external):
        assert list(fb.feedback_for(user)) == []
    with pytest.raises(NotFound):
        fb.get_feedback(cases.judge_b, f.pk)
    with pytest.raises(NotFound):
        fb.get_feedback(cases.judge_a, "2" * 30)


def test_discussion_starts_then_continues_one_thread(cases):
    f = raise_one(cases)
    first = fb.discuss_feedback(actor=cases.liaison_office, feedback=f, body="我局认为公知常识可依职权认定。")
    f.refresh_from_db()
    assert f.status == FeedbackStatus.DISCUSSING
    thread = Thread.objects.get(feedback=f)
    assert first.thread == thread and set(thread.agencies.values_list("agency_id", flat=True)) == {cases.court_a.pk, cases.office.pk}
    second = fb.discuss_feedback(actor=cases.liaison_a, feedback=f, body="有争议时应当说明理由。")
    assert second.thread == thread and Post.objects.filter(thread=thread).count() == 2
    with pytest.raises(PermissionDenied):
        fb.discuss_feedback(actor=cases.examiner, feedback=f, body="x")
    with pytest.raises(PermissionDenied):
        fb.discuss_feedback(actor=cases.liaison_b, feedback=f, body="x")


def test_propose_to_a_meeting_both_take_part_in(cases):
    f = raise_one(cases)
    lonely = meeting(cases, participants=[{"agency": cases.court_b, "role": "participant"}])
    with pytest.raises(ServiceError) as exc:
        fb.propose_feedback_to_meeting(actor=cases.liaison_a, feedback=f, meeting=lonely)
    assert exc.value.code == "feedback_meeting_invalid"
    m = meeting(cases)
    assert list(fb.meetings_to_propose(cases.liaison_a, f)) == [m]
    item = fb.propose_feedback_to_meeting(actor=cases.liaison_office, feedback=f, meeting=m, background="见附件")
    f.refresh_from_db()
    assert f.status == FeedbackStatus.ON_AGENDA and f.agenda_item == item
    assert item.meeting == m and item.proposed_by_agency == cases.office and item.background == "见附件"
    assert AgendaLink.objects.filter(item=item, feedback=f).exists()
    assert set(AgendaLink.objects.filter(item=item, proceeding__isnull=False).values_list("proceeding_id", flat=True)) == {cases.suit.pk, cases.decision.pk}
    with pytest.raises(ServiceError) as exc:
        fb.propose_feedback_to_meeting(actor=cases.liaison_a, feedback=f, meeting=m)
    assert exc.value.code == "feedback_state"


def test_resolve_needs_a_signed_document_of_the_two_agencies(cases):
    f = raise_one(cases)
    draft = signed_guidance(cases, status="signing")
    with pytest.raises(ServiceError) as exc:
        fb.resolve_feedback(actor=cases.liaison_a, feedback=f, resolution="已统一。", document=draft)
    assert exc.value.code == "feedback_document_unsigned"
    foreign = signed_guidance(cases, agencies=[cases.court_b])
    foreign.drafting_agency = cases.court_b
    foreign.number = "沪知会〔2026〕1号"
    foreign.save()
    with pytest.raises(ServiceError) as exc:
        fb.resolve_feedback(actor=cases.liaison_a, feedback=f, resolution="已统一。", document=foreign)
    assert exc.value.code == "feedback_document_unsigned"
    f.refresh_from_db()
    assert f.status == FeedbackStatus.OPEN and f.resolved_by_document is None
    doc = signed_guidance(cases)
    with pytest.raises(ServiceError) as exc:
        fb.resolve_feedback(actor=cases.liaison_a, feedback=f, resolution="", document=doc)
    assert exc.value.code == "required"
    f = fb.resolve_feedback(actor=cases.liaison_office, feedback=f, resolution="以指导意见统一举证标准。", document=doc)
    assert (f.status, f.resolved_by_document, f.resolved_on) == (FeedbackStatus.RESOLVED, doc, D(2026, 11, 20))
    assert Notification.objects.filter(code="consultation.feedback_resolved", recipient=cases.liaison_a).exists()
    with pytest.raises(ServiceError) as exc:
        fb.close_feedback(actor=cases.liaison_a, feedback=f, reason="x")
    assert exc.value.code == "feedback_state"


def test_close_with_a_reason(cases):
    f = raise_one(cases)
    with pytest.raises(ServiceError) as exc:
        fb.close_feedback(actor=cases.liaison_a, feedback=f, reason=" ")
    assert exc.value.code == "required"
    with pytest.raises(PermissionDenied):
        fb.close_feedback(actor=cases.judge_a, feedback=f, reason="x")
    f = fb.close_feedback(actor=cases.liaison_a, feedback=f, reason="个案问题，不属标准差异。")
    assert f.status == FeedbackStatus.CLOSED and f.resolution == "个案问题，不属标准差异。"
    with pytest.raises(ServiceError) as exc:
        fb.discuss_feedback(actor=cases.liaison_a, feedback=f, body="x")
    assert exc.value.code == "feedback_state"


def test_dossier_panel_lists_feedback_on_the_right_per_user(cases, login):
    f = raise_one(cases)
    page = login(cases.examiner).get(reverse("registry:right_detail", args=[cases.right.pk])).content.decode()
    assert 'id="panel-consultation-feedback"' in page and f.title in page
    assert reverse("consultation:feedback_detail", args=[f.pk]) in page
    page = login(cases.judge_b).get(reverse("registry:right_detail", args=[cases.right.pk])).content.decode()
    assert f.title not in page
    data = login(cases.judge_a).get(reverse("api:right-detail", args=[cases.right.pk])).json()["panels"]
    assert [row["id"] for row in data["consultation.feedback"]["feedback"]] == [f.pk]
