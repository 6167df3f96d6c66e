"""The chain through the other parts' services: a meeting held (services.py), minutes drafted with
a consensus item for the IP office, circulated, numbered and signed by both agencies' signers
(documents.py); only then does the consensus item give an action item, which shows on the IP
office's open-items view (and the meeting's) until it is completed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from ipcollab.consultation import action_selectors, actions, documents, services
from ipcollab.consultation.models import ActionItem
from ipcollab.core.errors import ErrorCode, ServiceError


@pytest.fixture
def chain(world):
    today = timezone.localdate()
    meeting = services.schedule_meeting(
        actor=world.liaison_a,
        title="甲高院与测试局例行会商",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        participants=[{"agency": world.office, "role": "participant"}],
        place="第一会议室",
    )
    meeting = services.hold_meeting(actor=world.liaison_a, meeting=meeting, held_on=today, summary="讨论信息共享")
    document = documents.draft_document(
        actor=world.liaison_a,
        kind="minutes",
        title="例行会商会议纪要",
        text="一、建立专利无效宣告案件信息共享机制。\n二、由测试局每月通报。",
        meeting=meeting,
        items=[{"text": "每月通报无效宣告审查决定", "responsible_agency": world.office}],
    )
    return meeting, document, document.items.get()


def _sign_all(world, document):
    documents.circulate(actor=world.liaison_a, document=document)
    documents.open_signing(actor=world.liaison_a, document=document, number=f"测纪要〔{timezone.localdate().year}〕第7期")
    sha = documents.current_version(document).sha256
    for agency in (world.court_a, world.office):
        signer = make_user(f"t_signer_{agency.pk}", agency, ["signer"])
        documents.sign(actor=signer, document=document, text_hash=sha)
    document.refresh_from_db()
    return document


def test_an_unsigned_documents_item_gives_no_action_until_all_have_signed(world, chain):
    meeting, document, ci = chain
    with pytest.raises(ServiceError) as exc:
        actions.create_action_item(actor=world.liaison_a, consensus_item=ci, owner=world.examiner, due_on=meeting.held_on)
    assert exc.value.code == ErrorCode.ACTION_DOCUMENT_NOT_SIGNED
    document = _sign_all(world, document)
    assert document.status == "signed" and document.locked_at is not None
    item = actions.create_action_item(actor=world.liaison_a, consensus_item=ci, owner=world.examiner, due_on=meeting.held_on + datetime.timedelta(days=30))
    assert (item.meeting_id, item.document_id, item.agency_id) == (meeting.pk, document.pk, world.office.pk)


def test_the_office_sees_the_item_until_it_is_completed(world, chain, login):
    meeting, document, ci = chain
    _sign_all(world, document)
    client = login(world.liaison_a)
    response = client.post(
        reverse("consultation:action_new", args=[ci.pk]), {"owner": world.examiner.pk, "due_on": (meeting.held_on + datetime.timedelta(days=30)).isoformat()}
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    office = login(world.examiner)
    page = office.get(reverse("consultation:actions"))
    assert [a.pk for a in page.context["actions"]] == [item.pk]
    detail = office.get(reverse("consultation:action_detail", args=[item.pk])).content.decode()
    assert meeting.title in detail and document.number in detail
    assert [a.pk for a in action_selectors.actions_for_meeting(world.examiner, meeting)] == [item.pk]
    assert office.post(reverse("consultation:action_complete", args=[item.pk]), {"note": "已建立通报机制"}).status_code == 302
    assert list(office.get(reverse("consultation:actions")).context["actions"]) == []
    assert {a.pk for a in office.get(reverse("consultation:actions"), {"status": "done"}).context["actions"]} == {item.pk}
