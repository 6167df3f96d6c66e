"""Browser test of issue 3 point 6: an event reaches a subscribed user's notification centre, and a
webhook receiver on loopback gets the signed delivery after a refused first attempt."""

import hashlib
import hmac
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from ipcollab.events.tests.receiver import Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("^(登录|Sign in|Log in)$")).click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_an_event_reaches_the_notification_centre_and_a_signed_webhook_after_a_retry(page, world):
    from ipcollab.events.models import Delivery
    from ipcollab.events.services import subscribe
    from ipcollab.events.tasks import dispatch_events
    from ipcollab.orgs import services as orgs

    # 1. judge A subscribes in the UI to "liaison designated"
    sign_in(page, "t_judge_a")
    page.goto("/events/subscriptions/")
    page.get_by_role("link", name="新建订阅").click()
    page.fill("#id_name", "联络人变动")
    page.get_by_label(re.compile("联络人已指定")).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("订阅已创建")
    expect(page.get_by_role("row").filter(has_text="联络人变动")).to_contain_text("站内通知")
    expect(page.locator("#unread-badge")).to_have_count(0)

    with Receiver([503, 200]) as receiver:
        # court A's case system registers a webhook (as it would through the API)
        system_a = make_user("t_system_a", world.court_a, [], kind="system", full_name="甲院业务系统")
        hook = subscribe(actor=system_a, channel="webhook", event_types=["orgs.liaison.designated"], url=receiver.url, name="甲院系统")
        secret = hook.new_secret

        # 2. another user's action publishes the event; the dispatch task delivers it
        orgs.liaison_designate(actor=world.admin_a, agency=world.court_a, person=world.liaison_a, phone="010-12345678", email="liaison@court-a.example.cn")
        dispatch_events.enqueue()

        # 3. the notification centre shows it: unread badge, then mark read
        page.goto("/")
        expect(page.locator("#unread-badge")).to_contain_text("1")
        page.get_by_role("link", name=re.compile("^通知")).click()
        item = page.locator("li.list-group-item").filter(has_text="联络人已指定")
        expect(item).to_contain_text("未读")
        item.get_by_role("button").click()
        page.goto("/notifications/")
        expect(page.locator("li.list-group-item").filter(has_text="联络人已指定")).not_to_contain_text("未读")
        expect(page.locator("#unread-badge")).to_have_count(0)

        # 4. the webhook's first attempt was refused (503): the delivery waits for its retry
        delivery = Delivery.objects.get(subscription=hook)
        assert delivery.status == "failed" and delivery.response_code == 503
        assert len(receiver.requests) == 1

        # 5. court A's admin opens the delivery log and retries now; the second attempt is accepted
        sign_in(page, "t_admin_a")
        page.goto("/events/agency-systems/")
        page.get_by_role("row").filter(has_text="甲院系统").get_by_role("link", name=re.compile("次")).click()
        row = page.locator("tr.delivery-row")
        expect(row).to_contain_text("失败，待重试")
        row.get_by_role("button", name="立即重试").click()
        expect(page.get_by_role("alert")).to_contain_text("已安排立即重试")
        dispatch_events.enqueue()  # the worker's sweep: nothing left to do if the retry already ran
        page.reload()
        expect(row).to_contain_text("已送达")
        attempts = row.locator("li.attempt")
        expect(attempts).to_have_count(2)
        expect(attempts.nth(0)).to_contain_text("HTTP 503")
        expect(attempts.nth(1)).to_contain_text("HTTP 200")

    assert len(receiver.requests) == 2
    signed = receiver.requests[1]
    headers, body = signed["headers"], signed["body"]
    expected = "sha256=" + hmac.new(secret.encode(), headers["X-Ipcollab-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Ipcollab-Signature"] == expected
    assert headers["X-Ipcollab-Event"] == "orgs.liaison.designated"
    assert headers["X-Ipcollab-Delivery"] == str(delivery.pk)
