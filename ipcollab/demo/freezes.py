"""Demo freeze orders (专利司法查控, issue 5): courts' orders on demo patents, made through the
preservation services over the months before today, so that every state of the register shows.

Each story is a few steps on one invention patent (submit, register, renew, release, convert,
return, dispose) on days before today. The steps of all stories run in date order with the
services' clock (their ``timezone``) set to the step's day, and the hourly sweep runs at the start
of every day, so that every date — receipt, start, end, the history, the right's frozen /
unfrozen events — is one the services computed on that day (an order that lapsed yesterday was
lapsed by yesterday's sweep). The audit trail keeps the real time of the seed (it records when the
platform wrote the rows); an order's ``created_at`` and its history's ``at`` follow the story.
"""

import datetime
import random
from dataclasses import dataclass, field
from unittest import mock

from django.db.models import F
from django.utils import timezone

from ipcollab.accounts.models import User
from ipcollab.identifiers import IdentifierError, format_case_number
from ipcollab.preservation import delivery, services
from ipcollab.preservation.models import FreezeOrder, OrderEvent, ReturnReason
from ipcollab.preservation.queue import period_end
from ipcollab.registry.models import Right, RightParty
from ipcollab.registry.status import add_months

DAY = datetime.timedelta(days=1)
EARLIEST = 320  # days before today: the oldest story starts then
# Buyers of a right sold in enforcement (执行过户).
BUYERS = ("北京中科华创资产管理有限公司", "上海浦江知识产权运营有限公司", "深圳市前海鼎盛投资发展有限公司")


@dataclass
class Court:
    agency: object
    actor: object  # who submits (a judge or a clerk)
    judge: object  # who signs

    @property
    def code(self):
        return self.agency.court_code


@dataclass
class Story:
    right: object
    party: object
    steps: list = field(default_factory=list)  # (day, callable(story))
    orders: dict = field(default_factory=dict)

    def order(self, label):
        return FreezeOrder.objects.get(pk=self.orders[label])


class Clock:
    """Stands in for django.utils.timezone inside the preservation services and their hand-off
    records: ``now`` is the moment of the step being played (never later than the real now)."""

    def __init__(self):
        self.moment = timezone.now()

    def at(self, day, seconds):
        self.moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)) + datetime.timedelta(seconds=seconds))
        return self.now()

    def now(self):
        return min(self.moment, timezone.now())

    def localdate(self, value=None):
        return timezone.localtime(value or self.now()).date()

    def __getattr__(self, name):  # localtime, make_aware…: Django's own
        return getattr(timezone, name)


