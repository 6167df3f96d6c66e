"""Bulk import of rights (issue 4 point 5): upsert keyed on the normalised number and the source
version, in batches, streaming. See docs/registry.md "Bulk exchange" and ADR 0007.

Per batch of rows:

1. rows that do not parse, duplicates of an earlier row of the file, and rows whose raw digest
   equals the one on record (an identical row: skipped without validation) are settled first;
2. the rest are validated into :class:`~ipcollab.registry.exchange.Record` values and compared
   with the record on file: new → created; older source version → ``stale_version``; same
   version → unchanged when the content agrees, else ``version_conflict``; newer → updated;
3. new rights are written with one multi-row statement per table (``executemany`` on SQLite,
   ``COPY`` on PostgreSQL): parties, rights, their parties, legal events and search entries, ids
   reserved up front; updates go through the state machine one right at a time: new events of
   the source are appended, an event the platform must refuse (a frozen right) opens a
   reconciliation item, a changed status is published to subscribers.

Each batch is one transaction: a row is written whole or not at all. With ``all_or_nothing`` a
first pass validates the whole file without writing; only a clean file is then written, in one
transaction. One audit event per job: file hash, counts and a SHA-256 digest of the changes.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import queue
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record as audit
from ipcollab.events.services import publish
from ipcollab.identifiers import IdentifierError, parse_patent_number, parse_trademark_number
from ipcollab.search.index import index_document, stored_tokens

from . import exchange as ex
from . import status as legal
from .models import (
    ImportJob,
    ImportRowError,
    ImportStatus,
    LegalEvent,
    Party,
    ReconciliationItem,
    Right,
    RightParty,
    RightRole,
    Source,
)
from .names import normalize_name
from .row_messages import row_message
from .services import RIGHT_DOC_TYPE, SEARCH_DOC_TYPE, _cache_state, index_right, right_snapshot

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
MAX_STORED_ERRORS = 100_000
OWNER_ROLE = {legal.PATENT: RightRole.APPLICANT, legal.TRADEMARK: RightRole.APPLICANT}


@dataclass
class Counts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    events_added: int = 0
    reconciliation_opened: int = 0
    bytes_read: int = 0

    def as_dict(self):
        return {k: getattr(self, k) for k in ("rows", "created", "updated", "unchanged", "failed", "events_added", "reconciliation_opened")}


@dataclass
class _Pending:
    row: ex.SourceRow
    record: ex.Record
    existing: tuple | None = None


@dataclass
class _Batch:
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    same_version: list = field(default_factory=list)


# --- raw writing -----------------------------------------------------------------------------------
def _columns(model, names):
    return model._meta.db_table, [model._meta.get_field(name).column for name in names]


def _adapt_sqlite(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "tzinfo"):
        return connection.ops.adapt_datetimefield_value(value)
    return value.isoformat()


def insert_rows(model, names, rows):
    """Insert ``rows`` (tuples in ``names`` order) with the driver's bulk path; no model objects,
    no RETURNING. JSON values are given as Python lists / dicts."""
    if not rows:
        return
    table, columns = _columns(model, names)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's COPY bypasses Django's cursor wrapper: map its errors to Django's (IntegrityError…).
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                copy.write(rows if isinstance(rows, bytes) else copy_text(rows))
        else:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})", [tuple(_adapt_sqlite(v) for v in row) for row in rows]
            )


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value):
    kind = type(value)
    if value is None:
        return "\\N"
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is list or kind is dict:
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    if isinstance(value, str):  # choices enums
        return str(value).translate(_COPY_ESCAPES)
    if isinstance(value, int):
        return str(int(value))
    return value.isoformat()  # date; datetime (aware: with its offset)


def copy_text(rows) -> bytes:
    """``rows`` in PostgreSQL's COPY text format."""
    return "".join("\t".join(map(_copy_field, row)) + "\n" for row in rows).encode()


