"""Benchmark of the bulk import of rights (issue 4), beside its two peers, on the database of
DATABASE_URL (SQLite file by default; PostgreSQL through bench/run_import_bench.sh):

    .venv/bin/python bench/import_rights.py --scale 1000000 --naive 20000

1. the naive ORM loop: the same validation, then ``Model.objects.create`` per row and table
   (autocommit), on the first ``--naive`` records of the file, on an empty register;
2. the import: ``manage.py import_rights FILE --kind patent`` (a child process: wall time and
   its own peak RSS) on an empty register;
3. the unchanged re-import of the same file, with proof that it wrote no row (row counts,
   highest ids and, on PostgreSQL, the insert/update/delete counters of pg_stat_user_tables);
4. the raw-driver bound: the rows the import wrote, in every table it wrote, dumped (not timed),
   deleted, then written back with ``executemany`` (SQLite, one transaction per 50,000 rows) or
   ``COPY`` (PostgreSQL, one per table) — already validated, nothing else to do.

Prints the ratios (targets: import ≥ 0.4× the raw bound, ≥ 100× the naive loop; re-import ≤ ½
the import's time; peak memory < 1 GB) and writes them as JSON to bench/.cache/.
Data: bench/.cache/patents-<scale>-s<seed>.jsonl, generated on first use (bench/generate_rights.py).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{CACHE / 'bench-import.sqlite3'}"

TABLES = ("registry_party", "registry_right", "registry_rightparty", "registry_legalevent", "search_searchentry")


def log(text):
    print(text, file=sys.stderr, flush=True)


def data_file(scale, seed):
    path = CACHE / f"patents-{scale}-s{seed}.jsonl"
    if not path.exists():
        log(f"generating {scale:,} patents → {path}")
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate_rights.py"), "--kind", "patent", "--n", str(scale), "--seed", str(seed), "--out", str(path)],
            check=True,
        )
    return path


def fresh_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        name = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def clear_register():
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(TABLES):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM registry_importrowerror")
        cursor.execute("DELETE FROM registry_importjob")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def table_state():
    """Row count and highest id of every table the import writes."""
    from django.db import connection

    state = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}")
            state[table] = list(cursor.fetchone())
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname", [list(TABLES)]
            )
            state["pg_stat_writes"] = dict(cursor.fetchall())
    return state


def naive_loop(path, n):
    """Same validation as the import, then one ORM create per row and table (autocommit)."""
    from django.utils import timezone as dj_timezone

    from ipcollab.orgs.models import Agency
    from ipcollab.registry import exchange
    from ipcollab.registry.models import LegalEvent, Party, Right, RightParty
    from ipcollab.registry.names import normalize_name
    from ipcollab.search.index import stored_tokens
    from ipcollab.search.models import SearchEntry

    agency = Agency.objects.get(code="cnipa")
    today, now = dj_timezone.localdate(), dj_timezone.now()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        for count, line in enumerate(stream):
            if count >= n:
                break
            rec = exchange.validate("patent", json.loads(line), today=today, now=now)
            parties = []
            for p in rec.parties:
                party = Party.objects.filter(credit_code=p.credit_code).first() if p.credit_code else None
                if party is None:
                    party = Party.objects.create(
                        kind=p.kind,
                        name=p.name,
                        normalized_name=normalize_name(p.name),
                        credit_code=p.credit_code,
                        region_code=p.region,
                        source="import",
                        agency=agency,
                    )
                    SearchEntry.objects.create(
                        doc_type="party",
                        object_id=str(party.pk),
                        owner_agency_id=agency.pk,
                        visibility="network",
                        tokens=stored_tokens(p.name, p.credit_code),
                        updated_at=now,
                    )
                parties.append(party)
            state = rec.state
            right = Right.objects.create(
                kind="patent",
                number=rec.number,
                title=rec.title,
                status=state.status or "",
                pledges=state.pledges,
                licences=state.licences,
                freezes=state.freezes,
                invalidations=state.invalidations,
                owner_name=rec.owner_name,
                filing_date=rec.filing_date,
                publication_date=rec.publication_date,
                grant_date=state.granted_on,
                expiry_date=rec.expiry_date,
                patent_kind=rec.patent_kind,
                pct=rec.pct,
                ipc_codes=rec.ipc,
                inventors=rec.inventors,
                locarno_class=rec.locarno,
                annuity_status=rec.annuity_status,
                annuity_next_due=rec.annuity_next_due,
                source="import",
                source_id=rec.source_id,
                source_version=rec.source_version,
                received_at=rec.received_at,
                agency=agency,
            )
            for order, party in enumerate(dict.fromkeys(parties)):
                RightParty.objects.create(right=right, party=party, role="applicant", order=order)
            for event in rec.events:
                LegalEvent.objects.create(
                    right=right,
                    type=event.type,
                    date=event.date,
                    sequence=event.sequence,
                    outcome=event.outcome or "",
                    details=dict(event.data),
                    source="import",
                )
            SearchEntry.objects.create(
                doc_type="right",
                object_id=str(right.pk),
                owner_agency_id=agency.pk,
                visibility="public",
                tokens=stored_tokens(rec.number, rec.title, [p.name for p in rec.parties]),
                updated_at=now,
            )
    return time.perf_counter() - started


def run_child(args):
    """Run a command; (seconds, peak RSS in MiB of that child, stdout)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=os.environ.copy())
    out = child.stdout.read().decode()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"{args} failed:\n{out[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def import_command(path):
    return [sys.executable, str(ROOT / "manage.py"), "import_rights", str(path), "--kind", "patent", "--quiet"]


