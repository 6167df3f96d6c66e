"""Linking: what a source system sent about other records (``Proceeding.refs``), resolved against
the register in set-based SQL, a batch at a time (issue 6, point 3).

The format of ``refs`` (the API and the import write it; every key is optional)::

    {"rights":   [{"kind": "patent" | "trademark", "number": "<as sent>", "claims": [1, 3]}],
     "parties":  [{"name": "...", "credit_code": "<USCC or empty>", "role": "<PartyRole value>"}],
     "previous": "<case number of the previous instance>",
     "relation": "appeal" | "retrial_review" | "retrial" | "remand",
     "reviewed": "<number of the CNIPA proceeding an administrative suit is about>"}

``link_pending(ids=None, batch_size=...)`` links every proceeding with ``linked_at IS NULL`` (or
those of ``ids``), in id order, one transaction per batch:

- **rights**: the number normalised as the register does (``registry.services.normalize_right_number``)
  and looked up by (kind, number) → a ``ProceedingRight`` with the claims sent (positive integers,
  sorted, once each; the same right twice merges its claims);
- **parties**: by unified social credit code (a valid USCC; the party it names, followed through
  ``merged_into`` to the surviving party); without a code, an organisation by its normalised name
  (``registry.names.normalize_name``: current names first, then former names; the lowest id of the
  surviving parties when several match). A person (no code, a name of 2–4 Han characters without
  the mark of an organisation) is never matched by name — namesakes are common; the register's
  importer follows the same rule — so each mention creates a person. An unmatched party is created
  (an organisation when a USCC is sent or the name is an organisation's), indexed for search, with
  the proceeding's source and agency → a ``ProceedingParty`` with the role sent, in the order sent;
- **previous**: the court case with that (normalised) case number → ``previous`` and ``relation``;
  for an appeal, ``expected_court`` from the routing table
  (``rulebook.jurisdiction.appellate_court(previous court, category, filed_on)``, memoised per
  court, category and year — per day in a year where a route starts or ends; no route: left empty);
- **reviewed**: the CNIPA proceeding with that number → ``reviewed``;
- **suggestions by party**: for each proceeding linked, the proceedings of the other track that
  were linked before it, share at least one party and no right with it, are not the proceeding
  it reviews (or that reviews it), were filed within three years before or after it, and are not
  linked to it yet in any way (a rejected suggestion is never suggested again) → ``Link`` rows of
  kind ``same_parties``, status ``suggested``, scored 0–100 (``score``), the best
  ``MAX_SUGGESTIONS`` of each, stored with ``source_id < target_id``. A frequent litigant — a
  party in more than ``HUB_LIMIT`` proceedings of lower id — finds no candidate by itself (it
  would pair every suit of a large patentee with every invalidation of its other patents); it
  still counts as a shared party of a candidate found through another party;
- ``linked_at`` set, one ``Change`` row (``what="linked"``) per proceeding, one audit event per
  batch (the counts).

What cannot be resolved stays in ``refs["unresolved"]`` (``rights``, ``parties``: the items as
sent; ``previous``, ``reviewed``: the normalised number) — the proceeding's page shows them. A right
with a well-formed number waits as an ``AwaitedRight`` row, linked by ``resolve_awaited_rights``
(an hourly task) once the register has it. A
previous instance or a reviewed decision may reach the platform after the case that names it: a
case keeps its ``relation`` while its previous instance is unknown, and every ``link_pending`` run
ends by resolving the cases still waiting (``resolve_waiting``: all of them after a full run, those
naming the cases just linked after a targeted call, ``ids=[…]``), so the run that links the
previous case also fixes up the cases that name it.

``link_one(proceeding)`` is the naive per-case peer: the same result, a query per reference (the
benchmark's peer, and the tests' proof that both agree). Processing in id order, then
``resolve_waiting()``, the two give the same rows. See docs/proceedings.md, "Linking".
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import functools
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ipcollab.audit.services import record
from ipcollab.identifiers.case_numbers import parse_case_number
from ipcollab.identifiers.errors import IdentifierError
from ipcollab.identifiers.uscc import validate_uscc
from ipcollab.orgs.models import Agency
from ipcollab.registry.models import Party, PartyKind, PartyName, Right, RightKind, Source
from ipcollab.registry.names import canonical_company_form, normalize_name
from ipcollab.registry.services import SEARCH_DOC_TYPE as PARTY_DOC_TYPE
from ipcollab.registry.services import normalize_right_number
from ipcollab.rulebook.errors import RuleError
from ipcollab.rulebook.jurisdiction import appellate_court
from ipcollab.rulebook.models import AppealRoute, CaseCategory
from ipcollab.search.index import IndexRow, index_document, index_many
from ipcollab.search.tokenizer import to_simplified

from . import causes, signals
from .models import (
    PATENT_OFFICE_KINDS,
    AwaitedRight,
    Change,
    Link,
    LinkKind,
    LinkStatus,
    PartyRole,
    Proceeding,
    ProceedingParty,
    ProceedingRight,
    Relation,
    Stage,
    Track,
)
from .time_limits import retrial_rule

BATCH_SIZE = 20_000
MAX_SUGGESTIONS = 10  # per proceeding linked
HUB_LIMIT = 500  # a party in more earlier proceedings than this finds no suggestion by itself
SUGGESTION_YEARS = 3
_CHUNK = 2000  # ids in one IN (...) list
_ROLES = frozenset(PartyRole.values)
_OTHER_TRACK = {Track.COURT: Track.OFFICE, Track.OFFICE: Track.COURT}
_RIGHT_KINDS = frozenset(RightKind.values)
_RELATIONS = frozenset(Relation.values)
_CATEGORIES = frozenset(CaseCategory.values)
_SOURCES = frozenset(Source.values)

# Marks of an organisation in a name without a credit code.
_ORG_MARKS = ("公司", "厂", "局", "院", "所", "中心", "协会", "学会", "大学", "学校", "银行", "集团", "商行", "店", "部", "社", "会", "馆", "站", "合作社")


# --- parsing what was sent ---------------------------------------------------------------------------
@dataclass
class Counts:
    linked: int = 0
    rights: int = 0
    parties_matched: int = 0
    parties_created: int = 0
    previous: int = 0
    reviewed: int = 0
    suggestions: int = 0
    unresolved: int = 0

    def add(self, other):
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    def as_dict(self):
        return asdict(self)


@dataclass
class PartyRef:
    item: dict  # as sent
    name: str
    normalized: str
    code: str | None  # a valid USCC, normalised
    kind: str
    role: str


class Plan:
    """What the refs of one proceeding resolve to (a plain class with slots: a dataclass with
    factories cost more to build than the rest of a case's plan)."""

    __slots__ = (
        "rights",
        "awaited",
        "parties",
        "unresolved",
        "previous_id",
        "relation",
        "expected_court_id",
        "reviewed_id",
        "time_limit_rule",
        "matched",
        "created",
    )

    def __init__(self):
        self.rights = {}  # right id → sorted claims
        self.awaited = {}  # (kind, number) not on the register yet → sorted claims
        self.parties = []  # (party id or _Pending, role)
        self.unresolved = {}
        self.previous_id = self.expected_court_id = self.reviewed_id = None
        self.relation = self.time_limit_rule = ""  # time limit rule: of a retrial whose reopened case was found
        self.matched = self.created = 0


def _text(value, limit=200):
    return str(value).strip()[:limit] if isinstance(value, (str, int)) else ""


def right_key(item):
    """(kind, normalised number) of a right as sent, or None."""
    if not isinstance(item, dict) or item.get("kind") not in _RIGHT_KINDS or not isinstance(item.get("number"), str):
        return None
    return _right_key(item["kind"], item["number"])


@functools.lru_cache(maxsize=200_000)
def _right_key(kind, number):
    try:
        return kind, normalize_right_number(kind, number).normalized
    except IdentifierError:
        return None


def claims_of(item):
    claims = item.get("claims") if isinstance(item, dict) else None
    if not isinstance(claims, list):
        return []
    return sorted({c for c in claims if isinstance(c, int) and not isinstance(c, bool) and 0 < c < 10000})


def case_number_key(value):
    """The normalised text of a court case number (a legacy or unparseable one: NFKC, no spaces)."""
    text = _text(value, 100)
    if not text:
        return None
    try:
        return parse_case_number(text).normalized
    except IdentifierError:
        return "".join(unicodedata.normalize("NFKC", text).split())


def office_number_key(value):
    """A CNIPA proceeding's number as the platform stores it: NFKC, no spaces, upper case."""
    text = "".join(unicodedata.normalize("NFKC", _text(value, 100)).split()).upper()
    return text or None


def guess_kind(name):
    """A name without a credit code: an organisation if it bears an organisation's mark, else a
    person if it is 2–4 Han characters (the register's rule), else an organisation."""
    if any(mark in name for mark in _ORG_MARKS):
        return PartyKind.ORGANIZATION
    if 2 <= len(name) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return PartyKind.PERSON
    return PartyKind.ORGANIZATION


@functools.lru_cache(maxsize=200_000)
def _normalized(name):
    return _normalize(name)[:200]


_HAN_ONLY = re.compile("[\u4e00-\u9fff]+")
_DROPPED = str.maketrans("", "", "()（） \u3000")  # punctuation and spaces: normalize_name removes them


def _normalize(name):
    """``registry.names.normalize_name``, computed directly for the commonest names — Han
    characters of the basic block (NFKC, lower case and stripping leave them as they are) with
    brackets and spaces, none of them traditional (``to_simplified`` returns the text itself):
    the company-form suffix is all that changes, and the result is a fixed point. Anything else
    goes through ``normalize_name`` (the tests compare both on the register's names)."""
    bare = name.translate(_DROPPED)
    if bare and _HAN_ONLY.fullmatch(bare) and to_simplified(bare) is bare:
        result = canonical_company_form(bare)
        if result == bare or to_simplified(result) is result:
            return result
    return normalize_name(name)


@functools.lru_cache(maxsize=200_000)
def _uscc(code):
    try:
        return validate_uscc(code)
    except (IdentifierError, TypeError):
        return None  # an invalid code names nobody: matched by name like a party without one


def party_ref(item):
    """A PartyRef, or None when the item cannot name a party in a role."""
    if not isinstance(item, dict):
        return None
    name, role = _text(item.get("name")), item.get("role")
    normalized = _normalized(name)
    if not normalized or role not in _ROLES:
        return None
    code = _uscc(item["credit_code"]) if isinstance(item.get("credit_code"), str) and item["credit_code"] else None
    kind = PartyKind.ORGANIZATION if code else guess_kind(name)
    return PartyRef(item, name, normalized, code, kind, role)


_RELATION_OF_STAGE = {"second_instance": Relation.APPEAL, "retrial_review": Relation.RETRIAL_REVIEW, "retrial": Relation.RETRIAL}


def relation_of(refs, proceeding):
    """The relation sent, else the one the case's stage implies (second instance: an appeal)."""
    if refs.get("relation") in _RELATIONS:
        return refs["relation"]
    return _RELATION_OF_STAGE.get(proceeding.stage, "")


def case_category(proceeding):
    """The rulebook category that routes the case: its own, else its cause's."""
    if proceeding.category in _CATEGORIES:
        return proceeding.category
    cause = causes.cause(proceeding.cause) if proceeding.cause else None
    return cause.category if cause and cause.category in _CATEGORIES else ""


@functools.lru_cache(maxsize=1024)
def right_kind_of(kind, cause):
    """patent / trademark / "" — what a proceeding is about, from its kind or cause."""
    if kind in PATENT_OFFICE_KINDS:
        return RightKind.PATENT
    if kind.startswith("tm_"):
        return RightKind.TRADEMARK
    c = causes.cause(cause) if cause else None
    return c.right_kind if c else ""


def add_years(day, years):
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def in_window(a, b):
    return add_years(a, -SUGGESTION_YEARS) <= b <= add_years(a, SUGGESTION_YEARS)


def score(shared, same_kind, days):
    """0–100: shared parties weigh most (30 each, up to three), then the same kind of right (20),
    then closeness in time (up to 20, nothing at three years)."""
    closeness = max(0.0, 1 - days / (366 * SUGGESTION_YEARS))
    return min(100, 30 * min(shared, 3) + (20 if same_kind else 0) + round(20 * closeness))


def _source_of(proceeding):
    if proceeding.source in _SOURCES:
        return proceeding.source
    return Source.COURT if proceeding.track == Track.COURT else Source.CNIPA


def _new_party(ref, proceeding):
    """The fields of a party to create for ``ref`` (the others take their defaults)."""
    return {
        "kind": ref.kind,
        "name": ref.name,
        "normalized_name": ref.normalized,
        "credit_code": ref.code,
        "source": _source_of(proceeding),
        "agency_id": proceeding.agency_id,
    }


def _unresolved_party(item):
    return item if isinstance(item, dict) else {"value": _text(item)}


# --- the routing table, memoised ---------------------------------------------------------------------
class AppellateCourts:
    """appellate_court(court, category, on) → the court's id or None, memoised per (court,
    category, year); per day in the years where a route starts or ends (then a year's days differ)."""

    def __init__(self):
        self._memo = {}
        self._changing_years = None

    def _changing(self):
        if self._changing_years is None:
            years = set()
            for start, end in AppealRoute.objects.values_list("effective_from", "effective_to"):
                if start and (start.month, start.day) != (1, 1):
                    years.add(start.year)
                if end:
                    after = end + timedelta(days=1)
                    if (after.month, after.day) != (1, 1):
                        years.add(after.year)
            self._changing_years = years
        return self._changing_years

    def court_id(self, court, category, on):
        if court is None or not category or on is None:
            return None
        key = (court.pk, category, on if on.year in self._changing() else on.year)
        if key not in self._memo:
            self._memo[key] = expected_court_id(court, category, on)
        return self._memo[key]


def expected_court_id(court, category, on):
    try:
        return appellate_court(court, category, on).agency.pk
    except RuleError:
        return None


# --- bulk ---------------------------------------------------------------------------------------------
def _chunks(seq, n=_CHUNK):
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _select_in(model, columns, key, values, extra="", params=()):
    """Rows of ``columns`` of ``model`` where ``key`` is one of ``values`` (raw SQL, a query per
    _CHUNK values: the ORM's IN lookups cost more than the database here)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(f"{table}.{qn(c)}" for c in columns)
    rows = []
    with connection.cursor() as cursor:
        for chunk in _chunks(values):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {cols} FROM {table} WHERE {table}.{qn(key)} IN ({marks}){extra}", [*chunk, *params])
            rows.extend(cursor.fetchall())
    return rows


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


class _Pending:
    """A party to create in this batch: its fields (``_new_party``), its id once created."""

    __slots__ = ("values", "pk")

    def __init__(self, values):
        self.values, self.pk = values, None


def _survivors(rows):
    """{id: surviving id} for (id, merged_into_id) rows, following merged_into to the end."""
    parent = {pk: merged for pk, merged in rows}
    missing = {m for m in parent.values() if m and m not in parent}
    while missing:
        fetched = list(Party.objects.filter(pk__in=missing).values_list("pk", "merged_into_id"))
        parent.update(fetched)
        missing = {m for _pk, m in fetched if m and m not in parent} - set(parent)
    result = {}
    for pk in parent:
        node, seen = pk, set()
        while parent.get(node) and node not in seen:
            seen.add(node)
            node = parent[node]
        result[pk] = node
    return result


def _best(pairs, survivor):
    """{key: lowest surviving id} for (key, party id) pairs."""
    best = {}
    for key, pk in pairs:
        s = survivor[pk]
        if key not in best or s < best[key]:
            best[key] = s
    return best


class _Row:
    """A proceeding to link, as read by raw SQL (building model instances cost more than linking)."""

    __slots__ = _ROW_FIELDS = (
        "pk",
        "track",
        "kind",
        "stage",
        "number",
        "agency_id",
        "cause",
        "category",
        "filed_on",
        "refs",
        "source",
        "previous_id",
        "relation",
        "expected_court_id",
        "reviewed_id",
    )

    def __init__(self, values):
        for name, value in zip(self._ROW_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.filed_on = _day(self.filed_on)
        refs = _loads(self.refs)
        self.refs = refs if isinstance(refs, dict) else {"unresolved": _NOT_AN_OBJECT}  # rewritten as one by ``finish``


_ROW_COLUMNS = ("id", *_Row._ROW_FIELDS[1:])
_NOT_AN_OBJECT = object()


def _loads(value):
    """A JSON column read by raw SQL: text (the drivers as Django configures them) or already decoded."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


class _Run:
    """What one ``link_pending`` call keeps from batch to batch."""

    def __init__(self):
        self.appellate = AppellateCourts()
        # Frequent litigants: more than HUB_LIMIT proceedings below an earlier batch (a count that
        # only grows: one of them stays one for the rest of the run).
        self.hubs = set()
        self.sqlite = connection.vendor == "sqlite"
        self.json = json.dumps if self.sqlite else functools.partial(Proceeding._meta.get_field("refs").get_db_prep_save, connection=connection)


class _Batch:
    def __init__(self, run, proceedings):
        self.run = run
        self.rows = proceedings
        self.by_id = {p.pk: p for p in proceedings}
        self.appellate = run.appellate
        self.counts = Counts()
        self.plans = {p.pk: Plan() for p in proceedings}
        self.refs = {p.pk: p.refs for p in proceedings}
        self.now = timezone.now()
        self.now_db = Link._meta.get_field("created_at").get_db_prep_save(self.now, connection)

    # rights
    def resolve_rights(self):
        wanted = {}
        for p in self.rows:
            for item in self.refs[p.pk].get("rights") or []:
                key = right_key(item)
                if key:
                    wanted.setdefault(key[0], set()).add(key[1])
        found = {}
        for kind, numbers in wanted.items():
            for number, pk in _select_in(Right, ["number", "id"], "number", numbers, " AND kind = %s", [kind]):
                found[(kind, number)] = pk
        for p in self.rows:
            plan = self.plans[p.pk]
            for item in self.refs[p.pk].get("rights") or []:
                key = right_key(item)
                right_id = found.get(key) if key else None
                if right_id is None:
                    plan.unresolved.setdefault("rights", []).append(item)
                    if key:
                        plan.awaited[key] = sorted(set(plan.awaited.get(key, [])) | set(claims_of(item)))
                else:
                    plan.rights[right_id] = sorted(set(plan.rights.get(right_id, [])) | set(claims_of(item)))

    # parties
    def resolve_parties(self):
        refs = {}
        codes, names = set(), set()
        for p in self.rows:
            parsed = []
            for item in self.refs[p.pk].get("parties") or []:
                ref = party_ref(item)
                parsed.append((item, ref))
                if ref and ref.code:
                    codes.add(ref.code)
                elif ref and ref.kind == PartyKind.ORGANIZATION:
                    names.add(ref.normalized)
            refs[p.pk] = parsed
        code_rows = _select_in(Party, ["credit_code", "id", "merged_into_id"], "credit_code", codes)
        name_rows = _select_in(Party, ["normalized_name", "id", "merged_into_id"], "normalized_name", names, " AND kind = %s", [PartyKind.ORGANIZATION])
        former_rows = []
        missing = names - {n for n, _pk, _m in name_rows}
        for chunk in _chunks(missing):
            former_rows += PartyName.objects.filter(party__kind=PartyKind.ORGANIZATION, normalized_name__in=chunk).values_list(
                "normalized_name", "party_id", "party__merged_into_id"
            )
        survivor = _survivors([(pk, m) for _k, pk, m in code_rows + name_rows + former_rows])
        by_code = _best([(k, pk) for k, pk, _m in code_rows], survivor)
        by_name = _best([(k, pk) for k, pk, _m in name_rows], survivor)
        by_former = _best([(k, pk) for k, pk, _m in former_rows], survivor)
        # In id order, as the per-case loop would: a party created for one case is found by the next.
        self.created = []
        for p in self.rows:
            plan = self.plans[p.pk]
            for item, ref in refs[p.pk]:
                if ref is None:
                    plan.unresolved.setdefault("parties", []).append(_unresolved_party(item))
                    continue
                if ref.code:
                    target = by_code.get(ref.code)
                elif ref.kind == PartyKind.ORGANIZATION:
                    target = by_name.get(ref.normalized) or by_former.get(ref.normalized)
                else:
                    target = None
                if target is None:
                    target = _Pending(_new_party(ref, p))
                    self.created.append(target)
                    plan.created += 1
                    if ref.code:
                        by_code[ref.code] = target
                    if ref.kind == PartyKind.ORGANIZATION:
                        by_name.setdefault(ref.normalized, target)
                else:
                    plan.matched += 1
                plan.parties.append((target, ref.role))

    # previous instance and reviewed decision
    def resolve_previous_and_reviewed(self):
        previous, reviewed = {}, {}
        for p in self.rows:
            refs = self.refs[p.pk]
            key = case_number_key(refs.get("previous"))
            if key and not (p.track == Track.COURT and key == p.number):
                previous[p.pk] = key
            key = office_number_key(refs.get("reviewed"))
            if key:
                reviewed[p.pk] = key
        found_prev, found_rev = {}, {}
        for number, pk, agency_id, stage in _select_in(
            Proceeding, ["number", "id", "agency_id", "stage"], "number", set(previous.values()), " AND track = %s", [Track.COURT]
        ):
            found_prev[number] = (pk, agency_id, stage)
        found_rev.update(_select_in(Proceeding, ["number", "id"], "number", set(reviewed.values()), " AND track = %s", [Track.OFFICE]))
        agency_ids = {found_prev[k][1] for k in previous.values() if k in found_prev}
        agencies = Agency.objects.in_bulk(agency_ids) if agency_ids else {}
        for p in self.rows:
            plan, refs = self.plans[p.pk], self.refs[p.pk]
            relation = relation_of(refs, p)
            if p.pk in previous:
                plan.relation = relation
                hit = found_prev.get(previous[p.pk])
                if hit is None:
                    plan.unresolved["previous"] = previous[p.pk]
                else:
                    plan.previous_id = hit[0]
                    if relation == Relation.APPEAL:
                        plan.expected_court_id = self.appellate.court_id(agencies.get(hit[1]), case_category(p), p.filed_on)
                    if p.stage == Stage.RETRIAL:
                        plan.time_limit_rule = retrial_rule(p.kind, hit[2])
            if p.pk in reviewed:
                plan.reviewed_id = found_rev.get(reviewed[p.pk])
                if plan.reviewed_id is None:
                    plan.unresolved["reviewed"] = reviewed[p.pk]

    def write_parties_and_rights(self):
        if self.created:
            ids = _create_parties([c.values for c in self.created], self.now)
            if len(ids) != len(self.created):
                raise RuntimeError("the database did not return the ids of the created parties")
            for c, pk in zip(self.created, ids, strict=True):
                c.pk = pk
            visibility = Party._meta.get_field("visibility").get_default()
            index_many(PARTY_DOC_TYPE, [IndexRow(c.pk, (c.values["name"], c.values["credit_code"]), c.values["agency_id"], visibility) for c in self.created])
        links, rights, awaited = [], [], []
        dumps, day = self.run.json, connection.ops.adapt_datefield_value
        for p in self.rows:
            plan, seen, filed_on = self.plans[p.pk], set(), day(p.filed_on)
            for order, (target, role) in enumerate(plan.parties):
                party_id = target.pk if isinstance(target, _Pending) else target
                if (party_id, role) in seen:
                    continue
                seen.add((party_id, role))
                links.append((p.pk, party_id, role, order, p.track, filed_on))
            for right_id, claims in plan.rights.items():
                rights.append((p.pk, right_id, dumps(claims)))
            for (kind, number), claims in plan.awaited.items():
                awaited.append((p.pk, kind, number, dumps(claims)))
        # In the order of the indexes by party and by right: neighbouring rows land in the same
        # pages (the indexes by proceeding take them at their end anyway).
        links.sort(key=lambda row: (row[1], row[4], row[5], row[0]))
        rights.sort(key=lambda row: (row[1], row[0]))
        _insert(ProceedingParty, ["proceeding_id", "party_id", "role", "order", "track", "filed_on"], links)
        _insert(ProceedingRight, ["proceeding_id", "right_id", "claims"], rights)
        _insert(AwaitedRight, ["proceeding_id", "kind", "number", "claims"], awaited)

    def finish(self):
        """The proceedings marked linked (refs, previous, reviewed…) and their ``Change`` rows."""
        dumps, rows, changed, c = self.run.json, [], [], self.counts
        for p in self.rows:
            plan = self.plans[p.pk]
            refs = self.refs[p.pk]
            if refs.get("unresolved") != (plan.unresolved or None):
                refs = {key: value for key, value in refs.items() if key != "unresolved"}
                if plan.unresolved:
                    refs["unresolved"] = plan.unresolved
            else:
                refs = None  # as they are: not written again
            previous_id, relation = p.previous_id, p.relation
            if plan.previous_id or plan.relation:
                previous_id, relation = plan.previous_id or p.previous_id, plan.relation
            expected = plan.expected_court_id or p.expected_court_id
            reviewed = plan.reviewed_id or p.reviewed_id
            rows.append((p.pk, refs, self.now_db, self.now_db, previous_id, relation, expected, reviewed))
            changed.append((p.previous_id, p.relation, p.expected_court_id, p.reviewed_id) != (previous_id, relation, expected, reviewed))
            c.linked += 1
            c.rights += len(plan.rights)
            c.parties_matched += plan.matched
            c.parties_created += plan.created
            c.previous += 1 if plan.previous_id else 0
            c.reviewed += 1 if plan.reviewed_id else 0
            c.unresolved += _unresolved_count(plan.unresolved)
        names = ["refs", "linked_at", "updated_at", "previous", "relation", "expected_court", "reviewed"]
        if self.run.sqlite:
            # SQLite checks a self-referencing foreign key (previous, reviewed) for every row whose
            # UPDATE names it (50 µs a row here), changed or not: those columns only where they
            # change; refs too (most cases resolve everything they name and keep theirs).
            _update(names[1:3], [(row[0], row[2], row[3]) for row in rows])
            _update(["refs"], [(row[0], dumps(row[1])) for row in rows if row[1] is not None])
            for name, i in (("previous", 4), ("relation", 5), ("expected_court", 6), ("reviewed", 7)):
                _update([name], [(row[0], row[i]) for row, p, ch in zip(rows, self.rows, changed, strict=True) if ch and _before(p, name) != row[i]])
        else:
            _update(names, [(row[0], dumps(self.refs[row[0]] if row[1] is None else row[1]), *row[2:]) for row in rows])
        _update(["time_limit_rule"], [(p.pk, self.plans[p.pk].time_limit_rule) for p in self.rows if self.plans[p.pk].time_limit_rule])
        at = Change._meta.get_field("at").get_db_prep_save(self.now, connection)
        _insert(Change, ["proceeding_id", "what", "at"], [(p.pk, "linked", at) for p in self.rows], ignore_conflicts=False)

    # suggestions by party
    def suggest(self):
        """After ``finish`` (the batch's cases are linked in the database): the candidates of each
        case come from one join of its parties' proceedings with the proceedings' facts, filtered
        in SQL (linked, in the batch's window); frequent litigants are counted in SQL and never
        transferred."""
        ids = sorted(self.by_id)
        first, last = ids[0], ids[-1]
        parties_of = {}
        for proceeding_id, party_id in _select_in(ProceedingParty, ["proceeding_id", "party_id"], "proceeding_id", ids):
            parties_of.setdefault(proceeding_id, set()).add(party_id)
        if not parties_of:
            return
        finders = self._finders(ids, parties_of, first, last)
        wanted = {}  # the track of the candidates → the parties that find them
        for pid, mine in finders.items():
            wanted.setdefault(_OTHER_TRACK[self.by_id[pid].track], set()).update(mine)
        if not wanted:
            return
        by_party, info = self._candidates(wanted)
        rights_of = {}
        for proceeding_id, right_id in _select_in(ProceedingRight, ["proceeding_id", "right_id"], "proceeding_id", ids):
            rights_of.setdefault(proceeding_id, set()).add(right_id)
        sharing_right = {}
        for right_id, proceeding_id in _select_in(
            ProceedingRight, ["right_id", "proceeding_id"], "right_id", set().union(*rights_of.values()) if rights_of else ()
        ):
            sharing_right.setdefault(right_id, set()).add(proceeding_id)
        linked_pairs = set(_select_in(Link, ["source_id", "target_id"], "source_id", ids))
        linked_pairs.update(_select_in(Link, ["source_id", "target_id"], "target_id", ids))
        # First pass: each case's candidates and the parties it shares with them as a finder.
        found, need_parties = [], set()
        for pid in ids:
            mine = finders.get(pid)
            if not mine:
                continue
            p, plan = self.by_id[pid], self.plans[pid]
            counts = {}
            other = _OTHER_TRACK[p.track]
            for party_id in mine:
                for qid in by_party.get((party_id, other), ()):
                    counts[qid] = counts.get(qid, 0) + 1
            counts.pop(pid, None)
            if not counts:
                continue
            low, high = add_years(p.filed_on, -SUGGESTION_YEARS), add_years(p.filed_on, SUGGESTION_YEARS)
            sharing = [sharing_right[r] for r in rights_of.get(pid, ()) if r in sharing_right]
            reviewed_id = plan.reviewed_id or p.reviewed_id
            hubs = parties_of[pid] - mine
            kept = []
            for qid, n in counts.items():
                track, filed_on, _kind, _cause, q_reviewed = info[qid]
                if track == p.track or not (low <= filed_on <= high):
                    continue
                if qid >= pid and qid in self.by_id:
                    continue  # linked in this batch, after this one
                if q_reviewed == pid or reviewed_id == qid or any(qid in pids for pids in sharing):
                    continue
                if ((pid, qid) if pid < qid else (qid, pid)) in linked_pairs:
                    continue
                kept.append((qid, n))
                if hubs:
                    need_parties.add(qid)
            if kept:
                found.append((pid, hubs, kept))
        # A frequent litigant still counts as a shared party: the parties of the candidates that need it.
        parties_of_candidate = {}
        for proceeding_id, party_id in _select_in(ProceedingParty, ["proceeding_id", "party_id"], "proceeding_id", need_parties):
            parties_of_candidate.setdefault(proceeding_id, set()).add(party_id)
        new = []
        for pid, hubs, kept in found:
            p = self.by_id[pid]
            kind_p = right_kind_of(p.kind, p.cause)
            candidates = []
            for qid, n in kept:
                if hubs:
                    n += len(hubs & parties_of_candidate.get(qid, set()))
                _track, filed_on, kind, cause, _r = info[qid]
                same_kind = bool(kind_p) and kind_p == right_kind_of(kind, cause)
                candidates.append((score(n, same_kind, abs((filed_on - p.filed_on).days)), qid))
            candidates.sort(key=lambda c: (-c[0], c[1]))
            for value, qid in candidates[:MAX_SUGGESTIONS]:
                pair = (pid, qid) if pid < qid else (qid, pid)
                linked_pairs.add(pair)
                new.append((pair[0], pair[1], LinkKind.SAME_PARTIES, LinkStatus.SUGGESTED, value, "", self.now_db))
        new.sort()
        _insert(Link, ["source_id", "target_id", "kind", "status", "score", "reason", "created_at"], new)
        self.counts.suggestions = len(new)

    def _candidates(self, wanted):
        """({(party, track): ids of its linked proceedings of that track filed within the batch's
        window}, their facts), read now: the batch's cases, linked by ``finish``, are among them.
        (Not kept for the next batch: another worker may link proceedings of the same parties in
        between.)"""
        lo = min(add_years(p.filed_on, -SUGGESTION_YEARS) for p in self.rows)
        hi = max(add_years(p.filed_on, SUGGESTION_YEARS) for p in self.rows)
        by_party, facts = {}, {}
        for track, parties in wanted.items():
            _read_candidates(parties, track, (lo, hi), by_party, facts)
        return by_party, facts

    def _finders(self, ids, parties_of, first, last):
        """{case id: its parties that find candidates} — those in at most HUB_LIMIT proceedings of
        lower id than the case's (counted in SQL; a party above the limit below the batch is a
        frequent litigant for every case of it and of the later batches of the run)."""
        run = self.run
        unknown = set().union(*parties_of.values()) - run.hubs
        always, boundary = set(), {}
        for party_id, below, upto in _party_counts(unknown, first, last):
            if below > HUB_LIMIT:
                run.hubs.add(party_id)
            elif upto <= HUB_LIMIT:
                always.add(party_id)
            else:
                boundary[party_id] = below
        if boundary:  # near the limit within the batch: counted case by case
            in_batch = {}
            for party_id, proceeding_id in _select_in(
                ProceedingParty, ["party_id", "proceeding_id"], "party_id", boundary, " AND proceeding_id >= %s AND proceeding_id <= %s", [first, last]
            ):
                in_batch.setdefault(party_id, set()).add(proceeding_id)
            in_batch = {party_id: sorted(pids) for party_id, pids in in_batch.items()}
        finders = {}
        for pid in ids:
            theirs = parties_of.get(pid)
            if not theirs:
                continue
            mine = theirs & always
            if boundary:
                for party_id in theirs:
                    if party_id in boundary and boundary[party_id] + bisect.bisect_left(in_batch.get(party_id, ()), pid) <= HUB_LIMIT:
                        mine.add(party_id)
            if mine:
                finders[pid] = mine
        return finders


def _create_parties(parties, now):
    """Creates the parties of ``parties`` (dicts of fields; the others take their defaults,
    received and created ``now``) without building a model instance each, in order; returns
    their ids. SQLite, whose write lock the batch's transaction holds: the next ids of the table
    (AUTOINCREMENT: above any id ever used) assigned here, one ``executemany``; PostgreSQL:
    multi-row INSERTs … RETURNING id."""
    qn = connection.ops.quote_name
    table = Party._meta.db_table
    fields = [f for f in Party._meta.concrete_fields if not f.primary_key]
    template = Party(received_at=now)
    base = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    slots = [(i, f.attname) for i, f in enumerate(fields) if f.attname in parties[0]]
    rows = []
    for values in parties:
        row = list(base)
        for i, name in slots:
            row[i] = values[name]
        rows.append(row)
    names = [f.attname for f in fields]
    if connection.vendor != "sqlite":
        return _insert(Party, names, rows, ignore_conflicts=False, returning=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), COALESCE((SELECT max(id) FROM {qn(table)}), 0))", [table])
        first = cursor.fetchone()[0] + 1
    ids = list(range(first, first + len(rows)))
    _insert(Party, ["id", *names], [(pk, *row) for pk, row in zip(ids, rows, strict=True)], ignore_conflicts=False)
    return ids


