from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from ipcollab.registry import status as st

D = date(2020, 1, 1)


def ev(type_, days=0, sequence=0, outcome=None, **data):
    return st.Event(type=type_, date=D + timedelta(days=days), sequence=sequence, outcome=outcome, data=data)


def granted_patent():
    return st.replay(st.PATENT, [ev(st.FILED, 0, owner="甲公司"), ev(st.PUBLISHED, 540), ev(st.EXAMINATION_REQUESTED, 600), ev(st.GRANTED, 900)])


def test_invention_life_cycle():
    state = st.RightState(kind=st.PATENT)
    for event, expected in [
        (ev(st.FILED, 0, owner="甲公司"), st.S_PENDING),
        (ev(st.EXAMINATION_REQUESTED, 10), st.S_UNDER_EXAMINATION),
        (ev(st.PUBLISHED, 540), st.S_UNDER_EXAMINATION),
        (ev(st.GRANTED, 900), st.S_GRANTED),
        (ev(st.TRANSFERRED, 1000, owner="乙公司"), st.S_GRANTED),
        (ev(st.LAPSED_UNPAID_ANNUITY, 2000), st.S_LAPSED),
        (ev(st.RESTORED, 2030), st.S_GRANTED),
        (ev(st.EXPIRED, 7300), st.S_EXPIRED),
    ]:
        state = st.apply(state, event)
        assert state.status == expected
    assert state.owner == "乙公司"
    assert state.published and state.granted_on == D + timedelta(days=900)
    assert st.consistency_problems(state) == []


def test_replay_orders_by_date_then_sequence():
    events = [ev(st.GRANTED, 5, 1), ev(st.FILED, 0, 1), ev(st.PLEDGE_RELEASED, 5, 3), ev(st.PLEDGE_RECORDED, 5, 2)]
    state = st.replay(st.PATENT, events)
    assert state.status == st.S_GRANTED and not state.pledged
    dicts = [e.to_dict() for e in reversed(events)]
    assert st.replay(st.PATENT, dicts) == state


@pytest.mark.parametrize(
    ("prefix", "event", "code"),
    [
        ([ev(st.FILED), ev(st.REJECTED, 10)], ev(st.GRANTED, 20), "not_allowed_in_status"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.EXPIRED, 20)], ev(st.TRANSFERRED, 30, owner="乙"), "not_allowed_in_status"),
        ([ev(st.FILED), ev(st.GRANTED, 10)], ev(st.PLEDGE_RELEASED, 30), "no_pledge"),
        ([ev(st.FILED), ev(st.GRANTED, 10)], ev(st.UNFROZEN, 30), "not_frozen"),
        ([ev(st.FILED), ev(st.GRANTED, 10)], ev(st.INVALIDATION_DECIDED, 30, outcome=st.UPHELD), "no_invalidation"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.INVALIDATION_REQUESTED, 20)], ev(st.INVALIDATION_DECIDED, 30, outcome="void"), "bad_outcome"),
        ([ev(st.FILED)], ev(st.PUBLISHED, 10, outcome=st.UPHELD), "bad_outcome"),
        ([], ev(st.GRANTED), "not_filed"),
        ([ev(st.FILED)], ev(st.FILED, 1), "already_filed"),
        ([ev(st.FILED), ev(st.PUBLISHED, 5), ev(st.EXAMINATION_REQUESTED, 8)], ev(st.PUBLISHED, 10), "already_published"),
        ([ev(st.FILED), ev(st.ABANDONED, 5)], ev(st.INVALIDATION_REQUESTED, 10), "not_granted"),
        ([ev(st.FILED, 10)], ev(st.PUBLISHED, 5), "out_of_order"),
        ([ev(st.FILED)], ev(st.RENEWED, 5), "unknown_event"),
        ([ev(st.FILED), ev(st.GRANTED, 10)], ev(st.RESTORED, 20), "not_allowed_in_status"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.FROZEN, 20)], ev(st.TRANSFERRED, 30, owner="乙"), "right_frozen"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.FROZEN, 20)], ev(st.PLEDGE_RECORDED, 30), "right_frozen"),
        ([ev(st.FILED), ev(st.FROZEN, 20)], ev(st.DEEMED_WITHDRAWN, 30), "right_frozen"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.FROZEN, 20)], ev(st.LAPSED_UNPAID_ANNUITY, 30), "right_frozen"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.FROZEN, 20)], ev(st.ABANDONED, 30), "right_frozen"),
        ([ev(st.FILED), ev(st.GRANTED, 10), ev(st.FROZEN, 20)], ev(st.CHANGE_OF_NAME, 30, owner="丙"), "right_frozen"),
    ],
)
def test_patent_refusals(prefix, event, code):
    state = st.replay(st.PATENT, prefix)
    refusal = st.check(event, state)
    assert refusal is not None and refusal.code == code
    with pytest.raises(st.EventRefused) as raised:
        st.apply(state, event)
    assert raised.value.code == code
    with pytest.raises(st.EventRefused):
        st.replay(st.PATENT, [*prefix, event])


