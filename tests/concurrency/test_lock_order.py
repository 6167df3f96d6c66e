"""Two writes on one frozen right at the same moment, interleaved on purpose: the court renews its
effective order (the service locks the right, then writes the order) while the same order is
handed to the enforcement court (convert). Both must go through, one after the other: the
services lock the right's row before any of its orders, so neither waits for the other in a
cycle (on PostgreSQL a cycle is a deadlock, and one request fails). On SQLite the IMMEDIATE
transactions serialize the writers anyway; the test shows that both succeed there too."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from ipcollab.preservation import services
from ipcollab.preservation.models import FreezeOrder, OrderStatus
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT = 60  # seconds: a bound on waiting for the other thread, never reached when all goes well


def _waiting_on_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_a_renewal_and_a_conversion_of_one_order_at_the_same_moment(world):
    owner = register.party_create(actor=world.examiner, kind="organization", name="锁顺序测试科技有限公司")
    patent = register.right_create(
        actor=world.examiner,
        kind="patent",
        number="201810557067.3",
        title="一种锁顺序测试方法",
        filing_date=datetime.date(2018, 6, 1),
        parties=[(owner, "applicant")],
    )
    register.record_event(world.examiner, patent, "granted", datetime.date(2020, 1, 1))
    order = services.submit_order(
        actor=world.judge_a,
        right=patent,
        case_number="（2026）京73执保1号",
        party=Party.objects.get(pk=owner.pk),
        period_amount=6,
        period_unit="months",
        signing_judge=world.judge_a,
    )
    assert order.status == OrderStatus.EFFECTIVE
    right_held, converter_pid, outcome = threading.Event(), [], {}

    def renew():
        try:
            with transaction.atomic():
                # Where renew_order starts: the right's row locked. Then wait until the conversion
                # is blocked behind it (PostgreSQL), and renew.
                Right.objects.select_for_update().get(pk=patent.pk)
                right_held.set()
                if connection.vendor == "postgresql":
                    for _ in range(WAIT * 100):
                        if converter_pid and _waiting_on_a_lock(converter_pid[0]):
                            break
                        threading.Event().wait(0.01)
                outcome["renew"] = services.renew_order(actor=world.judge_a, order=order, period_amount=3, period_unit="months").ends_on
        except Exception as exc:  # reported by the assertions below
            outcome["renew"] = exc
        finally:
            connection.close()

    def convert():
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    converter_pid.append(cursor.fetchone()[0])
            right_held.wait(WAIT)
            outcome["convert"] = services.convert_order(actor=world.judge_a, order=order, successor=world.court_b).holder_id
        except Exception as exc:  # reported by the assertions below
            outcome["convert"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=renew), threading.Thread(target=convert)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 2)
    assert outcome.get("convert") == world.court_b.pk, outcome
    assert isinstance(outcome.get("renew"), datetime.date), outcome
    order = FreezeOrder.objects.get(pk=order.pk)
    assert (order.status, order.holder_id, order.ends_on) == (OrderStatus.EFFECTIVE, world.court_b.pk, outcome["renew"])
    assert register.right_state(Right.objects.get(pk=patent.pk)).frozen_by == (str(world.court_b.pk),)
    assert [e.type for e in order.history.all() if e.type in ("renewed", "converted")] == ["renewed", "converted"]
