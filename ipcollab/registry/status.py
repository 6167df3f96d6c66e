"""The legal-status state machine of patents and trademarks: the current status always agrees
with the legal events, because it is computed from them.

Pure Python (no Django, no database). A right's :class:`RightState` is a frozen value;
:func:`apply` folds one :class:`Event` into it, :func:`replay` folds a whole timeline ordered by
``(date, sequence)``, and :func:`check` says why an event cannot apply (a :class:`Refusal` with a
stable ``code``) without changing anything. Windows that the law fixes (restoration after a lapse,
renewal of a trademark) are not hard-coded: the amounts come in a :class:`Windows` value that the
caller builds from the rulebook; with no amount given, no window is checked.

``guards`` is a hook list of callables ``(event, state) -> Refusal | None`` consulted by
:func:`check` after the transition table. This module registers :func:`frozen_guard` (the frozen
flag's own rule: while a right is frozen, CNIPA suspends transfer, pledge registration,
abandonment, change of name, deemed withdrawal and lapse for an unpaid annuity, reference §6).
The freeze module owns the freeze rules: it replaces :func:`frozen_guard` with its own guard,
which knows the holding court and lets that court's own transfer in enforcement (执行过户) pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

PATENT = "patent"
TRADEMARK = "trademark"
KINDS = (PATENT, TRADEMARK)

# --- event types ---------------------------------------------------------------------------------
FILED = "filed"
PUBLISHED = "published"
EXAMINATION_REQUESTED = "substantive_examination_requested"
GRANTED = "granted"
TRANSFERRED = "transferred"
LICENCE_FILED = "licence_filed"
PLEDGE_RECORDED = "pledge_recorded"
PLEDGE_RELEASED = "pledge_released"
INVALIDATION_REQUESTED = "invalidation_requested"
INVALIDATION_DECIDED = "invalidation_decided"
LAPSED_UNPAID_ANNUITY = "lapsed_unpaid_annuity"
RESTORED = "restored"
ABANDONED = "abandoned"
DEEMED_WITHDRAWN = "deemed_withdrawn"
REJECTED = "rejected"
EXPIRED = "expired"
CHANGE_OF_NAME = "change_of_name"
FROZEN = "frozen"
UNFROZEN = "unfrozen"
PRELIMINARILY_APPROVED = "preliminarily_approved"
OPPOSED = "opposed"
OPPOSITION_DECIDED = "opposition_decided"
REGISTERED = "registered"
RENEWED = "renewed"
REVOKED = "revoked"  # 撤销 (three years' non-use and other grounds)
CANCELLED = "cancelled"  # 注销 (on the owner's request, or after the renewal grace period)
MADRID_DESIGNATED = "madrid_designated"

PATENT_EVENTS = (
    FILED,
    PUBLISHED,
    EXAMINATION_REQUESTED,
    GRANTED,
    TRANSFERRED,
    LICENCE_FILED,
    PLEDGE_RECORDED,
    PLEDGE_RELEASED,
    INVALIDATION_REQUESTED,
    INVALIDATION_DECIDED,
    LAPSED_UNPAID_ANNUITY,
    RESTORED,
    ABANDONED,
    DEEMED_WITHDRAWN,
    REJECTED,
    EXPIRED,
    CHANGE_OF_NAME,
    FROZEN,
    UNFROZEN,
)
TRADEMARK_EVENTS = (
    FILED,
    PRELIMINARILY_APPROVED,
    REJECTED,  # 驳回 at examination
    OPPOSED,
    OPPOSITION_DECIDED,
    REGISTERED,
    RENEWED,
    TRANSFERRED,
    LICENCE_FILED,
    PLEDGE_RECORDED,
    PLEDGE_RELEASED,
    INVALIDATION_REQUESTED,
    INVALIDATION_DECIDED,
    REVOKED,
    CANCELLED,
    EXPIRED,
    CHANGE_OF_NAME,
    FROZEN,
    UNFROZEN,
    MADRID_DESIGNATED,
)
EVENT_TYPES = MappingProxyType({PATENT: PATENT_EVENTS, TRADEMARK: TRADEMARK_EVENTS})

# Outcomes. Invalidation: the whole right, part of it (some claims / some goods) or none of it;
# or the request was withdrawn (撤回) — it ends without a decision on validity.
ALL_INVALID, PARTLY_INVALID, UPHELD, REQUEST_WITHDRAWN = "all_invalid", "partly_invalid", "upheld", "withdrawn"
INVALIDATION_DECISIONS = (ALL_INVALID, PARTLY_INVALID, UPHELD)
INVALIDATION_OUTCOMES = (*INVALIDATION_DECISIONS, REQUEST_WITHDRAWN)
# Opposition: dismissed (the mark goes on to registration) or upheld (不予注册: the mark is refused).
OPPOSITION_DISMISSED, OPPOSITION_UPHELD = "dismissed", "upheld"
OPPOSITION_OUTCOMES = (OPPOSITION_DISMISSED, OPPOSITION_UPHELD)
OUTCOMES = MappingProxyType({INVALIDATION_DECIDED: INVALIDATION_OUTCOMES, OPPOSITION_DECIDED: OPPOSITION_OUTCOMES})

# --- statuses ------------------------------------------------------------------------------------
S_PENDING = "pending"
S_PUBLISHED = "published"
S_UNDER_EXAMINATION = "under_examination"
S_GRANTED = "granted"
S_LAPSED = "lapsed"
S_INVALID = "invalid"
S_ABANDONED = "abandoned"
S_WITHDRAWN = "withdrawn"
S_REJECTED = "rejected"
S_EXPIRED = "expired"
S_PRELIMINARILY_APPROVED = "preliminarily_approved"
S_OPPOSED = "opposed"
S_REGISTERED = "registered"
S_REVOKED = "revoked"
S_CANCELLED = "cancelled"

PATENT_STATUSES = (S_PENDING, S_PUBLISHED, S_UNDER_EXAMINATION, S_GRANTED, S_LAPSED, S_INVALID, S_ABANDONED, S_WITHDRAWN, S_REJECTED, S_EXPIRED)
TRADEMARK_STATUSES = (S_PENDING, S_PRELIMINARILY_APPROVED, S_OPPOSED, S_REGISTERED, S_REJECTED, S_INVALID, S_REVOKED, S_CANCELLED, S_EXPIRED)
STATUSES = MappingProxyType({PATENT: PATENT_STATUSES, TRADEMARK: TRADEMARK_STATUSES})
# Statuses in which the right (or the application) still exists and can change hands.
LIVE = MappingProxyType(
    {
        PATENT: frozenset({S_PENDING, S_PUBLISHED, S_UNDER_EXAMINATION, S_GRANTED}),
        TRADEMARK: frozenset({S_PENDING, S_PRELIMINARILY_APPROVED, S_OPPOSED, S_REGISTERED}),
    }
)
_APPLICATION = frozenset({S_PENDING, S_PUBLISHED, S_UNDER_EXAMINATION})  # patent applications before a decision
# A patent can be declared invalid after it lapsed or expired (the declaration is retroactive).
_INVALIDATABLE = MappingProxyType(
    {PATENT: frozenset({S_GRANTED, S_LAPSED, S_EXPIRED, S_ABANDONED}), TRADEMARK: frozenset({S_REGISTERED, S_REVOKED, S_CANCELLED, S_EXPIRED})}
)


@dataclass(frozen=True, slots=True)
class Windows:
    """Time windows, in months, supplied by the caller (from the rulebook), never fixed here.

    ``restoration_months``: how long after the lapse (or deemed withdrawal) a restoration may be
    recorded. ``renewal_before_months`` / ``renewal_grace_months``: how long before and after the
    end of a trademark's term a renewal may be recorded. ``None``: not checked.
    """

    restoration_months: int | None = None
    renewal_before_months: int | None = None
    renewal_grace_months: int | None = None


NO_WINDOWS = Windows()


@dataclass(frozen=True, slots=True)
class Event:
    """One legal event. ``outcome`` for decisions; ``data`` carries the rest (``owner`` for a
    transfer or a change of name, ``term_ends`` for a registration or renewal, ``international_number``
    for a Madrid designation)."""

    type: str
    date: date
    sequence: int = 0
    outcome: str | None = None
    data: Mapping[str, object] = field(default_factory=dict, compare=True, hash=False)

    @property
    def order_key(self) -> tuple[date, int]:
        return (self.date, self.sequence)

    @classmethod
    def from_dict(cls, record: Mapping[str, object]) -> Event:
        """Build from the JSON form ``{"type", "date" (ISO), "sequence", "outcome"?, "data"?}``."""
        when = record["date"]
        return cls(
            type=str(record["type"]),
            date=when if isinstance(when, date) else date.fromisoformat(str(when)),
            sequence=int(record.get("sequence", 0)),
            outcome=record.get("outcome"),
            data=dict(record.get("data") or {}),
        )

    def to_dict(self) -> dict[str, object]:
        result: dict[str, object] = {"type": self.type, "date": self.date.isoformat(), "sequence": self.sequence}
        if self.outcome is not None:
            result["outcome"] = self.outcome
        if self.data:
            result["data"] = dict(self.data)
        return result


@dataclass(frozen=True, slots=True)
class RightState:
    """The status of one right after some events, with its orthogonal flags (counts where several
    can be pending at once)."""

    kind: str
    status: str | None = None  # None before the filing
    pledges: int = 0  # pledges recorded and not released
    licences: int = 0  # licence contracts filed
    freezes: int = 0  # effective freezes
    invalidations: int = 0  # invalidation requests not yet decided
    opposed: bool = False  # an opposition is pending (trademarks)
    owner: str | None = None
    published: bool = False
    granted_on: date | None = None  # grant (patent) or registration (trademark)
    lost_on: date | None = None  # lapse or deemed withdrawal that a restoration may undo
    status_before_loss: str | None = None
    term_ends: date | None = None
    international_number: str | None = None
    last_event: tuple[date, int] | None = None
    # Courts holding the effective freezes (``court`` of each FROZEN event's data, one entry per
    # freeze), so that the holding court's own transfer in enforcement can pass its freeze.
    frozen_by: tuple[str, ...] = ()

    @property
    def pledged(self) -> bool:
        return self.pledges > 0

    @property
    def licensed(self) -> bool:
        return self.licences > 0

    @property
    def frozen(self) -> bool:
        return self.freezes > 0

    @property
    def under_invalidation(self) -> bool:
        return self.invalidations > 0

    @property
    def live(self) -> bool:
        return self.status in LIVE[self.kind]


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


class EventRefused(ValueError):
    """Raised by :func:`apply` and :func:`replay` for an event that :func:`check` refuses."""

    def __init__(self, event: Event, refusal: Refusal):
        super().__init__(f"{event.type} on {event.date.isoformat()}: {refusal.code} ({refusal.message})")
        self.event = event
        self.refusal = refusal
        self.code = refusal.code


Guard = Callable[[Event, RightState], "Refusal | None"]

# Events a frozen right cannot undergo (reference §6: CNIPA suspends them while the freeze runs).
FROZEN_BLOCKS = frozenset({TRANSFERRED, PLEDGE_RECORDED, ABANDONED, CHANGE_OF_NAME, DEEMED_WITHDRAWN, LAPSED_UNPAID_ANNUITY, CANCELLED})


def frozen_guard(event: Event, state: RightState) -> Refusal | None:
    """While a right is frozen, CNIPA suspends the procedures of FROZEN_BLOCKS. The one exception
    is the holding court's own transfer in enforcement (执行过户): a TRANSFERRED event whose
    ``enforcement_court`` holds a freeze on the right passes (reference §6)."""
    if state.frozen and event.type in FROZEN_BLOCKS:
        court = event.data.get("enforcement_court")
        if event.type == TRANSFERRED and court and str(court) in state.frozen_by:
            return None
        return Refusal("right_frozen", "权利已被冻结，不能办理该事项")
    return None


guards: list[Guard] = [frozen_guard]

# Which statuses each event may apply in (the transition table's left-hand side).
_ALLOWED_FROM: Mapping[str, Mapping[str, frozenset[str | None]]] = MappingProxyType(
    {
        PATENT: {
            FILED: frozenset({None}),
            PUBLISHED: frozenset({S_PENDING, S_UNDER_EXAMINATION}),
            EXAMINATION_REQUESTED: frozenset({S_PENDING, S_PUBLISHED}),
            GRANTED: _APPLICATION,
            REJECTED: _APPLICATION,
            DEEMED_WITHDRAWN: _APPLICATION,
            ABANDONED: LIVE[PATENT],
            TRANSFERRED: LIVE[PATENT],
            CHANGE_OF_NAME: LIVE[PATENT],
            FROZEN: LIVE[PATENT],
            LICENCE_FILED: frozenset({S_GRANTED}),
            PLEDGE_RECORDED: frozenset({S_GRANTED}),
            LAPSED_UNPAID_ANNUITY: frozenset({S_GRANTED}),
            EXPIRED: frozenset({S_GRANTED}),
            RESTORED: frozenset({S_LAPSED, S_WITHDRAWN}),
            INVALIDATION_REQUESTED: _INVALIDATABLE[PATENT],
        },
        TRADEMARK: {
            FILED: frozenset({None}),
            PRELIMINARILY_APPROVED: frozenset({S_PENDING}),
            REJECTED: frozenset({S_PENDING}),
            OPPOSED: frozenset({S_PRELIMINARILY_APPROVED}),
            OPPOSITION_DECIDED: frozenset({S_OPPOSED}),
            REGISTERED: frozenset({S_PRELIMINARILY_APPROVED}),
            RENEWED: frozenset({S_REGISTERED}),
            TRANSFERRED: LIVE[TRADEMARK],
            CHANGE_OF_NAME: LIVE[TRADEMARK],
            FROZEN: LIVE[TRADEMARK],
            MADRID_DESIGNATED: LIVE[TRADEMARK],
            LICENCE_FILED: frozenset({S_REGISTERED}),
            PLEDGE_RECORDED: frozenset({S_REGISTERED}),
            REVOKED: frozenset({S_REGISTERED}),
            CANCELLED: frozenset({S_REGISTERED}),
            EXPIRED: frozenset({S_REGISTERED}),
            INVALIDATION_REQUESTED: _INVALIDATABLE[TRADEMARK],
        },
    }
)
# Events whose precondition is a flag, not a status.
_FLAG_EVENTS = frozenset({PLEDGE_RELEASED, UNFROZEN, INVALIDATION_DECIDED})


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the end of a shorter month (a pure helper: the
    deadline engine owns the law of counting periods)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _status_refusal(event: Event, state: RightState) -> Refusal | None:
    if state.status is None and event.type != FILED:
        return Refusal("not_filed", "尚无申请记录，不能登记该事项")
    if event.type == FILED and state.status is not None:
        return Refusal("already_filed", "申请已登记")
    if event.type == PLEDGE_RELEASED:
        return None if state.pledged else Refusal("no_pledge", "没有已登记的质押可以注销")
    if event.type == UNFROZEN:
        return None if state.frozen else Refusal("not_frozen", "权利未被冻结")
    if event.type == INVALIDATION_DECIDED:
        return None if state.under_invalidation else Refusal("no_invalidation", "没有待审的无效宣告请求")
    allowed = _ALLOWED_FROM[state.kind].get(event.type, frozenset())
    if state.status not in allowed:
        return Refusal("not_allowed_in_status", f"当前状态（{state.status}）下不能登记该事项")
    if event.type == PUBLISHED and state.published:
        return Refusal("already_published", "申请已公布")
    if event.type == INVALIDATION_REQUESTED and state.granted_on is None:
        return Refusal("not_granted", "未授权（未注册）的权利不能请求宣告无效")
    return None


def _window_refusal(event: Event, state: RightState, windows: Windows) -> Refusal | None:
    if event.type == RESTORED and windows.restoration_months is not None and state.lost_on is not None:
        if event.date > add_months(state.lost_on, windows.restoration_months):
            return Refusal("restoration_window_passed", "已超过恢复权利的期限")
    if event.type == RENEWED and state.term_ends is not None:
        if windows.renewal_before_months is not None and event.date < add_months(state.term_ends, -windows.renewal_before_months):
            return Refusal("renewal_too_early", "尚未到续展期")
        if windows.renewal_grace_months is not None and event.date > add_months(state.term_ends, windows.renewal_grace_months):
            return Refusal("renewal_window_passed", "已超过续展宽展期")
    return None


def check(event: Event, state: RightState, windows: Windows = NO_WINDOWS) -> Refusal | None:
    """``None`` when ``event`` can apply to ``state``; otherwise the :class:`Refusal`."""
    if event.type not in EVENT_TYPES[state.kind]:
        return Refusal("unknown_event", f"未知的法律事件类型：{event.type}")
    expected = OUTCOMES.get(event.type)
    if expected is not None and event.outcome not in expected:
        return Refusal("bad_outcome", "决定结果无效")
    if expected is None and event.outcome is not None:
        return Refusal("bad_outcome", "该事项没有决定结果")
    if state.last_event is not None and event.order_key <= state.last_event:
        return Refusal("out_of_order", "事件早于已登记的最后一个事件")
    refusal = _status_refusal(event, state) or _window_refusal(event, state, windows)
    if refusal is not None:
        return refusal
    for guard in guards:
        refusal = guard(event, state)
        if refusal is not None:
            return refusal
    return None


def _transition(event: Event, state: RightState) -> RightState:
    kind, t = state.kind, event.type
    changes: dict[str, object] = {"last_event": event.order_key}
    owner = event.data.get("owner")
    if t == FILED:
        changes.update(status=S_PENDING, owner=owner)
    elif t == PUBLISHED:
        changes.update(published=True, status=S_PUBLISHED if state.status == S_PENDING else state.status)
    elif t == EXAMINATION_REQUESTED:
        changes["status"] = S_UNDER_EXAMINATION
    elif t in (GRANTED, REGISTERED):
        changes.update(status=S_GRANTED if kind == PATENT else S_REGISTERED, granted_on=event.date)
        if event.data.get("term_ends"):
            changes["term_ends"] = date.fromisoformat(str(event.data["term_ends"]))
    elif t == RENEWED:
        if event.data.get("term_ends"):
            changes["term_ends"] = date.fromisoformat(str(event.data["term_ends"]))
    elif t in (TRANSFERRED, CHANGE_OF_NAME):
        if owner is not None:
            changes["owner"] = owner
    elif t == LICENCE_FILED:
        changes["licences"] = state.licences + 1
    elif t == PLEDGE_RECORDED:
        changes["pledges"] = state.pledges + 1
    elif t == PLEDGE_RELEASED:
        changes["pledges"] = state.pledges - 1
    elif t == FROZEN:
        changes["freezes"] = state.freezes + 1
        changes["frozen_by"] = (*state.frozen_by, str(event.data.get("court") or ""))
    elif t == UNFROZEN:
        changes["freezes"] = state.freezes - 1
        holders = list(state.frozen_by)
        court = str(event.data.get("court") or "")
        if holders:
            holders.remove(court if court in holders else holders[0])
        changes["frozen_by"] = tuple(holders)
    elif t == INVALIDATION_REQUESTED:
        changes["invalidations"] = state.invalidations + 1
    elif t == INVALIDATION_DECIDED:
        if event.outcome == ALL_INVALID:
            # Void from the start: any other pending request is moot.
            changes.update(status=S_INVALID, invalidations=0, lost_on=None, status_before_loss=None)
        else:
            changes["invalidations"] = state.invalidations - 1
    elif t in (LAPSED_UNPAID_ANNUITY, DEEMED_WITHDRAWN):
        changes.update(status=S_LAPSED if t == LAPSED_UNPAID_ANNUITY else S_WITHDRAWN, lost_on=event.date, status_before_loss=state.status)
    elif t == RESTORED:
        changes.update(status=state.status_before_loss, lost_on=None, status_before_loss=None)
    elif t == OPPOSED:
        changes.update(status=S_OPPOSED, opposed=True)
    elif t == OPPOSITION_DECIDED:
        changes.update(opposed=False, status=S_PRELIMINARILY_APPROVED if event.outcome == OPPOSITION_DISMISSED else S_REJECTED)
    elif t == MADRID_DESIGNATED:
        changes["international_number"] = event.data.get("international_number")
    else:  # status-only events: preliminarily_approved, rejected, abandoned, expired, revoked, cancelled
        changes["status"] = {
            PRELIMINARILY_APPROVED: S_PRELIMINARILY_APPROVED,
            REJECTED: S_REJECTED,
            ABANDONED: S_ABANDONED,
            EXPIRED: S_EXPIRED,
            REVOKED: S_REVOKED,
            CANCELLED: S_CANCELLED,
        }[t]
    return replace(state, **changes)


def apply(state: RightState, event: Event, windows: Windows = NO_WINDOWS) -> RightState:
    """The state after ``event``; raise :class:`EventRefused` (and change nothing) if refused."""
    refusal = check(event, state, windows)
    if refusal is not None:
        raise EventRefused(event, refusal)
    return _transition(event, state)


def replay(kind: str, events: Iterable[Event | Mapping[str, object]], windows: Windows = NO_WINDOWS) -> RightState:
    """The state after all ``events`` (events or their JSON dicts), taken in ``(date, sequence)``
    order whatever order they come in."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    ordered = sorted((e if isinstance(e, Event) else Event.from_dict(e) for e in events), key=lambda e: e.order_key)
    state = RightState(kind=kind)
    for event in ordered:
        state = apply(state, event, windows)
    return state