def test_frozen_right_still_expires_licences_and_unfreezes():
    state = st.apply(granted_patent(), ev(st.FROZEN, 1000))
    state = st.apply(state, ev(st.LICENCE_FILED, 1001))
    assert state.licensed and state.frozen
    thawed = st.apply(state, ev(st.UNFROZEN, 1100))
    assert st.check(ev(st.TRANSFERRED, 1200, owner="乙"), thawed) is None
    assert st.apply(state, ev(st.EXPIRED, 7300)).status == st.S_EXPIRED


def test_guards_are_a_hook_list():
    def no_licences(event, state):
        return st.Refusal("test_guard", "测试") if event.type == st.LICENCE_FILED else None

    st.guards.append(no_licences)
    try:
        assert st.check(ev(st.LICENCE_FILED, 1000), granted_patent()).code == "test_guard"
    finally:
        st.guards.remove(no_licences)
    assert st.check(ev(st.LICENCE_FILED, 1000), granted_patent()) is None
    assert st.frozen_guard in st.guards


def test_restoration_window_comes_from_the_caller():
    lapsed = st.apply(granted_patent(), ev(st.LAPSED_UNPAID_ANNUITY, 2000))
    late = ev(st.RESTORED, 2000 + 70)
    assert st.check(late, lapsed) is None  # no window given: not checked
    refusal = st.check(late, lapsed, st.Windows(restoration_months=2))
    assert refusal.code == "restoration_window_passed"
    assert st.check(late, lapsed, st.Windows(restoration_months=3)) is None


def test_restoration_of_a_deemed_withdrawn_application_returns_to_its_status():
    state = st.replay(st.PATENT, [ev(st.FILED), ev(st.PUBLISHED, 540), ev(st.DEEMED_WITHDRAWN, 1100)])
    assert state.status == st.S_WITHDRAWN
    assert st.apply(state, ev(st.RESTORED, 1130)).status == st.S_PUBLISHED


@pytest.mark.parametrize(
    ("outcome", "status", "pending"), [(st.ALL_INVALID, st.S_INVALID, 0), (st.PARTLY_INVALID, st.S_GRANTED, 1), (st.UPHELD, st.S_GRANTED, 1)]
)
def test_invalidation_outcomes(outcome, status, pending):
    state = granted_patent()
    for days in (1000, 1010):
        state = st.apply(state, ev(st.INVALIDATION_REQUESTED, days))
    state = st.apply(state, ev(st.INVALIDATION_DECIDED, 1200, outcome=outcome))
    assert (state.status, state.invalidations) == (status, pending)
    assert st.consistency_problems(state) == []


def test_lapsed_patent_declared_invalid_is_no_longer_restorable():
    state = st.apply(granted_patent(), ev(st.INVALIDATION_REQUESTED, 1000))
    state = st.apply(state, ev(st.LAPSED_UNPAID_ANNUITY, 1100))
    state = st.apply(state, ev(st.INVALIDATION_DECIDED, 1200, outcome=st.ALL_INVALID))
    assert state.status == st.S_INVALID and st.consistency_problems(state) == []
    assert st.check(ev(st.RESTORED, 1210), state).code == "not_allowed_in_status"


