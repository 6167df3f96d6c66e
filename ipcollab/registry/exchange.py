"""The exchange format of rights: reading import files row by row, validating a row into a
:class:`Record`, and the flat columns of CSV / XLSX. Pure Python (no Django, no database).

One record shape for both kinds, the one :mod:`ipcollab.registry.generator` writes (JSONL): a
patent has ``number, kind, pct, title, applicants[], owner, inventors[], ipc[], locarno, filing_date,
publication_date, grant_date, status, annuity{}, expiry_date, events[], source, source_id,
source_version, received_at``; a trademark ``number, international_number, mark_text, classes[],
applicant{}, owner, filing_date, preliminary_approval_date, registration_date, term_ends, status,
events[], …``. CSV and XLSX carry the same record flat (:data:`COLUMNS`); a flat row without an
``events`` cell gets its timeline derived from its dates and status (:func:`derive_events`).

Readers stream: memory stays flat whatever the file size. Every row comes with its line number
(the physical line of JSONL / CSV where the row starts, the sheet row of XLSX), the bytes read so
far (for progress) and a digest of its raw content (an identical row is skipped without
validation on re-import). Row problems are :class:`Problem` values with a stable ``code``
(:data:`ROW_CODES`; number and credit-code problems carry the identifier's own code); the Django
layer turns them into translated messages.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from hashlib import blake2b

from ipcollab.identifiers import IdentifierError, parse_patent_number, parse_trademark_number, validate_uscc

from . import status as st

FORMATS = ("jsonl", "csv", "xlsx")
TZ_BEIJING = timezone(timedelta(hours=8))
PATENT_KINDS = ("invention", "utility_model", "design")
PATENT_KIND_LABELS = {"发明": "invention", "实用新型": "utility_model", "外观设计": "design"}
PARTY_KINDS = ("organization", "person")
PARTY_KIND_LABELS = {"法人或其他组织": "organization", "单位": "organization", "自然人": "person", "个人": "person"}
# The two annuity vocabularies: the register's and the one CNIPA feeds (and the generator) use.
ANNUITY_STATUSES = {"": "", "paid": "paid", "due": "due", "grace": "grace", "unpaid": "unpaid", "not_due": "", "ended": "", "unpaid_lapsed": "unpaid"}
MAX_TITLE = 500
MAX_NAME = 200
LIST_SEPARATORS = ("；", ";")

ROW_CODES = (
    "bad_json",  # a JSONL line that is not a JSON object
    "missing_field",
    "bad_value",  # a value of the wrong type or outside its list
    "too_long",
    "bad_date",
    "future_date",
    "kind_mismatch",  # the patent kind disagrees with the kind digit of the number
    "event_refused",  # the row's own timeline breaks the legal-status rules
    "status_mismatch",  # the declared status is not what the row's events lead to
    "duplicate_in_file",
    "stale_version",  # an older source version than the one on record
    "version_conflict",  # the version on record, with different content
    "event_removed",  # the source no longer lists an event on record
    "wrong_kind",  # the number is on record as the other kind of right
)


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    params: dict = field(default_factory=dict)


class RowInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        # A value read twice (a flat row's dates also build its derived timeline) is one problem.
        unique = list({(p.field, p.code, tuple(sorted(p.params.items()))): p for p in problems}.values())
        super().__init__(", ".join(f"{p.field}:{p.code}" for p in unique))
        self.problems = unique


class FileProblem(ValueError):
    """The file as a whole cannot be read (``code``: unreadable, header_missing, …)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(slots=True)
class SourceRow:
    line: int
    data: dict | None
    digest: str
    position: int  # bytes of the file read so far
    problem: Problem | None = None
    raw_number: str = ""


@dataclass(slots=True)
class PartyRecord:
    kind: str
    name: str
    credit_code: str | None = None
    region: str = ""