def consistency_problems(state: RightState) -> list[str]:
    """What is wrong with the combination of status and flags (empty for any state that
    :func:`replay` can reach)."""
    problems = []
    if state.status is None:
        if state != RightState(kind=state.kind):
            problems.append("flags_before_filing")
        return problems
    if state.status not in STATUSES[state.kind]:
        problems.append("unknown_status")
    if min(state.pledges, state.licences, state.freezes, state.invalidations) < 0:
        problems.append("negative_count")
    if state.opposed != (state.status == S_OPPOSED):
        problems.append("opposed_flag")
    ever_granted = state.granted_on is not None
    if (state.pledged or state.licensed) and not ever_granted:
        problems.append("pledge_or_licence_before_grant")
    if state.under_invalidation and (not ever_granted or state.status == S_INVALID):
        problems.append("invalidation_without_right")
    if state.status in (S_GRANTED, S_LAPSED, S_INVALID, S_EXPIRED, S_REGISTERED, S_REVOKED, S_CANCELLED) and not ever_granted:
        problems.append("post_grant_status_without_grant")
    if state.status in (S_PENDING, S_PUBLISHED, S_UNDER_EXAMINATION, S_PRELIMINARILY_APPROVED, S_OPPOSED) and ever_granted:
        problems.append("application_status_after_grant")
    if (state.status in (S_LAPSED, S_WITHDRAWN)) != (state.lost_on is not None):
        problems.append("loss_date")
    return problems
