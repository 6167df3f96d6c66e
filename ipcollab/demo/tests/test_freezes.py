"""The demo freeze register: every state, made through the services, consistent with the
register's timeline, dated as the services would have dated it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ipcollab.accounts.models import User
from ipcollab.demo.seed import demo_day
from ipcollab.identifiers import parse_case_number
from ipcollab.preservation import selectors
from ipcollab.preservation.models import FreezeOrder, Handoff, OrderKind, OrderStatus
from ipcollab.registry import status as legal
from ipcollab.registry.models import Right


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo", size="small", seed=3, rights_scale=0.1)


def replay(right):
    events = [legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details) for e in right.events.all()]
    return legal.replay(right.kind, events)


@pytest.mark.django_db
def test_demo_freezes_show_every_state_through_the_services(seeded):
    today = demo_day()  # the day the demo was generated as of (today, unless the calendar ends soon)
    yesterday = today - datetime.timedelta(days=1)
    orders = list(FreezeOrder.objects.select_related("right", "court", "holder"))
    assert len(orders) >= 30
    assert {o.status for o in orders} == set(OrderStatus.values)
    effective = [o for o in orders if o.status == OrderStatus.EFFECTIVE]
    assert any(o.registered_at for o in effective) and any(not o.registered_at for o in effective)
    assert {o.return_reason for o in orders if o.status == OrderStatus.RETURNED} >= {"incomplete", "duplicate"}
    # Lapsed yesterday by yesterday's sweep; the next in line took effect the same day.
    lapsed = next(o for o in orders if o.status == OrderStatus.LAPSED and o.ends_on == today - datetime.timedelta(days=2))
    successor = FreezeOrder.objects.get(right=lapsed.right, status=OrderStatus.EFFECTIVE)
    assert successor.starts_on == yesterday and lapsed.history.get(type="lapsed").on == yesterday
    assert lapsed.right.events.filter(type="unfrozen", date=yesterday, details__order=lapsed.pk).exists()
    assert lapsed.right.events.filter(type="frozen", date=yesterday, details__order=successor.pk).exists()
    # A converted order held by the enforcement court; a disposal that ended a waiting list.
    hd = User.objects.get(username="hd_judge").agency
    assert any(o.kind == OrderKind.ENFORCEMENT and o.holder == hd and o.court != hd and o.status == OrderStatus.EFFECTIVE for o in orders)
    disposed = next(o for o in orders if o.status == OrderStatus.ENDED and o.holder == hd)
    assert FreezeOrder.objects.filter(right=disposed.right, status=OrderStatus.ENDED).count() == 3
    assert disposed.right.events.filter(type="transferred", details__enforcement_court=str(hd.pk)).exists()
    # Renewed, released with a promotion, a period warning, waiting lists of two and three courts.
    assert FreezeOrder.objects.filter(history__type="renewed").exists()
    released = next(o for o in orders if o.status == OrderStatus.RELEASED)
    assert FreezeOrder.objects.filter(right=released.right, starts_on=released.history.get(type="released").on).exists()
    assert any(o.period_warning for o in orders)
    waiting_courts = {}
    for o in orders:
        if o.status in (OrderStatus.EFFECTIVE, OrderStatus.WAITING):
            waiting_courts.setdefault(o.right_id, set()).add(o.court_id)
    assert max(len(c) for c in waiting_courts.values()) == 3
    # The lists of the desks are not empty.
    bj73_clerk, handler = User.objects.get(username="bj73_clerk"), User.objects.get(username="cnipa_handler")
    assert selectors.expiring(FreezeOrder.objects.all(), days=7, today=today).exists()
    for key in ("awaiting", "expiring", "queued"):
        assert selectors.court_list(bj73_clerk, key, today=today).exists(), key
    assert selectors.cnipa_list(handler, "to_register").exists() and selectors.cnipa_list(handler, "returned").exists()
    # Consistent: valid case numbers, dates as the queue makes them, the register agrees.
    for o in orders:
        assert parse_case_number(o.case_number).normalized == o.case_number
        assert o.received_at.date() <= yesterday and o.created_at == o.received_at
        history = list(o.history.order_by("at", "pk"))
        assert history[0].type == "submitted" and history[0].on == timezone.localtime(o.received_at).date()
        assert [h.on for h in history] == sorted(h.on for h in history)
        if o.starts_on:
            assert o.received_at.date() <= o.starts_on <= o.ends_on
    handoffs = Handoff.objects.all()
    assert handoffs.exists() and [(h.step, h.on, h.sent_at) for h in handoffs if timezone.localtime(h.sent_at).date() != h.on] == []
    for right in Right.objects.filter(freeze_orders__isnull=False).distinct():
        state = replay(right)
        holding = set(FreezeOrder.objects.filter(right=right, status=OrderStatus.EFFECTIVE).values_list("holder_id", flat=True))
        assert state.status == right.status and right.freezes == len(holding)
        assert set(state.frozen_by) == {str(pk) for pk in holding}