def test_expired_patent_can_still_be_invalidated():
    state = st.apply(granted_patent(), ev(st.EXPIRED, 7300))
    state = st.apply(state, ev(st.INVALIDATION_REQUESTED, 7400))
    assert st.apply(state, ev(st.INVALIDATION_DECIDED, 7600, outcome=st.ALL_INVALID)).status == st.S_INVALID


def test_trademark_life_cycle_with_opposition_and_renewal():
    windows = st.Windows(renewal_before_months=12, renewal_grace_months=6)
    events = [
        ev(st.FILED, 0, owner="甲公司"),
        ev(st.PRELIMINARILY_APPROVED, 200),
        ev(st.OPPOSED, 250),
    ]
    state = st.replay(st.TRADEMARK, events, windows)
    assert state.status == st.S_OPPOSED and state.opposed
    refused = st.apply(state, ev(st.OPPOSITION_DECIDED, 500, outcome=st.OPPOSITION_UPHELD))
    assert refused.status == st.S_REJECTED and not refused.opposed
    state = st.apply(state, ev(st.OPPOSITION_DECIDED, 500, outcome=st.OPPOSITION_DISMISSED), windows)
    state = st.apply(state, ev(st.REGISTERED, 510, term_ends="2031-05-24"), windows)
    assert state.status == st.S_REGISTERED and state.term_ends == date(2031, 5, 24)
    assert st.check(ev(st.RENEWED, 2000, term_ends="2041-05-24"), state, windows).code == "renewal_too_early"
    assert st.check(ev(st.RENEWED, 4400, term_ends="2041-05-24"), state, windows).code == "renewal_window_passed"
    renewed = st.apply(state, ev(st.RENEWED, 4000, term_ends="2041-05-24"), windows)
    assert renewed.term_ends == date(2041, 5, 24) and renewed.status == st.S_REGISTERED
    for end, status in ((st.REVOKED, st.S_REVOKED), (st.CANCELLED, st.S_CANCELLED), (st.EXPIRED, st.S_EXPIRED)):
        assert st.apply(renewed, ev(end, 5000)).status == status
    madrid = st.apply(renewed, ev(st.MADRID_DESIGNATED, 4100, international_number="G1234567"))
    assert madrid.international_number == "G1234567"
    assert st.check(ev(st.GRANTED, 5000), renewed).code == "unknown_event"
    assert st.check(ev(st.REGISTERED, 5000), st.replay(st.TRADEMARK, [ev(st.FILED), ev(st.REJECTED, 100)])).code == "not_allowed_in_status"


def test_event_dict_round_trip():
    event = ev(st.INVALIDATION_DECIDED, 3, 2, outcome=st.UPHELD, note="x")
    assert st.Event.from_dict(event.to_dict()) == event


def test_add_months_clamps_to_month_end():
    assert st.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert st.add_months(date(2023, 12, 31), -10) == date(2023, 2, 28)


# --- properties ----------------------------------------------------------------------------------
OUTCOME_CHOICES = {**st.OUTCOMES}


@hs.composite
def raw_events(draw, kind):
    """Arbitrary events of the kind, in increasing (date, sequence) order — many not applicable."""
    count = draw(hs.integers(1, 30))
    day, result = date(2010, 1, 1), []
    starts_filed = draw(hs.booleans())
    for sequence in range(count):
        day += timedelta(days=draw(hs.integers(0, 400)))
        type_ = st.FILED if sequence == 0 and starts_filed else draw(hs.sampled_from(st.EVENT_TYPES[kind]))
        outcome = draw(hs.sampled_from(OUTCOME_CHOICES[type_])) if type_ in OUTCOME_CHOICES else None
        data = {"owner": draw(hs.sampled_from(["甲", "乙", "丙"]))} if type_ in (st.FILED, st.TRANSFERRED, st.CHANGE_OF_NAME) else {}
        if type_ in (st.REGISTERED, st.RENEWED):
            data["term_ends"] = (day + timedelta(days=3650)).isoformat()
        result.append(st.Event(type=type_, date=day, sequence=sequence, outcome=outcome, data=data))
    return result