class _Pipeline:
    """A writer thread with its own connection: it commits batch N while the importer validates
    batch N+1 (PostgreSQL works in its own process, and psycopg releases the GIL while it
    waits). Batches it cannot commit are handed back (``take_failures``)."""

    def __init__(self):
        self.queue = queue.Queue(maxsize=2)
        self.failures = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._work, name="import-writer", daemon=True)
        self.thread.start()

    def submit(self, tables, pendings):
        self.queue.put((tables, pendings))

    def _work(self):
        try:
            while (item := self.queue.get()) is not None:
                tables, pendings = item
                try:
                    with transaction.atomic():
                        for model, names, data in tables:
                            insert_rows(model, names, data)
                except Exception as exc:  # the importer writes these rows again, one by one
                    with self.lock:
                        self.failures.append((pendings, exc))
        finally:
            connection.close()

    def take_failures(self):
        with self.lock:
            failures, self.failures = self.failures, []
        return failures

    def close(self):
        self.queue.put(None)
        self.thread.join()


def reserve_ids(model, count):
    """``count`` fresh primary keys of ``model``, never used before (inside the caller's
    transaction; on SQLite the transaction holds the write lock from its start)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(top, row[0] if row else 0) + 1
    return list(range(start, start + count))


PARTY_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "source",
    "source_id",
    "source_version",
    "received_at",
    "agency",
    "visibility",
    "created_by",
    "kind",
    "name",
    "normalized_name",
    "credit_code",
    "id_number",
    "nationality",
    "region_code",
    "address",
)
RIGHT_FIELDS = (
    "id",
    "kind",
    "number",
    "title",
    "status",
    "pledges",
    "licences",
    "freezes",
    "invalidations",
    "opposed",
    "owner_name",
    "filing_date",
    "publication_date",
    "grant_date",
    "expiry_date",
    "patent_kind",
    "pct",
    "ipc_codes",
    "annuity_status",
    "annuity_next_due",
    "inventors",
    "locarno_class",
    "nice_classes",
    "classification_edition",
    "madrid_number",
    "mark_image",
    "source",
    "source_id",
    "source_version",
    "received_at",
    "source_digest",
    "agency",
    "visibility",
    "created_by",
    "created_at",
    "updated_at",
)
RIGHT_PARTY_FIELDS = ("right", "party", "role", "order")
EVENT_FIELDS = ("right", "type", "date", "sequence", "outcome", "details", "source", "source_version", "recorded_by", "created_at")


def _search_model():
    from ipcollab.search.models import SearchEntry

    return SearchEntry


SEARCH_FIELDS = ("doc_type", "object_id", "owner_agency_id", "visibility", "tokens", "updated_at")


# --- the importer ----------------------------------------------------------------------------------
class Importer:
    """Runs one import over a stream of :class:`~ipcollab.registry.exchange.SourceRow`."""

    def __init__(self, job: ImportJob, actor, *, progress=None):
        self.job = job
        self.actor = actor if getattr(actor, "pk", None) else None
        self.kind = job.kind
        self.source = job.source
        self.agency_id = job.agency_id
        self.counts = Counts()
        self.seen: dict[str, int] = {}
        self.changes = hashlib.sha256()
        self.errors: list[ImportRowError] = []
        self.stored_errors = 0
        self.progress = progress
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.write = not job.dry_run
        # Parties met in this run: credit code / normalised organisation name → id (also those
        # written by batches still in the writer thread, which a lookup could not see yet).
        self.known_codes: dict[str, int] = {}
        self.known_names: dict[str, int] = {}
        self.pipeline = None
        self.defer_errors = False  # all-or-nothing write pass: errors outlive its rollback

    # errors ------------------------------------------------------------------------------------
    def _fail(self, row: ex.SourceRow, *problems: ex.Problem):
        """One failed row, with each of its problems reported on its line."""
        self.counts.failed += 1
        for problem in problems:
            if self.stored_errors + len(self.errors) < MAX_STORED_ERRORS:
                self.errors.append(
                    ImportRowError(
                        job_id=self.job.pk,
                        line=row.line,
                        number=row.raw_number[:40],
                        field=problem.field[:40],
                        code=problem.code[:40],
                        params={k: v if isinstance(v, (int, str)) else str(v) for k, v in problem.params.items()},
                        message=row_message(problem)[:500],
                    )
                )

    def _flush_errors(self):
        if self.errors and self.job.pk and not self.defer_errors:
            ImportRowError.objects.bulk_create(self.errors, batch_size=1000)
            self.stored_errors += len(self.errors)
        self.errors = []

    # the run -----------------------------------------------------------------------------------
    def run(self, rows) -> Counts:
        """Import every row; per-batch transactions (the caller wraps the whole run in one
        transaction for all-or-nothing)."""
        rows = iter(rows)
        # A bulk load allocates millions of short-lived containers: the cyclic collector's default
        # threshold (700) would trace the live batch over and over (about a third of the time).
        # Collect rarely during the run and restore the setting afterwards.
        thresholds = gc.get_threshold()
        gc.set_threshold(100_000, 50, 50)
        if self.write and not self.defer_errors and connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.pipeline = _Pipeline()
        try:
            self._run(rows)
        finally:
            if self.pipeline is not None:
                self.pipeline.close()
                self._redo(self.pipeline.take_failures())
                self.pipeline = None
                self._flush_errors()
            gc.set_threshold(*thresholds)
        return self.counts

    def _run(self, rows):
        while True:
            batch = list(islice(rows, BATCH_SIZE))
            if not batch:
                break
            self.counts.rows += len(batch)
            self.counts.bytes_read = batch[-1].position
            self._batch(batch)
            self._flush_errors()
            if self.progress:
                self.progress(self.counts)

    def _number(self, data: dict):
        """The parsed number of a row, or None (validation then says what is wrong with it)."""
        raw = data.get("number")
        if raw in (None, ""):
            return None
        try:
            return parse_patent_number(raw, today=self.today) if self.kind == legal.PATENT else parse_trademark_number(raw)
        except (IdentifierError, TypeError):
            return None

    def _batch(self, rows: list[ex.SourceRow]):
        keyed = []
        for row in rows:
            if row.problem is not None:
                self._fail(row, row.problem)
                continue
            parsed = self._number(row.data)
            number = parsed.normalized if parsed is not None else None
            if number is not None:
                first = self.seen.get(number)
                if first is not None:
                    self._fail(row, ex.Problem("number", "duplicate_in_file", {"line": first}))
                    continue
                self.seen[number] = row.line
            keyed.append((row, number, parsed))
        numbers = [n for _row, n, _p in keyed if n]
        existing = {}
        if numbers:
            for pk, kind, number, version, digest, status in Right.objects.filter(number__in=numbers).values_list(
                "pk", "kind", "number", "source_version", "source_digest", "status"
            ):
                existing[number] = (pk, kind, version, digest, status)
        plan = _Batch()
        for row, number, parsed in keyed:
            found = existing.get(number) if number else None
            if found is not None and found[1] != self.kind:
                self._fail(row, ex.Problem("number", "wrong_kind"))
                continue
            if found is not None and found[3] and found[3] == row.digest:
                self.counts.unchanged += 1
                continue
            try:
                rec = ex.validate(self.kind, row.data, today=self.today, now=self.now, parsed=parsed)
            except ex.RowInvalid as exc:
                self._fail(row, *exc.problems)
                continue
            if found is None:
                plan.create.append(_Pending(row, rec))
            elif rec.source_version < found[2]:
                self._fail(row, ex.Problem("source_version", "stale_version", {"value": rec.source_version, "stored": found[2]}))
            elif rec.source_version == found[2]:
                plan.same_version.append(_Pending(row, rec, found))
            else:
                plan.update.append(_Pending(row, rec, found))
        self._settle_same_version(plan.same_version)
        if not self.write:
            self.counts.created += len(plan.create)
            self.counts.updated += len(plan.update)
            return
        if self.pipeline is not None:
            self._create(plan.create)  # handed to the writer thread; failures come back
            self._redo(self.pipeline.take_failures())
        else:
            self._create_now(plan.create)
        for pending in plan.update:
            with transaction.atomic():
                self._update(pending)

    def _create_now(self, pendings):
        try:
            with transaction.atomic():
                self._create(pendings)
        except IntegrityError:
            # A concurrent writer registered one of these numbers since the lookup: take the
            # batch again, one right at a time, so that the others still go in.
            log.warning("import %s: integrity error in a batch, retrying row by row", self.job.pk)
            self._create_one_by_one(pendings)

    def _create_one_by_one(self, pendings):
        """Write rows one transaction each, forgetting the parties learnt from a failed batch
        (their rows may not exist); a row that still clashes is reported."""
        self.known_codes.clear()
        self.known_names.clear()
        for pending in pendings:
            try:
                with transaction.atomic():
                    self._create([pending])
            except IntegrityError:
                self._fail(pending.row, ex.Problem("number", "version_conflict", {"value": pending.record.source_version}))

    def _redo(self, failures):
        """Batches the writer thread could not commit (a concurrent writer took a number, or a
        party of a failed batch): forget the parties learnt from them and write their rows again
        one at a time, in this thread."""
        if not failures:
            return
        pipeline, self.pipeline = self.pipeline, None
        try:
            for pendings, exc in failures:
                log.warning("import %s: a batch failed in the writer (%s); writing its rows one by one", self.job.pk, exc)
                self.counts.created -= len(pendings)
                self.counts.events_added -= sum(len(p.record.events) for p in pendings)
                self._create_one_by_one(pendings)
        finally:
            self.pipeline = pipeline

    def _settle_same_version(self, pendings):
        if not pendings:
            return
        ids = [p.existing[0] for p in pendings]
        titles = dict(Right.objects.filter(pk__in=ids).values_list("pk", "title"))
        events: dict[int, list] = {}
        for right_id, type_, day, outcome in (
            LegalEvent.objects.filter(right_id__in=ids).order_by("right_id", "date", "sequence").values_list("right_id", "type", "date", "outcome")
        ):
            events.setdefault(right_id, []).append((type_, day, outcome or ""))
        for p in pendings:
            pk = p.existing[0]
            stored = (titles.get(pk), p.existing[4] or "", tuple(events.get(pk, ())))
            mine = p.record.content_key()
            # Events recorded on the platform (a court's freeze) are not in the source: compare
            # the source's events with the stored ones it could have produced.
            if mine[0] == stored[0] and Counter(mine[2]) - Counter(stored[2]) == Counter():
                self.counts.unchanged += 1
            else:
                self._fail(p.row, ex.Problem("source_version", "version_conflict", {"value": p.record.source_version}))

    # creating ----------------------------------------------------------------------------------
    def _resolve_parties(self, pendings):
        """Party id per (pending index, party index); new parties as rows to insert."""
        by_code, by_name = self.known_codes, self.known_names
        codes = {p.credit_code for pending in pendings for p in pending.record.parties if p.credit_code and p.credit_code not in by_code}
        org_names = {
            normalize_name(p.name) for pending in pendings for p in pending.record.parties if p.kind == "organization" and not p.credit_code
        } - by_name.keys()
        if codes:
            by_code.update(Party.objects.filter(credit_code__in=codes, merged_into__isnull=True).values_list("credit_code", "pk"))
        if org_names:
            for name, pk in Party.objects.filter(
                normalized_name__in=org_names, kind="organization", credit_code__isnull=True, merged_into__isnull=True
            ).values_list("normalized_name", "pk"):
                by_name.setdefault(name, pk)
        new_parties = []  # (key, PartyRecord, normalized)
        keys = {}
        assignment = []
        for pending in pendings:
            ids = []
            for index, party in enumerate(pending.record.parties):
                normalized = normalize_name(party.name)
                if party.credit_code:
                    key = ("code", party.credit_code)
                    known = by_code.get(party.credit_code)
                elif party.kind == "organization":
                    key = ("name", normalized)
                    known = by_name.get(normalized)
                else:  # a person is never matched by name alone
                    key = ("person", pending.row.line, index)
                    known = None
                if known is None and key not in keys:
                    keys[key] = len(new_parties)
                    new_parties.append((party, normalized, pending.record))
                ids.append(known if known is not None else ("new", keys[key]))
            assignment.append(ids)
        return assignment, new_parties

    def _create(self, pendings):
        if not pendings:
            return
        now = timezone.now()
        assignment, new_parties = self._resolve_parties(pendings)
        party_ids = reserve_ids(Party, len(new_parties))
        right_ids = reserve_ids(Right, len(pendings))
        actor_id = self.actor.pk if self.actor else None
        party_rows, search_rows = [], []
        for pid, (party, normalized, rec) in zip(party_ids, new_parties, strict=True):
            if party.credit_code:
                self.known_codes[party.credit_code] = pid
            elif party.kind == "organization":
                self.known_names[normalized] = pid
            party_rows.append(
                (
                    pid,
                    now,
                    now,
                    self.source,
                    "",
                    str(rec.source_version),
                    rec.received_at,
                    self.agency_id,
                    "network",
                    actor_id,
                    party.kind,
                    party.name,
                    normalized,
                    party.credit_code,
                    "",
                    "CN",
                    party.region,
                    "",
                )
            )
            search_rows.append((SEARCH_DOC_TYPE, str(pid), self.agency_id, "network", stored_tokens(party.name, party.credit_code), now))
        right_rows, link_rows, event_rows = [], [], []
        for right_id, pending, ids in zip(right_ids, pendings, assignment, strict=True):
            rec, state = pending.record, pending.record.state
            right_rows.append(
                (
                    right_id,
                    rec.kind,
                    rec.number,
                    rec.title,
                    state.status or "",
                    state.pledges,
                    state.licences,
                    state.freezes,
                    state.invalidations,
                    state.opposed,
                    rec.owner_name,
                    rec.filing_date,
                    rec.publication_date,
                    state.granted_on or rec.grant_date,
                    rec.expiry_date,
                    rec.patent_kind,
                    rec.pct,
                    rec.ipc,
                    rec.annuity_status,
                    rec.annuity_next_due,
                    rec.inventors,
                    rec.locarno,
                    rec.nice_classes,
                    rec.classification_edition,
                    rec.madrid_number or (str(state.international_number)[:10] if state.international_number else ""),
                    "",
                    self.source,
                    rec.source_id,
                    rec.source_version,
                    rec.received_at,
                    pending.row.digest,
                    self.agency_id,
                    "public",
                    actor_id,
                    now,
                    now,
                )
            )
            final_ids = [party_ids[i[1]] if isinstance(i, tuple) else i for i in ids]
            seen_links = set()
            for order, party_id in enumerate(final_ids):
                if party_id not in seen_links:
                    seen_links.add(party_id)
                    link_rows.append((right_id, party_id, OWNER_ROLE[rec.kind], order))
            for event in rec.events:
                event_rows.append(
                    (right_id, event.type, event.date, event.sequence, event.outcome or "", dict(event.data), self.source, rec.source_version, actor_id, now)
                )
            names = [p.name for p in rec.parties]
            search_rows.append((RIGHT_DOC_TYPE, str(right_id), self.agency_id, "public", stored_tokens(rec.number, rec.title, names), now))
            self.changes.update(f"C|{rec.number}|{rec.source_version}|{state.status}\n".encode())
        tables = [
            (Party, PARTY_FIELDS, party_rows),
            (Right, RIGHT_FIELDS, right_rows),
            (RightParty, RIGHT_PARTY_FIELDS, link_rows),
            (LegalEvent, EVENT_FIELDS, event_rows),
            (_search_model(), SEARCH_FIELDS, search_rows),
        ]
        if self.pipeline is not None:
            self.pipeline.submit([(model, names, copy_text(rows)) for model, names, rows in tables], pendings)
        else:
            for model, names, rows in tables:
                insert_rows(model, names, rows)
        self.counts.created += len(pendings)
        self.counts.events_added += len(event_rows)

    # updating ----------------------------------------------------------------------------------
    def _update(self, pending: _Pending):
        rec = pending.record
        right = Right.objects.select_for_update().get(pk=pending.existing[0])
        stored = list(LegalEvent.objects.filter(right=right).order_by("date", "sequence"))
        incoming = Counter((e.type, e.date, e.outcome or "") for e in rec.events)
        sourced = Counter((e.type, e.date, e.outcome or "") for e in stored if e.source != Source.MANUAL)
        removed = sourced - incoming
        if removed:
            type_, day, _outcome = next(iter(removed))
            self._fail(pending.row, ex.Problem("events", "event_removed", {"type": type_, "date": day.isoformat()}))
            return
        before = right_snapshot(right)
        state = legal.replay(
            right.kind, [legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details or {}) for e in stored]
        )
        have = Counter((e.type, e.date, e.outcome or "") for e in stored)
        sequence = max((e.sequence for e in stored), default=0)
        held = None
        for event in rec.events:
            key = (event.type, event.date, event.outcome or "")
            if have[key] > 0:
                have[key] -= 1
                continue
            sequence += 1
            new = legal.Event(type=event.type, date=event.date, sequence=sequence, outcome=event.outcome, data=event.data)
            refusal = legal.check(new, state) if held is None else held
            if refusal is not None:
                held = held or refusal
                ReconciliationItem.objects.create(
                    right=right,
                    event_type=new.type,
                    event_date=new.date,
                    payload={"outcome": new.outcome, "data": dict(new.data), "import_job": self.job.pk, "line": pending.row.line},
                    refusal_code=refusal.code,
                    refusal_message=refusal.message[:300],
                    source=self.source,
                    source_version=rec.source_version,
                )
                self.counts.reconciliation_opened += 1
                sequence -= 1
                continue
            LegalEvent.objects.create(
                right=right,
                type=new.type,
                date=new.date,
                sequence=new.sequence,
                outcome=new.outcome or "",
                details=dict(new.data),
                source=self.source,
                source_version=rec.source_version,
                recorded_by=self.actor,
            )
            state = legal.apply(state, new)
            self.counts.events_added += 1
        right.title = rec.title
        right.filing_date = rec.filing_date
        right.publication_date = rec.publication_date or right.publication_date
        right.grant_date = rec.grant_date or right.grant_date
        right.expiry_date = rec.expiry_date or right.expiry_date
        right.ipc_codes, right.inventors, right.locarno_class = rec.ipc, rec.inventors, rec.locarno
        right.annuity_status, right.annuity_next_due = rec.annuity_status, rec.annuity_next_due
        if rec.kind == legal.TRADEMARK:
            right.nice_classes, right.classification_edition = rec.nice_classes, rec.classification_edition
            right.madrid_number = rec.madrid_number or right.madrid_number
        right.source, right.source_id, right.source_version = self.source, rec.source_id or right.source_id, rec.source_version
        right.received_at = rec.received_at or timezone.now()
        right.source_digest = pending.row.digest
        _cache_state(right, state)
        right.save()
        self._link_new_parties(right, rec)
        index_right(right)
        self.counts.updated += 1
        self.changes.update(f"U|{rec.number}|{before['source_version']}>{rec.source_version}|{before['status']}>{right.status}\n".encode())
        if before["status"] != right.status or before["freezes"] != right.freezes or before["pledges"] != right.pledges:
            publish(
                "registry.right.status_changed",
                agency=right.agency,
                subject=right,
                payload={"right": right.pk, "number": right.number, "event": "import", "from": before["status"], "to": right.status, "import_job": self.job.pk},
                actor=self.actor,
                visibility=right.visibility,
            )

    def _link_new_parties(self, right, rec):
        """Link applicants of the new version that the right does not list yet (never unlinks:
        the parties of record stay on the timeline)."""
        linked = RightParty.objects.filter(right=right, role=OWNER_ROLE[rec.kind])
        names = set(linked.values_list("party__normalized_name", flat=True))
        codes = set(linked.exclude(party__credit_code=None).values_list("party__credit_code", flat=True))
        order = RightParty.objects.filter(right=right).count()
        for party in rec.parties:
            normalized = normalize_name(party.name)
            if (party.credit_code and party.credit_code in codes) or (not party.credit_code and normalized in names):
                continue
            found = Party.objects.filter(merged_into__isnull=True)
            found = (
                found.filter(credit_code=party.credit_code)
                if party.credit_code
                else found.filter(normalized_name=normalized, kind=party.kind, credit_code=None)
            )
            party_id = found.values_list("pk", flat=True).first() if party.kind == "organization" else None
            if party_id is None:
                created = Party.objects.create(
                    kind=party.kind,
                    name=party.name,
                    credit_code=party.credit_code,
                    region_code=party.region,
                    source=self.source,
                    source_version=str(rec.source_version),
                    received_at=rec.received_at,
                    agency_id=self.agency_id,
                    created_by=self.actor,
                )
                index_document(SEARCH_DOC_TYPE, created.pk, created.name, created.credit_code, agency_id=created.agency_id, visibility=created.visibility)
                party_id = created.pk
            RightParty.objects.get_or_create(right=right, party_id=party_id, role=OWNER_ROLE[rec.kind], defaults={"order": order})
            order += 1


# --- running a job ---------------------------------------------------------------------------------
def _save_progress(job: ImportJob, counts: Counts):
    ImportJob.objects.filter(pk=job.pk).update(bytes_read=counts.bytes_read, **counts.as_dict())


def run_job(job: ImportJob, stream_factory, actor, progress=None) -> ImportJob:
    """Run ``job`` over the file that ``stream_factory()`` opens (binary). Marks the job done or
    failed, records one audit event and returns the job reloaded."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    job.refresh_from_db()
    size = job.file_size
    try:
        if job.all_or_nothing and not job.dry_run:
            counts = _all_or_nothing(job, stream_factory, actor, size)
        else:

            def report(counts):
                _save_progress(job, counts)
                if progress:
                    progress(counts)

            importer = Importer(job, actor, progress=report)
            with stream_factory() as stream:
                counts = importer.run(ex.read_rows(stream, job.format, job.kind, size))
            job.changes_digest = importer.changes.hexdigest() if (counts.created or counts.updated) else ""
        status, code, message = ImportStatus.DONE, "", ""
    except ex.FileProblem as exc:
        counts = Counts(
            **ImportJob.objects.filter(pk=job.pk).values("rows", "created", "updated", "unchanged", "failed", "events_added", "reconciliation_opened")[0]
        )
        status, code, message = ImportStatus.FAILED, f"import_{exc.code}", file_problem_message(exc)
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        error_code=code,
        error_message=message[:500],
        finished_at=timezone.now(),
        bytes_read=size,
        changes_digest=job.changes_digest,
        **counts.as_dict(),
    )
    job.refresh_from_db()
    with transaction.atomic():
        audit(
            actor=actor if getattr(actor, "pk", None) else None,
            action="registry.import",
            obj=job,
            agency=job.agency_id,
            after={
                "file": job.file_name,
                "file_sha256": job.file_sha256,
                "kind": job.kind,
                "format": job.format,
                "dry_run": job.dry_run,
                "all_or_nothing": job.all_or_nothing,
                "status": job.status,
                "counts": counts.as_dict(),
                "changes_digest": job.changes_digest,
            },
        )
    return job


