"""The freeze register's services against a reference model (hypothesis state machine), on the
real database (runs on SQLite and on PostgreSQL with the rest of the suite).

Random sequences of submit / register / return / renew / release / convert / dispose / clock
advance (with or without the sweep) on several rights, by the judges of several courts and a CNIPA
preservation handler. The reference is the queue machine's (tests/test_queue.py): open orders in
receipt order, the first effective from the day it became first. After every step the database
agrees with it: status, start and end of every order; at most one effective order per right, the
earliest open one by (received_at, receipt_seq); waiting orders run no period; the register's
state names the court holding the effective order (or nobody); every order's history is a path
through the statuses ending in its current one. Each example runs in a savepoint rolled back
afterwards; the clock is moved with time-machine (the services read ``timezone.localdate()``)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from hypothesis import settings as hsettings
from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from conftest import make_agency, make_region, make_user
from ipcollab.core.errors import PermissionDenied, ServiceError
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.preservation import queue as q
from ipcollab.preservation import services
from ipcollab.preservation.models import FreezeOrder, OrderEvent, OrderStatus, ReturnReason
from ipcollab.preservation.tests.test_queue import Reference
from ipcollab.registry import services as register
from ipcollab.registry.models import Right

START = datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
ORDER = hs.tuples(hs.integers(0, 1), hs.integers(0, 2), hs.integers(1, 8), hs.sampled_from(q.UNITS))  # right, court, period
STATUSES = {s.value for s in OrderStatus}
# The status steps an order's history may take (the queue's transitions).
NEXT = {
    "": {q.WAITING, q.EFFECTIVE},
    q.WAITING: {q.EFFECTIVE, q.RELEASED, q.RETURNED, q.ENDED},
    q.EFFECTIVE: {q.RELEASED, q.RETURNED, q.LAPSED, q.ENDED},
}


class Stage:
    """What the machine acts on, built once per test: courts with a judge each, a CNIPA handler,
    two granted patents of one owner."""

    def __init__(self, world):
        self.handler = world.handler
        court_c = make_agency("t-court-c", "测试丙中级人民法院", "court", "intermediate", make_region("440000", "广东省", 1), court_code="测丙")
        judge_c = make_user("t_judge_c", court_c, ["judge"], full_name="孙法官")
        self.judges = [world.judge_a, world.judge_b, judge_c]
        self.judge_of = {j.agency_id: j for j in self.judges}
        self.owner = register.party_create(actor=world.examiner, kind="organization", name="状态机测试科技有限公司")
        self.rights = []
        for body in ("201810557067", "201920331044"):
            right = register.right_create(
                actor=world.examiner,
                kind="patent",
                number=f"{body}.{patent_check_character(body)}",
                title="一种状态机测试装置",
                filing_date=datetime(2018, 6, 1).date(),
                parties=[(self.owner, "applicant")],
            )
            register.record_event(world.examiner, right, "granted", datetime(2020, 1, 1).date())
            self.rights.append(right)


class FreezeMachine(RuleBasedStateMachine):
    stage: Stage = None  # set by the test before the run

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.clock = time_machine.travel(START, tick=False)
        self.traveller = self.clock.start()
        self.refs = {r.pk: Reference() for r in self.stage.rights}
        self.right_of = {}  # order id -> right id
        self.holder = {}  # order id -> court id
        self.registered = set()
        self.cases = 0

    def teardown(self):
        self.clock.stop()
        transaction.savepoint_rollback(self.savepoint)

    # --- helpers ------------------------------------------------------------------------------
    @property
    def today(self):
        from django.utils import timezone

        return timezone.localdate()

    def _ref(self, oid):
        return self.refs[self.right_of[oid]]

    def _open(self):
        return [oid for ref in self.refs.values() for oid in ref.open]

    def _effective(self):
        return [ref.open[0] for ref in self.refs.values() if ref.open]

    def _order(self, oid):
        return FreezeOrder.objects.get(pk=oid)

    def _refused(self, call, code):
        with pytest.raises(ServiceError) as exc:
            call()
        assert exc.value.code == code

    # --- rules --------------------------------------------------------------------------------
    @initialize(orders=hs.lists(ORDER, min_size=2, max_size=8))
    def queues(self, orders):
        for right, court, amount, unit in orders:
            self.submit(right, court, amount, unit)

    @rule(order=ORDER)
    def submit_one(self, order):
        self.submit(*order)

    def submit(self, right, court, amount, unit):
        judge = self.stage.judges[court]
        self.cases += 1
        order = services.submit_order(
            actor=judge,
            right=self.stage.rights[right],
            case_number=f"（2026）京73执保{self.cases}号",
            party=self.stage.owner,
            period_amount=amount,
            period_unit=unit,
            signing_judge=judge,
            suspended=[],
        )
        right_id = self.stage.rights[right].pk
        self.refs[right_id].add(order.pk, amount, unit, self.today)
        self.right_of[order.pk], self.holder[order.pk] = right_id, judge.agency_id
        assert order.status == (q.EFFECTIVE if self.refs[right_id].open[0] == order.pk else q.WAITING)

    @precondition(lambda self: self.right_of)
    @rule(pick=hs.integers(0, 99))
    def register_it(self, pick):
        oid = sorted(self.right_of)[pick % len(self.right_of)]
        call = lambda: services.register_order(actor=self.stage.handler, order=self._order(oid))  # noqa: E731
        if oid not in self._open():
            self._refused(call, "freeze_order_closed")
        elif oid in self.registered:
            self._refused(call, "freeze_already_registered")
        else:
            assert call().registered_at is not None
            self.registered.add(oid)

    @precondition(lambda self: self.right_of)
    @rule(pick=hs.integers(0, 99), reason=hs.sampled_from(ReturnReason.values))
    def return_it(self, pick, reason):
        oid = sorted(self.right_of)[pick % len(self.right_of)]
        call = lambda: services.return_order(actor=self.stage.handler, order=self._order(oid), reason=reason)  # noqa: E731
        if oid not in self._open():
            self._refused(call, "freeze_order_closed")
            return
        call()
        self._ref(oid).close(oid, q.RETURNED, self.today)

    @precondition(lambda self: self.right_of)
    @rule(pick=hs.integers(0, 99), by_holder=hs.booleans())
    def release(self, pick, by_holder):
        oid = sorted(self.right_of)[pick % len(self.right_of)]
        holder = self.holder[oid]
        if not by_holder:
            # A court that neither issued nor succeeded to the order: refused, nothing changes.
            stranger = next(j for j in self.stage.judges if j.agency_id != holder)
            with pytest.raises(PermissionDenied):
                services.release_order(actor=stranger, order=self._order(oid))
            return
        call = lambda: services.release_order(actor=self.stage.judge_of[holder], order=self._order(oid))  # noqa: E731
        if oid not in self._open():
            self._refused(call, "freeze_order_closed")
            return
        call()
        self._ref(oid).close(oid, q.RELEASED, self.today)

    @precondition(lambda self: self._open())
    @rule(pick=hs.integers(0, 99), amount=hs.integers(1, 6), unit=hs.sampled_from(q.UNITS))
    def renew(self, pick, amount, unit):
        candidates = sorted(self._open())
        oid = candidates[pick % len(candidates)]
        ref = self._ref(oid)
        call = lambda: services.renew_order(actor=self.stage.judge_of[self.holder[oid]], order=self._order(oid), period_amount=amount, period_unit=unit)  # noqa: E731
        if ref.open[0] != oid:
            self._refused(call, "freeze_order_not_effective")
        elif self.today > ref.end[oid]:
            # The period ended and the sweep has not run yet: too late to renew.
            self._refused(call, "freeze_renewal_after_expiry")
        else:
            call()
            ref.end[oid] = q.period_end(ref.end[oid] + timedelta(days=1), amount, unit)

    @precondition(lambda self: self._open())
    @rule(pick=hs.integers(0, 99), successor=hs.integers(0, 2))
    def convert(self, pick, successor):
        candidates = sorted(self._open())
        oid = candidates[pick % len(candidates)]
        court = self.stage.judges[successor].agency
        if court.pk == self.holder[oid]:
            return
        services.convert_order(actor=self.stage.judge_of[self.holder[oid]], order=self._order(oid), successor=court)
        self.holder[oid] = court.pk

    @precondition(lambda self: self._open())
    @rule(pick=hs.integers(0, 99), head=hs.booleans())
    def dispose(self, pick, head):
        candidates = sorted(self._open())
        oid = candidates[pick % len(candidates)]
        ref = self._ref(oid)
        if head:
            oid = ref.open[0]
        call = lambda: services.dispose_right(actor=self.stage.judge_of[self.holder[oid]], order=self._order(oid), new_owner="状态机买受人有限公司")  # noqa: E731
        if ref.open[0] != oid:
            self._refused(call, "freeze_order_not_effective")
            return
        call()
        for other in ref.open:
            ref.closed[other] = q.ENDED
        ref.open = []

    @rule(days=hs.integers(1, 120), run_sweep=hs.booleans())
    def advance(self, days, run_sweep):
        self.traveller.shift(timedelta(days=days))
        self._sweep(run_sweep)

    @precondition(lambda self: self._effective())
    @rule(pick=hs.integers(0, 9), after=hs.integers(0, 1), run_sweep=hs.booleans())
    def advance_to_an_end(self, pick, after, run_sweep):
        """To the last day of an effective period, or the day after (the edges of a lapse)."""
        heads = self._effective()
        oid = heads[pick % len(heads)]
        days = (self._ref(oid).end[oid] - self.today).days + after
        if days > 0:
            self.traveller.shift(timedelta(days=days))
        self._sweep(run_sweep)

    def _sweep(self, run_sweep):
        if run_sweep:
            expected = 0
            for ref in self.refs.values():
                before = dict(ref.closed)
                ref.expire(self.today)
                expected += sum(1 for oid, status in ref.closed.items() if status == q.LAPSED and oid not in before)
            assert services.sweep() == expected
            assert services.sweep() == 0  # idempotent

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def database_agrees_with_the_model(self):
        orders = {o.pk: o for o in FreezeOrder.objects.all()}
        assert set(orders) == set(self.right_of)
        for right in self.stage.rights:
            ref = self.refs[right.pk]
            mine = sorted((o for o in orders.values() if o.right_id == right.pk), key=lambda o: (o.received_at, o.receipt_seq))
            open_ = [o.pk for o in mine if o.status in q.OPEN]
            assert open_ == ref.open  # receipt order
            effective = [o for o in mine if o.status == OrderStatus.EFFECTIVE]
            assert len(effective) <= 1
            assert [o.pk for o in effective] == ref.open[:1]  # the earliest open order
            state = register.right_state(Right.objects.get(pk=right.pk))
            assert state.frozen_by == tuple(str(o.holder_id) for o in effective)
            for o in mine:
                assert o.holder_id == self.holder[o.pk]
                if o.pk in ref.closed:
                    assert o.status == ref.closed[o.pk]
                if o.status == OrderStatus.WAITING:
                    assert o.starts_on is None and o.ends_on is None
                if o.pk in ref.start:
                    assert (o.starts_on, o.ends_on) == (ref.start[o.pk], ref.end[o.pk])
                else:
                    assert o.starts_on is None

    @invariant()
    def every_history_is_a_path_to_the_current_status(self):
        histories = {}
        for event in OrderEvent.objects.order_by("order_id", "at", "pk"):
            histories.setdefault(event.order_id, []).append(event)
        for order in FreezeOrder.objects.all():
            events = histories[order.pk]
            assert events[0].type == "submitted"
            status, effective_on = "", None
            for event in events:
                if event.type in STATUSES:
                    assert event.type in NEXT.get(status, set()), (order.pk, status, event.type)
                    status = event.type
                    if status == q.EFFECTIVE:
                        effective_on = event.on
                elif event.type == "renewed":
                    assert status == q.EFFECTIVE
            assert status == order.status
            assert effective_on == order.starts_on
            assert (order.registered_at is not None) == any(e.type == "registered" for e in events)


def test_the_freeze_register_follows_the_reference_model(world):
    FreezeMachine.stage = Stage(world)
    try:
        run_state_machine_as_test(FreezeMachine, settings=hsettings(max_examples=10, stateful_step_count=15, deadline=None))
    finally:
        FreezeMachine.stage = None
