"""The consultation demo: a year of meetings between the SPC and CNIPA and three provincial pairs,
with minutes, guidance and items in every state, built through the services in time order."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.consultation.documents import verify_document
from ipcollab.consultation.models import (
    ActionItem,
    ActionStatus,
    CommentRound,
    ConsensusDocument,
    DocumentKind,
    DocumentStatus,
    FeedbackStatus,
    Meeting,
    MeetingStatus,
    RoundStatus,
    StandardsFeedback,
)
from ipcollab.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo", size="small", seed=3, rights_scale=0.1)


def test_a_year_of_consultation_in_every_state(seeded, client):
    today = timezone.localdate()
    meetings = Meeting.objects.all()
    assert set(meetings.values_list("status", flat=True)) == set(MeetingStatus.values)
    held = meetings.filter(status=MeetingStatus.HELD)
    assert min(held.values_list("held_on", flat=True)) <= today - datetime.timedelta(days=300)
    assert {"spc", "cnipa", "court-jing", "ipo-beijing", "court-hu", "ipo-shanghai", "court-yue", "ipo-guangdong"} <= set(meetings.values_list("organiser__code", flat=True)) | set(
        meetings.values_list("participants__agency__code", flat=True)
    )
    assert meetings.filter(participants__agency__code="spp", participants__role="invited").exists()
    documents = ConsensusDocument.objects.all()
    assert set(documents.values_list("status", flat=True)) == set(DocumentStatus.values)
    assert set(documents.values_list("kind", flat=True)) == set(DocumentKind.values)
    assert all(verify_document(d) == [] for d in documents)
    items = ActionItem.objects.all()
    assert set(items.values_list("status", flat=True)) == set(ActionStatus.values)
    assert items.filter(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS), due_on__lt=today).exists()  # overdue
    assert items.filter(status=ActionStatus.DONE, updates__evidence_sha256__gt="").exists()
    assert set(CommentRound.objects.values_list("status", flat=True)) == set(RoundStatus.values)
    assert set(StandardsFeedback.objects.values_list("status", flat=True)) == set(FeedbackStatus.values)
    resolved = StandardsFeedback.objects.get(status=FeedbackStatus.RESOLVED)
    assert resolved.resolved_by_document.kind == DocumentKind.GUIDANCE and resolved.proceedings.exists()
    # the story ran forward in time: within each audit chain, its later events are never dated earlier
    story = AuditEvent.objects.filter(action__startswith="consultation.")
    for chain_id in story.values_list("chain", flat=True).distinct():
        stamps = list(story.filter(chain_id=chain_id).order_by("seq").values_list("created_at", flat=True))
        assert stamps == sorted(stamps)
    # the liaisons of the story sign in and see their meetings
    for username in ("spc_liaison", "cnipa_liaison", "bjhc_liaison", "gdipo_liaison"):
        client.logout()
        assert client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}).status_code == 302
        page = client.get(reverse("consultation:meetings"))
        assert page.status_code == 200 and "会商" in page.content.decode()


def test_demo_logins_list_the_consultation_liaisons(world):
    import io

    from conftest import make_user
    from ipcollab.orgs.models import Agency

    make_user("admin", Agency.objects.get(code="cnipa"), ["platform_admin"], full_name="林志远")
    make_user("bjhc_liaison", Agency.objects.get(code="court-jing"), ["liaison", "signer"], full_name="孟庆华")
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "admin" in text and "Consultation (会商协作)" in text and "bjhc_liaison" in text and "liaison,signer" in text
