"""The import outside a caller's transaction, as the command and the worker run it: on
PostgreSQL a writer thread commits batch N while batch N+1 is validated."""

import json

import pytest
from django.db import connection
from django.utils import timezone

from ipcollab.registry import exchange, generator, importer
from ipcollab.registry.imports import import_file
from ipcollab.registry.models import ImportJob, Party, Right, RightParty
from ipcollab.search.index import search

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_run_across_several_batches_outside_a_transaction(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_SIZE", 25)
    records = list(generator.patents(31, 120))
    # A company that files again in a later batch is one party, even while the first batch is in flight.
    shared = next(r["applicants"][0] for r in records if r["applicants"][0]["credit_code"])
    late = records[100]
    late["applicants"] = [dict(shared)]
    late["events"][0]["data"]["owner"] = shared["name"]
    late.pop("owner")
    late.pop("status")
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    used = []
    original = importer._Pipeline.__init__

    def spy(self):
        used.append(True)
        original(self)

    monkeypatch.setattr(importer._Pipeline, "__init__", spy)
    job = import_file(path=str(path), kind="patent", actor=world.system)
    assert (job.created, job.failed, job.rows) == (120, 0, 120)
    assert bool(used) == (connection.vendor == "postgresql")
    assert Right.objects.count() == 120
    assert Party.objects.filter(credit_code=shared["credit_code"]).count() == 1
    assert RightParty.objects.filter(party__credit_code=shared["credit_code"]).count() >= 2
    for record in records[::17]:
        right = Right.objects.get(number=record["number"])
        assert search("right", record["number"]) == [str(right.pk)]
        assert right.events.count() == len(record["events"])
    again = import_file(path=str(path), kind="patent", actor=world.system)
    assert (again.unchanged, again.created) == (120, 0)


def test_batches_the_writer_could_not_commit_are_written_again_one_by_one(world):
    job = ImportJob.objects.create(kind="patent", format="jsonl", file_name="x.jsonl", file_size=1, file_sha256="0" * 64, agency=world.office)
    run = importer.Importer(job, world.system)
    today, now = timezone.localdate(), timezone.now()
    records = list(generator.patents(32, 3))
    pendings = [
        importer._Pending(exchange.SourceRow(i + 1, r, "d", 0, raw_number=r["number"]), exchange.validate("patent", r, today=today, now=now))
        for i, r in enumerate(records)
    ]
    # The first right was registered by someone else meanwhile: its row is reported, the others go in.
    Right.objects.create(kind="patent", number=pendings[0].record.number, title="已由他人登记", filing_date=today)
    run.counts.created = 3
    run._redo([(pendings, RuntimeError("unique violation"))])
    run._flush_errors()
    assert run.counts.created == 2 and run.counts.failed == 1
    assert [(e.line, e.code) for e in job.row_errors.all()] == [(1, "version_conflict")]
    assert set(Right.objects.values_list("number", flat=True)) == {p.record.number for p in pendings}
