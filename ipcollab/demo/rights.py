"""Demo rights: generated patents and trademarks (valid numbers, consistent events).

A first set goes through the register's services one by one (every event audited, as a person
or a source would record it); the bulk of the demo comes through the import pipeline, as CNIPA's
weekly files would: one job per kind, plus a small update file with broken rows so that the import
pages show an error report.
"""

import datetime
import json
import tempfile
from pathlib import Path

from ipcollab.registry import generator, services
from ipcollab.registry.imports import import_file
from ipcollab.registry.models import Party, Right

D = datetime.date.fromisoformat
# The example of reference.md §2, so that pasting `ZL 2018 1 0557067.3` finds a record in the demo.
EXAMPLE_NUMBER = "201810557067.3"


class _Parties:
    def __init__(self, actor):
        self.actor = actor
        self.by_key = {}

    def get(self, applicant):
        key = applicant.get("credit_code") or (applicant["kind"], applicant["name"])
        party = self.by_key.get(key)
        if party is None:
            lookup = (
                Party.objects.filter(credit_code=applicant["credit_code"])
                if applicant.get("credit_code")
                else Party.objects.filter(name=applicant["name"], kind=applicant["kind"])
            )
            party = lookup.first()
            if party is None:
                extra = {"credit_code": applicant["credit_code"]} if applicant.get("credit_code") else {}
                party = services.party_create(actor=self.actor, kind=applicant["kind"], name=applicant["name"], **extra)
            self.by_key[key] = party
        return party


def _events(actor, right, record):
    for event in record["events"][1:]:  # right_create records the filing itself
        services.record_event(
            actor,
            right,
            event["type"],
            D(event["date"]),
            event.get("data"),
            outcome=event.get("outcome"),
            source="cnipa",
            source_version=record["source_version"],
        )


def _patents_with_example(seed, n):
    """`n` generated patents, the first a granted 2018 invention carrying EXAMPLE_NUMBER."""
    if n <= 0:
        return
    example = next(
        r
        for r in generator.patents(seed + 7919, 100_000)
        if r["kind"] == "invention" and not r["pct"] and r["filing_date"].startswith("2018") and r["status"] == "granted"
    )
    yield {**example, "number": EXAMPLE_NUMBER, "source_id": f"CNIPA-PAT-{EXAMPLE_NUMBER}"}
    for record in generator.patents(seed, n - 1):
        if record["number"] != EXAMPLE_NUMBER:
            yield record


def seed_rights(actor, *, seed, patents, trademarks):
    parties = _Parties(actor)
    made = {"patents": 0, "trademarks": 0}
    for record in _patents_with_example(seed, patents):
        right = services.right_create(
            actor=actor, kind="patent", number=record["number"], title=record["title"], filing_date=D(record["filing_date"]),
            parties=list(dict.fromkeys((parties.get(a), "applicant") for a in record["applicants"])), patent_kind=record["kind"], ipc_codes=record["ipc"],
            source="cnipa", source_id=record["source_id"], source_version=record["source_version"],
        )  # fmt: skip
        _events(actor, right, record)
        made["patents"] += 1
    for record in generator.trademarks(seed, trademarks):
        classes = record["classes"]
        right = services.right_create(
            actor=actor, kind="trademark", number=record["number"], title=record["mark_text"], filing_date=D(record["filing_date"]),
            parties=[(parties.get(record["applicant"]), "applicant")], nice_classes=[{"class": c["class"], "groups": c["groups"]} for c in classes],
            classification_edition=classes[0]["edition"] if classes else "", source="cnipa", source_id=record["source_id"], source_version=record["source_version"],
        )  # fmt: skip
        _events(actor, right, record)
        made["trademarks"] += 1
    return made


def _fresh(records, taken, n):
    """Up to ``n`` records whose numbers are not on the register yet."""
    out = []
    for record in records:
        if record["number"] not in taken:
            taken.add(record["number"])
            out.append(record)
            if len(out) == n:
                break
    return out


def _broken(records):
    """A realistic bad update file: a mistyped check character, a kind digit that does not exist,
    a missing title, a repeated number and a date in the future, between good rows."""
    rows = [dict(r) for r in records]
    last = rows[1]["number"][-1]
    rows[1]["number"] = rows[1]["number"][:-1] + ("0" if last != "0" else "1")
    rows[3]["number"] = rows[3]["number"][:4] + "5" + rows[3]["number"][5:]
    rows[5]["title"] = ""
    rows[7]["number"] = "ZL" + rows[0]["number"]
    rows[9]["filing_date"] = "2099-01-01"
    return rows


def import_rights(actor, *, seed, patents, trademarks):
    """Load generated rights through the import pipeline (source cnipa): returns the jobs' counts."""
    taken = set(Right.objects.values_list("number", flat=True))
    made = {"imported_patents": 0, "imported_trademarks": 0}
    with tempfile.TemporaryDirectory() as folder:
        files = [
            ("patent", "cnipa-patents-weekly.jsonl", _fresh(generator.patents(seed + 101, patents * 2), taken, patents)),
            ("trademark", "cnipa-trademarks-weekly.jsonl", _fresh(generator.trademarks(seed + 101, trademarks * 2), taken, trademarks)),
            ("patent", "cnipa-patents-corrections.jsonl", _broken(_fresh(generator.patents(seed + 211, 40), taken, 20))),
        ]
        for kind, name, records in files:
            if not records:
                continue
            path = Path(folder) / name
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            job = import_file(path=str(path), kind=kind, actor=actor, source="cnipa")
            made[f"imported_{kind}s"] += job.created
    return made