WINDOWS = st.Windows(restoration_months=2, renewal_before_months=12, renewal_grace_months=6)


def accepted(kind, events):
    """Fold arbitrary events, keeping those check() accepts; assert refusals change nothing."""
    state, kept = st.RightState(kind=kind), []
    for event in events:
        refusal = st.check(event, state, WINDOWS)
        if refusal is None:
            state = st.apply(state, event, WINDOWS)
            kept.append(event)
        else:
            with pytest.raises(st.EventRefused):
                st.apply(state, event, WINDOWS)
        assert st.consistency_problems(state) == []
    return state, kept


kinds_and_events = hs.sampled_from(st.KINDS).flatmap(lambda kind: hs.tuples(hs.just(kind), raw_events(kind)))


@settings(max_examples=400)
@given(kinds_and_events)
def test_replaying_accepted_sequences_never_raises_and_stays_consistent(pair):
    kind, events = pair
    state, kept = accepted(kind, events)
    assert st.replay(kind, kept, WINDOWS) == state
    assert st.replay(kind, list(reversed(kept)), WINDOWS) == state  # order comes from (date, sequence)


@settings(max_examples=400)
@given(kinds_and_events, hs.data())
def test_prefix_then_apply_equals_replay_of_the_longer_sequence(pair, data):
    kind, events = pair
    _, kept = accepted(kind, events)
    if not kept:
        return
    cut = data.draw(hs.integers(0, len(kept) - 1))
    assert st.apply(st.replay(kind, kept[:cut], WINDOWS), kept[cut], WINDOWS) == st.replay(kind, kept[: cut + 1], WINDOWS)


@settings(max_examples=400)
@given(kinds_and_events, hs.data())
def test_a_refused_event_never_changes_the_state(pair, data):
    kind, events = pair
    state, kept = accepted(kind, events)
    candidate = data.draw(raw_events(kind))[0]
    candidate = st.Event(type=candidate.type, date=(kept[-1].date if kept else candidate.date), sequence=10_000, outcome=candidate.outcome, data=candidate.data)
    refusal = st.check(candidate, state, WINDOWS)
    if refusal is not None:
        before = state
        with pytest.raises(st.EventRefused) as raised:
            st.apply(state, candidate, WINDOWS)
        assert raised.value.refusal == refusal
        assert state == before
        with pytest.raises(st.EventRefused):
            st.replay(kind, [*kept, candidate], WINDOWS)
    else:
        assert st.consistency_problems(st.apply(state, candidate, WINDOWS)) == []


@settings(max_examples=400)
@given(kinds_and_events)
def test_flags_agree_with_status(pair):
    kind, events = pair
    state, _ = accepted(kind, events)
    if state.status in (st.S_INVALID,):
        assert not state.under_invalidation
    if state.pledged or state.licensed:
        assert state.granted_on is not None
    assert state.opposed == (state.status == st.S_OPPOSED)
    if state.frozen:
        assert state.status is not None


def test_the_holding_court_transfer_in_enforcement_passes_its_own_freeze():
    d = date(2022, 1, 1)
    events = [
        st.Event(st.FILED, d, 1, data={"owner": "甲公司"}),
        st.Event(st.GRANTED, date(2022, 6, 1), 2),
        st.Event(st.FROZEN, date(2023, 1, 2), 3, data={"court": "court-7"}),
    ]
    state = st.replay(st.PATENT, events)
    assert state.frozen_by == ("court-7",)
    other = st.Event(st.TRANSFERRED, date(2023, 2, 1), 4, data={"owner": "乙公司", "enforcement_court": "court-9"})
    assert st.check(other, state).code == "right_frozen"
    plain = st.Event(st.TRANSFERRED, date(2023, 2, 1), 4, data={"owner": "乙公司"})
    assert st.check(plain, state).code == "right_frozen"
    own = st.Event(st.TRANSFERRED, date(2023, 2, 1), 4, data={"owner": "乙公司", "enforcement_court": "court-7"})
    assert st.check(own, state) is None
    released = st.apply(state, st.Event(st.UNFROZEN, date(2023, 3, 1), 5, data={"court": "court-7"}))
    assert released.frozen_by == () and not released.frozen