@dataclass(slots=True)
class Record:
    kind: str
    number: str
    title: str
    filing_date: date
    parties: list[PartyRecord]
    events: list[st.Event]
    state: st.RightState
    source_id: str
    source_version: int
    received_at: datetime | None
    owner_name: str = ""
    patent_kind: str = ""
    pct: bool = False
    inventors: list[str] = field(default_factory=list)
    ipc: list[str] = field(default_factory=list)
    locarno: str = ""
    publication_date: date | None = None
    grant_date: date | None = None
    expiry_date: date | None = None
    annuity_status: str = ""
    annuity_next_due: date | None = None
    nice_classes: list[dict] = field(default_factory=list)
    classification_edition: str = ""
    madrid_number: str = ""

    def content_key(self) -> tuple:
        """What a same-version row must agree on with the record on file."""
        return (self.title, self.state.status or "", tuple((e.type, e.date, e.outcome or "") for e in self.events))


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


# --- flat columns ----------------------------------------------------------------------------------
# (key, Chinese header, English header). Export writes the Chinese headers; import accepts any.
PATENT_COLUMNS = (
    ("number", "申请号", "Application number"),
    ("kind", "专利类型", "Patent kind"),
    ("title", "发明创造名称", "Title"),
    ("applicants", "申请人", "Applicants"),
    ("applicant_credit_codes", "申请人统一社会信用代码", "Applicant credit codes"),
    ("owner", "专利权人", "Patentee"),
    ("inventors", "发明人", "Inventors"),
    ("ipc", "IPC分类号", "IPC"),
    ("locarno", "洛迦诺分类号", "Locarno class"),
    ("filing_date", "申请日", "Filing date"),
    ("publication_date", "公布日", "Publication date"),
    ("grant_date", "授权公告日", "Grant date"),
    ("expiry_date", "届满日", "Expiry date"),
    ("annuity_status", "年费状态", "Annuity status"),
    ("annuity_next_due", "下次年费缴纳期限", "Next annuity due"),
    ("status", "法律状态", "Legal status"),
    ("status_date", "法律状态日", "Legal status date"),
    ("events", "法律事件", "Legal events"),
    ("source_id", "来源编号", "Source id"),
    ("source_version", "来源版本", "Source version"),
    ("received_at", "接收时间", "Received at"),
)
TRADEMARK_COLUMNS = (
    ("number", "注册号", "Registration number"),
    ("mark_text", "商标", "Mark"),
    ("classes", "尼斯分类及类似群", "Nice classes and groups"),
    ("classification_edition", "分类表版本", "Classification edition"),
    ("applicant", "申请人", "Applicant"),
    ("applicant_credit_code", "申请人统一社会信用代码", "Applicant credit code"),
    ("owner", "注册人", "Owner"),
    ("filing_date", "申请日", "Filing date"),
    ("preliminary_approval_date", "初审公告日", "Preliminary approval date"),
    ("registration_date", "注册日", "Registration date"),
    ("term_ends", "专用权期限至", "Term ends"),
    ("international_number", "国际注册号", "International registration number"),
    ("status", "法律状态", "Legal status"),
    ("status_date", "法律状态日", "Legal status date"),
    ("events", "法律事件", "Legal events"),
    ("source_id", "来源编号", "Source id"),
    ("source_version", "来源版本", "Source version"),
    ("received_at", "接收时间", "Received at"),
)
COLUMNS = {st.PATENT: PATENT_COLUMNS, st.TRADEMARK: TRADEMARK_COLUMNS}
REQUIRED_COLUMNS = {st.PATENT: ("number", "title", "filing_date"), st.TRADEMARK: ("number", "mark_text", "filing_date")}


def _header_key(text: object) -> str:
    return "".join(str(text or "").split()).casefold()


def header_map(kind: str, header: list[object]) -> dict[int, str]:
    """Column index → field key, for a header row in Chinese, English or field keys."""
    names = {}
    for key, zh, en in COLUMNS[kind]:
        for alias in (key, zh, en):
            names[_header_key(alias)] = key
    mapping = {i: names[_header_key(cell)] for i, cell in enumerate(header) if _header_key(cell) in names}
    missing = [key for key in REQUIRED_COLUMNS[kind] if key not in mapping.values()]
    if missing:
        raise FileProblem("header_missing", columns=", ".join(missing))
    return mapping


# --- readers ---------------------------------------------------------------------------------------
def _raw_number(data: object) -> str:
    if isinstance(data, dict):
        return str(data.get("number") or "")[:40]
    return ""


