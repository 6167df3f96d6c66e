"""The consolidated table of a comment round as an XLSX workbook (openpyxl): a title row, the
round's facts (drafting agency, kind, opened, deadline, status, generated at), then one row per
comment — article, article text, agency, comment, proposed wording, response, reasons — with
column widths for Chinese text (a CJK font, wrapped cells, frozen header)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from . import rounds as rounds_mod

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "SimSun"
WIDTHS = (6, 14, 40, 22, 45, 40, 12, 40, 14)


def headers():
    return [_("序号"), _("条文"), _("条文内容"), _("提出单位"), _("意见"), _("修改建议"), _("采纳情况"), _("处理理由"), _("处理人")]


def filename(round):
    return f"comment-round-{round.pk}.xlsx"


def workbook_bytes(round, now=None):
    now = timezone.localtime(now or timezone.now())
    wb = Workbook()
    ws = wb.active
    ws.title = _("意见汇总")[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = len(WIDTHS)

    ws.append([_("《%(title)s》征求意见汇总表") % {"title": round.title}])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.cell(row=1, column=1).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    facts = [
        (_("起草单位"), round.drafting_agency.name),
        (_("草案类别"), str(round.get_draft_kind_display())),
        (_("发出日期"), round.opened_on.isoformat()),
        (_("反馈截止日"), round.deadline.isoformat()),
        (_("状态"), str(round.get_status_display())),
        (_("生成时间"), now.strftime("%Y-%m-%d %H:%M")),
    ]
    for label, value in facts:
        ws.append([label, value])
        row = ws.max_row
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
        ws.cell(row=row, column=1).font = Font(name=FONT, bold=True)
        ws.cell(row=row, column=2).font = Font(name=FONT)
    no_comment = [invitee.agency.name for invitee, state in rounds_mod.invitee_rows(round) if state == "no_comment"]
    silent = [invitee.agency.name for invitee, state in rounds_mod.invitee_rows(round) if state == ""]
    for label, names in ((_("无意见单位"), no_comment), (_("未反馈单位"), silent)):
        ws.append([label, "、".join(names) or _("无")])
        row = ws.max_row
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
        ws.cell(row=row, column=1).font = Font(name=FONT, bold=True)
        ws.cell(row=row, column=2).font = Font(name=FONT)
    ws.append([])
    ws.append(headers())
    header_row = ws.max_row
    fill = PatternFill("solid", fgColor="DDE4EE")
    for col in range(1, columns + 1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, comment in enumerate(rounds_mod.consolidated(round), start=1):
        article = comment.article
        ws.append(
            [
                n,
                article.label if article else _("总体意见"),
                article.text if article else "",
                comment.agency.name,
                comment.body,
                comment.proposed_text,
                str(comment.get_response_display()) if comment.response else _("待处理"),
                comment.response_text,
                comment.responded_by.display_name if comment.responded_by else "",
            ]
        )
        row = ws.max_row
        for col in range(1, columns + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = Font(name=FONT)
            cell.alignment = wrap
            cell.border = border
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
