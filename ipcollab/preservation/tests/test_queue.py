"""The waiting list against a reference model (hypothesis state machine) and at its edges."""

from datetime import date, timedelta

import pytest
from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ipcollab.preservation import queue as q

D0 = date(2026, 1, 5)


class Reference:
    """The simplest statement of the rules: open orders in receipt order; the first is effective,
    from the day it became first; it lapses the day after its last day."""

    def __init__(self):
        self.open = []  # ids in receipt order
        self.period = {}
        self.start = {}
        self.end = {}
        self.closed = {}

    def _head_started(self, on):
        if self.open and self.open[0] not in self.start:
            head = self.open[0]
            self.start[head] = on
            self.end[head] = q.period_end(on, *self.period[head])

    def add(self, oid, amount, unit, on):
        self.open.append(oid)
        self.period[oid] = (amount, unit)
        self._head_started(on)

    def close(self, oid, status, on):
        self.open.remove(oid)
        self.closed[oid] = status
        self._head_started(on)

    def expire(self, today):
        while self.open and self.end[self.open[0]] < today:
            head = self.open.pop(0)
            self.closed[head] = q.LAPSED
            self._head_started(self.end[head] + timedelta(days=1))


class QueueMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.queue = q.Queue([])
        self.ref = Reference()
        self.today = D0
        self.next_id = 1

    @rule(amount=hs.integers(1, 8), unit=hs.sampled_from(q.UNITS))
    def receive(self, amount, unit):
        oid = self.next_id
        self.next_id += 1
        self.queue.add(q.Slot(oid, (self.today, oid), "", amount, unit), self.today)
        self.ref.add(oid, amount, unit, self.today)

    @precondition(lambda self: self.ref.open)
    @rule(pick=hs.integers(0, 50), status=hs.sampled_from([q.RELEASED, q.RETURNED]))
    def close(self, pick, status):
        oid = self.ref.open[pick % len(self.ref.open)]
        self.queue.close(oid, status, self.today)
        self.ref.close(oid, status, self.today)

    @precondition(lambda self: self.ref.open)
    @rule(amount=hs.integers(1, 6), unit=hs.sampled_from(q.UNITS))
    def renew(self, amount, unit):
        head = self.ref.open[0]
        if self.today > self.ref.end[head]:
            with pytest.raises(q.QueueError):
                self.queue.renew(head, amount, unit, self.today)
            return
        self.queue.renew(head, amount, unit, self.today)
        self.ref.end[head] = q.period_end(self.ref.end[head] + timedelta(days=1), amount, unit)

    @rule(days=hs.integers(1, 400))
    def advance(self, days):
        self.today += timedelta(days=days)
        self.queue.expire(self.today)
        self.ref.expire(self.today)

    @precondition(lambda self: self.ref.open)
    @rule()
    def dispose(self):
        head = self.ref.open[0]
        self.queue.dispose(head, self.today)
        for oid in self.ref.open:
            self.ref.closed[oid] = q.ENDED
        self.ref.open = []

    @invariant()
    def agrees(self):
        effective = [s for s in self.queue.slots if s.status == q.EFFECTIVE]
        assert len(effective) == (1 if self.ref.open else 0)
        assert [s.id for s in self.queue.slots if s.status in q.OPEN] == self.ref.open
        for slot in self.queue.slots:
            if slot.id in self.ref.closed:
                assert slot.status == self.ref.closed[slot.id]
            if slot.id in self.ref.start:
                assert (slot.starts_on, slot.ends_on) == (self.ref.start[slot.id], self.ref.end[slot.id])
            else:
                assert slot.starts_on is None  # a waiting order runs no period
        if self.ref.open:
            assert self.queue.position(self.ref.open[-1]) == len(self.ref.open) - 1


TestQueueMachine = QueueMachine.TestCase


def test_periods_count_the_first_day():
    assert q.period_end(date(2026, 1, 10), 6, "months") == date(2026, 7, 9)
    assert q.period_end(date(2026, 8, 31), 6, "months") == date(2027, 2, 27)  # 28 Feb is the anniversary
    assert q.period_end(date(2024, 2, 29), 1, "years") == date(2025, 2, 27)
    assert q.period_end(date(2026, 1, 10), 30, "days") == date(2026, 2, 8)


def test_the_head_of_the_queue_takes_effect_the_day_after_a_lapse():
    queue = q.Queue([])
    queue.add(q.Slot(1, (1,), "", 6, "months"), date(2026, 1, 10))
    queue.add(q.Slot(2, (2,), "", 1, "years"), date(2026, 2, 1))
    assert queue.position(2) == 1 and queue.waiting[0].starts_on is None
    changes = queue.expire(date(2026, 7, 10))
    assert [(c.id, c.after, c.on) for c in changes] == [(1, q.LAPSED, date(2026, 7, 10)), (2, q.EFFECTIVE, date(2026, 7, 10))]
    assert queue.effective.ends_on == date(2027, 7, 9)
    assert queue.expire(date(2026, 7, 10)) == []  # idempotent


def test_refusals():
    queue = q.Queue([])
    queue.add(q.Slot(1, (1,), "", 6, "months"), date(2026, 1, 10))
    queue.add(q.Slot(2, (2,), "", 6, "months"), date(2026, 1, 11))
    for call, code in (
        (lambda: queue.renew(2, 3, "months", date(2026, 2, 1)), "order_not_effective"),
        (lambda: queue.renew(1, 3, "months", date(2026, 7, 10)), "renewal_after_expiry"),
        (lambda: queue.add(q.Slot(3, (0,), "", 1, "months"), date(2026, 2, 1)), "receipt_out_of_order"),
        (lambda: queue.add(q.Slot(4, (9,), "", 0, "months"), date(2026, 2, 1)), "period_invalid"),
        (lambda: queue.dispose(2, date(2026, 2, 1)), "order_not_effective"),
    ):
        with pytest.raises(q.QueueError) as exc:
            call()
        assert exc.value.code == code
    queue.close(1, q.RELEASED, date(2026, 3, 1))
    with pytest.raises(q.QueueError) as exc:
        queue.close(1, q.RELEASED, date(2026, 3, 2))
    assert exc.value.code == "order_closed"
    assert queue.effective.id == 2 and queue.effective.starts_on == date(2026, 3, 1)
