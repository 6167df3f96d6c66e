"""Watch (订阅检索): saved searches over proceedings, matched when a proceeding is created (one
query for all watches) and by the catch-up task (cursor), each match alerted once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipcollab.alerts import alerting, selectors, services
from ipcollab.alerts.models import Watch, WatchMatch
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.models import Visibility
from ipcollab.proceedings.models import Kind, PartyRole
from ipcollab.proceedings.signals import NEW_PROCEEDING

from .conftest import case, fire, notes

LATER = datetime.timedelta(hours=1)


def catch_up(**kwargs):
    return alerting.catch_up(now=timezone.now() + LATER, **kwargs)


# Each filter: the watch's filter, a proceeding it selects and one it does not.
FILTERS = {
    "kind": (
        lambda w, r: {"kind": Kind.PATENT_INVALIDATION},
        lambda w, r: {"kind": Kind.PATENT_INVALIDATION},
        lambda w, r: {"kind": Kind.PATENT_REEXAMINATION},
    ),
    "track": (lambda w, r: {"track": "office"}, lambda w, r: {"kind": Kind.TM_INVALIDATION}, lambda w, r: {"kind": Kind.CIVIL}),
    "agency": (lambda w, r: {"agency": w.court_b}, lambda w, r: {"agency": w.court_b}, lambda w, r: {"agency": w.court_a}),
    "cause": (
        lambda w, r: {"cause": "patent_infringement_utility_model"},
        lambda w, r: {"cause": "patent_infringement_utility_model"},
        lambda w, r: {"cause": "patent_infringement_invention"},
    ),
    "status": (lambda w, r: {"status": "pending"}, lambda w, r: {"status": "pending"}, lambda w, r: {"status": "closed"}),
    "party": (
        lambda w, r: {"party": r.rival},
        lambda w, r: {"parties": [(r.rival, PartyRole.DEFENDANT)]},
        lambda w, r: {"parties": [(r.other, PartyRole.DEFENDANT)]},
    ),
    "right": (lambda w, r: {"right": r.um}, lambda w, r: {"rights": [r.invention, r.um]}, lambda w, r: {"rights": [r.invention]}),
    "right_kind": (lambda w, r: {"right_kind": "trademark"}, lambda w, r: {"rights": [r.mark]}, lambda w, r: {"rights": [r.um, r.invention]}),
    "under_invalidation": (
        lambda w, r: {"under_invalidation": True},
        lambda w, r: {"rights": [r.um]},
        lambda w, r: {"rights": [r.invention]},
    ),
    "my_court": (lambda w, r: {"my_court": True}, lambda w, r: {"agency": w.court_b}, lambda w, r: {"agency": w.court_a}),
}


def _background(world, reg):
    """A pending invalidation of the utility model, a closed one of the invention: filed before
    the watches (not new), they put the utility model under invalidation and not the invention."""
    case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um])
    case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.invention], status="closed")


def _pair(world, reg, name):
    watch_filter, hit, miss = FILTERS[name]
    _background(world, reg)
    watch = services.watch_create(actor=world.judge_b, data={"name": f"按{name}", **watch_filter(world, reg)})
    return watch, hit(world, reg), miss(world, reg)


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_selects_new_proceedings_when_they_are_created(world, reg, name):
    watch, hit, miss = _pair(world, reg, name)
    good, bad = case(world, **hit), case(world, **miss)
    fire(good, NEW_PROCEEDING)
    fire(bad, NEW_PROCEEDING)
    assert list(WatchMatch.objects.values_list("watch_id", "proceeding_id")) == [(watch.pk, good.pk)]
    [n] = notes(world.judge_b)
    assert (n.code, n.link) == ("alerts.watch", f"/proceedings/{good.pk}/")
    assert watch.name in n.title and good.number in n.title
    assert AuditEvent.objects.filter(action="alerts.watch_matched", object_id=str(good.pk)).count() == 1


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_selects_the_same_proceedings_in_the_catch_up(world, reg, name):
    watch, hit, miss = _pair(world, reg, name)
    good, bad = case(world, **hit), case(world, **miss)
    assert list(selectors.proceedings_matching(watch).filter(pk__gt=watch.cursor)) == [good]
    assert catch_up() == 1
    assert list(WatchMatch.objects.values_list("watch_id", "proceeding_id")) == [(watch.pk, good.pk)]
    assert [n.link for n in notes(world.judge_b)] == [f"/proceedings/{good.pk}/"]
    watch.refresh_from_db()
    assert watch.cursor == bad.pk and watch.checked_at is not None


def test_the_examples_of_the_issue(world, reg):
    """ "New invalidation requests against patents of party X"; "new suits in my court on patents
    under invalidation"."""
    x = services.watch_create(actor=world.examiner, data={"name": "恒远专利的新无效请求", "kind": Kind.PATENT_INVALIDATION, "party": reg.owner.pk})
    mine = services.watch_create(actor=world.judge_a, data={"name": "本院涉无效专利的新案", "track": "court", "my_court": True, "under_invalidation": True})
    inval = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um], parties=[(reg.rival, PartyRole.REQUESTER), (reg.owner, PartyRole.OWNER)])
    other_owner = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.invention], parties=[(reg.other, PartyRole.OWNER)])
    suit_here = case(world, agency=world.court_a, rights=[reg.um])
    suit_there = case(world, agency=world.court_b, rights=[reg.um])
    suit_clean = case(world, agency=world.court_a, rights=[reg.mark])
    for p in (inval, other_owner, suit_here, suit_there, suit_clean):
        fire(p, NEW_PROCEEDING)
    assert [m.proceeding for m in selectors.last_matches(x)] == [inval]
    assert [m.proceeding for m in selectors.last_matches(mine)] == [suit_here]
    assert catch_up() == 0  # the catch-up finds nothing new


