"""Export of a filtered list of rights (issue 4 point 5): the exact inverse of the import.

:func:`export_records` yields one record per right in the JSONL shape that
:mod:`ipcollab.registry.exchange` reads (the shape :mod:`ipcollab.registry.generator` writes);
the writers turn records into JSONL, CSV (UTF-8 with BOM, Chinese headers, the flat columns of
:data:`~ipcollab.registry.exchange.COLUMNS`) or XLSX (openpyxl write-only). Importing an export
again writes nothing: every row comes back ``unchanged`` (same source version, same content).

Streaming: rights are read by keyset in chunks of :data:`CHUNK` (kind, number); each chunk costs
three queries (rights, their applicants / owners, their legal events) whatever its size, and
memory holds one chunk at a time. :func:`start_export` validates the filters, counts the rows,
refuses an XLSX export over ``settings.EXPORT_MAX_XLSX_ROWS`` and records the audit event.
See docs/registry.md "Export".
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError

from . import exchange as ex
from . import selectors
from .models import LegalEvent, RightKind, RightParty, RightRole, RightStatus

CHUNK = 2000
LINES_PER_WRITE = 500
MAX_QUERY = 200
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The parties a right is exported with: its applicants first, then patentees / owners.
PARTY_ROLES = {RightRole.APPLICANT: 0, RightRole.PATENTEE: 1, RightRole.OWNER: 1}
RIGHT_FIELDS = (
    "pk",
    "kind",
    "number",
    "title",
    "status",
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
    "source",
    "source_id",
    "source_version",
    "received_at",
)


# --- records ---------------------------------------------------------------------------------------
def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _party(row: tuple) -> dict:
    _right, _role, _order, _pk, _party_id, kind, name, credit_code, region = row
    return {"kind": kind, "name": name, "credit_code": credit_code or None, "region": region or None}


def _event(row: tuple) -> dict:
    _right, type_, day, sequence, outcome, details = row
    item = {"type": type_, "date": day.isoformat(), "sequence": sequence}
    if outcome:
        item["outcome"] = outcome
    if details:
        item["data"] = details
    return item


def _received_at(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _record(right: dict, parties: list[dict], events: list[dict]) -> dict:
    if right["kind"] == RightKind.PATENT:
        return {
            "number": right["number"],
            "kind": right["patent_kind"] or None,
            "pct": right["pct"],
            "title": right["title"],
            "applicants": parties,
            "owner": right["owner_name"] or None,
            "inventors": list(right["inventors"] or []),
            "ipc": list(right["ipc_codes"] or []),
            "locarno": right["locarno_class"] or None,
            "filing_date": _iso(right["filing_date"]),
            "publication_date": _iso(right["publication_date"]),
            "grant_date": _iso(right["grant_date"]),
            "status": right["status"] or None,
            "annuity": {"status": right["annuity_status"] or "", "next_due": _iso(right["annuity_next_due"])},
            "expiry_date": _iso(right["expiry_date"]),
            "events": events,
            "source": right["source"],
            "source_id": right["source_id"],
            "source_version": right["source_version"],
            "received_at": _received_at(right["received_at"]),
        }
    edition = right["classification_edition"] or ""
    classes = []
    for item in right["nice_classes"] or []:
        entry = {"class": item.get("class"), "groups": list(item.get("groups") or [])}
        if edition:
            entry["edition"] = edition
        classes.append(entry)
    return {
        "number": right["number"],
        "international_number": right["madrid_number"] or None,
        "mark_text": right["title"],
        "classes": classes,
        "applicant": parties[0] if parties else None,
        "owner": right["owner_name"] or None,
        "filing_date": _iso(right["filing_date"]),
        "preliminary_approval_date": _iso(right["publication_date"]),
        "registration_date": _iso(right["grant_date"]),
        "term_ends": _iso(right["expiry_date"]),
        "status": right["status"] or None,
        "events": events,
        "source": right["source"],
        "source_id": right["source_id"],
        "source_version": right["source_version"],
        "received_at": _received_at(right["received_at"]),
    }


def _chunk_parties(ids: list[int]) -> dict[int, list[dict]]:
    rows = RightParty.objects.filter(right_id__in=ids, role__in=list(PARTY_ROLES)).values_list(
        "right_id", "role", "order", "pk", "party_id", "party__kind", "party__name", "party__credit_code", "party__region_code"
    )
    by_right: dict[int, list[tuple]] = {}
    for row in rows:
        by_right.setdefault(row[0], []).append(row)
    result = {}
    for right_id, links in by_right.items():
        links.sort(key=lambda r: (PARTY_ROLES[r[1]], r[2], r[3]))
        seen, parties = set(), []
        for link in links:
            if link[4] not in seen:  # one party listed once, whatever its capacities
                seen.add(link[4])
                parties.append(_party(link))
        result[right_id] = parties
    return result


def _chunk_events(ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {}
    rows = (
        LegalEvent.objects.filter(right_id__in=ids)
        .order_by("right_id", "date", "sequence")
        .values_list("right_id", "type", "date", "sequence", "outcome", "details")
    )
    for row in rows:
        result.setdefault(row[0], []).append(_event(row))
    return result


def export_records(queryset, *, chunk_size: int = CHUNK) -> Iterator[dict]:
    """The records of the rights of ``queryset`` in (kind, number) order, chunk by chunk (three
    queries a chunk)."""
    base = queryset.select_related(None).order_by("kind", "number")
    after: tuple[str, str] | None = None
    while True:
        page = base if after is None else base.filter(Q(kind__gt=after[0]) | Q(kind=after[0], number__gt=after[1]))
        rights = list(page.values(*RIGHT_FIELDS)[:chunk_size])
        if not rights:
            return
        ids = [r["pk"] for r in rights]
        parties = _chunk_parties(ids)
        events = _chunk_events(ids)
        for right in rights:
            yield _record(right, parties.get(right["pk"], []), events.get(right["pk"], []))
        if len(rights) < chunk_size:
            return
        after = (rights[-1]["kind"], rights[-1]["number"])


# --- writers ---------------------------------------------------------------------------------------
def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_jsonl(records: Iterable[dict]) -> Iterator[bytes]:
    """JSONL bytes, a few hundred lines at a time."""
    for batch in _batched(records, LINES_PER_WRITE):
        yield "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in batch).encode()


def iter_csv(kind: str, records: Iterable[dict]) -> Iterator[bytes]:
    """CSV bytes: UTF-8 with BOM (Excel reads the Chinese right), Chinese headers, flat rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ex.headers(kind))
    yield ("\ufeff" + buffer.getvalue()).encode()
    for batch in _batched(records, LINES_PER_WRITE):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(ex.flat_row(kind, r) for r in batch)
        yield buffer.getvalue().encode()


