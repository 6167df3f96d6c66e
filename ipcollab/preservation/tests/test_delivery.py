"""Delivery of freeze orders: a hand-off with its receipt for every step, notifications to the
people concerned (both courts on a promotion, the waiting courts on a disposal), the receipt's
digest, acknowledgement, and the API (reach, idempotence, scopes, constant query count)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from conftest import make_agency, make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import NotFound, PermissionDenied
from ipcollab.notifications.models import Notification
from ipcollab.preservation import delivery, receipts, services
from ipcollab.preservation.models import Handoff, HandoffStep, OrderStatus
from ipcollab.preservation.tests.conftest import submit

D = datetime.date
RECEIPT = re.compile(r"^HZ\d{4}\d{8}$")


def steps(order):
    return [h.step for h in Handoff.objects.filter(order=order).order_by("pk")]


def notes(user, code):
    return list(Notification.objects.filter(recipient=user, code=code).order_by("pk"))


def test_every_step_hands_off_with_a_receipt(world, patent, courts):
    a = submit(courts["a"], patent)
    assert steps(a) == ["submitted", "received", "effective"]  # took effect at once: no "queued"
    submitted = Handoff.objects.get(order=a, step="submitted")
    assert (submitted.from_agency, submitted.to_agency) == (world.court_a, world.office)  # the assigned handler's office
    received = Handoff.objects.get(order=a, step="received")
    assert (received.from_agency, received.to_agency) == (world.office, world.court_a)
    b = submit(courts["b"], patent, case="(2026)沪民初2号", amount=30, unit="days")
    assert steps(b) == ["submitted", "received", "queued"]
    services.register_order(actor=world.handler, order=a)
    services.renew_order(actor=world.judge_a, order=a, period_amount=3, period_unit="months")
    court_c = make_agency("t-court-c", "测试中级人民法院", "court", "municipal")
    judge_c = make_user("t_judge_c", court_c, ["judge"], full_name="丙院法官")
    a = services.convert_order(actor=world.judge_a, order=a, successor=court_c)
    services.release_order(actor=judge_c, order=a)
    assert steps(a) == ["submitted", "received", "effective", "registered", "renewed", "converted", "released"]
    converted = Handoff.objects.get(order=a, step="converted")
    assert (converted.from_agency, converted.to_agency) == (world.court_a, court_c)
    released = Handoff.objects.get(order=a, step="released")
    assert (released.from_agency, released.to_agency) == (court_c, world.office)
    b.refresh_from_db()
    assert b.status == OrderStatus.EFFECTIVE and steps(b)[-1] == "effective"
    services.sweep(b.ends_on + datetime.timedelta(days=1))
    assert steps(b)[-1] == "lapsed"
    returned = submit(courts["a"], patent, case="(2026)京民初3号")
    services.return_order(actor=world.handler, order=returned, reason="owner_differs")
    assert steps(returned)[-1] == "returned"
    assert Handoff.objects.get(order=returned, step="returned").payload["return_reason"] == "owner_differs"
    disposer = submit(courts["a"], patent, case="(2026)京执4号")
    services.dispose_right(actor=world.judge_a, order=disposer, new_owner="买受人有限公司")
    assert steps(disposer)[-1] == "ended"

    all_handoffs = list(Handoff.objects.all())
    assert {h.step for h in all_handoffs} == set(HandoffStep.values)
    numbers = [h.receipt_number for h in all_handoffs]
    assert all(RECEIPT.match(n) for n in numbers) and len(set(numbers)) == len(numbers)
    for h in all_handoffs:
        assert h.digest == receipts.digest(h.payload) and receipts.verify(h.payload, h.digest)
        assert h.payload["step"] == h.step and h.payload["order"] == h.order_id
        assert h.acknowledged_at is None and h.event is not None


def test_a_changed_payload_no_longer_verifies(world, patent, courts):
    h = Handoff.objects.filter(order=submit(courts["a"], patent)).first()
    tampered = {**h.payload, "ends_on": "2099-12-31"}
    assert not receipts.verify(tampered, h.digest)


def test_court_and_handler_hear_of_the_hand_offs_that_concern_them(world, patent, courts):
    a = submit(courts["a"], patent)
    # The court hears of the receipt and of the effect; the handler of the order assigned to them.
    assert [n.title for n in notes(world.judge_a, "preservation.handoff.received")] == [f"冻结裁定{a.case_number}：收到回执"]
    effective = notes(world.judge_a, "preservation.handoff.effective")[0]
    assert a.starts_on.isoformat() in effective.body and a.ends_on.isoformat() in effective.body
    assert effective.link == f"/preservation/orders/{a.pk}/"
    assigned = notes(world.handler, "preservation.assigned")
    assert len(assigned) == 1 and Handoff.objects.get(order=a, step="submitted").receipt_number in assigned[0].body
    assert world.handler in Handoff.objects.get(order=a, step="submitted").recipients.all()
    services.release_order(actor=world.judge_a, order=a)
    assert len(notes(world.handler, "preservation.handoff.released")) == 1  # to CNIPA
    assert notes(world.judge_a, "preservation.handoff.released") == []  # the court sent it
    # Nobody else: court B, the examiner, the court's agency admin.
    for outsider in (world.judge_b, world.examiner, world.admin_a):
        assert not Notification.objects.filter(recipient=outsider, code__startswith="preservation.").exists()


def test_notifications_in_the_recipients_language(world, patent, courts):
    world.judge_a.preferred_language = "en"
    world.judge_a.save(update_fields=["preferred_language"])
    with translation.override("zh-hans"):
        a = submit(courts["a"], patent)
    note = notes(world.judge_a, "preservation.handoff.received")[0]
    with translation.override("en"):
        expected = delivery._texts(
            Handoff.objects.get(order=a, step="received"),
            a,
            a.history.get(type="submitted"),
            {a.court_id: world.court_a.name, world.office.pk: world.office.name},
        )[0]
    assert note.title == str(expected)
    assert delivery._language(world.judge_a) == "en"
    world.judge_a.preferred_language = "xx"
    assert delivery._language(world.judge_a) == "zh-hans"  # an unknown language: the default


@pytest.mark.parametrize("how", ["release", "lapse", "return"])
def test_both_courts_are_told_when_the_waiting_order_takes_effect(world, patent, courts, how):
    a = submit(courts["a"], patent, amount=30, unit="days")
    b = submit(courts["b"], patent, case="(2026)沪民初2号", amount=2, unit="months")
    clerk_b, judge_b = courts["b"]
    assert len(notes(clerk_b, "preservation.handoff.queued")) == 1
    if how == "release":
        services.release_order(actor=world.judge_a, order=a)
    elif how == "lapse":
        services.sweep(a.ends_on + datetime.timedelta(days=1))
    else:
        services.return_order(actor=world.handler, order=a, reason="duplicate")
    b.refresh_from_db()
    assert b.status == OrderStatus.EFFECTIVE
    for person in (clerk_b, judge_b):  # the court whose order now runs
        (note,) = notes(person, "preservation.handoff.effective")
        assert b.starts_on.isoformat() in note.body and b.ends_on.isoformat() in note.body
        assert note.link == f"/preservation/orders/{b.pk}/"
    (told,) = notes(world.judge_a, "preservation.handoff.promoted")  # the court whose freeze ended
    assert world.court_b.name in told.body and b.starts_on.isoformat() in told.body and b.ends_on.isoformat() in told.body
    assert a.case_number in told.body and told.link == f"/preservation/orders/{a.pk}/"
    # A later run of the sweep adds nothing.
    services.sweep(a.ends_on + datetime.timedelta(days=1))
    assert len(notes(world.judge_a, "preservation.handoff.promoted")) == 1


def test_a_new_order_on_a_free_right_tells_no_earlier_court(world, patent, courts):
    a = submit(courts["a"], patent)
    services.release_order(actor=world.judge_a, order=a)
    submit(courts["b"], patent, case="(2026)沪民初2号")  # effective at once, long after A ended
    assert notes(world.judge_a, "preservation.handoff.promoted") == []


def test_disposal_tells_every_waiting_court_its_order_ended(world, patent, courts):
    a = submit(courts["a"], patent)
    b = submit(courts["b"], patent, case="(2026)沪民初2号")
    court_c = make_agency("t-court-c", "测试中级人民法院", "court", "municipal")
    judge_c = make_user("t_judge_c", court_c, ["judge"], full_name="丙院法官")
    c = submit((judge_c, judge_c), patent, case="(2026)津民初3号")
    services.dispose_right(actor=world.judge_a, order=a, new_owner="买受人有限公司")
    for order, people in ((b, courts["b"]), (c, (judge_c,))):
        order.refresh_from_db()
        assert order.status == OrderStatus.ENDED
        ended = Handoff.objects.get(order=order, step="ended")
        assert ended.to_agency_id == order.holder_id
        for person in people:
            (note,) = notes(person, "preservation.handoff.ended")
            assert world.court_a.name in note.body and "轮候" in note.body
    assert len(notes(world.judge_a, "preservation.handoff.ended")) == 1  # its own order's end, acknowledged as such


def test_a_successor_court_hears_through_its_admins_until_its_judges_act(world, patent, courts):
    a = submit(courts["a"], patent)
    court_c = make_agency("t-court-c", "测试中级人民法院", "court", "municipal")
    admin_c = make_user("t_admin_c", court_c, ["agency_admin"], full_name="丙院管理员")
    judge_c = make_user("t_judge_c", court_c, ["judge"], full_name="丙院法官")
    a = services.convert_order(actor=world.judge_a, order=a, successor=court_c)
    assert len(notes(admin_c, "preservation.handoff.converted")) == 1
    assert len(notes(world.handler, "preservation.handoff.converted")) == 1
    assert notes(judge_c, "preservation.handoff.converted") == []
    services.renew_order(actor=judge_c, order=a, period_amount=1, period_unit="months")
    a.refresh_from_db()
    assert delivery.court_people(a, court_c.pk) == [judge_c]


def test_acknowledgement_by_the_receiving_agency_once(world, patent, courts):
    a = submit(courts["a"], patent)
    received = Handoff.objects.get(order=a, step="received")
    with pytest.raises(PermissionDenied):
        delivery.acknowledge_handoff(actor=world.handler, handoff=received)  # CNIPA sent it
    with pytest.raises(NotFound):
        delivery.acknowledge_handoff(actor=world.judge_b, handoff=received)  # out of reach
    first = delivery.acknowledge_handoff(actor=world.judge_a, handoff=received)
    assert first.acknowledged_by == world.judge_a and first.acknowledged_at is not None
    again = delivery.acknowledge_handoff(actor=world.judge_a, handoff=received)
    assert again.acknowledged_at == first.acknowledged_at
    assert AuditEvent.objects.filter(action="preservation.handoff.acknowledge").count() == 1
    submitted = Handoff.objects.get(order=a, step="submitted")
    assert delivery.acknowledge_handoff(actor=world.handler, handoff=submitted).acknowledged_by == world.handler


# --- API ------------------------------------------------------------------------------------------
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_client(world, user, scopes):
    from ipcollab.accounts import services as account_services

    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_api_lists_the_hand_offs_to_who_sees_the_order(world, patent, courts):
    a = submit(courts["a"], patent)
    url = reverse("api:freeze-handoffs", args=[a.pk])
    body = api(world.judge_a).get(url).json()
    assert [h["step"] for h in body["results"]] == ["submitted", "received", "effective"]
    first = body["results"][0]
    assert first["from_agency"] == {"id": world.court_a.pk, "name": world.court_a.name}
    assert RECEIPT.match(first["receipt_number"]) and first["digest"] == receipts.digest(first["payload"])
    assert api(world.handler).get(url).status_code == 200
    # The system of the handler's IP office reads what its handlers hold.
    assert api(world.system).get(url).status_code == 200
    for outsider in (world.judge_b, world.examiner, world.admin_a, world.external):
        response = api(outsider).get(url)
        assert response.status_code == 404, outsider
    assert api(world.judge_a).get(reverse("api:freeze-handoffs", args=[999999])).status_code == 404
    assert APIClient().get(url).status_code == 401


def test_api_acknowledge_is_idempotent_and_needs_its_scope(world, patent, courts):
    court_system = make_user("t_court_system", world.court_a, [], kind="system", full_name="甲院业务系统")
    a = submit(courts["a"], patent)
    effective = Handoff.objects.get(order=a, step="effective")
    url = reverse("api:freeze-handoff-acknowledge", args=[a.pk, effective.pk])
    reader = token_client(world, court_system, ["preservation:read"])
    assert reader.get(reverse("api:freeze-handoffs", args=[a.pk])).status_code == 200
    denied = reader.post(url)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "token_scope"
    acker = token_client(world, court_system, ["preservation:acknowledge"])
    first = acker.post(url)
    assert first.status_code == 200 and first.json()["acknowledged_by"] == "甲院业务系统"
    second = api(world.judge_a).post(url)
    assert second.status_code == 200 and second.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert second.json()["acknowledged_by"] == "甲院业务系统"
    other_order = reverse("api:freeze-handoff-acknowledge", args=[a.pk + 1000, effective.pk])
    assert api(world.judge_a).post(other_order).status_code == 404
    submitted = Handoff.objects.get(order=a, step="submitted")
    refused = api(world.judge_a).post(reverse("api:freeze-handoff-acknowledge", args=[a.pk, submitted.pk]))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert api(world.judge_b).post(url).status_code == 404


def test_api_list_query_count_does_not_grow(world, patent, courts):
    a = submit(courts["a"], patent)
    submit(courts["b"], patent, case="(2026)沪民初2号", amount=1, unit="months")
    for h in Handoff.objects.filter(order=a):  # acknowledged rows name a person: still no extra query
        delivery.acknowledge_handoff(actor=world.handler if h.to_agency_id == world.office.pk else world.judge_a, handoff=h)
    client = api(world.judge_a)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(reverse("api:freeze-handoffs", args=[a.pk])).json()["results"]) == 3
    services.register_order(actor=world.handler, order=a)
    services.renew_order(actor=world.judge_a, order=a, period_amount=1, period_unit="months")
    services.release_order(actor=world.judge_a, order=a)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(reverse("api:freeze-handoffs", args=[a.pk])).json()["results"]) == 6
    assert len(large.captured_queries) == len(small.captured_queries)
    page = client.get(reverse("api:freeze-handoffs", args=[a.pk]), {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    rest = client.get(page["next"]).json()
    assert [h["id"] for h in rest["results"]][0] > page["results"][-1]["id"]


def test_handoffs_template_include_renders_the_table(world, patent, courts):
    from django.template.loader import render_to_string

    from ipcollab.preservation.selectors import handoffs_for

    a = submit(courts["a"], patent)
    delivery.acknowledge_handoff(actor=world.judge_a, handoff=Handoff.objects.get(order=a, step="received"))
    with translation.override("zh-hans"):
        html = render_to_string("preservation/_handoffs.html", {"handoffs": handoffs_for(a)})
    for h in Handoff.objects.filter(order=a):
        assert h.receipt_number in html
    assert "收到回执" in html and world.judge_a.display_name in html and "未签收" in html
    assert f"{world.court_a.name} → {world.office.name}" in html