def test_an_invalidation_does_not_put_its_own_right_under_invalidation(world, reg):
    services.watch_create(actor=world.judge_b, data={"name": "无效中", "under_invalidation": True})
    first = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um])
    fire(first, NEW_PROCEEDING)
    assert not WatchMatch.objects.exists()
    second = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um])  # a second request: the first is pending
    fire(second, NEW_PROCEEDING)
    assert list(WatchMatch.objects.values_list("proceeding_id", flat=True)) == [second.pk]
    assert catch_up() == 0


def test_out_of_reach_proceedings_never_match(world, reg):
    watch = services.watch_create(actor=world.judge_b, data={"name": "专利", "right_kind": "patent"})
    hidden = case(world, rights=[reg.um], visibility=Visibility.PRIVATE)
    fire(hidden, NEW_PROCEEDING)
    assert catch_up() == 0
    assert not WatchMatch.objects.exists() and notes(world.judge_b) == []
    own = services.watch_create(actor=world.clerk_a, data={"name": "专利", "right_kind": "patent"})
    assert catch_up() == 0  # created after it: not new for this watch either
    later = case(world, rights=[reg.um], visibility=Visibility.PRIVATE)
    fire(later, NEW_PROCEEDING)
    assert list(WatchMatch.objects.values_list("watch_id", "proceeding_id")) == [(own.pk, later.pk)]
    assert watch.matches.count() == 0


def test_proceedings_older_than_the_watch_are_not_new(world, reg):
    old = case(world, rights=[reg.um])
    services.watch_create(actor=world.judge_b, data={"name": "专利", "right": reg.um.pk})
    fire(old, NEW_PROCEEDING)  # a late signal of an old proceeding
    assert catch_up() == 0
    assert not WatchMatch.objects.exists()


def test_catch_up_is_idempotent_and_after_the_signal_alerts_nothing_twice(world, reg):
    watch = services.watch_create(actor=world.judge_b, data={"name": "民事", "kind": Kind.CIVIL})
    signalled = case(world)
    fire(signalled, NEW_PROCEEDING)
    missed = [case(world) for _ in range(3)]  # their signals never came (e.g. a failed receiver)
    assert catch_up() == 3
    assert catch_up() == 0
    assert len(notes(world.judge_b)) == 4
    assert set(WatchMatch.objects.values_list("proceeding_id", flat=True)) == {signalled.pk, *(p.pk for p in missed)}
    watch.refresh_from_db()
    assert watch.cursor == missed[-1].pk
    assert AuditEvent.objects.filter(action="alerts.watch_catch_up").count() == 1


def test_catch_up_rechecks_recent_proceedings_until_they_settle(world):
    watch = services.watch_create(actor=world.judge_b, data={"name": "民事", "kind": Kind.CIVIL})
    start = watch.cursor
    recent = case(world)
    assert alerting.catch_up() == 1  # found at once…
    watch.refresh_from_db()
    assert watch.cursor == start  # …but checked again next time: a smaller id may still commit
    assert alerting.catch_up() == 0
    assert len(notes(world.judge_b)) == 1
    assert catch_up() == 0
    watch.refresh_from_db()
    assert watch.cursor == recent.pk