def _all_or_nothing(job, stream_factory, actor, size):
    """Validate the whole file first (nothing written); write only a clean file, in one
    transaction (a row failing during the write rolls everything back)."""
    check = ImportJob(pk=job.pk, kind=job.kind, source=job.source, agency_id=job.agency_id, dry_run=True)
    checker = Importer(check, actor, progress=lambda c: _save_progress(job, Counts(bytes_read=c.bytes_read // 2, rows=c.rows, failed=c.failed)))
    with stream_factory() as stream:
        counts = checker.run(ex.read_rows(stream, job.format, job.kind, size))
    if counts.failed:
        return Counts(rows=counts.rows, failed=counts.failed)
    writer = Importer(job, actor)
    writer.defer_errors = True
    try:
        with transaction.atomic(), stream_factory() as stream:
            counts = writer.run(ex.read_rows(stream, job.format, job.kind, size))
            if counts.failed:
                raise _RolledBack
    except _RolledBack:
        ImportRowError.objects.bulk_create(writer.errors, batch_size=1000)
        return Counts(rows=counts.rows, failed=counts.failed)
    job.changes_digest = writer.changes.hexdigest() if (counts.created or counts.updated) else ""
    return counts


class _RolledBack(Exception):
    pass


def file_problem_message(exc: ex.FileProblem) -> str:
    messages = {
        "header_missing": _("表头缺少必需的列：%(columns)s") % {"columns": exc.params.get("columns", "")},
        "unreadable": _("文件无法读取：%(detail)s") % {"detail": exc.params.get("detail", "")},
        "format_unknown": _("不支持的文件格式，请使用 JSONL、CSV 或 XLSX。"),
    }
    return messages.get(exc.code, exc.code)