def read_jsonl(stream) -> Iterator[SourceRow]:
    position = 0
    for line_number, raw in enumerate(stream, start=1):
        position += len(raw)
        line = raw.strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield SourceRow(line_number, None, "", position, Problem("", "bad_json", {"detail": str(exc)[:200]}))
            continue
        if not isinstance(data, dict):
            yield SourceRow(line_number, None, "", position, Problem("", "bad_json", {"detail": "not an object"}))
            continue
        yield SourceRow(line_number, data, digest(line), position, raw_number=_raw_number(data))


def _text_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the head decodes as UTF-8, else GB18030 (what Excel writes
    for a Chinese Windows user)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class _CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes handed out (progress of a text-decoded file)."""

    def __init__(self, stream):
        self.stream = stream
        self.count = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def _flat_rows(kind: str, rows: Iterator[tuple[int, list[object]]], position) -> Iterator[SourceRow]:
    mapping = None
    for line_number, cells in rows:
        if mapping is None:
            if not any(str(c or "").strip() for c in cells):
                continue
            mapping = header_map(kind, cells)
            continue
        values = {key: _cell_text(cells[i]) if i < len(cells) else "" for i, key in mapping.items()}
        if not any(values.values()):
            continue
        raw = json.dumps([values.get(key, "") for key, _zh, _en in COLUMNS[kind]], ensure_ascii=False).encode()
        try:
            data = from_flat(kind, values)
        except RowInvalid as exc:
            yield SourceRow(line_number, None, "", position(), exc.problems[0], raw_number=values.get("number", "")[:40])
            continue
        yield SourceRow(line_number, data, digest(raw), position(), raw_number=values.get("number", "")[:40])
    if mapping is None:
        raise FileProblem("header_missing", columns=", ".join(REQUIRED_COLUMNS[kind]))


def read_csv(stream, kind: str) -> Iterator[SourceRow]:
    counter = _CountingReader(stream)
    buffered = io.BufferedReader(counter, buffer_size=1 << 16)
    encoding = _text_encoding(buffered.peek(1 << 16)[: 1 << 16])
    text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    reader = csv.reader(text)

    def rows():
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FileProblem("unreadable", detail=f"line {start}: {exc}"[:300]) from exc

    yield from _flat_rows(kind, rows(), lambda: counter.count)


def read_xlsx(stream, kind: str, size: int) -> Iterator[SourceRow]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem("unreadable", detail=str(exc)[:300]) from exc
    try:
        sheet = book.worksheets[0]
        total = sheet.max_row or 0
        state = {"row": 0}

        def rows():
            for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                state["row"] = index
                yield index, list(cells)

        def position():
            return int(size * state["row"] / total) if total else 0

        yield from _flat_rows(kind, rows(), position)
    finally:
        book.close()


def read_rows(stream, fmt: str, kind: str, size: int = 0) -> Iterator[SourceRow]:
    """The rows of a binary ``stream`` in format ``fmt``. Raises :class:`FileProblem` for a file
    that cannot be read at all (before or while rows come)."""
    if fmt == "jsonl":
        return read_jsonl(stream)
    if fmt == "csv":
        return read_csv(stream, kind)
    if fmt == "xlsx":
        return read_xlsx(stream, kind, size)
    raise FileProblem("format_unknown", format=fmt)


def format_of(file_name: str) -> str | None:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv", "xlsx": "xlsx"}.get(suffix)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:  # the guard flat_row put there
        return text[1:]
    return text


# A cell that a spreadsheet would run as a formula (CSV injection) is written with a leading
# apostrophe, which the import takes off again: the exchange stays exact both ways.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text[:1] in FORMULA_STARTS and text[:1] else text


# --- flat → record ---------------------------------------------------------------------------------
def _split(text: str) -> list[str]:
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _parties_flat(names: str, codes: str) -> list[dict]:
    code_list = [c.strip() for c in codes.replace(";", "；").split("；")] if codes else []
    parties = []
    for i, name in enumerate(_split(names)):
        code = code_list[i] if i < len(code_list) else ""
        parties.append({"kind": "organization" if code else _guess_kind(name), "name": name, "credit_code": code or None})
    return parties


def _guess_kind(name: str) -> str:
    """A name without a credit code: a person if it is 2–4 Han characters, else an organisation."""
    if 2 <= len(name) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return "person"
    return "organization"


def _classes_flat(text: str, edition: str) -> list[dict]:
    """``09:0901,0902；35:3501`` → ``[{"class": 9, "groups": ["0901", "0902"]}, …]``."""
    classes = []
    for part in _split(text):
        head, _sep, groups = part.replace("：", ":").partition(":")
        try:
            number = int(head)
        except ValueError:
            raise RowInvalid([Problem("classes", "bad_value", {"value": part[:40]})]) from None
        entry = {"class": number, "groups": [g.strip() for g in groups.replace("，", ",").split(",") if g.strip()]}
        if edition:
            entry["edition"] = edition
        classes.append(entry)
    return classes


def from_flat(kind: str, values: dict[str, str]) -> dict:
    """The record shape of a flat row (CSV / XLSX cells as text)."""
    data: dict = {k: (v or None) for k, v in values.items() if k not in ("applicants", "applicant_credit_codes", "applicant", "applicant_credit_code")}
    if kind == st.PATENT:
        data["kind"] = PATENT_KIND_LABELS.get(values.get("kind", ""), values.get("kind") or None)
        data["applicants"] = _parties_flat(values.get("applicants", ""), values.get("applicant_credit_codes", ""))
        data["inventors"] = _split(values.get("inventors", ""))
        data["ipc"] = _split(values.get("ipc", ""))
        if values.get("annuity_status") or values.get("annuity_next_due"):
            data["annuity"] = {"status": values.get("annuity_status", ""), "next_due": values.get("annuity_next_due") or None}
    else:
        parties = _parties_flat(values.get("applicant", ""), values.get("applicant_credit_code", ""))
        data["applicant"] = parties[0] if parties else None
        data["classes"] = _classes_flat(values.get("classes", ""), values.get("classification_edition", ""))
    events = values.get("events", "")
    if events:
        try:
            data["events"] = json.loads(events)
        except ValueError:
            raise RowInvalid([Problem("events", "bad_json", {"detail": "events"})]) from None
    else:
        data.pop("events", None)
    return data


def _derived(kind: str, data: dict, parties: list[PartyRecord], problems: list[Problem], today: date) -> list[dict]:
    """The timeline of a flat row that has no events: from its dates and its status."""
    events: list[dict] = []

    def add(type_: str, day: date | None, outcome: str | None = None, **extra):
        if day is not None:
            item = {"type": type_, "date": day.isoformat(), "sequence": len(events) + 1}
            if outcome:
                item["outcome"] = outcome
            if extra:
                item["data"] = extra
            events.append(item)

    filed = _date(data, "filing_date", problems, today)
    add(st.FILED, filed, **({"owner": parties[0].name} if parties else {}))
    status = data.get("status") or ""
    status_date = _date(data, "status_date", problems, today)
    terminal = {
        st.S_LAPSED: [(st.LAPSED_UNPAID_ANNUITY, None)],
        st.S_WITHDRAWN: [(st.DEEMED_WITHDRAWN, None)],
        st.S_ABANDONED: [(st.ABANDONED, None)],
        st.S_REJECTED: [(st.REJECTED, None)],
        st.S_EXPIRED: [(st.EXPIRED, None)],
        st.S_REVOKED: [(st.REVOKED, None)],
        st.S_CANCELLED: [(st.CANCELLED, None)],
        st.S_INVALID: [(st.INVALIDATION_REQUESTED, None), (st.INVALIDATION_DECIDED, st.ALL_INVALID)],
        st.S_UNDER_EXAMINATION: [(st.EXAMINATION_REQUESTED, None)],
        st.S_OPPOSED: [(st.OPPOSED, None)],
    }.get(status, [])
    if kind == st.PATENT:
        publication = _date(data, "publication_date", problems, today)
        if status == st.S_UNDER_EXAMINATION and status_date is not None:
            pairs = sorted(((st.PUBLISHED, publication), (st.EXAMINATION_REQUESTED, status_date)), key=lambda p: (p[1] is None, p[1] or filed))
            for type_, day in pairs:
                add(type_, day)
            return events
        add(st.PUBLISHED, publication)
        add(st.GRANTED, _date(data, "grant_date", problems, today))
    else:
        if data.get("international_number"):
            add(st.MADRID_DESIGNATED, filed, international_number=str(data["international_number"]))
        add(st.PRELIMINARILY_APPROVED, _date(data, "preliminary_approval_date", problems, today))
        term = _date(data, "term_ends", problems, today, future_ok=True)
        add(st.REGISTERED, _date(data, "registration_date", problems, today), **({"term_ends": term.isoformat()} if term else {}))
    if terminal:
        if status_date is None:
            problems.append(Problem("status_date", "missing_field"))
        for type_, outcome in terminal:
            add(type_, status_date, outcome)
    return events


# --- validation ------------------------------------------------------------------------------------
def _date(data: dict, key: str, problems: list[Problem], today: date, *, future_ok: bool = False) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        problems.append(Problem(key, "bad_date", {"value": str(value)[:40]}))
        return None
    if not future_ok and day > today:
        problems.append(Problem(key, "future_date", {"value": day.isoformat()}))
    return day


def _text(data: dict, key: str, problems: list[Problem], limit: int, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            problems.append(Problem(key, "missing_field"))
        return ""
    if not isinstance(value, (str, int)):
        problems.append(Problem(key, "bad_value", {"value": str(value)[:40]}))
        return ""
    text = str(value).strip()
    if len(text) > limit:
        problems.append(Problem(key, "too_long", {"limit": limit}))
        return text[:limit]
    if required and not text:
        problems.append(Problem(key, "missing_field"))
    return text


def _party(item: object, key: str, problems: list[Problem]) -> PartyRecord | None:
    if not isinstance(item, dict):
        problems.append(Problem(key, "bad_value", {"value": str(item)[:40]}))
        return None
    name = str(item.get("name") or "").strip()
    if not name:
        problems.append(Problem(key, "missing_field"))
        return None
    if len(name) > MAX_NAME:
        problems.append(Problem(key, "too_long", {"limit": MAX_NAME}))
        return None
    kind = PARTY_KIND_LABELS.get(item.get("kind") or "", item.get("kind") or "organization")
    if kind not in PARTY_KINDS:
        problems.append(Problem(key, "bad_value", {"value": str(kind)[:40]}))
        return None
    code = item.get("credit_code") or None
    if code is not None:
        try:
            code = validate_uscc(code)
        except IdentifierError as exc:
            problems.append(Problem(key, exc.code, {"value": str(code)[:40]}))
            return None
    region = str(item.get("region") or "")
    if region and not (len(region) == 6 and region.isdigit()):
        problems.append(Problem(key, "bad_value", {"value": region[:40]}))
        return None
    return PartyRecord(kind=kind, name=name, credit_code=code, region=region)


def _version(data: dict, problems: list[Problem]) -> int:
    value = data.get("source_version")
    if value is None or value == "":
        problems.append(Problem("source_version", "missing_field"))
        return 0
    try:
        version = int(str(value).strip())
    except ValueError:
        version = -1
    if version < 1 or isinstance(value, bool):
        problems.append(Problem("source_version", "bad_value", {"value": str(value)[:40]}))
        return 0
    return version


def _received_at(data: dict, problems: list[Problem], now: datetime) -> datetime | None:
    value = data.get("received_at")
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem("received_at", "bad_date", {"value": str(value)[:40]}))
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ_BEIJING)
    if moment > now + timedelta(minutes=5):
        problems.append(Problem("received_at", "future_date", {"value": str(value)[:40]}))
    return moment


def _events(kind: str, raw: object, problems: list[Problem], today: date) -> list[st.Event]:
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("events", "missing_field" if not raw else "bad_value"))
        return []
    events = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("type") or not item.get("date"):
            problems.append(Problem("events", "bad_value", {"value": str(item)[:60]}))
            return []
        try:
            event = st.Event.from_dict(item)
        except (ValueError, TypeError):
            problems.append(Problem("events", "bad_date", {"value": str(item.get("date"))[:40]}))
            return []
        if not isinstance(event.data, dict) or (event.outcome is not None and not isinstance(event.outcome, str)):
            problems.append(Problem("events", "bad_value", {"value": str(item)[:60]}))
            return []
        if event.date > today:
            problems.append(Problem("events", "future_date", {"value": event.date.isoformat()}))
            return []
        events.append(event)
    # Store with one sequence per right, in timeline order (the source numbers within a day).
    ordered = sorted(events, key=lambda e: e.order_key)
    return [st.Event(type=e.type, date=e.date, sequence=i, outcome=e.outcome, data=e.data) for i, e in enumerate(ordered, start=1)]


def validate(kind: str, data: dict, *, today: date, now: datetime, parsed=None) -> Record:
    """The :class:`Record` of one row, or raise :class:`RowInvalid` listing every problem found.
    ``parsed``: the row's number already parsed by the caller (not parsed again)."""
    problems: list[Problem] = []
    raw_number = data.get("number")
    number = parsed.normalized if parsed is not None else ""
    if parsed is None and raw_number in (None, ""):
        problems.append(Problem("number", "missing_field"))
    elif parsed is None:
        try:
            parsed = parse_patent_number(raw_number, today=today) if kind == st.PATENT else parse_trademark_number(raw_number)
            number = parsed.normalized
        except IdentifierError as exc:
            problems.append(Problem("number", exc.code, {"value": str(raw_number)[:40]}))
    record_kwargs: dict = {}
    if kind == st.PATENT:
        title = _text(data, "title", problems, MAX_TITLE, required=True)
        raw_parties = data.get("applicants")
        if not isinstance(raw_parties, list) or not raw_parties:
            problems.append(Problem("applicants", "missing_field"))
            raw_parties = []
        patent_kind = data.get("kind") or (parsed.kind if parsed else "")
        if patent_kind not in PATENT_KINDS:
            problems.append(Problem("kind", "bad_value", {"value": str(patent_kind)[:40]}))
        elif parsed is not None and patent_kind != parsed.kind:
            problems.append(Problem("kind", "kind_mismatch", {"value": patent_kind, "expected": parsed.kind}))
        inventors = data.get("inventors") or []
        ipc = data.get("ipc") or []
        if not isinstance(inventors, list) or not all(isinstance(x, str) and 0 < len(x) <= MAX_NAME for x in inventors):
            problems.append(Problem("inventors", "bad_value"))
            inventors = []
        if not isinstance(ipc, list) or not all(isinstance(x, str) and 0 < len(x) <= 20 for x in ipc):
            problems.append(Problem("ipc", "bad_value"))
            ipc = []
        annuity = data.get("annuity") or {}
        if not isinstance(annuity, dict) or str(annuity.get("status") or "") not in ANNUITY_STATUSES:
            problems.append(Problem("annuity", "bad_value", {"value": str(annuity)[:40]}))
            annuity = {}
        record_kwargs.update(
            patent_kind=patent_kind if patent_kind in PATENT_KINDS else "",
            pct=bool(parsed.pct) if parsed else False,
            inventors=inventors,
            ipc=ipc,
            locarno=_text(data, "locarno", problems, 10),
            publication_date=_date(data, "publication_date", problems, today),
            grant_date=_date(data, "grant_date", problems, today),
            expiry_date=_date(data, "expiry_date", problems, today, future_ok=True),
            annuity_status=ANNUITY_STATUSES.get(str(annuity.get("status") or ""), ""),
            annuity_next_due=_date(annuity, "next_due", problems, today, future_ok=True),
        )
    else:
        title = _text(data, "mark_text", problems, MAX_TITLE, required=True)
        raw_parties = [data["applicant"]] if data.get("applicant") else []
        if not raw_parties:
            problems.append(Problem("applicant", "missing_field"))
        classes = data.get("classes") or []
        nice = []
        edition = ""
        if not isinstance(classes, list):
            problems.append(Problem("classes", "bad_value"))
            classes = []
        for item in classes:
            ok = isinstance(item, dict) and isinstance(item.get("class"), int) and 1 <= item["class"] <= 45
            groups = item.get("groups") if isinstance(item, dict) else None
            ok = ok and isinstance(groups or [], list) and all(isinstance(g, str) and len(g) == 4 and g.isdigit() for g in groups or [])
            if not ok:
                problems.append(Problem("classes", "bad_value", {"value": str(item)[:40]}))
                break
            nice.append({"class": item["class"], "groups": list(groups or [])})
            edition = edition or str(item.get("edition") or "")[:40]
        international = data.get("international_number") or ""
        if international and (not isinstance(international, str) or len(international) > 10):
            problems.append(Problem("international_number", "bad_value", {"value": str(international)[:40]}))
            international = ""
        record_kwargs.update(
            nice_classes=nice,
            classification_edition=str(data.get("classification_edition") or edition)[:40],
            madrid_number=international,
            publication_date=_date(data, "preliminary_approval_date", problems, today),
            grant_date=_date(data, "registration_date", problems, today),
        )
    parties = [p for p in (_party(item, "applicants" if kind == st.PATENT else "applicant", problems) for item in raw_parties) if p is not None]
    filing_date = _date(data, "filing_date", problems, today)
    if filing_date is None and not any(p.field == "filing_date" for p in problems):
        problems.append(Problem("filing_date", "missing_field"))
    raw_events = data.get("events")
    if raw_events is None and filing_date is not None:
        raw_events = _derived(kind, data, parties, problems, today)
    events = _events(kind, raw_events, problems, today) if not problems else []
    state = st.RightState(kind=kind)
    if events:
        for event in events:
            try:
                state = st.apply(state, event)
            except st.EventRefused as exc:
                problems.append(Problem("events", "event_refused", {"type": event.type, "date": event.date.isoformat(), "refusal": exc.refusal.code}))
                break
        if not problems and events[0].date != filing_date:
            problems.append(Problem("events", "bad_value", {"value": "filed ≠ filing_date"}))
    declared = data.get("status")
    if not problems and declared not in (None, "") and declared != state.status:
        problems.append(Problem("status", "status_mismatch", {"value": str(declared)[:40], "expected": state.status or ""}))
    source_id = _text(data, "source_id", problems, 100)
    version = _version(data, problems)
    received_at = _received_at(data, problems, now)
    if problems:
        raise RowInvalid(problems)
    owner = data.get("owner")
    expiry = record_kwargs.pop("expiry_date", None) or state.term_ends
    if state.granted_on is None:  # an application that never became a right has no term
        expiry = None
    return Record(
        kind=kind,
        number=number,
        title=title,
        filing_date=filing_date,
        parties=parties,
        events=events,
        state=state,
        source_id=source_id,
        source_version=version,
        received_at=received_at,
        owner_name=str(state.owner or (owner if isinstance(owner, str) else "") or "")[:MAX_NAME],
        expiry_date=expiry,
        **record_kwargs,
    )


