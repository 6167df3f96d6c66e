"""The freezes on one right and their waiting list (轮候冻结), pure (no Django).

Reference §6: orders are ranked by the moment the complete order reached CNIPA (``key``: the
receipt time and a database sequence breaking ties); registration confirms or returns an order
but never reorders. At most one order is effective; the others wait and run no period. When the
effective order is released, returned or lapses, the head of the queue takes effect at once, its
period starting then. Disposal of the right by the holding court ends the whole list.

:class:`Queue` works on :class:`Slot` values and reports what changed; the service persists the
changes and records the legal events (frozen / unfrozen) on the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipcollab.registry.status import add_months

WAITING, EFFECTIVE = "waiting", "effective"
RELEASED, LAPSED, RETURNED, ENDED = "released", "lapsed", "returned", "ended"
OPEN = frozenset({WAITING, EFFECTIVE})
UNITS = ("days", "months", "years")


def period_end(start: date, amount: int, unit: str) -> date:
    """The last day of a period of ``amount`` ``unit`` that starts on (and includes) ``start``."""
    if unit == "days":
        return start + timedelta(days=amount - 1)
    months = amount * 12 if unit == "years" else amount
    return add_months(start, months) - timedelta(days=1)


@dataclass
class Slot:
    id: int
    key: tuple
    status: str
    amount: int
    unit: str
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class Change:
    id: int
    before: str
    after: str
    on: date


class QueueError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Queue:
    def __init__(self, slots):
        self.slots = sorted(slots, key=lambda s: s.key)

    def _get(self, slot_id) -> Slot:
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise QueueError("order_unknown")

    @property
    def effective(self) -> Slot | None:
        return next((s for s in self.slots if s.status == EFFECTIVE), None)

    @property
    def waiting(self) -> list[Slot]:
        return [s for s in self.slots if s.status == WAITING]

    def position(self, slot_id) -> int | None:
        """0 for the effective order, 1… for the waiting ones, None for a closed one."""
        slot = self._get(slot_id)
        if slot.status == EFFECTIVE:
            return 0
        if slot.status == WAITING:
            return self.waiting.index(slot) + 1
        return None

    def _start(self, slot: Slot, on: date, changes: list[Change]) -> None:
        changes.append(Change(slot.id, slot.status, EFFECTIVE, on))
        slot.status, slot.starts_on, slot.ends_on = EFFECTIVE, on, period_end(on, slot.amount, slot.unit)

    def _promote(self, on: date, changes: list[Change]) -> None:
        if self.effective is None and self.waiting:
            self._start(self.waiting[0], on, changes)

    def add(self, slot: Slot, on: date) -> list[Change]:
        """A received order: effective at once when none is, else waiting in its place."""
        if slot.unit not in UNITS or slot.amount < 1:
            raise QueueError("period_invalid")
        if self.slots and slot.key <= max(s.key for s in self.slots):
            raise QueueError("receipt_out_of_order")
        slot.status = WAITING
        self.slots.append(slot)
        changes = [Change(slot.id, "", WAITING, on)]
        self._promote(on, changes)
        return changes

    def close(self, slot_id, status: str, on: date) -> list[Change]:
        """Release or return an open order; the head of the queue takes effect when the effective
        one goes."""
        if status not in (RELEASED, RETURNED):
            raise QueueError("status_invalid")
        slot = self._get(slot_id)
        if slot.status not in OPEN:
            raise QueueError("order_closed")
        changes = [Change(slot.id, slot.status, status, on)]
        slot.status = status
        self._promote(on, changes)
        return changes

    def renew(self, slot_id, amount: int, unit: str, on: date) -> list[Change]:
        """Continue the effective order before it expires: the new period follows the old one."""
        slot = self._get(slot_id)
        if unit not in UNITS or amount < 1:
            raise QueueError("period_invalid")
        if slot.status != EFFECTIVE:
            raise QueueError("order_not_effective")
        if on > slot.ends_on:
            raise QueueError("renewal_after_expiry")
        slot.ends_on = period_end(slot.ends_on + timedelta(days=1), amount, unit)
        return [Change(slot.id, EFFECTIVE, EFFECTIVE, on)]

    def expire(self, today: date) -> list[Change]:
        """Lapse every effective order whose period ended before ``today``; each successor's
        period starts the day after its predecessor's ended (idempotent)."""
        changes: list[Change] = []
        while (slot := self.effective) is not None and slot.ends_on < today:
            lapsed_on = slot.ends_on + timedelta(days=1)
            changes.append(Change(slot.id, EFFECTIVE, LAPSED, lapsed_on))
            slot.status = LAPSED
            self._promote(lapsed_on, changes)
        return changes

    def dispose(self, slot_id, on: date) -> list[Change]:
        """The holding court disposed of the right: its order ends and the waiting list with it."""
        slot = self._get(slot_id)
        if slot.status != EFFECTIVE:
            raise QueueError("order_not_effective")
        changes = []
        for other in self.slots:
            if other.status in OPEN:
                changes.append(Change(other.id, other.status, ENDED, on))
                other.status = ENDED
        return changes