def write_jsonl(records: Iterable[dict], stream) -> None:
    for data in iter_jsonl(records):
        stream.write(data)


def write_csv(kind: str, records: Iterable[dict], stream) -> None:
    for data in iter_csv(kind, records):
        stream.write(data)


def _too_large():
    limit = settings.EXPORT_MAX_XLSX_ROWS
    return ServiceError(
        ErrorCode.EXPORT_TOO_LARGE,
        _("XLSX 导出最多 %(limit)s 行，请缩小筛选范围，或改用 CSV、JSONL 格式。") % {"limit": limit},
        fields={"format": [_("超过 XLSX 行数上限（%(limit)s 行）。") % {"limit": limit}]},
    )


def write_xlsx(kind: str, records: Iterable[dict], stream) -> None:
    """An XLSX workbook (one sheet, Chinese headers, every cell text) written with openpyxl's
    write-only mode (rows go to a temporary file as they come). More than
    ``settings.EXPORT_MAX_XLSX_ROWS`` rows raise ``export_too_large``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    limit = settings.EXPORT_MAX_XLSX_ROWS
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(RightKind(kind).label))

    def cell(value: str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):  # text, never a formula
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append(ex.headers(kind))
    try:
        for count, record in enumerate(records, start=1):
            if count > limit:
                raise _too_large()
            sheet.append([cell(v) for v in ex.flat_row(kind, record, guard=False)])
    except BaseException:
        # Finish and remove the sheet's temporary file: nothing is left behind.
        sheet.close()
        sheet._writer.cleanup()
        raise
    book.save(stream)


# --- the export ------------------------------------------------------------------------------------
@dataclass
class Filters:
    kind: str
    format: str
    q: str = ""
    status: str = ""
    filed_from: date | None = None
    filed_to: date | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "format": self.format,
            "q": self.q,
            "status": self.status,
            "filed_from": _iso(self.filed_from),
            "filed_to": _iso(self.filed_to),
        }


def _parse_date(value, name: str, fields: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        fields[name] = [_("日期格式应为 YYYY-MM-DD。")]
        return None


def clean_filters(*, kind=None, fmt=None, q="", status="", filed_from=None, filed_to=None) -> Filters:
    """The export's filters from raw values (query parameters), or ``ServiceError(invalid)``
    naming each bad field."""
    fields: dict[str, list] = {}
    kind = (kind or "").strip()
    fmt = (fmt or "").strip().lower()
    q = (q or "").strip()
    status = (status or "").strip()
    if not kind:
        fields["kind"] = [_("请选择导出的权利类别（专利或商标）：一个文件只含一类权利。")]
    elif kind not in RightKind.values:
        fields["kind"] = [_("类别须为专利或商标。")]
    if fmt not in ex.FORMATS:
        fields["format"] = [_("导出格式须为 CSV、XLSX 或 JSONL。")]
    if len(q) > MAX_QUERY:
        fields["q"] = [_("检索词不超过 %(limit)s 个字符。") % {"limit": MAX_QUERY}]
    elif "\x00" in q:
        fields["q"] = [_("检索词含有无效字符。")]
    if status and status not in RightStatus.values:
        fields["status"] = [_("未知的法律状态。")]
    start = _parse_date(filed_from, "filed_from", fields)
    end = _parse_date(filed_to, "filed_to", fields)
    if start and end and start > end:
        fields["filed_to"] = [_("截止日期不能早于起始日期。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    return Filters(kind=kind, format=fmt, q=q, status=status, filed_from=start, filed_to=end)


@dataclass
class Export:
    filters: Filters
    queryset: object
    count: int

    @property
    def file_name(self) -> str:
        return f"rights-{self.filters.kind}-{timezone.localdate():%Y%m%d}.{self.filters.format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filters.format]

    def records(self) -> Iterator[dict]:
        return export_records(self.queryset)

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes as they are produced (JSONL and CSV)."""
        if self.filters.format == "jsonl":
            return iter_jsonl(self.records())
        return iter_csv(self.filters.kind, self.records())

    def xlsx_file(self):
        """The XLSX workbook in a temporary file (deleted when closed), positioned at its start."""
        handle = tempfile.TemporaryFile()
        try:
            write_xlsx(self.filters.kind, self.records(), handle)
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        return handle


def start_export(*, actor, filters: Filters) -> Export:
    """Check the right to export and the XLSX row limit, count the rows and record one audit
    event (``registry.export``: filters, format, row count). The caller streams
    ``Export.chunks()`` or ``Export.xlsx_file()``."""
    if not actor.has_perm("registry.export"):
        raise PermissionDenied()
    queryset = selectors.rights_for_export(
        actor, q=filters.q, kind=filters.kind, status=filters.status or None, filed_from=filters.filed_from, filed_to=filters.filed_to
    )
    count = queryset.count()
    if filters.format == "xlsx" and count > settings.EXPORT_MAX_XLSX_ROWS:
        raise _too_large()
    audit(
        actor=actor,
        action="registry.export",
        object_type="registry.right",
        object_label=_("权利导出"),
        after={"filters": filters.as_dict(), "format": filters.format, "rows": count},
        is_read=True,
    )
    return Export(filters=filters, queryset=queryset, count=count)
