"""Issue 5, correctness under concurrency: 50 freeze orders from 10 courts on one patent, sent at
once over real HTTP to a running server (gunicorn: 3 workers on PostgreSQL, 2 on SQLite in WAL
mode with IMMEDIATE transactions and a busy timeout), then the head released 49 times.

Exactly one order is effective, the 49 others wait in receipt order (received_at, then the
receipt sequence), nothing is lost or duplicated, the positions are 1..50; each release makes
exactly the next order effective from today and the register names its court. Runs in its own
pytest run on each engine (`-m concurrency`, scripts/test.sh): the server reads the test
database, which must then be a file on SQLite (conftest.py)."""

import datetime
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conftest import make_agency, make_region, make_user
from ipcollab.accounts import services as account_services
from ipcollab.preservation.models import FreezeOrder, OrderStatus
from ipcollab.registry import services as register
from ipcollab.registry.models import Right

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURTS, PER_COURT = 10, 5
ORDERS = COURTS * PER_COURT
REQUEST_TIMEOUT = 120  # seconds: a request waits its turn behind the others, never forever


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "run the concurrency tests on their own: pytest -m concurrency tests/concurrency"
        return f"sqlite:///{db['NAME']}", 2
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}", 3


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(transactional_db, tmp_path):
    """gunicorn serving config.wsgi on the test database; stopped before the database is reset."""
    url, workers = _database_url()
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120"]
    with open(log, "w") as out:
        proc = subprocess.Popen([*command, "--error-logfile", "-"], cwd=Path(settings.BASE_DIR), env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to a minute for the workers to import the project
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if requests.get(f"{base}/api/v1/freezes/", timeout=5).status_code == 401:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
        yield base, workers, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def stage(world):
    """Ten courts, each with a judge and a court system holding a token; one granted patent."""
    region = make_region("110000", "北京市", 1)
    courts = []
    for i in range(COURTS):
        court = make_agency(f"t-conc-{i}", f"测试第{i + 1}中级人民法院", "court", "intermediate", region)
        judge = make_user(f"t_conc_judge_{i}", court, ["judge"], full_name=f"第{i + 1}院法官")
        system = make_user(f"t_conc_system_{i}", court, [], kind="system", full_name=f"第{i + 1}院业务系统")
        _, secret = account_services.token_issue(
            actor=world.platform_admin,
            system_user=system,
            name="执行办案系统",
            scopes=["preservation:order", "preservation:read"],
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )
        courts.append({"court": court, "judge": judge, "headers": {"Authorization": f"Bearer {secret}"}})
    owner = register.party_create(actor=world.examiner, kind="organization", name="并发冻结测试科技有限公司")
    patent = register.right_create(
        actor=world.examiner,
        kind="patent",
        number="201810557067.3",
        title="一种并发冻结测试方法",
        filing_date=datetime.date(2018, 6, 1),
        parties=[(owner, "applicant")],
    )
    register.record_event(world.examiner, patent, "granted", datetime.date(2020, 1, 1))
    return courts, owner, patent


def _frozen_by(patent):
    return register.right_state(Right.objects.get(pk=patent.pk)).frozen_by


def test_fifty_orders_from_ten_courts_at_once_then_forty_nine_releases(server, stage):
    base, workers, log = server
    courts, owner, patent = stage
    barrier = threading.Barrier(ORDERS)

    def submit(n):
        court = courts[n % COURTS]
        body = {
            "right": patent.pk,
            "case_number": f"（2026）京73执保{n + 1}号",
            "party": owner.pk,
            "period_amount": 6,
            "period_unit": "months",
            "signing_judge": court["judge"].pk,
            "suspended": [],
        }
        barrier.wait(timeout=REQUEST_TIMEOUT)
        response = requests.post(f"{base}/api/v1/freezes/", json=body, headers=court["headers"], timeout=REQUEST_TIMEOUT)
        return n, court, response

    with ThreadPoolExecutor(max_workers=ORDERS) as pool:
        results = list(pool.map(submit, range(ORDERS)))

    # Every request got its order: 201 with an id, no id twice, none lost.
    failures = [(n, r.status_code, r.text[:300]) for n, _, r in results if r.status_code != 201]
    assert not failures, f"{failures}\n{log.read_text()[-3000:]}"
    answers = {r.json()["id"]: (n, court, r.json()) for n, court, r in results}
    assert len(answers) == ORDERS
    orders = list(FreezeOrder.objects.filter(right=patent))
    assert sorted(o.pk for o in orders) == sorted(answers)
    assert sorted(o.case_number for o in orders) == sorted(f"（2026）京73执保{n + 1}号" for n in range(ORDERS))

    # One queue in receipt order: received_at and the receipt sequence agree, exactly one effective
    # (the first received), 49 waiting with no period, positions 1..50 as answered at submission.
    by_receipt = sorted(orders, key=lambda o: (o.received_at, o.receipt_seq))
    assert [o.pk for o in by_receipt] == [o.pk for o in sorted(orders, key=lambda o: o.receipt_seq)]
    assert len({o.receipt_seq for o in orders}) == ORDERS
    assert [o.status for o in by_receipt] == [OrderStatus.EFFECTIVE] + [OrderStatus.WAITING] * (ORDERS - 1)
    today = timezone.localdate()
    assert by_receipt[0].starts_on == today and by_receipt[0].ends_on is not None
    assert all(o.starts_on is None and o.ends_on is None for o in by_receipt[1:])
    assert [answers[o.pk][2]["position"] for o in by_receipt] == list(range(1, ORDERS + 1))
    assert [answers[o.pk][2]["status"] for o in by_receipt] == [OrderStatus.EFFECTIVE] + [OrderStatus.WAITING] * (ORDERS - 1)
    assert _frozen_by(patent) == (str(by_receipt[0].court_id),)
    assert {o.court_id for o in orders} == {c["court"].pk for c in courts}

    # Release the head 49 times, each by the court holding it; the next in receipt order takes effect.
    for i, head in enumerate(by_receipt[:-1]):
        following = by_receipt[i + 1]
        holder = answers[head.pk][1]
        response = requests.post(f"{base}/api/v1/freezes/{head.pk}/release/", headers=holder["headers"], timeout=REQUEST_TIMEOUT)
        assert response.status_code == 200, response.text[:300]
        assert response.json()["status"] == OrderStatus.RELEASED
        detail = requests.get(f"{base}/api/v1/freezes/{following.pk}/", headers=answers[following.pk][1]["headers"], timeout=REQUEST_TIMEOUT)
        assert detail.status_code == 200, detail.text[:300]
        body = detail.json()
        assert (body["status"], body["position"]) == (OrderStatus.EFFECTIVE, 1)
        assert body["starts_on"] in {today.isoformat(), timezone.localdate().isoformat()}  # a run across midnight
        statuses = dict(FreezeOrder.objects.filter(right=patent).values_list("pk", "status"))
        assert [statuses[o.pk] for o in by_receipt] == ([OrderStatus.RELEASED] * (i + 1) + [OrderStatus.EFFECTIVE] + [OrderStatus.WAITING] * (ORDERS - i - 2))
        assert _frozen_by(patent) == (str(following.court_id),)

    last = FreezeOrder.objects.get(pk=by_receipt[-1].pk)
    assert last.status == OrderStatus.EFFECTIVE and last.starts_on is not None
    assert [e.type for e in last.history.all()][0] == "submitted"
    assert list(last.history.filter(type__in=list(OrderStatus.values)).values_list("type", flat=True)) == ["waiting", "effective"]
