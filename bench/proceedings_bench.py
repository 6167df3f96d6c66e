"""Benchmark of proceedings (issue 6) on the database of DATABASE_URL (SQLite file by default;
PostgreSQL through bench/run_proceedings_bench.sh), each figure beside a naive per-record peer
measured in the same run:

    .venv/bin/python bench/proceedings_bench.py --scale 1000000 --proceedings 3000000 --new 100000

1. the register: ``--scale`` generated patents with a skew of holders, imported by
   ``manage.py import_rights`` (the loader of the freeze benchmark, ``preservation_bench``; on
   SQLite the imported register is cached in bench/.cache and copied on the next run);
2. ``--proceedings`` linked proceedings written by a raw loader (``executemany`` through the
   Django connection's cursor, ids assigned, a transaction per 100,000 rows): first-instance
   infringement suits at the courts of the reference data (a valid case number each, the cause
   from the patent's kind), appeals to the Supreme People's Court (invention, utility model) or
   the high court (design) chained to their first instance, CNIPA invalidations (requester:
   often the defendant of a suit on the same patent) and reexaminations, administrative suits
   at the Beijing IP Court about invalidation decisions; the holder of the patent as plaintiff
   or owner; dates 2016–2025, statuses and outcomes; one right with ``--dossier`` proceedings;
3. ``--new`` newly imported proceedings with refs as a source system sends them (numbers in
   several spellings, parties by name with or without a credit code, new parties and persons,
   unknown rights, previous instances and reviewed decisions, some not on the platform);
4. (a) linking them: ``linking.link_pending()`` beside the per-case loop ``linking.link_one``
   on the first ``--naive`` of them (the same ones the first batch of the bulk run links, so both
   results are compared), then the same final ``resolve_waiting()`` pass as the bulk run's; the
   loop's time a case extrapolated to ``--new``, plus that pass;
5. (b) the dossier of the right with ``--dossier`` linked proceedings: the page through
   django.test.Client (a logged-in judge), ``--requests`` times, server time p50/p95/p99 and its
   queries; the parallel-proceedings panel beside a naive peer that renders the same rows with a
   query loop per proceeding (same HTML, checked).

Prints the figures against the targets (linking ≤ 10 s and ≥ 20× the loop; dossier p95 ≤ 50 ms)
and writes them as JSON to bench/.cache/proceedings-<engine>-<proceedings>.json. Results:
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# As the task worker runs (production settings): DEBUG on would time Django's logging of every
# query with its parameters (SQLite quotes each one with a query of its own) on both sides.
os.environ.setdefault("DJANGO_DEBUG", "0")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{CACHE / 'bench-proceedings.sqlite3'}"

import preservation_bench as pb  # noqa: E402 — after DATABASE_URL: the register's loader and helpers

log, pct = pb.log, pb.pct
CHUNK = 10_000
COMMIT_EVERY = 100_000
FIRST_YEAR, LAST_YEAR = 2016, 2025
NEW_YEAR = 2026


# --- reference data --------------------------------------------------------------------------------
def courts():
    """First-instance courts for patent suits (intermediate and IP courts with a valid case
    number), the high courts by province character, the SPC, the Beijing IP Court, CNIPA."""
    from ipcollab.identifiers.case_numbers import parse_case_number
    from ipcollab.identifiers.errors import IdentifierError
    from ipcollab.orgs.models import Agency

    first, high = [], {}
    for agency in Agency.objects.filter(kind="court", is_active=True).exclude(court_code="").order_by("pk"):
        try:
            parse_case_number(f"（2024）{agency.court_code}民初1号")
        except IdentifierError:
            continue
        if agency.level in ("municipal", "intermediate", "specialized"):
            first.append(agency)
        elif agency.level == "provincial":
            high[agency.court_code] = agency
    spc = Agency.objects.get(kind="court", court_code="最高法")
    bj_ip = Agency.objects.get(kind="court", court_code="京73")
    cnipa = Agency.objects.get(code="cnipa")
    first = [c for c in first if c.court_code[0] in high]  # the province's high court hears design appeals
    return first, high, spc, bj_ip, cnipa


def make_judge(court):
    from ipcollab.accounts.models import Membership, Role, User

    user = User.objects.create_user(username="bench_proceedings_judge", password=None, agency=court, kind="staff", full_name="法官")
    Membership.objects.create(user=user, agency=court, role=Role.objects.get(code="judge"))
    return user


def register_facts():
    """Patents (id, number, kind), their first holder, and the organisations (id, name, code)."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT id, number, patent_kind FROM registry_right WHERE kind = 'patent' ORDER BY id")
        rights = c.fetchall()
        c.execute('SELECT right_id, party_id FROM registry_rightparty WHERE "order" = 0')
        holder = dict(c.fetchall())
        c.execute("SELECT id, name, credit_code FROM registry_party WHERE kind = 'organization' AND merged_into_id IS NULL ORDER BY id")
        orgs = c.fetchall()
        c.execute("SELECT id, name, credit_code FROM registry_party WHERE merged_into_id IS NULL")
        names = {pk: (name, code) for pk, name, code in c.fetchall()}
    rights = [r for r in rights if r[0] in holder]
    return rights, holder, orgs, names


