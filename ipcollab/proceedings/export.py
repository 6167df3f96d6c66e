"""Export of a filtered list of proceedings (issue 6, point 6) as CSV or XLSX, the filter written at
the top of the file. The filters are those of the list page (forms.ListFilter, selectors.
proceeding_list: the reader's reach in SQL). Rows are read by keyset in the list's order (filed on,
id; newest first) in chunks of :data:`CHUNK`, each chunk three queries (proceedings, their
parties, their rights). :func:`start_export` counts the rows, refuses an XLSX export over
``settings.EXPORT_MAX_XLSX_ROWS`` (``export_too_large``) and records one audit event. See
docs/proceedings.md, "Export"."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.orgs.models import Agency
from ipcollab.registry.models import Party, Right

from . import causes, outcomes, selectors
from .models import Kind, PartyRole, Priority, ProceedingParty, ProceedingRight, Stage, Status, Track

CHUNK = 1000
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FILTER_ORDER = (
    "q",
    "track",
    "kind",
    "stage",
    "status",
    "result",
    "cause",
    "agency",
    "party",
    "right",
    "filed_from",
    "filed_to",
    "closed_from",
    "closed_to",
    "fast_track",
    "in_litigation",
    "priority",
)


def headers():
    return [
        _("案号/案件编号"),
        _("类别"),
        _("程序种类"),
        _("审级/阶段"),
        _("承办机构"),
        _("案由"),
        _("案件名称"),
        _("当事人"),
        _("涉及的权利（权利要求）"),
        _("立案/受理日期"),
        _("状态"),
        _("结案/决定日期"),
        _("结案方式"),
        _("结果"),
        _("决定/裁判文书号"),
        _("维持有效的权利要求"),
        _("承办法官/审查员"),
        _("快速办理"),
        _("优先审查"),
        _("数据来源"),
        _("来源编号"),
        _("来源版本"),
    ]


def _label(choices, value):
    return str(dict(choices).get(value, value)) if value else ""


def _claims(claims):
    return ",".join(str(c) for c in claims or [])


def _row(p, parties, rights):
    return [
        str(v)
        for v in (
            p.number,
            _label(Track.choices, p.track),
            _label(Kind.choices, p.kind),
            _label(Stage.choices, p.stage),
            p.agency.name,
            p.cause_label,
            p.title,
            "；".join(f"{_label(PartyRole.choices, role)}：{name}" for role, name in parties),
            "；".join(f"{number}（{_claims(claims)}）" if claims else number for number, claims in rights),
            p.filed_on.isoformat(),
            _label(Status.choices, p.status),
            p.closed_on.isoformat() if p.closed_on else "",
            str(outcomes.DISPOSITIONS.get(p.disposition, "")) if p.disposition else "",
            p.result_label and str(p.result_label),
            p.decision_number,
            _claims(p.surviving_claims),
            p.judge.display_name if p.judge_id else "",
            _("是") if p.fast_track else "",
            _label(Priority.choices, p.priority),
            p.source,
            p.source_id,
            str(p.source_version) if p.source_id else "",
        )
    ]


def rows(queryset, *, chunk_size=CHUNK) -> Iterator[list[str]]:
    """The rows of `queryset` (a proceeding_list) in its order, chunk by chunk."""
    base = queryset.select_related("agency", "judge").order_by("-filed_on", "-id")
    last = None
    while True:
        page = base if last is None else base.filter(Q(filed_on__lt=last[0]) | Q(filed_on=last[0], id__lt=last[1]))
        items = list(page[:chunk_size])
        if not items:
            return
        ids = [p.pk for p in items]
        parties, rights = {}, {}
        for pid, role, name in (
            ProceedingParty.objects.filter(proceeding_id__in=ids).order_by("proceeding_id", "order", "id").values_list("proceeding_id", "role", "party__name")
        ):
            parties.setdefault(pid, []).append((role, name))
        for pid, number, claims in (
            ProceedingRight.objects.filter(proceeding_id__in=ids).order_by("proceeding_id", "id").values_list("proceeding_id", "right__number", "claims")
        ):
            rights.setdefault(pid, []).append((number, claims))
        for p in items:
            yield _row(p, parties.get(p.pk, []), rights.get(p.pk, []))
        if len(items) < chunk_size:
            return
        last = (items[-1].filed_on, items[-1].pk)


def describe(filters, labels) -> str:
    """The filters as one line of text (“类别：法院案件；状态：审理中”), or “全部”. `labels`: the form
    field labels by name."""
    parts = []
    for name in FILTER_ORDER:
        value = filters.get(name)
        if value in (None, "", False):
            continue
        if name == "track":
            text = _label(Track.choices, value)
        elif name == "kind":
            text = _label(Kind.choices, value)
        elif name == "stage":
            text = _label(Stage.choices, value)
        elif name == "status":
            text = _label(Status.choices, value)
        elif name == "result":
            text = outcomes.label(value)
        elif name == "cause":
            c = causes.cause(value)
            text = str(c.name) if c else value
        elif name == "priority":
            text = _label(Priority.choices, value)
        elif name == "agency":
            text = Agency.objects.filter(pk=value).values_list("name", flat=True).first() or f"#{value}"
        elif name == "party":
            text = Party.objects.filter(pk=value).values_list("name", flat=True).first() or f"#{value}"
        elif name == "right":
            text = Right.objects.filter(pk=value).values_list("number", flat=True).first() or f"#{value}"
        elif name in ("fast_track", "in_litigation"):
            text = _("是")
        elif hasattr(value, "isoformat"):
            text = value.isoformat()
        else:
            text = str(value)
        parts.append(f"{labels.get(name, name)}：{text}")
    return "；".join(parts) if parts else _("全部")


def _safe(value: str) -> str:
    """A cell spreadsheet programs never read as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass
