"""The outbox, fan-out, visibility, idempotence and the in-app and e-mail channels."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from ipcollab.access.services import grant_record
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.events import publish
from ipcollab.events.models import Delivery, DomainEvent
from ipcollab.events.services import dispatch, fan_out, subscribe, subscription_set_active
from ipcollab.events.visibility import event_visible_to, visible_events
from ipcollab.notifications.models import Notification
from ipcollab.orgs import services as orgs

DESIGNATED = "orgs.liaison.designated"
ENDED = "orgs.liaison.ended"


def designate(world, visibility="network", **extra):
    return orgs.liaison_designate(
        actor=world.admin_a,
        agency=world.court_a,
        person=world.liaison_a,
        phone="010-12345678",
        email="liaison@court-a.example.cn",
        visibility=visibility,
        **extra,
    )


def test_a_service_publishes_its_event_in_its_transaction(world):
    designation = designate(world)
    event = DomainEvent.objects.get(type=DESIGNATED)
    assert event.agency_id == world.court_a.pk
    assert event.visibility == "network"
    assert event.subject_id == str(designation.pk) and event.subject_type.model == "liaisondesignation"
    assert event.payload["person"] == world.liaison_a.pk
    assert event.actor_id == world.admin_a.pk and event.request_id
    assert event.dispatched_at is None


def test_a_rolled_back_service_leaves_no_event(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        designate(world)
        assert DomainEvent.objects.filter(type=DESIGNATED).count() == 1
        raise RuntimeError("the caller fails after the service")
    assert not DomainEvent.objects.exists()


def test_a_refused_service_publishes_nothing(world):
    with pytest.raises(ServiceError):
        orgs.liaison_designate(actor=world.judge_b, agency=world.court_a, person=world.liaison_a, phone="010-1", email="a@b.cn")
    assert not DomainEvent.objects.exists()


def test_publishing_an_unregistered_type_is_refused(world):
    with pytest.raises(ServiceError) as info:
        publish("nobody.nothing.happened", agency=world.court_a)
    assert info.value.code == ErrorCode.EVENT_TYPE_UNKNOWN


def test_fan_out_respects_event_types(world):
    wants_designated = subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    wants_ended = subscribe(actor=world.clerk_a, channel="in_app", event_types=[ENDED])
    designate(world)
    result = dispatch()
    assert result["events"] == 1 and result["deliveries"] == 1
    assert Delivery.objects.get().subscription_id == wants_designated.pk
    assert not Delivery.objects.filter(subscription=wants_ended).exists()
    note = Notification.objects.get(recipient=world.judge_a)
    assert note.code == DESIGNATED and "联络人已指定" in note.title and note.dedupe_key.startswith("event:")


def test_a_subscriber_of_another_agency_does_not_receive_a_private_event(world):
    own = subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    other = subscribe(actor=world.judge_b, channel="in_app", event_types=[DESIGNATED])
    outsider = subscribe(actor=world.external, channel="in_app", event_types=[DESIGNATED])
    designate(world, visibility="private")
    dispatch()
    assert set(Delivery.objects.values_list("subscription_id", flat=True)) == {own.pk}
    assert not Notification.objects.filter(recipient__in=[world.judge_b, world.external]).exists()
    assert other.pk and outsider.pk


def test_a_network_event_reaches_other_agencies_but_not_external_parties(world):
    subscribe(actor=world.judge_b, channel="in_app", event_types=[DESIGNATED])
    subscribe(actor=world.external, channel="in_app", event_types=[DESIGNATED])
    designate(world, visibility="network")
    dispatch()
    assert set(Delivery.objects.values_list("subscription__owner", flat=True)) == {world.judge_b.pk}


def test_a_grant_on_the_subject_widens_the_events_reach(world):
    subscribe(actor=world.judge_b, channel="in_app", event_types=[DESIGNATED, "orgs.liaison.updated"])
    designation = designate(world, visibility="private")
    grant_record(actor=world.admin_a, obj=designation, agency=world.court_b)
    orgs.liaison_update(actor=world.admin_a, designation=designation, data={"title": "联络处处长"})
    dispatch()
    # the designation event and the update event are both about the granted record
    assert Delivery.objects.filter(subscription__owner=world.judge_b).count() == 2


def test_event_visible_to_agrees_with_the_sql_filter(world):
    designate(world, visibility="private")
    publish("orgs.liaison.designated", agency=world.court_b, visibility="public")
    publish("orgs.liaison.designated", agency=world.office, visibility="network")
    people = [world.platform_admin, world.admin_a, world.judge_a, world.judge_b, world.examiner, world.system, world.external]
    for user in people:
        expected = {e.pk for e in DomainEvent.objects.all() if event_visible_to(e, user)}
        assert set(visible_events(DomainEvent.objects.all(), user).values_list("pk", flat=True)) == expected, user


def test_dispatch_twice_makes_one_delivery_and_one_notification(world):
    subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED], name="第二个订阅")
    designate(world)
    dispatch()
    again = dispatch()
    assert again == {"events": 0, "deliveries": 0, "attempts": 0}
    assert Delivery.objects.count() == 2
    assert Delivery.objects.filter(status="succeeded").count() == 2
    # two subscriptions of one person, one message (dedupe key "event:<id>")
    assert Notification.objects.filter(recipient=world.judge_a).count() == 1


def test_a_subject_filter_monitors_one_record(world):
    first = designate(world)
    subscribe(actor=world.judge_a, channel="in_app", event_types=["orgs.liaison.updated"], subject_type="orgs.liaisondesignation", subject_id=first.pk)
    dispatch()
    orgs.liaison_update(actor=world.admin_a, designation=first, data={"title": "副处长"})
    other = orgs.liaison_designate(actor=world.admin_a, agency=world.court_a, person=world.clerk_a, phone="010-2", email="c@court-a.example.cn", role="deputy")
    orgs.liaison_update(actor=world.admin_a, designation=other, data={"title": "科员"})
    dispatch()
    assert [d.event.subject_id for d in Delivery.objects.select_related("event")] == [str(first.pk)]


def test_a_monitor_of_a_record_out_of_reach_is_refused(world):
    designation = designate(world, visibility="private")
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.judge_b, channel="in_app", event_types=[DESIGNATED], subject_type="orgs.liaisondesignation", subject_id=designation.pk)
    assert info.value.code == ErrorCode.INVALID and "subject_id" in info.value.fields


def test_an_agency_filter(world):
    subscribe(actor=world.judge_b, channel="in_app", event_types=[DESIGNATED], agency=world.office.pk)
    designate(world, visibility="network")
    dispatch()
    assert not Delivery.objects.exists()


def test_a_paused_subscription_gets_its_deliveries_after_resuming(world):
    subscription = subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    designate(world)
    fan_out()
    subscription_set_active(actor=world.judge_a, subscription=subscription, active=False)
    assert dispatch()["attempts"] == 0
    assert Delivery.objects.get().status == "pending"
    subscription_set_active(actor=world.judge_a, subscription=subscription, active=True)
    dispatch()
    assert Delivery.objects.get().status == "succeeded"
    assert Notification.objects.filter(recipient=world.judge_a).count() == 1


def test_e_mail_channel_sends_one_message_and_gives_up_without_an_address(world):
    world.judge_a.email = "judge@court-a.example.cn"
    world.judge_a.save()
    subscribe(actor=world.judge_a, channel="email", event_types=[DESIGNATED])
    designate(world)
    mail.outbox.clear()
    dispatch()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["judge@court-a.example.cn"]
    assert "联络人已指定" in mail.outbox[0].subject
    world.judge_a.email = ""
    world.judge_a.save()
    orgs.liaison_end(actor=world.admin_a, designation=orgs.LiaisonDesignation.objects.get(), reason="调任")
    subscribe_ended = Delivery.objects.count()
    assert subscribe_ended == 1  # ENDED was not subscribed
    designate(world)
    dispatch()
    latest = Delivery.objects.order_by("-id").first()
    assert latest.status == "gave_up" and latest.attempts == 1 and "no e-mail" in latest.last_error


def test_an_e_mail_subscription_needs_an_address(world):
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.judge_b, channel="email", event_types=[DESIGNATED])
    assert "channel" in info.value.fields


def test_subscriptions_name_registered_types_only(world):
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.judge_a, channel="in_app", event_types=["orgs.liaison.vanished"])
    assert info.value.code == ErrorCode.EVENT_TYPE_UNKNOWN
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.judge_a, channel="in_app", event_types=[])
    assert info.value.code == ErrorCode.REQUIRED


def test_accounts_publish_person_events_privately(world):
    from ipcollab.accounts import services as accounts

    subscribe(actor=world.judge_a, channel="in_app", event_types=["accounts.person.created", "accounts.person.deactivated"])
    subscribe(actor=world.judge_b, channel="in_app", event_types=["accounts.person.created"])
    person = accounts.staff_create(actor=world.admin_a, agency=world.court_a, username="t_new_clerk", password="Zz-Secure-Passw0rd!", full_name="新书记员")
    accounts.user_deactivate(actor=world.admin_a, person=person, reason="调离")
    dispatch()
    assert sorted(DomainEvent.objects.values_list("type", flat=True)) == ["accounts.person.created", "accounts.person.deactivated"]
    assert set(Delivery.objects.values_list("subscription__owner", flat=True)) == {world.judge_a.pk}


def test_deliveries_of_a_deactivated_owner_wait(world):
    subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    designate(world)
    world.judge_a.is_active = False
    world.judge_a.save()
    dispatch(now=timezone.now() + timedelta(days=1))
    assert not Delivery.objects.exists()