# --- the raw loader ----------------------------------------------------------------------------------
class Loader:
    """Rows of the proceedings tables, written with executemany in chunks (ids assigned)."""

    def __init__(self):
        from django.db import connection

        from ipcollab.proceedings.models import Proceeding

        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        fields = [f for f in Proceeding._meta.concrete_fields]
        self.columns = [f.column for f in fields]
        self.pos = {f.attname: i for i, f in enumerate(fields)}
        now = datetime.now(UTC)
        base = []
        for f in fields:
            if f.attname in ("created_at", "updated_at"):
                base.append(f.get_db_prep_save(now, connection))
            elif f.has_default() or f.null:
                base.append(f.get_db_prep_save(f.get_default(), connection))
            else:
                base.append(f.get_db_prep_save("", connection) if f.get_internal_type() in ("CharField", "TextField") else None)
        self.base = base
        self.json = {f.attname: f for f in fields if f.get_internal_type() == "JSONField"}
        self.linked_at = Proceeding._meta.get_field("linked_at").get_db_prep_save(now, connection)
        self.rows, self.parties, self.rights = [], [], []
        self.written = 0

    def day(self, d):
        return d if self.pg or d is None else d.isoformat()

    def add(self, values, parties=(), rights=()):
        row = list(self.base)
        for key, value in values.items():
            if key in self.json:
                value = self.json[key].get_db_prep_save(value, self.connection)
            elif isinstance(value, date):
                value = self.day(value)
            row[self.pos[key]] = value
        self.rows.append(row)
        pid = values["id"]
        track, filed_on = values["track"], row[self.pos["filed_on"]]  # copied onto the party rows
        for order, (party_id, role) in enumerate(parties):
            self.parties.append((pid, party_id, role, order, track, filed_on))
        claims_field = self.json["claims"] if "claims" in self.json else None
        for right_id, claims in rights:
            self.rights.append((pid, right_id, claims_field.get_db_prep_save(claims, self.connection) if claims_field else json.dumps(claims)))
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        cols = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as c:  # one transaction a chunk
            c.executemany(f"INSERT INTO proceedings_proceeding ({cols}) VALUES ({marks})", self.rows)
            if self.parties:
                c.executemany(
                    'INSERT INTO proceedings_proceedingparty (proceeding_id, party_id, role, "order", track, filed_on) VALUES (%s, %s, %s, %s, %s, %s)',
                    self.parties,
                )
            if self.rights:
                c.executemany("INSERT INTO proceedings_proceedingright (proceeding_id, right_id, claims) VALUES (%s, %s, %s)", self.rights)
        self.written += len(self.rows)
        self.rows, self.parties, self.rights = [], [], []

    def finish(self):
        self.flush()
        if self.pg:
            with self.connection.cursor() as c:
                c.execute("SELECT setval(pg_get_serial_sequence('proceedings_proceeding', 'id'), (SELECT max(id) FROM proceedings_proceeding))")


def recent(rng, seq, n):
    """One of the last ``n`` items of ``seq`` (without copying it)."""
    return seq[rng.randrange(max(0, len(seq) - n), len(seq))]


def _claims_of(rng):
    return sorted(rng.sample(range(1, 11), rng.randrange(1, 4)))