def test_catch_up_works_through_a_backlog_in_batches(world):
    watch = services.watch_create(actor=world.judge_b, data={"name": "民事", "kind": Kind.CIVIL})
    found = [case(world) for _ in range(5)]
    assert catch_up(batch=2) == 2
    watch.refresh_from_db()
    assert watch.cursor == found[1].pk
    assert catch_up(batch=2) == 2
    assert catch_up(batch=2) == 1
    assert catch_up(batch=2) == 0
    assert WatchMatch.objects.count() == 5 and len(notes(world.judge_b)) == 5


def test_changed_filters_alert_from_then_on(world, reg):
    watch = services.watch_create(actor=world.judge_b, data={"name": "民事", "kind": Kind.CIVIL})
    before = case(world, kind=Kind.PATENT_INVALIDATION)
    services.watch_update(actor=world.judge_b, watch=watch, data={"name": "无效", "kind": Kind.PATENT_INVALIDATION})
    assert catch_up() == 0
    after = case(world, kind=Kind.PATENT_INVALIDATION)
    assert catch_up() == 1
    assert [m.proceeding for m in selectors.last_matches(watch)] == [after]
    assert before.pk < after.pk


def test_matching_a_new_proceeding_reads_all_watches_in_one_query(world, reg):
    def queries(n):
        Watch.objects.all().delete()
        for i in range(n):
            services.watch_create(actor=world.judge_b, data={"name": f"w{i}", "right": reg.invention.pk})
        p = case(world, rights=[reg.um], parties=[(reg.rival, PartyRole.DEFENDANT)])
        with CaptureQueriesContext(connection) as ctx:
            alerting.run_watches(p)
        return len(ctx.captured_queries)

    assert queries(3) == queries(40) <= 4


# --- bad input -----------------------------------------------------------------------------------


def refused(code, data, actor=None, world=None):
    before = (Watch.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as info:
        services.watch_create(actor=actor, data=data)
    assert info.value.code == code, info.value.fields
    assert (Watch.objects.count(), AuditEvent.objects.count()) == before
    return info.value


def test_bad_watches_are_refused_with_a_code(world, reg):
    j = world.judge_b
    refused(ErrorCode.WATCH_EMPTY, {"name": "空"}, j)
    refused(ErrorCode.WATCH_EMPTY, {"name": "空", "kind": "", "under_invalidation": False, "party": None}, j)
    refused(ErrorCode.REQUIRED, {"name": "  ", "kind": Kind.CIVIL}, j)
    refused(ErrorCode.INVALID, {"name": "x" * 101, "kind": Kind.CIVIL}, j)
    refused(ErrorCode.INVALID, {"name": "种类", "kind": "lawsuit"}, j)
    refused(ErrorCode.INVALID, {"name": "案由", "cause": "murder"}, j)
    refused(ErrorCode.WATCH_FILTER_INVALID, {"name": "矛盾", "kind": Kind.CIVIL, "track": "office"}, j)
    refused(ErrorCode.WATCH_FILTER_INVALID, {"name": "矛盾", "kind": Kind.ADMINISTRATIVE, "cause": "patent_infringement_invention"}, j)
    refused(ErrorCode.WATCH_FILTER_INVALID, {"name": "矛盾", "right": reg.mark.pk, "right_kind": "patent"}, j)
    refused(ErrorCode.WATCH_FILTER_INVALID, {"name": "本院", "my_court": True, "agency": world.court_a.pk}, j)
    refused(ErrorCode.WATCH_FILTER_INVALID, {"name": "本院", "my_court": True}, world.external)
    err = refused(ErrorCode.NOT_FOUND, {"name": "当事人", "party": 2**63}, j)
    assert err.status == 404 and "party" in err.fields
    refused(ErrorCode.NOT_FOUND, {"name": "机构", "agency": 99999999}, j)
    refused(ErrorCode.NOT_FOUND, {"name": "权利", "right": "R-1"}, j)


def test_watch_of_someone_else_cannot_be_changed(world):
    watch = services.watch_create(actor=world.judge_b, data={"name": "民事", "kind": Kind.CIVIL})
    for fn, kwargs in ((services.watch_update, {"data": {"name": "x", "kind": Kind.CIVIL}}), (services.watch_delete, {})):
        with pytest.raises(ServiceError) as info:
            fn(actor=world.judge_a, watch=watch, **kwargs)
        assert info.value.code == ErrorCode.NOT_FOUND
    services.watch_delete(actor=world.judge_b, watch=watch)
    assert not Watch.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="alerts.watch").order_by("id").values_list("action", flat=True)) == [
        "alerts.watch_create",
        "alerts.watch_delete",
    ]
