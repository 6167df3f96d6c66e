"""Demo rights: generated patents and trademarks (valid numbers, consistent events) entered
through the register's services, so every status is the replay of its recorded events.

The bulk import pipeline of issue 4 will load large volumes; the demo stays small enough to
go through the services one by one.
"""

import datetime

from ipcollab.registry import generator, services
from ipcollab.registry.models import Party

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
