"""Hearing-room pages (orgs) as courts and offices use them, and the home attention items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcollab.core import attention
from ipcollab.orgs.models import RoomBooking

from .conftest import D, receive

pytestmark = pytest.mark.django_db


def test_room_pages_free_slots_and_court_booking(bench, login):
    client = login(bench.ip_judge)
    listing = client.get(reverse("orgs:room_list"))
    assert listing.status_code == 200 and "第一审理庭" in listing.content.decode()
    url = reverse("orgs:room_detail", kwargs={"pk": bench.room.pk})
    day = timezone.localdate() + datetime.timedelta(days=3)
    resp = client.post(url, {"starts_at": f"{day}T09:00", "ends_at": f"{day}T12:00", "purpose": "巡回审理（2026）京73民初5号"})
    assert resp.status_code == 302
    booking = RoomBooking.objects.get()
    assert booking.agency == bench.ip_court and booking.booked_by == bench.ip_judge
    # the office's clash is shown on the form, nothing written
    resp = login(bench.handler).post(url, {"starts_at": f"{day}T11:00", "ends_at": f"{day}T13:00", "purpose": "口头审理"})
    assert resp.status_code == 400 and "已由" in resp.content.decode()
    assert RoomBooking.objects.count() == 1
    week = login(bench.handler).get(url, {"week": day.isoformat()}).content.decode()
    assert "巡回审理（2026）京73民初5号" in week and "12:00–18:00" in week
    # a court's clerk of another court may book too; an office of another province may not
    assert login(bench.sh_handler).post(url, {"starts_at": f"{day}T14:00", "ends_at": f"{day}T15:00", "purpose": "x"}).status_code == 403
    assert login(bench.viewer).get(reverse("orgs:room_detail", kwargs={"pk": 99999999})).status_code == 404


def test_attention_items_per_side(bench):
    a = receive(bench, received_on=D(2025, 6, 2))
    items = [i for provider in attention._providers for i in provider(bench.handler) if "行政裁决" in i.title]
    assert {i.title for i in items} == {"行政裁决事项逾期", "行政裁决待办"}
    assert all(i.count == 1 for i in items)
    assert not [i for provider in attention._providers for i in provider(bench.judge) if "行政裁决" in i.title]
    assert a.pk
