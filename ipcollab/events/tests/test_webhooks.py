"""Signed webhooks against a real HTTP receiver on 127.0.0.1: signature, retries with backoff,
giving up, retry now, and the https-only rule."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.events.models import Delivery, DeliveryAttempt
from ipcollab.events.services import delivery_retry_now, dispatch, rotate_secret, send_test_event, subscribe, validate_webhook_url
from ipcollab.orgs import services as orgs

from .receiver import Receiver

DESIGNATED = "orgs.liaison.designated"


def designate(world):
    return orgs.liaison_designate(
        actor=world.admin_a, agency=world.court_a, person=world.liaison_a, phone="010-12345678", email="l@court-a.example.cn", visibility="network"
    )


def later(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_delivery_is_signed_with_the_subscription_secret(world):
    with Receiver([200]) as receiver:
        subscription = subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=receiver.url)
        secret = subscription.new_secret
        designation = designate(world)
        dispatch()
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    delivery = Delivery.objects.get()
    assert headers["X-Ipcollab-Event"] == DESIGNATED
    assert headers["X-Ipcollab-Delivery"] == str(delivery.pk)
    expected = "sha256=" + hmac.new(secret.encode(), headers["X-Ipcollab-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Ipcollab-Signature"], expected)
    document = json.loads(body)
    assert document["type"] == DESIGNATED and document["subject"]["id"] == str(designation.pk) and document["delivery"] == delivery.pk
    assert delivery.status == "succeeded" and delivery.response_code == 200 and delivery.attempts == 1
    assert DeliveryAttempt.objects.get().status_code == 200


def test_a_refused_delivery_is_retried_with_backoff(world, settings):
    settings.EVENTS_DELIVERY_BACKOFF = [60, 300]
    with Receiver([503, 200]) as receiver:
        subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=receiver.url)
        designate(world)
        before = timezone.now()
        dispatch()
        delivery = Delivery.objects.get()
        assert delivery.status == "failed" and delivery.response_code == 503 and delivery.attempts == 1
        assert before + timedelta(seconds=59) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=61)
        assert dispatch()["attempts"] == 0  # not due yet
        dispatch(now=later(2))
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 200]
    assert len(receiver.requests) == 2
    # the same delivery id on both attempts, so the receiver can tell a retry from a new event
    assert receiver.requests[0]["headers"]["X-Ipcollab-Delivery"] == receiver.requests[1]["headers"]["X-Ipcollab-Delivery"]
    assert receiver.requests[1]["headers"]["X-Ipcollab-Attempt"] == "2"


def test_after_the_last_attempt_it_gives_up_and_retry_now_tries_once_more(world, settings):
    settings.EVENTS_DELIVERY_BACKOFF = [60, 300]
    settings.EVENTS_DELIVERY_MAX_ATTEMPTS = 3
    with Receiver([500]) as receiver:
        subscription = subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=receiver.url)
        designate(world)
        dispatch()
        delivery = Delivery.objects.get()
        dispatch(now=later(2))
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == 2
        assert delivery.next_attempt_at >= timezone.now() + timedelta(seconds=299)  # the second step of the backoff
        dispatch(now=later(10))
        delivery.refresh_from_db()
        assert delivery.status == "gave_up" and delivery.attempts == 3 and delivery.next_attempt_at is None
        assert "HTTP 500" in delivery.last_error
        assert dispatch(now=later(60 * 24))["attempts"] == 0
        receiver.statuses = [200]
        delivery_retry_now(actor=world.system, delivery=delivery)
        dispatch()
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 4
    assert subscription.pk == delivery.subscription_id


def test_an_unreachable_receiver_is_a_failed_attempt(world):
    receiver = Receiver()
    url = receiver.url
    receiver.server.server_close()  # nobody listens there any more
    subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=url)
    designate(world)
    dispatch()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.response_code is None and delivery.last_error


def test_a_test_event_goes_to_one_subscription_only(world):
    with Receiver([200]) as receiver:
        mine = subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=receiver.url)
        subscribe(actor=world.system, channel="webhook", event_types=["events.test"], url=receiver.url)
        send_test_event(actor=world.system, subscription=mine)
        dispatch()
    assert [r["headers"]["X-Ipcollab-Event"] for r in receiver.requests] == ["events.test"]
    assert Delivery.objects.get().subscription_id == mine.pk


def test_rotating_the_secret_signs_with_the_new_one(world):
    with Receiver([200]) as receiver:
        subscription = subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=receiver.url)
        old = subscription.new_secret
        new = rotate_secret(actor=world.system, subscription=subscription).new_secret
        assert new != old
        send_test_event(actor=world.system, subscription=subscription)
        dispatch()
    headers, body = receiver.requests[0]["headers"], receiver.requests[0]["body"]
    signed = headers["X-Ipcollab-Timestamp"].encode() + b"." + body
    assert headers["X-Ipcollab-Signature"] == "sha256=" + hmac.new(new.encode(), signed, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.cn/x", "ftp://hooks.example.cn/x", "hooks.example.cn/x", "http://10.0.0.1/x", "javascript:alert(1)", "https//broken"],
)
def test_a_webhook_url_must_be_https(world, url):
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url=url)
    assert info.value.code == ErrorCode.WEBHOOK_URL_NOT_HTTPS


def test_loopback_http_only_where_the_setting_allows_it(world, settings):
    assert validate_webhook_url("http://127.0.0.1:8123/hook") == "http://127.0.0.1:8123/hook"
    assert validate_webhook_url("https://hooks.example.cn/ipcollab") == "https://hooks.example.cn/ipcollab"
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    for url in ["http://127.0.0.1:8123/hook", "http://localhost/hook"]:
        with pytest.raises(ServiceError) as info:
            validate_webhook_url(url)
        assert info.value.code == ErrorCode.WEBHOOK_URL_NOT_HTTPS


def test_people_without_an_admin_role_cannot_register_webhooks(world):
    with pytest.raises(ServiceError) as info:
        subscribe(actor=world.judge_a, channel="webhook", event_types=[DESIGNATED], url="https://hooks.example.cn/x")
    assert info.value.code == ErrorCode.CHANNEL_NOT_ALLOWED and info.value.status == 403
    assert subscribe(actor=world.admin_a, channel="webhook", event_types=[DESIGNATED], url="https://hooks.example.cn/x").secret
