"""Benchmark of the freeze register (issue 5) on the database of DATABASE_URL (SQLite file by
default; PostgreSQL through bench/run_preservation_bench.sh), each figure beside a naive
per-record loop measured in the same run:

    .venv/bin/python bench/preservation_bench.py --scale 1000000 --freezes 50000

1. the register: ``--scale`` patents with a realistic skew of holders (a few thousand companies
   hold many patents each, the heaviest several thousand), imported through
   ``manage.py import_rights`` (the fast loader of the import benchmark); on SQLite the imported
   register is cached in bench/.cache and copied on the next run;
2. the freezes: ``--freezes`` open orders from the courts of the reference data (a judge each),
   written in bulk as ``services.submit_order`` writes them (the order, its history — submitted,
   assigned, waiting, effective —, its handler's record grant, the ``frozen`` legal event on the
   right and the right's cached state replayed by the register's state machine), some with
   waiting lists, their ends spread so that a realistic number lapse each day, and one ruling
   freezing ``--cluster`` patents of one debtor that all end on the same day;
3. inquiry by party: ``services.inquire`` (its audit write included) for a sample of parties
   with the heaviest ones, p50/p95/p99, through the API too (``POST /api/v1/freezes/inquiry/``,
   Django's test client); beside the naive loop (each right of the party, then its orders, one
   query at a time);
4. the daily sweep (``services.sweep``) and the naive loop (every effective order loaded,
   checked, saved in a transaction of its own), each on the same copy of the database and with
   the same result (checked); then the backlog of a week (the worker was down), the same way.

Prints the figures against the targets (inquiry p95 ≤ 20 ms, daily sweep ≤ 5 s) and writes them
as JSON to bench/.cache/preservation-<engine>-<scale>.json. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{CACHE / 'bench-preservation.sqlite3'}"

START_YEAR, END_YEAR = 2004, 2022  # rights' filing years; their timelines end on 2022-12-31
HEAVY_SHARE, HEAVY_COMPANIES = 0.06, 2000  # 6 % of patents go to 2,000 companies, Zipf-weighted
PERIODS = [((6, "months"), 15), ((1, "years"), 35), ((2, "years"), 20), ((3, "years"), 30)]
WAITING_SHARE = 0.12  # of the orders: waiting behind another court's freeze


def log(text):
    print(f"[{datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


# --- the register -----------------------------------------------------------------------------------
def data_file(scale, seed):
    """Generated patents (ipcollab.registry.generator) with a skew of holders: HEAVY_SHARE of them
    have a heavy company as first applicant (Zipf over HEAVY_COMPANIES), the rest as generated."""
    path = CACHE / f"patents-skewed-{scale}-s{seed}.jsonl"
    if path.exists():
        return path
    from ipcollab.registry import generator

    log(f"generating {scale:,} patents with skewed holders → {path}")
    rng = random.Random(seed * 7919)
    heavy = [generator.company(rng, 2010) for _ in range(HEAVY_COMPANIES)]
    weights = [1 / (rank + 1) for rank in range(HEAVY_COMPANIES)]
    cumulative = list(_accumulate(weights))
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for rec in generator.patents(seed, scale, START_YEAR, END_YEAR):
            first = rec["applicants"][0]
            if first["kind"] == "organization" and rng.random() < HEAVY_SHARE / 0.72:
                company = heavy[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
                old = first["name"]
                rec["applicants"][0] = dict(company)
                if rec.get("owner") == old:
                    rec["owner"] = company["name"]
                for event in rec["events"]:
                    if (event.get("data") or {}).get("owner") == old:
                        event["data"]["owner"] = company["name"]
            out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    tmp.rename(path)
    return path


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def sqlite_path():
    from django.db import connection

    return Path(connection.settings_dict["NAME"])


def fresh_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path()}{suffix}").unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def build_register(path, scale, seed):
    """The imported register; on SQLite a cached copy when there is one (the import takes minutes)."""
    from django.core.management import call_command
    from django.db import connection

    cached = CACHE / f"preservation-base-{scale}-s{seed}.sqlite3"
    if connection.vendor == "sqlite" and cached.exists():
        log(f"sqlite: copying the imported register {cached.name}")
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{sqlite_path()}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(cached, sqlite_path())
        call_command("migrate", verbosity=0)
        return None
    fresh_database()
    log(f"{connection.vendor}: import of {scale:,} patents")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "import_rights", str(path), "--kind", "patent", "--quiet"], check=True, env=os.environ.copy())
    seconds = time.perf_counter() - started
    if connection.vendor == "sqlite":
        checkpoint()
        shutil.copyfile(sqlite_path(), cached)
    return seconds


def checkpoint():
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()


# --- snapshots: the same database for the service and its naive peer -------------------------------
def _pg_admin():
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"] or None, dbname="postgres", autocommit=True)


def snapshot(name):
    from django.db import connection

    if connection.vendor == "sqlite":
        checkpoint()
        shutil.copyfile(sqlite_path(), CACHE / f"snapshot-{name}.sqlite3")
        return
    db = connection.settings_dict["NAME"]
    connection.close()
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db}_{name}"')
        admin.execute(f'CREATE DATABASE "{db}_{name}" TEMPLATE "{db}" STRATEGY FILE_COPY')


def restore(name):
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{sqlite_path()}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(CACHE / f"snapshot-{name}.sqlite3", sqlite_path())
        return
    db = connection.settings_dict["NAME"]
    connection.close()
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE "{db}"')
        admin.execute(f'CREATE DATABASE "{db}" TEMPLATE "{db}_{name}" STRATEGY FILE_COPY')


def drop_snapshot(name):
    from django.db import connection

    if connection.vendor == "sqlite":
        (CACHE / f"snapshot-{name}.sqlite3").unlink(missing_ok=True)
        return
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{connection.settings_dict["NAME"]}_{name}"')


# --- people and courts ------------------------------------------------------------------------------
def make_people(rng, n_courts):
    """A judge in each of ``n_courts`` courts of the reference data (intermediate and IP courts
    first: they hear most patent cases) and a CNIPA preservation handler."""
    from ipcollab.accounts.models import Membership, Role, User
    from ipcollab.orgs.models import Agency

    courts = list(Agency.objects.filter(kind="court", is_active=True).exclude(court_code="").order_by("pk"))
    courts.sort(key=lambda c: (c.level not in ("intermediate", "specialized"), c.pk))
    courts = courts[:n_courts]
    judge_role, handler_role = Role.objects.get(code="judge"), Role.objects.get(code="preservation_handler")
    judges = {}
    for court in courts:
        user = User.objects.create_user(username=f"bench_judge_{court.pk}", password=None, agency=court, kind="staff", full_name=f"法官{court.pk}")
        Membership.objects.create(user=user, agency=court, role=judge_role)
        judges[court.pk] = user
    cnipa = Agency.objects.get(code="cnipa")
    handler = User.objects.create_user(username="bench_handler", password=None, agency=cnipa, kind="staff", full_name="保全承办")
    Membership.objects.create(user=handler, agency=cnipa, role=handler_role)
    return courts, judges, handler


# --- the freezes ------------------------------------------------------------------------------------
def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _days(amount, unit):
    from ipcollab.preservation.queue import period_end

    return (period_end(date(2024, 1, 1), amount, unit) - date(2024, 1, 1)).days + 1


def build_freezes(rng, n_freezes, cluster, day, courts, judges, handler):
    """Open freeze orders as ``services.submit_order`` leaves them, in bulk. ``day`` is the day of
    the daily sweep: the register was swept through the day before, so every effective order ends
    on or after ``day - 1``; the ``cluster`` (one ruling on many patents of one debtor) ends within
    the following week (the backlog scenario). Returns a summary."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from ipcollab.access.models import RecordGrant
    from ipcollab.preservation import services
    from ipcollab.preservation.models import FreezeOrder, OrderEvent, OrderStatus
    from ipcollab.preservation.queue import period_end
    from ipcollab.registry import services as register
    from ipcollab.registry import status as legal
    from ipcollab.registry.models import LegalEvent, Right, RightParty

    live = sorted(legal.LIVE[legal.PATENT])
    log("freezes: live patents and their first holder")
    holders = {}
    for right_id, party_id in (
        RightParty.objects.filter(right__status__in=live, right__freezes=0, role__in=services.HOLDER_ROLES, party__credit_code__isnull=False)
        .order_by("right_id", "order")
        .values_list("right_id", "party_id")
        .iterator(chunk_size=20000)
    ):
        holders.setdefault(right_id, party_id)
    right_ids = list(holders)
    by_party = {}
    for right_id, party_id in holders.items():
        by_party.setdefault(party_id, []).append(right_id)
    heavy_parties = sorted(by_party, key=lambda p: -len(by_party[p]))[:HEAVY_COMPANIES]
    heavy_rights = [r for p in heavy_parties for r in by_party[p]]
    log(f"freezes: {len(right_ids):,} live patents with a company holder; heaviest party holds {len(by_party[heavy_parties[0]]):,}")

    n_waiting = int(n_freezes * WAITING_SHARE)
    n_effective = n_freezes - n_waiting
    chosen = set()
    # The cluster: one court's ruling on the patents of one debtor (the second heaviest party).
    debtor = heavy_parties[1]
    cluster_rights = by_party[debtor][:cluster]
    chosen.update(cluster_rights)
    while len(chosen) < n_effective:
        pool = heavy_rights if rng.random() < 0.4 else right_ids
        chosen.add(pool[rng.randrange(len(pool))])
    cluster_set = set(cluster_rights)
    effective_rights = sorted(chosen)
    court_weights = [1 / (i + 1) ** 0.7 for i in range(len(courts))]
    counters = {}

    def case_number(court, year):
        counters[(court.pk, year)] = counters.get((court.pk, year), 0) + 1
        return f"（{year}）{court.court_code}执保{counters[(court.pk, year)]}号"

    warnings = {}

    def warning(amount, unit, on):
        key = (amount, unit)
        if key not in warnings:
            warnings[key] = services._period_warning(amount, unit, on)
        return warnings[key]

    cluster_court = courts[0]
    cluster_ends = day + timedelta(days=3)  # lapses in the backlog week
    plans = []  # (right_id, court, amount, unit, received_at, status, starts_on, ends_on)
    tz = datetime.now().astimezone().tzinfo
    for right_id in effective_rights:
        if right_id in cluster_set:
            amount, unit = 3, "years"
            court = cluster_court
            starts = cluster_ends - timedelta(days=_days(amount, unit) - 1)
        else:
            (amount, unit) = rng.choices([p for p, _w in PERIODS], [w for _p, w in PERIODS])[0]
            court = rng.choices(courts, court_weights)[0]
            length = _days(amount, unit)
            # Still effective on the morning of ``day``: ends on or after day - 1.
            starts = day - timedelta(days=1) - timedelta(days=rng.randrange(length))
        ends = period_end(starts, amount, unit)
        while ends < day - timedelta(days=1):  # months and years are not all of one length
            starts += timedelta(days=1)
            ends = period_end(starts, amount, unit)
        received = datetime.combine(starts, datetime.min.time(), tz) + timedelta(seconds=rng.randrange(9 * 3600, 17 * 3600))
        plans.append([right_id, court, amount, unit, received, OrderStatus.EFFECTIVE, starts, ends])
    queued_rights = rng.sample([r for r in effective_rights if r not in cluster_set], min(n_waiting, len(effective_rights) - len(cluster_set)) // 2)
    by_right_effective = {p[0]: p for p in plans}
    # Some waiting lists move in the week of the sweeps: their head's year ends then.
    for right_id in queued_rights[: len(queued_rights) // 20]:
        head = by_right_effective[right_id]
        starts = day - timedelta(days=1) + timedelta(days=rng.randrange(7)) - timedelta(days=364)
        head[2:4] = [1, "years"]
        head[4] = datetime.combine(starts, datetime.min.time(), tz) + timedelta(seconds=rng.randrange(9 * 3600, 17 * 3600))
        head[6], head[7] = starts, period_end(starts, 1, "years")
    for i in range(n_waiting):
        right_id = queued_rights[i % len(queued_rights)]
        head = by_right_effective[right_id]
        (amount, unit) = rng.choices([p for p, _w in PERIODS], [w for _p, w in PERIODS])[0]
        court = rng.choices(courts, court_weights)[0]
        span = max(1, (day - head[6]).days - 1)
        received = head[4] + timedelta(days=rng.randrange(span), seconds=rng.randrange(1, 3600))
        plans.append([right_id, court, amount, unit, received, OrderStatus.WAITING, None, None])
    plans.sort(key=lambda p: p[4])
    log(f"freezes: writing {len(plans):,} orders ({n_effective:,} effective, {n_waiting:,} waiting on {len(queued_rights):,} rights)")

    debtor_of = holders
    with transaction.atomic():
        orders = []
        for seq, (right_id, court, amount, unit, received, status, starts, ends) in enumerate(plans, start=1):
            judge = judges[court.pk]
            orders.append(
                FreezeOrder(
                    right_id=right_id,
                    court_id=court.pk,
                    holder_id=court.pk,
                    case_number=case_number(court, received.year),
                    party_id=debtor_of[right_id],
                    suspended=list(services.SUSPENDED_CODES),
                    period_amount=amount,
                    period_unit=unit,
                    signing_judge=judge,
                    status=status,
                    received_at=received,
                    receipt_seq=seq,
                    starts_on=starts,
                    ends_on=ends,
                    period_warning=warning(amount, unit, received.date()),
                    created_by=judge,
                )
            )
        FreezeOrder.objects.bulk_create(orders, batch_size=2000)
        if not orders[0].pk:  # a backend without RETURNING: read the ids back by receipt_seq
            ids = dict(FreezeOrder.objects.values_list("receipt_seq", "pk"))
            for o in orders:
                o.pk = o.id = ids[o.receipt_seq]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval('preservation_receipt_seq', %s)", [len(orders)])
        log("freezes: history and handler grants")
        ct = ContentType.objects.get_for_model(FreezeOrder)
        history, grants = [], []
        for o in orders:
            on = o.received_at.date()
            history.append(OrderEvent(order=o, type="submitted", on=on, actor=o.created_by, details={"receipt_seq": o.receipt_seq}))
            history.append(OrderEvent(order=o, type="assigned", on=on, actor=o.created_by, details={"handler": handler.pk}))
            history.append(OrderEvent(order=o, type="waiting", on=on, actor=o.created_by, details={"from": ""}))
            if o.status == OrderStatus.EFFECTIVE:
                history.append(OrderEvent(order=o, type="effective", on=on, actor=o.created_by, details={"from": "waiting"}))
            grants.append(RecordGrant(content_type=ct, object_id=str(o.pk), grantee_user=handler, granted_by=o.created_by, reason=services.ASSIGNED))
        OrderEvent.objects.bulk_create(history, batch_size=5000)
        RecordGrant.objects.bulk_create(grants, batch_size=5000)
        log("freezes: frozen legal events and the rights' state")
        effective = [o for o in orders if o.status == OrderStatus.EFFECTIVE]
        refused = 0
        for chunk in _chunks(effective, 5000):
            ids = [o.right_id for o in chunk]
            events = {}
            for e in LegalEvent.objects.filter(right_id__in=ids).order_by("date", "sequence"):
                events.setdefault(e.right_id, []).append(
                    legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details or {})
                )
            rights = Right.objects.in_bulk(ids)
            new_events, changed = [], []
            for o in chunk:
                right, timeline = rights[o.right_id], events.get(o.right_id, [])
                state = legal.replay(right.kind, timeline)
                sequence = max((e.sequence for e in timeline), default=0) + 1
                data = {"court": str(o.holder_id), "order": o.pk, "case_number": o.case_number}
                event = legal.Event(type=legal.FROZEN, date=o.starts_on, sequence=sequence, outcome=None, data=data)
                if legal.check(event, state, legal.NO_WINDOWS) is not None:
                    refused += 1
                    continue
                new_events.append(
                    LegalEvent(
                        right=right, type=legal.FROZEN, date=o.starts_on, sequence=sequence, outcome="", details=data, source="manual", recorded_by=o.created_by
                    )
                )
                register._cache_state(right, legal.apply(state, event, legal.NO_WINDOWS))
                changed.append(right)
            LegalEvent.objects.bulk_create(new_events, batch_size=5000)
            Right.objects.bulk_update(
                changed,
                [
                    "status",
                    "pledges",
                    "licences",
                    "freezes",
                    "invalidations",
                    "opposed",
                    "owner_name",
                    "grant_date",
                    "expiry_date",
                    "publication_date",
                    "madrid_number",
                ],
                batch_size=1000,
            )
        if refused:
            raise SystemExit(f"{refused} generated freezes refused by the state machine")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    lapsing = {}
    for p in plans:
        if p[5] == OrderStatus.EFFECTIVE:
            lapsing[p[7]] = lapsing.get(p[7], 0) + 1
    return {
        "orders": len(plans),
        "effective": n_effective,
        "waiting": n_waiting,
        "rights_with_waiting_list": len(queued_rights),
        "courts": len(courts),
        "cluster": len(cluster_rights),
        "cluster_ends_on": cluster_ends.isoformat(),
        "ending_on_day_before_sweep": lapsing.get(day - timedelta(days=1), 0),
        "ending_in_backlog_week": sum(n for d, n in lapsing.items() if day - timedelta(days=1) <= d < day + timedelta(days=6)),
        "heaviest_party_rights": len(by_party[heavy_parties[0]]),
        "parties_with_100_or_more": sum(1 for p in by_party if len(by_party[p]) >= 100),
        "_by_party": by_party,
        "_heavy": heavy_parties,
        "_frozen_parties": sorted({debtor_of[p[0]] for p in plans}),
    }


def check_invariants(sample, rng):
    """The generated data as the services leave it: the register's replayed state names the
    holding court, the queue has one effective order, the cached state matches the replay."""
    from ipcollab.preservation.models import FreezeOrder, OrderStatus
    from ipcollab.registry import services as register
    from ipcollab.registry.models import Right

    ids = list(FreezeOrder.objects.filter(status=OrderStatus.EFFECTIVE).values_list("right_id", flat=True))
    problems = []
    for right_id in rng.sample(ids, min(sample, len(ids))):
        right = Right.objects.get(pk=right_id)
        state = register.right_state(right)
        open_orders = list(FreezeOrder.objects.filter(right_id=right_id, status__in=[OrderStatus.WAITING, OrderStatus.EFFECTIVE]))
        effective = [o for o in open_orders if o.status == OrderStatus.EFFECTIVE]
        if len(effective) != 1 or state.frozen_by != (str(effective[0].holder_id),):
            problems.append((right_id, "frozen_by", state.frozen_by))
        if right.freezes != state.freezes or right.status != (state.status or ""):
            problems.append((right_id, "cache", right.freezes, state.freezes))
        waiting = sorted((o for o in open_orders if o.status == OrderStatus.WAITING), key=lambda o: (o.received_at, o.receipt_seq))
        if waiting and (waiting[0].received_at, waiting[0].receipt_seq) < (effective[0].received_at, effective[0].receipt_seq):
            problems.append((right_id, "queue order"))
    if problems:
        raise SystemExit(f"generated data breaks the invariants: {problems[:5]}")
    return min(sample, len(ids))


# --- inquiry ----------------------------------------------------------------------------------------
def naive_inquiry(actor, case_number, credit_code):
    """As a plain ORM page would: the party's rights one at a time, then each right's orders."""
    from django.db import transaction

    from ipcollab.audit.services import record
    from ipcollab.preservation import services
    from ipcollab.preservation.models import FreezeOrder
    from ipcollab.registry.models import Party, Right, RightParty

    rights = []
    for party in Party.objects.filter(credit_code=credit_code, merged_into__isnull=True):
        for link in RightParty.objects.filter(party=party):
            if link.role in services.HOLDER_ROLES:
                rights.append(Right.objects.get(pk=link.right_id))
    # The same first page as the service: the party's rights in id order, INQUIRY_PAGE of them.
    rights = sorted({r.pk: r for r in rights}.values(), key=lambda r: r.pk)[: services.INQUIRY_PAGE]
    result = []
    for right in rights:
        orders = [o for o in FreezeOrder.objects.filter(right=right) if o.status in ("waiting", "effective")]
        for o in orders:
            o.holder  # noqa: B018 — one query each, as a template would
        result.append(services._right_facts(right, orders))
    with transaction.atomic():
        record(
            actor=actor,
            action="preservation.inquiry",
            agency=actor.agency_id,
            is_read=True,
            object_type="preservation.inquiry",
            object_id=case_number,
            after={"rights": [r["right"] for r in result]},
        )
    return result


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_inquiry(summary, judges, rng, n_sample, naive_sample):
    from django.db import connection
    from django.test import Client

    from ipcollab.preservation import services
    from ipcollab.registry.models import Party

    by_party = summary["_by_party"]
    heavy = summary["_heavy"]
    frozen = summary["_frozen_parties"]
    others = [p for p in by_party if p not in set(heavy[:20])]
    sample = list(heavy[:20]) + rng.sample(frozen, min(len(frozen), n_sample // 2 - 20)) + rng.sample(others, n_sample - n_sample // 2)
    codes = dict(Party.objects.filter(pk__in=sample).values_list("pk", "credit_code"))
    judge = next(iter(judges.values()))
    case = f"（2026）{judge.agency.court_code}执保1号"
    for pk in sample[:10]:  # warm-up
        services.inquire(actor=judge, case_number=case, credit_code=codes[pk])
    service_ms, cpu_ms, sizes = [], [], []
    for pk in sample:
        started, cpu = time.perf_counter(), time.thread_time()
        result = services.inquire(actor=judge, case_number=case, credit_code=codes[pk])
        service_ms.append((time.perf_counter() - started) * 1000)
        cpu_ms.append((time.thread_time() - cpu) * 1000)
        sizes.append(len(result))
    heaviest_ms = service_ms[0]
    client = Client(SERVER_NAME="localhost")
    client.force_login(judge, backend="ipcollab.accounts.backends.AccountBackend")
    api_ms, api_status = [], {}
    for pk in sample:
        started = time.perf_counter()
        response = client.post("/api/v1/freezes/inquiry/", {"case_number": case, "credit_code": codes[pk]}, content_type="application/json")
        api_ms.append((time.perf_counter() - started) * 1000)
        api_status[response.status_code] = api_status.get(response.status_code, 0) + 1
    naive_ms = []
    naive_parties = sample[:naive_sample]
    for pk in naive_parties:
        started = time.perf_counter()
        naive_inquiry(judge, case, codes[pk])
        naive_ms.append((time.perf_counter() - started) * 1000)
    # Same answer as the service for the heaviest party; the queries of each.
    fast_queries, naive_queries = [], []
    with connection.execute_wrapper(lambda execute, *a: fast_queries.append(1) or execute(*a)):
        fast = services.inquire(actor=judge, case_number=case, credit_code=codes[sample[0]])
    with connection.execute_wrapper(lambda execute, *a: naive_queries.append(1) or execute(*a)):
        naive = naive_inquiry(judge, case, codes[sample[0]])
    same = [r["right"] for r in fast] == [r["right"] for r in naive]
    service_on_naive = [service_ms[i] for i in range(len(naive_parties))]
    return {
        "parties": len(sample),
        "rights_returned": {"max": max(sizes), "median": statistics.median(sizes)},
        "service_ms": {
            "p50": round(pct(service_ms, 50), 2),
            "p95": round(pct(service_ms, 95), 2),
            "p99": round(pct(service_ms, 99), 2),
            "heaviest": round(heaviest_ms, 2),
        },
        "service_cpu_ms": {"p50": round(pct(cpu_ms, 50), 2), "p95": round(pct(cpu_ms, 95), 2), "p99": round(pct(cpu_ms, 99), 2)},
        "api_ms": {"p50": round(pct(api_ms, 50), 2), "p95": round(pct(api_ms, 95), 2), "p99": round(pct(api_ms, 99), 2), "status": api_status},
        "naive_parties": len(naive_parties),
        "naive_ms": {
            "p50": round(pct(naive_ms, 50), 2),
            "p95": round(pct(naive_ms, 95), 2),
            "p99": round(pct(naive_ms, 99), 2),
            "heaviest": round(naive_ms[0], 2),
        },
        "service_ms_same_parties": {"p50": round(pct(service_on_naive, 50), 2), "p95": round(pct(service_on_naive, 95), 2)},
        "ratio_naive_vs_service_p95": round(pct(naive_ms, 95) / pct(service_on_naive, 95), 1),
        "same_answer_heaviest": same,
        "queries_heaviest": {"service": len(fast_queries), "naive": len(naive_queries)},
    }


# --- sweep ------------------------------------------------------------------------------------------
def naive_sweep(today):
    """Every effective order loaded, checked and (when it has lapsed) saved with its successor, one
    transaction each — the same effects as the service, record by record."""
    from django.db import transaction
    from django.utils import timezone

    from ipcollab.audit.services import record
    from ipcollab.preservation import queue as q
    from ipcollab.preservation import services
    from ipcollab.preservation.models import FreezeOrder, OrderStatus
    from ipcollab.registry.models import Right

    lapsed = 0
    for pk in list(FreezeOrder.objects.filter(status=OrderStatus.EFFECTIVE).values_list("pk", flat=True)):
        with transaction.atomic():
            order = FreezeOrder.objects.select_for_update().get(pk=pk)
            if order.status != OrderStatus.EFFECTIVE or order.ends_on >= today:
                continue
            right = Right.objects.select_for_update().get(pk=order.right_id)
            queue, orders = services._queue(right)
            changes = queue.expire(today)
            services._apply(None, right, queue, orders, changes, min(today, timezone.localdate()))
            for change in changes:
                if change.after == q.LAPSED:
                    lapsed += 1
                    o = orders[change.id]
                    record(actor=None, action="preservation.order.lapsed", obj=o, agency=o.court_id, after=services._snapshot(o))
    return lapsed


def fingerprint():
    """What a sweep leaves behind, comparable between two runs on copies of one database."""
    from django.db.models import Count

    from ipcollab.audit.models import AuditEvent
    from ipcollab.events.models import DomainEvent
    from ipcollab.preservation.models import FreezeOrder, OrderEvent
    from ipcollab.registry.models import LegalEvent, Right

    return {
        "orders": dict(FreezeOrder.objects.values_list("status").annotate(n=Count("pk")).order_by()),
        "ends": sorted(
            (o, str(s), str(e)) for o, s, e in FreezeOrder.objects.filter(status__in=["effective", "lapsed"]).values_list("pk", "starts_on", "ends_on")
        ),
        "history": dict(OrderEvent.objects.values_list("type").annotate(n=Count("pk")).order_by()),
        "legal": dict(LegalEvent.objects.filter(type__in=["frozen", "unfrozen"]).values_list("type").annotate(n=Count("pk")).order_by()),
        "frozen_rights": Right.objects.filter(freezes__gt=0).count(),
        "audit": dict(
            AuditEvent.objects.filter(action__in=["preservation.order.lapsed", "registry.right.event"]).values_list("action").annotate(n=Count("pk")).order_by()
        ),
        "published": dict(DomainEvent.objects.filter(type__startswith="preservation.").values_list("type").annotate(n=Count("pk")).order_by()),
    }


def bench_sweep(today, label):
    """The service and the naive loop on the same copy of the database; their results compared."""
    from ipcollab.preservation import services

    before = fingerprint()
    snapshot(label)
    started, cpu = time.perf_counter(), time.thread_time()
    lapsed = services.sweep(today)
    service_s, service_cpu = time.perf_counter() - started, time.thread_time() - cpu
    after_service = fingerprint()
    again = services.sweep(today)
    restore(label)
    started, cpu = time.perf_counter(), time.thread_time()
    naive_lapsed = naive_sweep(today)
    naive_s, naive_cpu = time.perf_counter() - started, time.thread_time() - cpu
    after_naive = fingerprint()
    drop_snapshot(label)
    promoted = after_service["history"].get("effective", 0) - before["history"].get("effective", 0)
    return {
        "swept_day": today.isoformat(),
        "lapsed": lapsed,
        "service_s": round(service_s, 3),
        "naive_s": round(naive_s, 3),
        "cpu_s_of_this_process": {"service": round(service_cpu, 3), "naive": round(naive_cpu, 3)},
        "ratio_naive_vs_service": round(naive_s / service_s, 1) if service_s else None,
        "same_result": after_service == after_naive and lapsed == naive_lapsed,
        "second_run_lapsed": again,
        "promoted": promoted,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000, help="patents in the register")
    parser.add_argument("--freezes", type=int, default=50_000, help="open freeze orders")
    parser.add_argument("--cluster", type=int, default=2_000, help="patents of one debtor frozen by one ruling, lapsing in the backlog week")
    parser.add_argument("--courts", type=int, default=120, help="courts issuing the orders")
    parser.add_argument("--parties", type=int, default=200, help="parties in the inquiry sample")
    parser.add_argument("--naive-parties", type=int, default=60, help="parties of the sample also asked through the naive loop")
    parser.add_argument("--check", type=int, default=300, help="rights whose invariants are checked")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prepare", action="store_true", help="only generate and import the register (cached on SQLite), then stop")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    path = data_file(args.scale, args.seed)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    engine = connection.vendor
    load_start = os.getloadavg()[0]  # a shared machine: other work skews the timings
    rng = random.Random(args.seed)
    import_s = build_register(path, args.scale, args.seed)
    if args.prepare:
        return 0
    # Sweep the morning of a week ago (the daily sweep), then today (a worker down for a week).
    today = timezone.localdate()
    daily = today - timedelta(days=7)
    courts, judges, handler = make_people(rng, args.courts)
    started = time.perf_counter()
    summary = build_freezes(rng, args.freezes, args.cluster, daily, courts, judges, handler)
    build_s = time.perf_counter() - started
    log(f"{engine}: checking invariants on {args.check} rights")
    checked = check_invariants(args.check, rng)
    log(f"{engine}: inquiry")
    inquiry = bench_inquiry(summary, judges, rng, args.parties, args.naive_parties)
    log(f"{engine}: daily sweep of {daily}")
    sweep_daily = bench_sweep(daily, "daily")
    log(f"{engine}: backlog sweep of {today}")
    sweep_backlog = bench_sweep(today, "backlog")
    result = {
        "engine": engine,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1m": {"start": round(load_start, 1), "end": round(os.getloadavg()[0], 1)},
        "patents": args.scale,
        "import_s": round(import_s, 1) if import_s else "cached",
        "freezes": {k: v for k, v in summary.items() if not k.startswith("_")},
        "freezes_build_s": round(build_s, 1),
        "invariants_checked_rights": checked,
        "inquiry": inquiry,
        "sweep_daily": sweep_daily,
        "sweep_backlog": sweep_backlog,
    }
    out = CACHE / f"preservation-{engine}-{args.scale}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    s = inquiry["service_ms"]
    print(
        f"\n{engine}, {args.scale:,} patents, {summary['orders']:,} freezes: inquiry by party p50/p95/p99 {s['p50']}/{s['p95']}/{s['p99']} ms "
        f"(target p95 ≤ 20; API {inquiry['api_ms']['p95']} ms; naive p95 {inquiry['naive_ms']['p95']} ms → {inquiry['ratio_naive_vs_service_p95']}×); "
        f"daily sweep {sweep_daily['service_s']} s for {sweep_daily['lapsed']} lapses (target ≤ 5; naive {sweep_daily['naive_s']} s → "
        f"{sweep_daily['ratio_naive_vs_service']}×, same result: {sweep_daily['same_result']}); backlog week {sweep_backlog['service_s']} s for "
        f"{sweep_backlog['lapsed']} lapses (naive {sweep_backlog['naive_s']} s, same result: {sweep_backlog['same_result']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