# --- record → flat (export) ------------------------------------------------------------------------
def flat_row(kind: str, record: dict, *, guard: bool = True) -> list[str]:
    """The CSV / XLSX cells of a record in the JSONL shape, in :data:`COLUMNS` order. ``guard``:
    prefix formula-like text with an apostrophe (CSV; XLSX cells are typed as text instead)."""
    if kind == st.PATENT:
        applicants = record.get("applicants") or []
        annuity = record.get("annuity") or {}
        values = {
            **record,
            "applicants": "；".join(p["name"] for p in applicants),
            "applicant_credit_codes": "；".join(p.get("credit_code") or "" for p in applicants) if any(p.get("credit_code") for p in applicants) else "",
            "inventors": "；".join(record.get("inventors") or []),
            "ipc": "；".join(record.get("ipc") or []),
            "annuity_status": annuity.get("status") or "",
            "annuity_next_due": annuity.get("next_due") or "",
        }
    else:
        applicant = record.get("applicant") or {}
        classes = record.get("classes") or []
        values = {
            **record,
            "applicant": applicant.get("name", ""),
            "applicant_credit_code": applicant.get("credit_code") or "",
            "classes": "；".join(f"{c['class']:02d}:{','.join(c.get('groups') or [])}" for c in classes),
            "classification_edition": next((c.get("edition") for c in classes if c.get("edition")), ""),
        }
    values["events"] = json.dumps(record.get("events") or [], ensure_ascii=False, separators=(",", ":"))
    wrap = spreadsheet_safe if guard else str
    return ["" if values.get(key) is None else wrap(str(values.get(key))) for key, _zh, _en in COLUMNS[kind]]


def headers(kind: str, language: str = "zh") -> list[str]:
    return [zh if language.startswith("zh") else en for _key, zh, en in COLUMNS[kind]]