class Export:
    format: str
    queryset: object
    count: int
    filter_text: str
    at: object

    @property
    def file_name(self):
        return f"proceedings-{timezone.localdate():%Y%m%d}.{self.format}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    def preamble(self):
        return [
            [_("筛选条件"), self.filter_text],
            [_("导出时间"), timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M"), ngettext("共 %(n)s 件", "共 %(n)s 件", self.count) % {"n": self.count}],
            [],
        ]

    def chunks(self) -> Iterator[bytes]:
        """CSV: UTF-8 with BOM (Excel reads the Chinese right), the filter first, then the table."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows(self.preamble())
        writer.writerow(headers())
        yield ("\ufeff" + buffer.getvalue()).encode()
        batch = []
        for row in rows(self.queryset):
            batch.append([_safe(v) for v in row])
            if len(batch) >= 500:
                buffer.seek(0)
                buffer.truncate()
                writer.writerows(batch)
                batch = []
                yield buffer.getvalue().encode()
        if batch:
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(batch)
            yield buffer.getvalue().encode()

    def xlsx_file(self):
        """The workbook in a temporary file (deleted when closed), at its start."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("案件与程序"))

        def cell(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"  # text, never a formula
            return text

        handle = tempfile.TemporaryFile()
        try:
            for line in self.preamble():
                sheet.append([cell(str(v)) for v in line])
            sheet.append([cell(h) for h in headers()])
            for row in rows(self.queryset):
                sheet.append([cell(v) for v in row])
            book.save(handle)
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        return handle


def _too_large():
    limit = settings.EXPORT_MAX_XLSX_ROWS
    return ServiceError(
        ErrorCode.EXPORT_TOO_LARGE,
        _("XLSX 导出最多 %(limit)s 行，请缩小筛选范围，或改用 CSV 格式。") % {"limit": limit},
        fields={"format": [_("超过 XLSX 行数上限（%(limit)s 行）。") % {"limit": limit}]},
    )


def start_export(*, actor, filters, fmt, labels):
    """Count the rows of the filtered list, check the XLSX limit and record the audit event
    (``proceedings.export``: filters, format, rows). The caller streams ``chunks()`` or sends
    ``xlsx_file()``."""
    if fmt not in FORMATS:
        raise ServiceError(ErrorCode.INVALID, fields={"format": [_("导出格式须为 CSV 或 XLSX。")]})
    queryset = selectors.proceeding_list(actor, filters)
    count = queryset.count()
    if fmt == "xlsx" and count > settings.EXPORT_MAX_XLSX_ROWS:
        raise _too_large()
    text = describe(filters, labels)
    audit(
        actor=actor,
        action="proceedings.export",
        object_type="proceedings.proceeding",
        object_label=_("案件与程序导出"),
        after={
            "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items() if v not in (None, "", False)},
            "format": fmt,
            "rows": count,
        },
        is_read=True,
    )
    return Export(format=fmt, queryset=queryset, count=count, filter_text=text, at=timezone.now())