def load_proceedings(args, rng, facts, refdata):
    """``--proceedings`` linked proceedings; returns what the new cases and the dossier need."""
    from django.db import connection

    from ipcollab.proceedings import causes

    rights, holder, orgs, _names = facts
    first_courts, high, spc, bj_ip, cnipa = refdata
    court_weights = [1 / (i + 1) ** 0.6 for i in range(len(first_courts))]
    cum_courts = list(pb._accumulate(court_weights))
    # Defendants and requesters: 20 % from 5,000 frequent litigants, the rest from every organisation.
    frequent = rng.sample(orgs, min(5000, len(orgs)))
    dossier_right = rights[len(rights) // 2]
    pool = [r for r in rights if r[0] != dossier_right[0]]
    counters = {}
    loader = Loader()
    suits = []  # (id, right, plaintiff, defendant, court, number, filed) of first-instance suits
    invalidations = []  # (id, number, right, filed, requester, owner)

    def seq(key):
        counters[key] = counters.get(key, 0) + 1
        return counters[key]

    def pick_court():
        import bisect

        return first_courts[bisect.bisect(cum_courts, rng.random() * cum_courts[-1])]

    def opponent():
        return (rng.choice(frequent) if rng.random() < 0.2 else rng.choice(orgs))[0]

    def filed_in(year_from=FIRST_YEAR, year_to=LAST_YEAR):
        start = date(year_from, 1, 1)
        return start + timedelta(days=rng.randrange((date(year_to, 12, 31) - start).days + 1))

    def closing(filed, days=(90, 500)):
        closed = filed + timedelta(days=rng.randrange(*days))
        return closed if closed < date(2025, 12, 1) else None

    cause_of = {"invention": "patent_infringement_invention", "utility_model": "patent_infringement_utility_model", "design": "patent_infringement_design"}
    pid = 0

    def suit(right, filed=None):
        nonlocal pid
        pid += 1
        right_id, _number, patent_kind = right
        court = pick_court()
        filed = filed or filed_in()
        number = f"（{filed.year}）{court.court_code}民初{seq((court.pk, filed.year, '民初'))}号"
        cause = cause_of.get(patent_kind, "patent_infringement_invention")
        closed = closing(filed)
        plaintiff, defendant = holder[right_id], opponent()
        loader.add(
            {
                "id": pid,
                "track": "court",
                "kind": "civil",
                "stage": "first_instance",
                "number": number,
                "agency_id": court.pk,
                "year": filed.year,
                "court_code": court.court_code,
                "type_code": "民初",
                "sequence": counters[(court.pk, filed.year, "民初")],
                "cause": cause,
                "category": causes.cause(cause).category,
                "filed_on": filed,
                "status": "closed" if closed else "pending",
                "closed_on": closed,
                "disposition": "judgment" if closed else "",
                "result": rng.choice(["claims_supported", "claims_partly_supported", "claims_rejected"]) if closed else "",
                "linked_at": loader.linked_at,
                "source": "court",
                "source_id": f"S{pid}",
            },
            parties=[(plaintiff, "plaintiff"), (defendant, "defendant")],
            rights=[(right_id, _claims_of(rng))],
        )
        suits.append((pid, right, plaintiff, defendant, court, number, filed))
        return pid

    def appeal(of):
        nonlocal pid
        pid += 1
        first_id, right, plaintiff, defendant, court, _number, filed0 = of
        right_id, _n, patent_kind = right
        filed = filed0 + timedelta(days=rng.randrange(120, 400))
        target = high[court.court_code[0]] if patent_kind == "design" else spc
        type_code, specialized = ("民终", False) if target is not spc else ("民终", True)
        s = seq((target.pk, filed.year, type_code))
        number = f"（{filed.year}）{target.court_code}{'知' if specialized else ''}{type_code}{s}号"
        cause = cause_of.get(patent_kind, "patent_infringement_invention")
        closed = closing(filed, (60, 300))
        loader.add(
            {
                "id": pid,
                "track": "court",
                "kind": "civil",
                "stage": "second_instance",
                "number": number,
                "agency_id": target.pk,
                "year": filed.year,
                "court_code": target.court_code,
                "type_code": type_code,
                "sequence": s,
                "specialized": specialized,
                "cause": cause,
                "category": causes.cause(cause).category,
                "filed_on": filed,
                "status": "closed" if closed else "pending",
                "closed_on": closed,
                "disposition": "judgment" if closed else "",
                "result": rng.choice(["affirmed", "affirmed", "reversed", "partly_reversed"]) if closed else "",
                "previous_id": first_id,
                "relation": "appeal",
                "expected_court_id": target.pk,
                "linked_at": loader.linked_at,
                "source": "court",
                "source_id": f"S{pid}",
            },
            parties=[(defendant, "appellant"), (plaintiff, "appellee")],
            rights=[(right_id, _claims_of(rng))],
        )

    def invalidation(right, requester=None, filed=None):
        nonlocal pid
        pid += 1
        right_id = right[0]
        filed = filed or filed_in()
        number = f"4W{pid:09d}"
        closed = closing(filed, (120, 400))
        owner, requester = holder[right_id], requester or opponent()
        loader.add(
            {
                "id": pid,
                "track": "office",
                "kind": "patent_invalidation",
                "stage": "office",
                "number": number,
                "agency_id": cnipa.pk,
                "filed_on": filed,
                "status": "closed" if closed else "pending",
                "closed_on": closed,
                "disposition": "decision" if closed else "",
                "result": rng.choice(["all_invalid", "partly_invalid", "upheld"]) if closed else "",
                "decision_number": f"第{pid}号" if closed else "",
                "linked_at": loader.linked_at,
                "source": "cnipa",
                "source_id": f"C{pid}",
            },
            parties=[(requester, "requester"), (owner, "owner")],
            rights=[(right_id, _claims_of(rng))],
        )
        invalidations.append((pid, number, right, filed, requester, owner, closed))

    def reexamination(right):
        nonlocal pid
        pid += 1
        filed = filed_in()
        closed = closing(filed)
        loader.add(
            {
                "id": pid,
                "track": "office",
                "kind": "patent_reexamination",
                "stage": "office",
                "number": f"1F{pid:09d}",
                "agency_id": cnipa.pk,
                "filed_on": filed,
                "status": "closed" if closed else "pending",
                "closed_on": closed,
                "disposition": "decision" if closed else "",
                "result": rng.choice(["rejection_upheld", "rejection_revoked"]) if closed else "",
                "linked_at": loader.linked_at,
                "source": "cnipa",
                "source_id": f"C{pid}",
            },
            parties=[(holder[right[0]], "requester")],
        )

    def admin_suit(of):
        nonlocal pid
        pid += 1
        inval_id, _number, right, filed0, requester, owner, closed0 = of
        filed = (closed0 or filed0) + timedelta(days=rng.randrange(30, 90))
        s = seq((bj_ip.pk, filed.year, "行初"))
        closed = closing(filed)
        loader.add(
            {
                "id": pid,
                "track": "court",
                "kind": "administrative",
                "stage": "first_instance",
                "number": f"（{filed.year}）京73行初{s}号",
                "agency_id": bj_ip.pk,
                "year": filed.year,
                "court_code": "京73",
                "type_code": "行初",
                "sequence": s,
                "cause": "admin_patent_invalidation",
                "category": causes.cause("admin_patent_invalidation").category,
                "filed_on": filed,
                "status": "closed" if closed else "pending",
                "closed_on": closed,
                "disposition": "judgment" if closed else "",
                "result": rng.choice(["decision_upheld", "decision_revoked"]) if closed else "",
                "reviewed_id": inval_id,
                "linked_at": loader.linked_at,
                "source": "court",
                "source_id": f"S{pid}",
            },
            parties=[(requester if rng.random() < 0.5 else owner, "plaintiff")],
            rights=[(right[0], [])],
        )

    started = time.perf_counter()
    n = args.proceedings - args.dossier
    if True:  # a transaction per flushed chunk
        for i in range(n):
            r = rng.random()
            if r < 0.45 or not suits:
                suit(rng.choice(pool))
            elif r < 0.57:
                appeal(recent(rng, suits, 50_000))
            elif r < 0.80:
                s = recent(rng, suits, 50_000) if rng.random() < 0.5 else None
                if s:  # the defendant of a suit asks to invalidate the patent
                    invalidation(s[1], requester=s[3], filed=s[6] + timedelta(days=rng.randrange(10, 60)))
                else:
                    invalidation(rng.choice(pool))
            elif r < 0.92 and invalidations:
                admin_suit(recent(rng, invalidations, 50_000))
            else:
                reexamination(rng.choice(pool))
            if (i + 1) % COMMIT_EVERY == 0:
                log(f"proceedings: {i + 1:,} of {n:,} ({time.perf_counter() - started:.0f} s)")
        # The dossier: one right with --dossier proceedings of every kind.
        for k in range(args.dossier):
            m = k % 10
            if m < 4 or not suits:
                suit(dossier_right)
            elif m < 6:
                invalidation(dossier_right)
            elif m < 8:
                own = [s for s in suits[-200:] if s[1] is dossier_right]
                appeal(own[-1] if own else suits[-1])
            else:
                own = [v for v in invalidations[-200:] if v[2] is dossier_right]
                admin_suit(own[-1] if own else invalidations[-1])
        loader.finish()
    seconds = time.perf_counter() - started
    analyze(connection)
    return {
        "seconds": seconds,
        "next_id": pid + 1,
        "suits": suits,
        "invalidations": invalidations,
        "dossier_right": dossier_right,
    }


def analyze(connection):
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- the new cases -----------------------------------------------------------------------------------
def spellings(rng, number):
    """A patent number as different systems write it."""
    body, check = number.split(".")
    return rng.choice([number, f"ZL{number}", f"CN{body}.{check}", f"ZL {body}.{check}", f"{body}{check}"])


def load_new(args, rng, facts, refdata, state):
    """``--new`` proceedings with refs as sent, not linked."""
    from django.db import connection

    from ipcollab.identifiers.case_numbers import parse_case_number
    from ipcollab.proceedings import causes

    rights, holder, orgs, names = facts
    first_courts, high, spc, bj_ip, cnipa = refdata
    loader = Loader()
    pid = state["next_id"] - 1
    suits, invalidations = state["suits"], state["invalidations"]
    counters = {}
    new_firsts = []

    def party_ref(party_id, role):
        name, code = names[party_id]
        if code and rng.random() < 0.7:
            return {"name": name, "credit_code": code, "role": role}
        name = name.replace("(", "（").replace(")", "）") if rng.random() < 0.5 else name
        return {"name": name, "credit_code": "", "role": role}

    def new_party(role):
        if rng.random() < 0.5:
            return {"name": rng.choice("张王李赵刘陈杨黄") + rng.choice("伟芳娜敏静丽强磊军洋"), "role": role}
        return {"name": f"新设{rng.randrange(10**6)}科技有限公司", "credit_code": "", "role": role}

    def right_ref(right):
        if rng.random() < 0.03:  # not in the register
            return {"kind": "patent", "number": "2099" + right[1][4:], "claims": [1]}
        return {"kind": "patent", "number": spellings(rng, right[1]), "claims": _claims_of(rng)}

    started = time.perf_counter()
    if True:  # a transaction per flushed chunk
        for _ in range(args.new):
            pid += 1
            r = rng.random()
            right = rng.choice(rights)
            filed = date(NEW_YEAR, 1, 1) + timedelta(days=rng.randrange(300))
            parties = [party_ref(holder[right[0]], "plaintiff")]
            parties.append(party_ref(rng.choice(orgs)[0], "defendant") if rng.random() < 0.85 else new_party("defendant"))
            if r < 0.45:
                court = rng.choice(first_courts)
                counters[court.pk] = counters.get(court.pk, 0) + 1
                number = f"（{NEW_YEAR}）{court.court_code}民初{counters[court.pk]}号"
                new_firsts.append(number)
                cause = {"utility_model": "patent_infringement_utility_model", "design": "patent_infringement_design"}.get(
                    right[2], "patent_infringement_invention"
                )
                values = {"track": "court", "kind": "civil", "stage": "first_instance", "agency_id": court.pk, "cause": cause}
                refs = {"rights": [right_ref(right)], "parties": parties}
            elif r < 0.60:
                of = recent(rng, suits, 100_000) if rng.random() < 0.9 or not new_firsts else None
                target = spc
                counters[target.pk] = counters.get(target.pk, 0) + 1
                number = f"（{NEW_YEAR}）最高法知民终{100_000 + counters[target.pk]}号"
                previous = of[5] if of else rng.choice(new_firsts)
                if rng.random() < 0.03:
                    previous = f"（2015）京73民初{rng.randrange(1, 99999)}号"  # before the platform
                previous = previous.replace("（", "(").replace("）", ")") if rng.random() < 0.3 else previous
                right = of[1] if of else right
                values = {"track": "court", "kind": "civil", "stage": "second_instance", "agency_id": target.pk, "cause": "patent_infringement_invention"}
                refs = {"rights": [right_ref(right)], "parties": parties, "previous": previous, "relation": "appeal"}
            elif r < 0.65:
                inval = recent(rng, invalidations, 100_000)
                counters[bj_ip.pk] = counters.get(bj_ip.pk, 0) + 1
                number = f"（{NEW_YEAR}）京73行初{100_000 + counters[bj_ip.pk]}号"
                reviewed = inval[1] if rng.random() < 0.97 else f"4W9{rng.randrange(10**8):08d}"
                values = {"track": "court", "kind": "administrative", "stage": "first_instance", "agency_id": bj_ip.pk, "cause": "admin_patent_invalidation"}
                refs = {"rights": [right_ref(inval[2])], "parties": parties[:1], "reviewed": reviewed.lower() if rng.random() < 0.2 else reviewed}
            else:
                number = f"4W{pid:09d}"
                values = {"track": "office", "kind": "patent_invalidation", "stage": "office", "agency_id": cnipa.pk}
                parties = [dict(parties[1], role="requester"), dict(parties[0], role="owner")]
                refs = {"rights": [right_ref(right)], "parties": parties}
            if values["track"] == "court":
                parsed = parse_case_number(number)
                values.update(
                    year=parsed.year,
                    court_code=parsed.court_code,
                    type_code=parsed.type_code,
                    sequence=parsed.sequence,
                    specialized=bool(parsed.specialized),
                    category=causes.cause(values["cause"]).category,
                    number=parsed.normalized,
                )
            else:
                values["number"] = number
            values.update(id=pid, filed_on=filed, refs=refs, source="court" if values["track"] == "court" else "cnipa", source_id=f"N{pid}")
            loader.add(values)
        loader.finish()
    analyze(connection)
    return time.perf_counter() - started


# --- (a) linking -------------------------------------------------------------------------------------
def sample_state(ids):
    """What linking wrote for ``ids`` (parties by name: the two runs create them in the same order)."""
    from ipcollab.proceedings.models import Link, Proceeding, ProceedingParty, ProceedingRight

    state = {}
    for p in Proceeding.objects.filter(pk__in=ids).order_by("pk"):
        state[p.pk] = [p.previous_id, p.relation, p.expected_court_id, p.reviewed_id, p.refs, p.linked_at is not None]
    for pp in ProceedingParty.objects.filter(proceeding_id__in=ids).select_related("party").order_by("proceeding_id", "order", "role"):
        state[pp.proceeding_id].append((pp.party.name, pp.party.credit_code, pp.party.kind, pp.role, pp.order))
    for pr in ProceedingRight.objects.filter(proceeding_id__in=ids).order_by("proceeding_id", "right_id"):
        state[pr.proceeding_id].append((pr.right_id, tuple(pr.claims)))
    top = max(ids)
    links = sorted(Link.objects.filter(target_id__in=ids, target_id__lte=top).values_list("source_id", "target_id", "kind", "status", "score"))
    return state, links


def undo(ids, refs, last_party):
    """Back to before linking ``ids`` (the per-case run): its rows deleted, the cases reset."""
    from django.db import transaction

    from ipcollab.proceedings.models import Change, Link, Proceeding, ProceedingParty, ProceedingRight
    from ipcollab.registry.models import Party
    from ipcollab.search.models import SearchEntry

    with transaction.atomic():
        Link.objects.filter(target_id__in=ids).delete()
        Link.objects.filter(source_id__in=ids).delete()
        ProceedingParty.objects.filter(proceeding_id__in=ids).delete()
        ProceedingRight.objects.filter(proceeding_id__in=ids).delete()
        Change.objects.filter(proceeding_id__in=ids).delete()
        created = list(Party.objects.filter(pk__gt=last_party).values_list("pk", flat=True))
        for i in range(0, len(created), 5000):
            SearchEntry.objects.filter(doc_type="party", object_id__in=[str(x) for x in created[i : i + 5000]]).delete()
        Party.objects.filter(pk__gt=last_party).delete()
        for pk in ids:
            Proceeding.objects.filter(pk=pk).update(linked_at=None, previous=None, relation="", expected_court=None, reviewed=None, refs=refs[pk])
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT setval(pg_get_serial_sequence('registry_party', 'id'), %s)", [last_party])


def bench_linking(args):
    from django.db import connection

    from ipcollab.proceedings import linking
    from ipcollab.proceedings.models import Proceeding
    from ipcollab.registry.models import Party

    pending = list(Proceeding.objects.filter(linked_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    sample = pending[: args.naive]
    refs = dict(Proceeding.objects.filter(pk__in=sample).values_list("pk", "refs"))
    last_party = Party.objects.order_by("-pk").values_list("pk", flat=True).first()
    log(f"linking: the per-case loop on {len(sample):,} of {len(pending):,} new cases")
    naive_counts = linking.Counts()
    started = time.perf_counter()
    for p in Proceeding.objects.filter(pk__in=sample).order_by("pk"):
        naive_counts.add(linking.Counts(**linking.link_one(p)))
    loop_s = time.perf_counter() - started
    waiting_started = time.perf_counter()
    fixed = linking.resolve_waiting()  # the same final pass as link_pending's, once
    waiting_s = time.perf_counter() - waiting_started
    naive_counts.previous += fixed["previous"]
    naive_counts.reviewed += fixed["reviewed"]
    naive_s = loop_s + waiting_s
    naive_state = sample_state(sample)
    undo(sample, refs, last_party)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE proceedings_proceeding")
    args.batch_size = args.batch_size or linking.BATCH_SIZE
    log(f"linking: link_pending on {len(pending):,} new cases (batches of {args.batch_size:,})")
    queries = []
    started, cpu = time.perf_counter(), time.thread_time()
    with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
        counts = linking.link_pending(batch_size=args.batch_size)
    bulk_s, bulk_cpu = time.perf_counter() - started, time.thread_time() - cpu
    bulk_state = sample_state(sample)
    per_case_ms = loop_s * 1000 / len(sample)
    extrapolated = per_case_ms * len(pending) / 1000 + waiting_s
    return {
        "new_cases": len(pending),
        "batch_size": args.batch_size,
        "link_pending_s": round(bulk_s, 2),
        "link_pending_cpu_s_of_this_process": round(bulk_cpu, 2),
        "link_pending_queries": len(queries),
        "counts": counts,
        "naive_sample": len(sample),
        "naive_s": round(naive_s, 2),
        "resolve_waiting_s": round(waiting_s, 2),
        "naive_ms_per_case": round(per_case_ms, 2),
        "naive_counts_on_sample": naive_counts.as_dict(),
        "naive_extrapolated_s": round(extrapolated, 1),
        "ratio_naive_vs_bulk": round(extrapolated / bulk_s, 1),
        "same_result_on_sample": naive_state == bulk_state,
    }


# --- (b) the dossier ---------------------------------------------------------------------------------
def naive_rows(user, right):
    """The panel's rows the naive way: each proceeding of the right, its visibility, court and open
    stay read one query at a time."""
    from django.urls import reverse

    from ipcollab.access.visibility import visible_to
    from ipcollab.proceedings.models import Proceeding, ProceedingRight, Stay
    from ipcollab.proceedings.selectors import Row

    rows = []
    for link in ProceedingRight.objects.filter(right=right):
        p = Proceeding.objects.get(pk=link.proceeding_id)
        if not visible_to(Proceeding.objects.filter(pk=p.pk), user).exists():
            continue
        p.agency  # noqa: B018 — one query each, as a template would
        stay = Stay.objects.filter(proceeding=p, ended_on__isnull=True).first()
        rows.append(
            Row(
                p,
                "same_right",
                stay.started_on if stay else None,
                url=reverse("proceedings:detail", args=[p.pk]),
                kind_label=p.get_kind_display(),
                stage_label=p.get_stage_display(),
                status_label=p.get_status_display(),
                result_label=p.get_result_display() if p.result else "",
                agency_label=p.agency.short_name or p.agency.name,
                filed_text=p.filed_on.isoformat(),
                closed_text=p.closed_on.isoformat() if p.closed_on else "—",
                stayed_text=stay.started_on.isoformat() if stay else "",
            )
        )
    rows.sort(key=lambda r: (r.proceeding.filed_on, r.proceeding.pk))
    return rows


def bench_dossier(args, judge, right_id):
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from ipcollab.core import heap
    from ipcollab.proceedings import panels, selectors
    from ipcollab.proceedings.models import EvaluationReport, ProceedingRight
    from ipcollab.registry.models import Right

    right = Right.objects.get(pk=right_id)
    linked = ProceedingRight.objects.filter(right=right).count()
    heap.settle()  # as the server process does once started (config/wsgi.py)
    client = Client(SERVER_NAME="localhost")
    client.force_login(judge, backend="ipcollab.accounts.backends.AccountBackend")
    url = right.get_absolute_url()
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    first_ms = (time.perf_counter() - started) * 1000
    # A slow page gets fewer requests (about a minute of them), never fewer than 10.
    requests = max(10, min(args.requests, int(60_000 / max(first_ms, 1))))
    for _ in range(min(10, requests)):  # warm-up
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    page_queries = len(ctx.captured_queries)
    page_ms = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    request = RequestFactory().get(url)
    request.user = judge
    panel_ms, naive_ms = [], []
    for _ in range(requests):
        started = time.perf_counter()
        fast = panels._render(right, judge, request)
        panel_ms.append((time.perf_counter() - started) * 1000)
    naive_n = max(5, requests // 5)
    for _ in range(naive_n):
        started = time.perf_counter()
        rows = naive_rows(judge, right)
        reports = list(EvaluationReport.objects.filter(right=right).select_related("case").order_by("-id"))
        context = {"right": right, "rows": rows, "reports": reports}
        if hasattr(panels, "follow_template"):
            context["follow_template"] = panels.follow_template()
        slow = render_to_string("proceedings/panels/parallel.html", context, request=request)
        naive_ms.append((time.perf_counter() - started) * 1000)
    counted = []
    with connection.execute_wrapper(lambda execute, *a: counted.append(1) or execute(*a)):
        panels._render(right, judge, request)
    panel_queries = len(counted)
    counted.clear()
    with connection.execute_wrapper(lambda execute, *a: counted.append(1) or execute(*a)):
        naive = naive_rows(judge, right)
    naive_queries = len(counted)
    fast_rows = selectors.parallel_proceedings(judge, right=right)

    def key(rows):
        return [(r.proceeding.pk, r.relation, r.stayed_since) for r in rows]

    return {
        "right": right.number,
        "linked_proceedings": linked,
        "requests": requests,
        "first_request_ms": round(first_ms, 1),
        "page_ms": {"p50": round(pct(page_ms, 50), 2), "p95": round(pct(page_ms, 95), 2), "p99": round(pct(page_ms, 99), 2)},
        "page_queries": page_queries,
        "panel_ms": {"p50": round(pct(panel_ms, 50), 2), "p95": round(pct(panel_ms, 95), 2)},
        "panel_queries": panel_queries,
        "naive_panel_ms": {"p50": round(pct(naive_ms, 50), 2), "p95": round(pct(naive_ms, 95), 2), "runs": naive_n},
        "naive_panel_queries": naive_queries,
        "ratio_naive_vs_panel_p95": round(pct(naive_ms, 95) / pct(panel_ms, 95), 1),
        "panel_rows": len(fast_rows),
        "same_rows": key(naive) == key(fast_rows),
        "same_length_html": len(fast) == len(slow),  # the CSRF token and CSP nonce differ between renders
    }


# --- the database ------------------------------------------------------------------------------------
def build(args, rng):
    """The register (cached import) plus the proceedings; on SQLite the result is cached too."""
    from django.core.management import call_command
    from django.db import connection

    path = pb.data_file(args.scale, args.seed)
    cached = CACHE / f"proceedings-base-{args.scale}-{args.proceedings}-{args.new}-s{args.seed}.sqlite3"
    if connection.vendor == "sqlite" and cached.exists() and not args.rebuild:
        log(f"sqlite: copying {cached.name}")
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{pb.sqlite_path()}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(cached, pb.sqlite_path())
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            # A migration that rebuilds a table on SQLite drops its statistics: the planner would
            # time other plans than a freshly built database's. Re-analyse, and keep the migrated
            # copy so that the next run starts from it.
            log("sqlite: migrating the cached database, then ANALYZE")
            call_command("migrate", verbosity=0)
            analyze(connection)
            pb.checkpoint()
            connection.close()
            shutil.copyfile(pb.sqlite_path(), cached)
        meta = json.loads(cached.with_suffix(".json").read_text())
        return meta, None, None, None
    import_s = pb.build_register(path, args.scale, args.seed)
    refdata = courts()
    judge = make_judge(refdata[3])  # the Beijing IP Court
    log(f"{connection.vendor}: register facts")
    facts = register_facts()
    log(f"{connection.vendor}: {args.proceedings:,} proceedings, raw loader")
    state = load_proceedings(args, rng, facts, refdata)
    log(f"{connection.vendor}: {args.proceedings:,} proceedings in {state['seconds']:.0f} s; {args.new:,} new cases")
    new_s = load_new(args, rng, facts, refdata, state)
    meta = {
        "import_s": round(import_s, 1) if import_s else "cached",
        "proceedings_load_s": round(state["seconds"], 1),
        "new_load_s": round(new_s, 1),
        "dossier_right": state["dossier_right"][0],
        "judge": judge.pk,
    }
    if connection.vendor == "sqlite":
        pb.checkpoint()
        shutil.copyfile(pb.sqlite_path(), cached)
        cached.with_suffix(".json").write_text(json.dumps(meta))
    return meta, facts, state, refdata


def table_sizes():
    from django.db import connection

    sizes = {}
    with connection.cursor() as c:
        for table in (
            "registry_right",
            "registry_party",
            "proceedings_proceeding",
            "proceedings_proceedingparty",
            "proceedings_proceedingright",
            "proceedings_link",
        ):
            c.execute(f"SELECT count(*) FROM {table}")
            sizes[table] = c.fetchone()[0]
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000, help="patents in the register")
    parser.add_argument("--proceedings", type=int, default=3_000_000, help="linked proceedings loaded by the raw loader")
    parser.add_argument("--new", type=int, default=100_000, help="new cases to link")
    parser.add_argument("--naive", type=int, default=2_000, help="new cases linked by the per-case loop (extrapolated)")
    parser.add_argument("--batch-size", type=int, default=None, help="link_pending's batch size (default: linking.BATCH_SIZE)")
    parser.add_argument("--dossier", type=int, default=200, help="proceedings of the dossier's right")
    parser.add_argument("--requests", type=int, default=200, help="dossier requests timed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached SQLite database")
    parser.add_argument("--prepare", action="store_true", help="only build the database (cached on SQLite), then stop")
    parser.add_argument("--dossier-only", action="store_true", help="skip (a), time the dossier only (after a change to the panel)")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.db import connection

    from ipcollab.accounts.models import User

    engine = connection.vendor
    load_start = os.getloadavg()[0]
    rng = random.Random(args.seed)
    meta, *_ = build(args, rng)
    if args.prepare:
        return 0
    sizes_before = table_sizes()
    judge = User.objects.get(pk=meta["judge"])
    if args.dossier_only:
        log(f"{engine}: (b) the dossier only")
        dossier = bench_dossier(args, judge, meta["dossier_right"])
        print(json.dumps({"engine": engine, "proceedings": args.proceedings, "dossier": dossier}, ensure_ascii=False, indent=2))
        return 0
    log(f"{engine}: (a) linking")
    linking_result = bench_linking(args)
    log(f"{engine}: (b) the dossier")
    dossier = bench_dossier(args, judge, meta["dossier_right"])
    result = {
        "engine": engine,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1m": {"start": round(load_start, 1), "end": round(os.getloadavg()[0], 1)},
        "patents": args.scale,
        "proceedings": args.proceedings,
        "build": meta,
        "rows_before_linking": sizes_before,
        "linking": linking_result,
        "dossier": dossier,
    }
    out = CACHE / f"proceedings-{engine}-{args.proceedings}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    a, b = linking_result, dossier
    print(
        f"\n{engine}, {args.scale:,} patents, {args.proceedings:,} proceedings: linking {a['new_cases']:,} new cases {a['link_pending_s']} s "
        f"(target ≤ 10; per-case loop {a['naive_ms_per_case']} ms a case on {a['naive_sample']:,} → {a['naive_extrapolated_s']} s extrapolated, "
        f"{a['ratio_naive_vs_bulk']}× (target ≥ 20), same result on the sample: {a['same_result_on_sample']}); dossier with "
        f"{b['linked_proceedings']} proceedings p50/p95/p99 {b['page_ms']['p50']}/{b['page_ms']['p95']}/{b['page_ms']['p99']} ms "
        f"(target p95 ≤ 50; {b['page_queries']} queries; panel p95 {b['panel_ms']['p95']} ms vs naive {b['naive_panel_ms']['p95']} ms → "
        f"{b['ratio_naive_vs_panel_p95']}×, same rows: {b['same_rows']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