def _before(p, name):
    return getattr(p, name if name == "relation" else f"{name}_id")


def _party_counts(parties, first, last):
    """(party, its proceedings of id < first, of id <= last) for ``parties`` (a party in two roles
    of a proceeding counts once), from the index on (party, proceeding)."""
    table = ProceedingParty._meta.db_table
    rows = []
    with connection.cursor() as cursor:
        for chunk in _chunks(parties):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT party_id, COUNT(DISTINCT CASE WHEN proceeding_id < %s THEN proceeding_id END), COUNT(DISTINCT proceeding_id) "
                f"FROM {table} WHERE party_id IN ({marks}) AND proceeding_id <= %s GROUP BY party_id",
                [first, *chunk, last],
            )
            rows.extend(cursor.fetchall())
    return rows


def _read_candidates(parties, track, window, by_party, facts):
    """Adds to ``by_party`` the linked proceedings of ``track`` of ``parties`` filed within
    ``window``, keyed (party, track), and to ``facts`` theirs: one join per chunk of parties. The
    index by (party, track, filed_on) finds them; only those are read from the proceedings."""
    pp, proceeding = ProceedingParty._meta.db_table, Proceeding._meta.db_table
    bounds = [connection.ops.adapt_datefield_value(day) for day in window]
    hint = " INDEXED BY proceedingparty_by_party" if connection.vendor == "sqlite" else ""
    for party_id in parties:
        by_party[(party_id, track)] = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(parties):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT pp.party_id, p.id, p.track, p.filed_on, p.kind, p.cause, p.reviewed_id FROM {pp} pp{hint} "
                f"JOIN {proceeding} p ON p.id = pp.proceeding_id WHERE pp.party_id IN ({marks}) AND pp.track = %s "
                "AND pp.filed_on >= %s AND pp.filed_on <= %s AND p.linked_at IS NOT NULL",
                [*chunk, track, *bounds],
            )
            for party_id, pk, q_track, filed_on, kind, cause, reviewed_id in cursor.fetchall():
                by_party[(party_id, track)].add(pk)
                if pk not in facts:
                    facts[pk] = (q_track, _day(filed_on), kind, cause, reviewed_id)