class CaseNumbers:
    """Plausible, increasing case numbers per court, year and type (checked by the parser)."""

    def __init__(self, rng):
        self.rng = rng
        self.last = {}

    def next(self, court, day, type_code):
        key = (court.code, day.year, type_code)
        base = {"执保": 40, "民初": 900, "财保": 10}.get(type_code, 50)
        seq = self.last.get(key, self.rng.randint(base // 4 + 1, base)) + self.rng.randint(1, 9)
        self.last[key] = seq
        return format_case_number(day.year, court.code, type_code, seq)


def back(end, amount, unit="months"):
    """The first day of a period of ``amount`` ``unit`` whose last day is ``end``."""
    if unit == "days":
        return end - datetime.timedelta(days=amount - 1)
    return add_months(end + DAY, -(amount * 12 if unit == "years" else amount))


# --- steps -------------------------------------------------------------------------------------------
def submit(label, court, case, amount=6, unit="months"):
    def step(story):
        order = services.submit_order(
            actor=court.actor, right=story.right, case_number=case, party=story.party, period_amount=amount, period_unit=unit, signing_judge=court.judge
        )
        story.orders[label] = order.pk

    return step


def register(label, handler):
    def step(story):
        order = story.order(label)
        assigned = services.assigned_handlers(order)
        services.register_order(actor=assigned[0] if assigned else handler, order=order)

    return step


def return_(label, reason, handler):
    def step(story):
        order = story.order(label)
        assigned = services.assigned_handlers(order)
        services.return_order(actor=assigned[0] if assigned else handler, order=order, reason=reason)

    return step


def renew(label, court, amount=6, unit="months"):
    return lambda story: services.renew_order(actor=court.actor, order=story.order(label), period_amount=amount, period_unit=unit)


def release(label, court):
    return lambda story: services.release_order(actor=court.actor, order=story.order(label))


def convert(label, court, successor):
    return lambda story: services.convert_order(actor=court.actor, order=story.order(label), successor=successor.agency)


def dispose(label, court, buyer):
    return lambda story: services.dispose_right(actor=court.actor, order=story.order(label), new_owner=buyer)


# --- the stories -------------------------------------------------------------------------------------
def named_stories(today, courts, handler, cases):
    """The stories a visitor is shown: every state, waiting lists from different courts."""
    bj, sh, sz, hd = courts["bj73"], courts["sh73"], courts["sz"], courts["hd"]
    t = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
    stories = []

    def story(*steps):
        stories.append([(day, fn) for day, fn in steps])

    # Effective and registered, expiring within 7 days.
    d = back(t(5), 6)
    story((d, submit("a", bj, cases.next(bj, d, "执保"))), (d + DAY, register("a", handler)))
    # Effective, not yet registered (CNIPA's "to register"); one year: over the rule's maximum.
    d = t(-1)
    story((d, submit("a", sh, cases.next(sh, d, "财保"), 1, "years")))
    # Sent the day before yesterday, not registered yet.
    d = t(-2)
    story((d, submit("a", bj, cases.next(bj, d, "执保"))))
    # A waiting list of three from three courts; the last not yet registered.
    d1, d2, d3 = t(-150), t(-70), t(-3)
    story(
        (d1, submit("a", bj, cases.next(bj, d1, "执保"))),
        (d1 + DAY, register("a", handler)),
        (d2, submit("b", sh, cases.next(sh, d2, "执保"))),
        (d2 + 2 * DAY, register("b", handler)),
        (d3, submit("c", sz, cases.next(sz, d3, "民初"))),
    )
    # Three years (the other property rights' rule): a period warning; a second court waits.
    d1, d2 = t(-40), t(-20)
    story(
        (d1, submit("a", sz, cases.next(sz, d1, "民初"), 3, "years")),
        (d1 + DAY, register("a", handler)),
        (d2, submit("b", bj, cases.next(bj, d2, "执保"))),
        (d2 + DAY, register("b", handler)),
    )
    # Renewed before expiry, expiring within 30 days of today.
    renewed_from = back(t(12), 4)
    d = back(renewed_from - DAY, 3)
    story((d, submit("a", sz, cases.next(sz, d, "执保"), 3)), (d + DAY, register("a", handler)), (renewed_from - 6 * DAY, renew("a", sz, 4)))
    # Renewed recently: the new period follows the old.
    d = back(t(12), 6)
    story((d, submit("a", bj, cases.next(bj, d, "执保"))), (d + 2 * DAY, register("a", handler)), (t(-8), renew("a", bj)))
    # Released by its court; the next in line took effect that day.
    d1, d2 = t(-210), t(-120)
    story(
        (d1, submit("a", sh, cases.next(sh, d1, "执保"))),
        (d1 + 2 * DAY, register("a", handler)),
        (d2, submit("b", bj, cases.next(bj, d2, "执保"))),
        (d2 + DAY, register("b", handler)),
        (t(-45), release("a", sh)),
    )
    # Lapsed yesterday (its last day the day before); the waiting order took effect yesterday.
    d1, d2 = back(t(-2), 6), t(-60)
    story(
        (d1, submit("a", sz, cases.next(sz, d1, "执保"))),
        (d1 + 2 * DAY, register("a", handler)),
        (d2, submit("b", bj, cases.next(bj, d2, "执保"))),
        (d2 + DAY, register("b", handler)),
    )
    # Lapsed long ago, nobody waiting.
    d = t(-EARLIEST)
    story((d, submit("a", bj, cases.next(bj, d, "财保"))), (d + DAY, register("a", handler)))
    # Converted: the preservation freeze continues as an enforcement freeze of another court.
    d = t(-100)
    story((d, submit("a", bj, cases.next(bj, d, "民初"))), (d + DAY, register("a", handler)), (t(-30), convert("a", bj, hd)))
    # Sold in enforcement (执行过户) by the successor court: the waiting list ends with it.
    d1, d2, d3 = t(-160), t(-90), t(-50)
    story(
        (d1, submit("a", bj, cases.next(bj, d1, "民初"))),
        (d1 + DAY, register("a", handler)),
        (t(-60), convert("a", bj, hd)),
        (d2, submit("b", sh, cases.next(sh, d2, "执保"))),
        (d2 + DAY, register("b", handler)),
        (d3, submit("c", sz, cases.next(sz, d3, "执保"))),
        (d3 + 2 * DAY, register("c", handler)),
        (t(-12), dispose("a", hd, BUYERS[0])),
    )
    # Returned for incomplete papers, then sent again complete and registered.
    d = t(-26)
    case = cases.next(sh, d, "执保")
    story(
        (d, submit("a", sh, case)), (d + DAY, return_("a", ReturnReason.INCOMPLETE, handler)), (t(-21), submit("b", sh, case)), (t(-20), register("b", handler))
    )
    # The same notice sent twice: the second is returned as a duplicate.
    d = t(-14)
    case = cases.next(sz, d, "执保")
    story(
        (d, submit("a", sz, case)),
        (d + DAY, register("a", handler)),
        (d + DAY, submit("b", sz, case)),
        (d + 2 * DAY, return_("b", ReturnReason.DUPLICATE, handler)),
    )
    # Expiring within 30 days.
    d = back(t(20), 6)
    story((d, submit("a", sh, cases.next(sh, d, "执保"))), (d + DAY, register("a", handler)))
    return stories


def extra_stories(n, today, courts, handler, cases, rng):
    """``n`` more stories in the same shapes, by the courts with staff, for a fuller register."""
    stories = []
    t = lambda k: today + datetime.timedelta(days=k)  # noqa: E731
    type_code = lambda: rng.choice(["执保", "执保", "执保", "民初", "财保"])  # noqa: E731

    def reg(label, day):
        lag = rng.choice([1, 1, 2, 3, 6])
        return [(day + datetime.timedelta(days=lag), register(label, handler))] if day + datetime.timedelta(days=lag) < today else []

    for _ in range(n):
        a, b = rng.sample(courts, 2)
        shape = rng.choice(["single", "single", "queue", "released", "lapsed", "renewed"])
        if shape == "single":
            d = t(-rng.randint(1, 175))
            steps = [(d, submit("a", a, cases.next(a, d, type_code())))] + reg("a", d)
        elif shape == "queue":
            d1 = t(-rng.randint(30, 170))
            d2 = d1 + datetime.timedelta(days=rng.randint(5, 25))
            steps = [(d1, submit("a", a, cases.next(a, d1, type_code()))), *reg("a", d1), (d2, submit("b", b, cases.next(b, d2, type_code()))), *reg("b", d2)]
        elif shape == "released":
            d1 = t(-rng.randint(120, 300))
            d2 = d1 + datetime.timedelta(days=rng.randint(10, 60))
            off = d2 + datetime.timedelta(days=rng.randint(20, 90))
            steps = [(d1, submit("a", a, cases.next(a, d1, type_code()))), *reg("a", d1), (d2, submit("b", b, cases.next(b, d2, type_code()))), *reg("b", d2)]
            steps.append((min(off, t(-1)), release("a", a)))
        elif shape == "lapsed":
            d = t(-rng.randint(200, EARLIEST))
            steps = [(d, submit("a", a, cases.next(a, d, type_code()), rng.choice([3, 6])))] + reg("a", d)
        else:
            d = t(-rng.randint(150, 178))
            end = period_end(d, 6, "months")
            steps = [
                (d, submit("a", a, cases.next(a, d, type_code()))),
                *reg("a", d),
                (min(end - datetime.timedelta(days=rng.randint(3, 20)), t(-1)), renew("a", a)),
            ]
        stories.append(steps)
    return stories


# --- the run -----------------------------------------------------------------------------------------
def _court(username, judge=None):
    actor = User.objects.select_related("agency").get(username=username)
    return Court(actor.agency, actor, User.objects.get(username=judge) if judge else actor)


def staff_courts(exclude_agencies):
    """One court per agency with a staff judge (the judge submits and signs), by court code."""
    judges = (
        User.objects.filter(kind="staff", is_active=True, agency__kind="court", memberships__role__code="judge", memberships__agency_id=F("agency_id"))
        .exclude(agency_id__in=exclude_agencies)
        .select_related("agency")
        .order_by("agency__court_code", "username")
    )
    courts = {}
    for judge in judges:
        if judge.agency_id in courts or not judge.agency.court_code:
            continue
        try:
            format_case_number(2026, judge.agency.court_code, "执保", 1)
        except IdentifierError:
            continue
        courts[judge.agency_id] = Court(judge.agency, judge, judge)
    return list(courts.values())


def candidate_rights(since):
    """Granted invention patents with a holder and nothing on their timeline from ``since`` on
    (the freezes' events come after every event already there), by number."""
    holders = RightParty.objects.filter(role__in=services.HOLDER_ROLES).values("right_id")
    return list(
        Right.objects.filter(kind="patent", patent_kind="invention", status="granted", filing_date__gte=datetime.date(2010, 1, 1), pk__in=holders)
        .exclude(events__date__gte=since)
        .order_by("number")
        .values_list("pk", flat=True)
    )


def play(stories, today):
    """Run the steps in date order with the services' clock on each step's day; the sweep runs at
    the start of every day. History rows and orders take the moment they were made."""
    clock = Clock()
    steps = sorted((day, i, j, fn, story) for i, story in enumerate(stories) for j, (day, fn) in enumerate(story.steps))
    by_day = {}
    for day, _i, _j, fn, story in steps:
        by_day.setdefault(day, []).append((fn, story))
    marks = {
        "event": OrderEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "order": FreezeOrder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }

    def stamp(moment):
        OrderEvent.objects.filter(pk__gt=marks["event"]).update(at=moment)
        FreezeOrder.objects.filter(pk__gt=marks["order"]).update(created_at=F("received_at"))
        marks["event"] = OrderEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        marks["order"] = FreezeOrder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with mock.patch.object(services, "timezone", clock), mock.patch.object(delivery, "timezone", clock):
        day = steps[0][0] if steps else today
        while day <= today:
            moment = clock.at(day, 30 * 60)  # the first hourly run of the day
            if services.sweep(day):
                stamp(moment)
            for k, (fn, story) in enumerate(by_day.get(day, [])):
                moment = clock.at(day, 9 * 3600 + k * 97)  # office hours, a step every minute and a half
                fn(story)
                stamp(moment)
            day += DAY


def seed_freezes(*, seed, extra):
    """Freeze orders of the named demo courts (every state) and ``extra`` more stories by courts
    with staff. Returns the counts; nothing when the register has too few granted patents."""
    today = timezone.localdate()
    rng = random.Random(f"freezes-{seed}")
    cases = CaseNumbers(rng)
    handler = User.objects.get(username="cnipa_handler")
    named = {"bj73": _court("bj73_clerk", "bj73_judge"), "sh73": _court("sh73_judge"), "sz": _court("sz_judge"), "hd": _court("hd_judge")}
    plans = named_stories(today, named, handler, cases)
    others = staff_courts({c.agency.pk for c in named.values()})
    pool = [named["bj73"], named["sh73"], named["sz"], *others]
    plans += extra_stories(extra, today, pool, handler, cases, rng)
    rights = candidate_rights(today - datetime.timedelta(days=EARLIEST + 1))
    if len(rights) < len(plans):
        plans = plans[: len(rights)]
    chosen = rng.sample(rights, len(plans))
    holders = {}
    for rp in (
        RightParty.objects.filter(right_id__in=chosen, role__in=services.HOLDER_ROLES).select_related("party").order_by("right_id", "role", "order", "pk")
    ):
        holders.setdefault(rp.right_id, rp.party)
    by_pk = Right.objects.in_bulk(chosen)
    stories = [Story(right=by_pk[pk], party=holders[pk], steps=steps) for pk, steps in zip(chosen, plans, strict=True)]
    play(stories, today)
    return {"freeze_orders": FreezeOrder.objects.count(), "frozen_rights": Right.objects.filter(pk__in=chosen, freezes__gt=0).count()}
