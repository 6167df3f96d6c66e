"""The freeze register at scale (the shape of the work, not its timing; bench/preservation_bench.py
times it): the sweep's queries grow with the orders that lapse, never with the freezes it does not
touch; batches of rights keep every effect of a lapse; a right the register refuses to change is
left for the next run without blocking the others; an inquiry by party costs the same queries
whatever the number of rights and freezes of the party."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.events.models import DomainEvent
from ipcollab.identifiers import format_patent_number, patent_check_character
from ipcollab.preservation import services
from ipcollab.preservation.models import OrderStatus
from ipcollab.registry import services as register
from ipcollab.registry.models import LegalEvent

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def owner(world):
    return register.party_create(actor=world.examiner, kind="organization", name="批量冻结测试科技有限公司")


@pytest.fixture
def patents(world, owner):
    made = []

    def make(n):
        rights = []
        for _ in range(n):
            body = f"20181{len(made) + 1:07d}"
            right = register.right_create(
                actor=world.examiner,
                kind="patent",
                number=format_patent_number(f"{body}.{patent_check_character(body)}"),
                title=f"一种批量冻结测试方法{len(made) + 1}",
                filing_date=D(2018, 6, 1),
                parties=[(owner, "applicant")],
            )
            register.record_event(world.examiner, right, "granted", D(2020, 1, 1))
            made.append(right)
            rights.append(right)
        return rights

    return make


def freeze(world, right, owner, amount, unit="days", judge=None, case="(2026)京民初1号"):
    judge = judge or world.judge_a
    return services.submit_order(actor=judge, right=right, case_number=case, party=owner, period_amount=amount, period_unit=unit, signing_judge=judge)


def count_queries(day):
    with CaptureQueriesContext(connection) as ctx:
        lapsed = services.sweep(day)
    return lapsed, len(ctx.captured_queries)


def test_queries_grow_with_the_lapses_not_with_the_freezes_scanned(world, owner, patents):
    day = timezone.localdate() + 2 * DAY  # one-day freezes (ending today) have lapsed by then
    for right in patents(3):
        freeze(world, right, owner, 1, "years")
    assert count_queries(day) == (0, 1)  # the scan only: nothing to lapse, nothing read
    for right in patents(5):
        freeze(world, right, owner, 1, "years")
    assert count_queries(day) == (0, 1)

    (first,) = patents(1)
    freeze(world, first, owner, 1)
    lapsed, one = count_queries(day)
    assert lapsed == 1
    for right in patents(10):  # ten more freezes that do not lapse
        freeze(world, right, owner, 1, "years")
    (second,) = patents(1)
    freeze(world, second, owner, 1)
    lapsed, again = count_queries(day)
    assert lapsed == 1 and again <= one
    for right in patents(3):
        freeze(world, right, owner, 1)
    lapsed, three = count_queries(day)
    assert lapsed == 3 and three <= 3 * again


def test_batches_keep_every_effect_of_a_lapse_and_promotion(world, owner, patents, monkeypatch):
    monkeypatch.setattr(services, "SWEEP_BATCH", 2)
    judge_b = make_user("t_judge_b2", world.court_b, ["judge"], full_name="乙院法官")
    rights = patents(5)
    lapsing = [freeze(world, right, owner, 1) for right in rights]
    waiting = freeze(world, rights[2], owner, 3, "months", judge=judge_b, case="(2026)沪民初2号")
    lasting = freeze(world, patents(1)[0], owner, 1, "years")
    before = {
        "unfrozen": LegalEvent.objects.filter(type="unfrozen").count(),
        "frozen": LegalEvent.objects.filter(type="frozen").count(),
        "closed": DomainEvent.objects.filter(type="preservation.order.closed").count(),
        "effective": DomainEvent.objects.filter(type="preservation.order.effective").count(),
    }
    day = timezone.localdate() + 2 * DAY
    assert services.sweep(day) == 5
    for order in lapsing:
        order.refresh_from_db()
        assert order.status == OrderStatus.LAPSED
        assert [e.type for e in order.history.all()][-1] == "lapsed"
    waiting.refresh_from_db()
    lasting.refresh_from_db()
    # The successor takes effect the day after its predecessor's period ended.
    assert waiting.status == OrderStatus.EFFECTIVE and waiting.starts_on == lapsing[2].ends_on + DAY
    assert lasting.status == OrderStatus.EFFECTIVE
    assert LegalEvent.objects.filter(type="unfrozen").count() == before["unfrozen"] + 5
    assert LegalEvent.objects.filter(type="frozen").count() == before["frozen"] + 1
    assert DomainEvent.objects.filter(type="preservation.order.closed").count() == before["closed"] + 5
    assert DomainEvent.objects.filter(type="preservation.order.effective").count() == before["effective"] + 1
    assert AuditEvent.objects.filter(action="preservation.order.lapsed").count() == 5
    frozen = [r for r in rights if register.right_state(r).frozen]
    assert frozen == [rights[2]] and register.right_state(rights[2]).frozen_by == (str(world.court_b.pk),)
    assert services.sweep(day) == 0  # never doubled


def test_a_right_the_register_refuses_is_left_for_the_next_run(world, owner, patents, caplog):
    judge_b = make_user("t_judge_b2", world.court_b, ["judge"], full_name="乙院法官")
    stuck, fine = patents(2)
    first = freeze(world, stuck, owner, 1)
    freeze(world, stuck, owner, 3, "months", judge=judge_b, case="(2026)沪民初2号")
    other = freeze(world, fine, owner, 1)
    # The patent's term ended while it was frozen: the waiting order cannot take effect on it.
    register.record_event(world.examiner, stuck, "expired", timezone.localdate())
    day = timezone.localdate() + 2 * DAY
    assert services.sweep(day) == 1
    first.refresh_from_db()
    other.refresh_from_db()
    assert other.status == OrderStatus.LAPSED
    assert first.status == OrderStatus.EFFECTIVE  # untouched, logged, tried again next run
    assert "left for the next run" in caplog.text


def test_inquiry_by_party_costs_the_same_queries_whatever_its_rights(world, owner, patents):
    judge_b = make_user("t_judge_b2", world.court_b, ["judge"], full_name="乙院法官")
    rights = patents(2)
    freeze(world, rights[0], owner, 1, "years")

    def ask():
        with CaptureQueriesContext(connection) as ctx:
            facts = services.inquire(
                actor=world.judge_a, case_number="(2026)京民初1号", credit_code=owner.credit_code or "", party_name="" if owner.credit_code else owner.name
            )
        return facts, len(ctx.captured_queries)

    facts, few = ask()
    assert len(facts) == 2
    more = patents(6)
    for right in more:
        freeze(world, right, owner, 1, "years")
        freeze(world, right, owner, 6, "months", judge=judge_b, case="(2026)沪民初2号")
    facts, many = ask()
    assert len(facts) == 8 and many == few
    assert sum(1 for f in facts if f["effective"]) == 7 and sum(len(f["waiting"]) for f in facts) == 6