_UPDATE_ROWS = 500
_MAX_PARAMS = 30_000


def _insert(model, columns, rows, *, ignore_conflicts=True, returning=False):
    """Rows of already prepared values: SQLite ``executemany`` of one prepared INSERT, PostgreSQL
    multi-row INSERTs (a round trip per statement); a row that breaks a unique constraint is
    skipped when ``ignore_conflicts``. ``returning`` (PostgreSQL): the new ids, in the order of
    the rows (RETURNING gives them in the order of VALUES, as ``bulk_create`` relies on)."""
    ids = []
    if not rows:
        return ids
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(qn(model._meta.get_field(c).column) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            verb = "INSERT OR IGNORE INTO" if ignore_conflicts else "INSERT INTO"
            cursor.executemany(f"{verb} {table} ({cols}) VALUES {one}", rows)
            return ids
        tail = (" ON CONFLICT DO NOTHING" if ignore_conflicts else "") + (" RETURNING id" if returning else "")
        step = max(1, _MAX_PARAMS // len(columns))
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            cursor.execute(f"INSERT INTO {table} ({cols}) VALUES {', '.join([one] * len(chunk))}{tail}", [v for row in chunk for v in row])
            if returning:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _update(names, rows):
    """``rows``: (id, value of each of ``names``…), prepared for the database. SQLite:
    ``executemany`` of one prepared UPDATE; PostgreSQL: UPDATE … FROM (VALUES …), one statement per
    _UPDATE_ROWS rows (``bulk_update`` builds a CASE per row and field, which costs more than the
    rest of linking)."""
    if not rows:
        return
    fields = [Proceeding._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(Proceeding._meta.db_table)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", [(*row[1:], row[0]) for row in rows])
            return
        sets = ", ".join(f"{qn(f.column)} = CAST(v.column{i} AS {f.db_type(connection)})" for i, f in enumerate(fields, start=2))
        width = len(fields) + 1
        for start in range(0, len(rows), _UPDATE_ROWS):
            chunk = rows[start : start + _UPDATE_ROWS]
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v WHERE {table}.id = CAST(v.column1 AS bigint)", [v for row in chunk for v in row]
            )


def _update_objects(proceedings, names):
    fields = [Proceeding._meta.get_field(name) for name in names]
    _update(names, [(p.pk, *(f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields)) for p in proceedings])


def _unresolved_count(unresolved):
    return len(unresolved.get("rights", [])) + len(unresolved.get("parties", [])) + ("previous" in unresolved) + ("reviewed" in unresolved)


def _select_batch(after, ids, batch_size):
    """The next proceedings to link (id > after; those of ``ids`` when given), in id order, locked
    on PostgreSQL (SKIP LOCKED: two workers take different cases); SQLite reads them from the
    partial index of unlinked cases."""
    qn = connection.ops.quote_name
    table = qn(Proceeding._meta.db_table)
    cols = ", ".join(qn(c) for c in _ROW_COLUMNS)
    lock = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    with connection.cursor() as cursor:
        if ids is None:
            hint = " INDEXED BY proceeding_unlinked" if connection.vendor == "sqlite" else ""
            cursor.execute(f"SELECT {cols} FROM {table}{hint} WHERE linked_at IS NULL AND id > %s ORDER BY id LIMIT %s{lock}", [after, batch_size])
            rows = cursor.fetchall()
        else:
            rows = []
            for chunk in _chunks(ids):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT {cols} FROM {table} WHERE linked_at IS NULL AND id IN ({marks}) ORDER BY id{lock}", chunk)
                rows.extend(cursor.fetchall())
            rows.sort(key=lambda row: row[0])
    return [_Row(row) for row in rows]


def link_pending(*, ids=None, batch_size=BATCH_SIZE):
    """Link the proceedings with ``linked_at IS NULL`` (all, or those of ``ids``), in id order,
    ``batch_size`` at a time, one transaction each; then resolves the cases still waiting for a
    previous instance or a reviewed decision (``resolve_waiting``: all after a full run, those
    naming the cases just linked after a targeted one). Returns the counts as a dict."""
    run = _Run()
    if ids is not None:
        ids = sorted({int(i) for i in ids})
    # SQLite: foreign keys unchecked while the batches write (Django's loaddata does the same):
    # every id written was read in the batch's own write transaction or created by it, and the
    # checks cost a lookup per key of every row (about 2 s per 100,000 cases). Within a caller's
    # transaction (a service, a push, the tests) the pragma cannot change and the checks stay.
    unchecked = run.sqlite and not connection.in_atomic_block
    with connection.constraint_checks_disabled() if unchecked else contextlib.nullcontext():
        total, court_numbers, office_numbers = _link_batches(run, ids, batch_size)
    if ids is None:
        fixed = resolve_waiting(appellate=run.appellate)
    else:  # a targeted call (a service, a push): the cases waiting for these
        fixed = resolve_waiting(appellate=run.appellate, court_numbers=court_numbers, office_numbers=office_numbers)
    total.previous += fixed["previous"]
    total.reviewed += fixed["reviewed"]
    total.unresolved -= fixed["previous"] + fixed["reviewed"]
    return total.as_dict()


def _link_batches(run, ids, batch_size):
    total = Counts()
    court_numbers, office_numbers = set(), set()
    after = 0
    while True:
        chunk = None
        if ids is not None:
            chunk = [i for i in ids if i > after][:batch_size]
            if not chunk:
                break
        with transaction.atomic():
            rows = _select_batch(after, chunk, batch_size)
            if not rows:
                if chunk is None:
                    break
                after = chunk[-1]
                continue
            batch = _Batch(run, rows)
            batch.resolve_rights()
            batch.resolve_parties()
            batch.resolve_previous_and_reviewed()
            batch.write_parties_and_rights()
            batch.finish()
            batch.suggest()
            record(
                actor=None,
                action="proceedings.link",
                object_type="proceedings.proceeding",
                object_id=f"{rows[0].pk}-{rows[-1].pk}",
                object_label=f"{len(rows)}",
                after=batch.counts.as_dict(),
            )
        total.add(batch.counts)
        for p in rows:
            (court_numbers if p.track == Track.COURT else office_numbers).add(p.number)
        after = rows[-1].pk if chunk is None else max(rows[-1].pk, chunk[-1])
    return total, court_numbers, office_numbers


def _waiting(court_numbers=None, office_numbers=None):
    """Linked cases whose previous instance or reviewed decision was not on the platform (those
    naming one of the numbers, when given), read from the partial indexes of waiting cases (named
    on SQLite, whose planner otherwise prefers the index of the foreign key: a scan of every case
    without a previous instance)."""
    table = connection.ops.quote_name(Proceeding._meta.db_table)
    sqlite = connection.vendor == "sqlite"
    queries = (
        ("proceeding_awaiting_previous", "previous_id IS NULL AND NOT (relation = '')", "previous", court_numbers),
        ("proceeding_awaiting_reviewed", "kind = 'administrative' AND reviewed_id IS NULL", "reviewed", office_numbers),
    )
    ids = set()
    with connection.cursor() as cursor:
        for index, condition, key, numbers in queries:
            if numbers is not None and not numbers:
                continue
            hint = f" INDEXED BY {index}" if sqlite else ""
            cursor.execute(f"SELECT id, refs FROM {table}{hint} WHERE {condition} AND linked_at IS NOT NULL")
            for pk, refs in cursor.fetchall():
                refs = _loads(refs)
                unresolved = refs.get("unresolved") if isinstance(refs, dict) else None
                if isinstance(unresolved, dict) and key in unresolved and (numbers is None or unresolved[key] in numbers):
                    ids.add(pk)
    return sorted(ids)


def resolve_waiting(*, appellate=None, court_numbers=None, office_numbers=None):
    """Fix up the linked cases waiting for a previous instance or a reviewed decision that is on
    the platform now (in batches, one transaction each); only those naming ``court_numbers`` /
    ``office_numbers`` when given. Returns {"previous": n, "reviewed": n}."""
    appellate = appellate or AppellateCourts()
    fixed = {"previous": 0, "reviewed": 0}
    waiting_ids = _waiting(court_numbers, office_numbers)
    for chunk in _chunks(waiting_ids):
        with transaction.atomic():
            rows = list(Proceeding.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
            prev_keys = {p.pk: p.refs["unresolved"]["previous"] for p in rows if p.previous_id is None and "previous" in (p.refs.get("unresolved") or {})}
            rev_keys = {p.pk: p.refs["unresolved"]["reviewed"] for p in rows if p.reviewed_id is None and "reviewed" in (p.refs.get("unresolved") or {})}
            found_prev = {}
            for sub in _chunks(set(prev_keys.values())):
                for number, pk, agency_id, stage in Proceeding.objects.filter(track=Track.COURT, number__in=sub).values_list(
                    "number", "pk", "agency_id", "stage"
                ):
                    found_prev[number] = (pk, agency_id, stage)
            found_rev = {}
            for sub in _chunks(set(rev_keys.values())):
                found_rev.update(Proceeding.objects.filter(track=Track.OFFICE, number__in=sub).values_list("number", "pk"))
            agencies = Agency.objects.in_bulk({a for _pk, a, _s in found_prev.values()}) if found_prev else {}
            changed, dropped = [], []
            now = timezone.now()
            for p in rows:
                unresolved = dict(p.refs.get("unresolved") or {})
                hit = found_prev.get(prev_keys.get(p.pk))
                touched = False
                if hit and hit[0] != p.pk:
                    p.previous_id = hit[0]
                    if p.relation == Relation.APPEAL:
                        p.expected_court_id = appellate.court_id(agencies.get(hit[1]), case_category(p), p.filed_on)
                    if p.stage == Stage.RETRIAL:
                        p.time_limit_rule = retrial_rule(p.kind, hit[2]) or p.time_limit_rule
                    unresolved.pop("previous")
                    fixed["previous"] += 1
                    touched = True
                rev = found_rev.get(rev_keys.get(p.pk))
                if rev:
                    p.reviewed_id = rev
                    unresolved.pop("reviewed")
                    fixed["reviewed"] += 1
                    dropped.append((min(p.pk, rev), max(p.pk, rev)))
                    touched = True
                if touched:
                    refs = dict(p.refs)
                    refs.pop("unresolved")
                    if unresolved:
                        refs["unresolved"] = unresolved
                    p.refs, p.updated_at = refs, now
                    changed.append(p)
            if changed:
                _update_objects(changed, ["refs", "updated_at", "previous", "expected_court", "reviewed", "time_limit_rule"])
                Change.objects.bulk_create([Change(proceeding_id=p.pk, what="linked") for p in changed])
                _drop_suggestions(dropped)
    return fixed


def resolve_awaited_rights(*, batch_size=_CHUNK):
    """Link the rights that proceedings named before the register had them (``AwaitedRight`` rows
    whose (kind, number) is on the register now): a ``ProceedingRight`` with the claims sent (merged
    into one already there), the item dropped from ``refs["unresolved"]``, a ``Change`` row and the
    ``new_proceeding`` event (its followers learn of it; those of the case were told already), one
    transaction and one audit event per batch. Idempotent; returns the number of rights linked."""
    linked = 0
    while True:
        with transaction.atomic():
            pairs = list(
                AwaitedRight.objects.filter(Exists(Right.objects.filter(kind=OuterRef("kind"), number=OuterRef("number"))))
                .order_by("proceeding_id", "pk")
                .values_list("pk", "proceeding_id", "kind", "number", "claims")[:batch_size]
            )
            if not pairs:
                return linked
            rights = {}
            for kind in {k for _pk, _p, k, _n, _c in pairs}:
                numbers = {n for _pk, _p, k, n, _c in pairs if k == kind}
                for number, pk in _select_in(Right, ["number", "id"], "number", numbers, " AND kind = %s", [kind]):
                    rights[(kind, number)] = pk
            proceedings = Proceeding.objects.select_for_update().in_bulk({p for _pk, p, _k, _n, _c in pairs})
            existing = {
                (pr.proceeding_id, pr.right_id): pr for pr in ProceedingRight.objects.filter(proceeding_id__in=proceedings, right_id__in=set(rights.values()))
            }
            touched = {}
            for _pk, proceeding_id, kind, number, claims in pairs:
                right_id = rights[(kind, number)]
                row = existing.get((proceeding_id, right_id))
                if row is None:
                    existing[(proceeding_id, right_id)] = ProceedingRight.objects.create(proceeding_id=proceeding_id, right_id=right_id, claims=claims)
                elif set(claims) - set(row.claims or []):
                    row.claims = sorted(set(row.claims or []) | set(claims))
                    row.save(update_fields=["claims"])
                touched.setdefault(proceeding_id, set()).add((kind, number))
            now = timezone.now()
            for proceeding_id, keys in touched.items():
                p = proceedings[proceeding_id]
                refs = dict(p.refs) if isinstance(p.refs, dict) else {}
                unresolved = dict(refs.get("unresolved") or {})
                left = [item for item in unresolved.get("rights") or [] if right_key(item) not in keys]
                if left:
                    unresolved["rights"] = left
                else:
                    unresolved.pop("rights", None)
                refs.pop("unresolved", None)
                if unresolved:
                    refs["unresolved"] = unresolved
                p.refs, p.updated_at = refs, now
            _update_objects(list(proceedings.values()), ["refs", "updated_at"])
            Change.objects.bulk_create([Change(proceeding_id=pk, what="linked") for pk in touched])
            AwaitedRight.objects.filter(pk__in=[pk for pk, *_rest in pairs]).delete()
            record(
                actor=None,
                action="proceedings.link_awaited_rights",
                object_type="proceedings.proceeding",
                object_id=f"{min(touched)}-{max(touched)}",
                object_label=f"{len(pairs)}",
                after={"rights": len(pairs), "proceedings": len(touched)},
            )
            for pk in sorted(touched):
                signals.send(proceedings[pk], signals.NEW_PROCEEDING, actor=None)
            linked += len(pairs)


def _drop_suggestions(pairs):
    """An administrative suit and the decision it reviews are linked by ``reviewed``: a pending
    suggestion between them goes."""
    if not pairs:
        return
    q = Q()
    for source, target in pairs:
        q |= Q(source_id=source, target_id=target)
    Link.objects.filter(q, kind=LinkKind.SAME_PARTIES, status=LinkStatus.SUGGESTED).delete()


# --- the naive per-case peer -------------------------------------------------------------------------
def _survivor_of(party_id):
    seen = set()
    while party_id not in seen:
        seen.add(party_id)
        merged = Party.objects.filter(pk=party_id).values_list("merged_into_id", flat=True).first()
        if not merged:
            return party_id
        party_id = merged
    return party_id


def _lowest_survivor(ids):
    survivors = [_survivor_of(pk) for pk in ids]
    return min(survivors) if survivors else None


def link_one(proceeding):
    """Link one proceeding, a query per reference (the per-case peer of ``link_pending``: linking
    each in id order and then calling ``resolve_waiting()`` gives the same rows). Returns the counts
    as a dict; a proceeding already linked is left alone."""
    counts = Counts()
    with transaction.atomic():
        p = Proceeding.objects.select_for_update().filter(pk=proceeding.pk, linked_at__isnull=True).first()
        if p is None:
            return counts.as_dict()
        refs = p.refs if isinstance(p.refs, dict) else {}
        unresolved = {}
        # rights
        rights, awaited = {}, {}
        for item in refs.get("rights") or []:
            key = right_key(item)
            right = Right.objects.filter(kind=key[0], number=key[1]).first() if key else None
            if right is None:
                unresolved.setdefault("rights", []).append(item)
                if key:
                    awaited[key] = sorted(set(awaited.get(key, [])) | set(claims_of(item)))
            else:
                rights[right.pk] = sorted(set(rights.get(right.pk, [])) | set(claims_of(item)))
        for right_id, claims in rights.items():
            ProceedingRight.objects.get_or_create(proceeding=p, right_id=right_id, defaults={"claims": claims})
        for (kind, number), claims in awaited.items():
            AwaitedRight.objects.get_or_create(proceeding=p, kind=kind, number=number, defaults={"claims": claims})
        counts.rights = len(rights)
        # parties
        seen = set()
        for order, item in enumerate(refs.get("parties") or []):
            ref = party_ref(item)
            if ref is None:
                unresolved.setdefault("parties", []).append(_unresolved_party(item))
                continue
            party_id = None
            if ref.code:
                found = Party.objects.filter(credit_code=ref.code).first()
                party_id = _survivor_of(found.pk) if found else None
            elif ref.kind == PartyKind.ORGANIZATION:
                party_id = _lowest_survivor([x.pk for x in Party.objects.filter(kind=PartyKind.ORGANIZATION, normalized_name=ref.normalized)])
                if party_id is None:
                    party_id = _lowest_survivor(
                        [x.party_id for x in PartyName.objects.filter(party__kind=PartyKind.ORGANIZATION, normalized_name=ref.normalized)]
                    )
            if party_id is None:
                party = Party(**_new_party(ref, p), received_at=timezone.now())
                party.save()
                index_document(PARTY_DOC_TYPE, party.pk, party.name, party.credit_code, agency_id=party.agency_id, visibility=party.visibility)
                party_id = party.pk
                counts.parties_created += 1
            else:
                counts.parties_matched += 1
            if (party_id, ref.role) not in seen:
                seen.add((party_id, ref.role))
                ProceedingParty.objects.get_or_create(proceeding=p, party_id=party_id, role=ref.role, defaults={"order": order})
        # previous instance
        key = case_number_key(refs.get("previous"))
        if key and not (p.track == Track.COURT and key == p.number):
            p.relation = relation_of(refs, p)
            previous = Proceeding.objects.filter(track=Track.COURT, number=key).first()
            if previous is None:
                unresolved["previous"] = key
            else:
                p.previous = previous
                counts.previous = 1
                if p.stage == Stage.RETRIAL:
                    p.time_limit_rule = retrial_rule(p.kind, previous.stage) or p.time_limit_rule
                if p.relation == Relation.APPEAL:
                    court = Agency.objects.get(pk=previous.agency_id)
                    category = case_category(p)
                    p.expected_court_id = expected_court_id(court, category, p.filed_on) if category else None
        # reviewed decision
        key = office_number_key(refs.get("reviewed"))
        if key:
            reviewed = Proceeding.objects.filter(track=Track.OFFICE, number=key).first()
            if reviewed is None:
                unresolved["reviewed"] = key
            else:
                p.reviewed = reviewed
                counts.reviewed = 1
        # suggestions by party
        counts.suggestions = _suggest_one(p)
        refs = dict(refs)
        refs.pop("unresolved", None)
        if unresolved:
            refs["unresolved"] = unresolved
        p.refs, p.linked_at = refs, timezone.now()
        p.save()
        Change.objects.create(proceeding=p, what="linked")
        counts.linked = 1
        counts.unresolved = _unresolved_count(unresolved)
        record(actor=None, action="proceedings.link", obj=p, after=counts.as_dict())
    return counts.as_dict()


def _suggest_one(p):
    my_rights = set(ProceedingRight.objects.filter(proceeding=p).values_list("right_id", flat=True))
    my_parties = {pp.party_id for pp in ProceedingParty.objects.filter(proceeding=p)}
    shared = {}
    for party_id in my_parties:
        if ProceedingParty.objects.filter(party_id=party_id, proceeding_id__lt=p.pk).values("proceeding_id").distinct().count() > HUB_LIMIT:
            continue
        for other in ProceedingParty.objects.filter(party_id=party_id).exclude(proceeding=p):
            if other.proceeding_id not in shared:
                shared[other.proceeding_id] = [Proceeding.objects.get(pk=other.proceeding_id), set()]
    for q, parties in shared.values():
        for party_id in my_parties:
            if ProceedingParty.objects.filter(party_id=party_id, proceeding=q).exists():
                parties.add(party_id)
    candidates = []
    kind_p = right_kind_of(p.kind, p.cause)
    for q, parties in shared.values():
        if q.linked_at is None or q.track == p.track or q.reviewed_id == p.pk or p.reviewed_id == q.pk or not in_window(p.filed_on, q.filed_on):
            continue
        if ProceedingRight.objects.filter(proceeding=q, right_id__in=my_rights).exists():
            continue
        source, target = min(p.pk, q.pk), max(p.pk, q.pk)
        if Link.objects.filter(source_id=source, target_id=target).exists():
            continue
        same_kind = bool(kind_p) and kind_p == right_kind_of(q.kind, q.cause)
        candidates.append((score(len(parties), same_kind, abs((q.filed_on - p.filed_on).days)), q.pk, source, target))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    for value, _pk, source, target in candidates[:MAX_SUGGESTIONS]:
        Link.objects.create(source_id=source, target_id=target, kind=LinkKind.SAME_PARTIES, status=LinkStatus.SUGGESTED, score=value)
    return len(candidates[:MAX_SUGGESTIONS])