def _names(columns, cast=""):
    return ", ".join('"' + c + '"' + cast for c in columns)


def dump_tables():
    """Every row of the tables the import wrote, to pickle files (not timed)."""
    from django.db import connection

    files = {}
    for table in TABLES:
        path = CACHE / f"raw-{connection.vendor}-{table}.pickle"
        with connection.cursor() as cursor, open(path, "wb") as out:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            columns = [c[0] for c in cursor.description]
            if connection.vendor == "postgresql":
                columns = [c for c in columns if c != "tsv"]  # generated
                # As text: COPY's own format, whatever the column type (jsonb, dates, booleans).
                cursor.execute(f"SELECT {_names(columns, cast='::text')} FROM {table} ORDER BY id")
            pickle.dump(columns, out)
            while rows := cursor.fetchmany(50_000):
                pickle.dump(rows, out)
        files[table] = path
    return files


def _chunks(path):
    with open(path, "rb") as stream:
        columns = pickle.load(stream)
        yield columns
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


def raw_bound(files):
    from django.db import connection, transaction

    clear_register()
    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        for table in TABLES:
            chunks = _chunks(files[table])
            columns = next(chunks)
            sql = f"INSERT INTO {table} ({_names(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for rows in chunks:
                with transaction.atomic():
                    raw.executemany(sql, rows)
    else:
        with transaction.atomic(), raw.cursor() as cursor:
            for table in TABLES:
                chunks = _chunks(files[table])
                columns = next(chunks)
                with cursor.copy(f"COPY {table} ({_names(columns)}) FROM STDIN") as copy:
                    for rows in chunks:
                        for row in rows:
                            copy.write_row(row)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000, help="patent records imported")
    parser.add_argument("--naive", type=int, default=20_000, help="records of the naive ORM loop")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    path = data_file(args.scale, args.seed)

    import django

    django.setup()
    from django.db import connection

    engine = connection.vendor
    log(f"{engine}: fresh database")
    fresh_database()
    log(f"{engine}: naive ORM loop on {args.naive:,} records")
    naive_s = naive_loop(path, args.naive)
    clear_register()
    log(f"{engine}: import of {args.scale:,} records")
    import_s, import_rss, import_out = run_child(import_command(path))
    after_import = table_state()
    log(f"{engine}: unchanged re-import")
    reimport_s, reimport_rss, reimport_out = run_child(import_command(path))
    after_reimport = table_state()
    unchanged = {k: v for k, v in after_reimport.items() if k != "pg_stat_writes"} == {k: v for k, v in after_import.items() if k != "pg_stat_writes"}
    if engine == "postgresql":
        unchanged = unchanged and after_reimport["pg_stat_writes"] == after_import["pg_stat_writes"]
    log(f"{engine}: raw bound")
    files = dump_tables()
    raw_s = raw_bound(files)
    for file in files.values():
        file.unlink()
    after_raw = table_state()
    # Whole child processes, Django start-up (about 1.5 s) included.
    import_net, reimport_net = import_s, reimport_s
    result = {
        "engine": engine,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "records": args.scale,
        "rows_written": {t: after_import[t][0] for t in TABLES},
        "naive_records": args.naive,
        "naive_s": round(naive_s, 2),
        "naive_us_per_record": round(naive_s / args.naive * 1e6, 1),
        "import_s": round(import_net, 2),
        "import_us_per_record": round(import_net / args.scale * 1e6, 1),
        "import_peak_rss_mib": round(import_rss),
        "reimport_s": round(reimport_net, 2),
        "reimport_peak_rss_mib": round(reimport_rss),
        "reimport_wrote_nothing": unchanged,
        "raw_s": round(raw_s, 2),
        "raw_rows_match": {t: after_raw[t][0] for t in TABLES} == {t: after_import[t][0] for t in TABLES},
        "ratio_import_vs_raw": round(raw_s / import_net, 3),
        "ratio_import_vs_naive": round((naive_s / args.naive) / (import_net / args.scale), 1),
        "ratio_reimport_vs_import": round(reimport_net / import_net, 3),
        "import_summary": import_out.strip().splitlines()[-1] if import_out.strip() else "",
        "reimport_summary": reimport_out.strip().splitlines()[-1] if reimport_out.strip() else "",
    }
    out = CACHE / f"import-{engine}-{args.scale}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(
        f"\n{engine}, {args.scale:,} patents: import {import_net:.1f} s ({result['import_us_per_record']} µs/record, peak {import_rss:.0f} MiB); "
        f"raw bound {raw_s:.1f} s → {result['ratio_import_vs_raw']}× raw (target ≥ 0.4); naive {result['naive_us_per_record']} µs/record → "
        f"{result['ratio_import_vs_naive']}× naive (target ≥ 100); re-import {reimport_net:.1f} s = {result['ratio_reimport_vs_import']}× "
        f"(target ≤ 0.5), wrote nothing: {unchanged}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
