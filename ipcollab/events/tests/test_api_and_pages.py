"""API (subscriptions, deliveries, event types, notifications) and pages, end to end."""

from datetime import timedelta

from django.utils import timezone

from ipcollab.accounts.models import ApiToken, hash_token
from ipcollab.events.models import Delivery, Subscription
from ipcollab.events.services import dispatch, subscribe
from ipcollab.orgs import services as orgs

DESIGNATED = "orgs.liaison.designated"


def token_for(user, scopes):
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", prefix=prefix, key_hash=hash_token(raw), scopes=scopes, expires_at=timezone.now() + timedelta(days=1))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def designate(world):
    return orgs.liaison_designate(actor=world.admin_a, agency=world.court_a, person=world.liaison_a, phone="010-1", email="l@a.example.cn")


def test_an_agency_system_registers_a_webhook_and_reads_its_deliveries(world, client):
    auth = token_for(world.system, ["events:read", "events:write"])
    response = client.post(
        "/api/v1/subscriptions/",
        {"channel": "webhook", "event_types": [DESIGNATED], "url": "https://hooks.example.cn/ipcollab"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_") and body["event_types"] == [DESIGNATED]
    detail = client.get(f"/api/v1/subscriptions/{body['id']}/", **auth).json()
    assert "secret" not in detail
    deliveries = client.get(f"/api/v1/subscriptions/{body['id']}/deliveries/", **auth)
    assert deliveries.status_code == 200 and deliveries.json()["results"] == []
    patched = client.patch(f"/api/v1/subscriptions/{body['id']}/", {"active": False}, content_type="application/json", **auth)
    assert patched.json()["active"] is False


def test_bad_subscriptions_answer_the_envelope(world, client):
    auth = token_for(world.system, ["events:write"])
    cases = [
        ({"channel": "webhook", "event_types": [DESIGNATED], "url": "http://hooks.example.cn/x"}, 400, "webhook_url_not_https"),
        ({"channel": "webhook", "event_types": ["no.such.type"], "url": "https://hooks.example.cn/x"}, 400, "event_type_unknown"),
        ({"channel": "in_app", "event_types": [DESIGNATED]}, 400, "channel_not_allowed"),
        ({"channel": "fax", "event_types": [DESIGNATED]}, 400, "invalid"),
        ({"channel": "webhook", "event_types": [], "url": "https://hooks.example.cn/x"}, 400, "invalid"),
    ]
    for data, status, code in cases:
        response = client.post("/api/v1/subscriptions/", data, content_type="application/json", **auth)
        assert response.status_code == status, (data, response.content)
        assert response.json()["error"]["code"] == code
    assert not Subscription.objects.exists()


def test_token_scopes_are_enforced(world, client):
    auth = token_for(world.system, ["events:read"])
    response = client.post(
        "/api/v1/subscriptions/", {"channel": "webhook", "event_types": [DESIGNATED], "url": "https://h.example.cn/"}, content_type="application/json", **auth
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"
    assert client.get("/api/v1/event-types/", **token_for(world.system, ["orgs:read"])).status_code == 403


def test_event_types_are_listed(world, client):
    codes = [t["code"] for t in client.get("/api/v1/event-types/", **token_for(world.system, ["events:read"])).json()]
    assert {DESIGNATED, "orgs.liaison.ended", "orgs.liaison.updated", "accounts.person.created", "accounts.person.deactivated"} <= set(codes)


def test_notifications_api_lists_and_marks_read(world, login):
    subscribe(actor=world.judge_a, channel="in_app", event_types=[DESIGNATED])
    designate(world)
    dispatch()
    client = login(world.judge_a)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    items = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert len(items) == 1 and items[0]["code"] == DESIGNATED
    read = client.post(f"/api/v1/notifications/{items[0]['id']}/read/")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert login(world.judge_b).post(f"/api/v1/notifications/{items[0]['id']}/read/").status_code == 404


def test_subscribe_in_the_ui_and_see_the_badge(world, login):
    client = login(world.judge_a)
    response = client.post("/events/subscriptions/new/", {"channel": "in_app", "event_types": [DESIGNATED], "name": "联络人变动"})
    assert response.status_code == 302
    assert Subscription.objects.get(owner=world.judge_a).event_types == [DESIGNATED]
    designate(world)
    dispatch()
    page = client.get("/notifications/").content.decode()
    assert 'id="unread-badge"' in page and "联络人已指定" in page


def test_a_bad_form_shows_translated_errors(world, login):
    client = login(world.judge_a)
    response = client.post("/events/subscriptions/new/", {"channel": "webhook", "event_types": [DESIGNATED], "url": "https://h.example.cn/"})
    assert response.status_code == 200 and "只有机构业务系统和管理员可以订阅" in response.content.decode()
    response = login(world.admin_a).post("/events/subscriptions/new/", {"channel": "webhook", "event_types": [DESIGNATED], "url": "http://h.example.cn/"})
    assert response.status_code == 200 and "必须使用 https" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_webhook_secret_is_shown_once(world, login):
    client = login(world.admin_a)
    response = client.post("/events/subscriptions/new/", {"channel": "webhook", "event_types": [DESIGNATED], "url": "https://h.example.cn/"})
    subscription = Subscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert subscription.secret not in client.get("/events/subscriptions/").content.decode()
    assert subscription.secret not in client.get(f"/events/subscriptions/{subscription.pk}/").content.decode()


def test_list_pages_have_bounded_queries(world, login, django_assert_max_num_queries):
    for i in range(5):
        subscribe(actor=world.admin_a, channel="webhook", event_types=[DESIGNATED], url=f"https://h{i}.example.cn/")
    subscription = Subscription.objects.first()
    designate(world)
    dispatch()
    client = login(world.admin_a)
    with django_assert_max_num_queries(12):
        assert client.get("/events/subscriptions/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/events/subscriptions/{subscription.pk}/deliveries/").status_code == 200
    assert Delivery.objects.count() == 5


def test_agency_admins_see_their_systems_subscriptions(world, login):
    from conftest import make_user

    system_a = make_user("t_system_a", world.court_a, [], kind="system", full_name="甲院业务系统")
    subscribe(actor=system_a, channel="webhook", event_types=[DESIGNATED], url="https://court-a.example.cn/hook")
    subscribe(actor=world.system, channel="webhook", event_types=[DESIGNATED], url="https://office.example.cn/hook")
    page = login(world.admin_a).get("/events/agency-systems/").content.decode()
    assert "court-a.example.cn" in page and "office.example.cn" not in page
