"""Export of the filtered list of proceedings: CSV and XLSX with the filter written at the top, the
same rows as the list page, audited; bad filters and an XLSX over the limit answer the list page
with the error (400); external parties get 404."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ipcollab.audit.models import AuditEvent
from ipcollab.proceedings import export, services

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db
URL = reverse("proceedings:export")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def records(bench):
    case = suit(bench)
    inv = invalidation(bench)
    other = suit(bench, number="（2026）京73民初102号", right=bench.invention, claims=(1,))
    services.close_case(actor=bench.judge, case=other, result="claims_rejected", closed_on=D(2026, 6, 1))
    services.decide(
        actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 1), decision_number="第581234号", surviving_claims=[2, 3]
    )
    return case, inv, other


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response):
    data = _content(response)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_the_filter_line_and_the_filtered_rows(bench, records, login):
    case, inv, other = records
    response = login(bench.judge).get(URL, {"format": "csv", "track": "court", "right": bench.um.pk, "filed_from": "2026-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="proceedings-20261120.csv"'
    rows = read_csv(response)
    assert rows[0] == ["筛选条件", f"类别：法院案件；权利：{bench.um.number}；立案/受理自：2026-01-01"]
    assert rows[1][0] == "导出时间" and rows[1][2] == "共 1 件"
    assert rows[2] == [] and rows[3][:3] == ["案号/案件编号", "类别", "程序种类"]
    (row,) = rows[4:]
    assert row[0] == case.number and row[4] == bench.ip_court.name and row[5] == "侵害实用新型专利权纠纷"
    assert row[7] == f"原告：{bench.owner.name}；被告：{bench.rival.name}"
    assert row[8] == f"{bench.um.number}（1,2,3）"
    assert row[9] == "2026-03-02" and row[10] == "审理中" and row[16] == bench.judge.display_name
    event = AuditEvent.objects.get(action="proceedings.export")
    assert event.after["rows"] == 1 and event.after["format"] == "csv"
    assert event.after["filters"] == {"track": "court", "right": bench.um.pk, "filed_from": "2026-01-01"}


def test_unfiltered_csv_lists_everything_in_the_list_order(bench, records, login):
    case, inv, other = records
    rows = read_csv(login(bench.examiner).get(URL, {"format": "csv"}))
    assert rows[0] == ["筛选条件", "全部"]
    body = rows[4:]
    assert [r[0] for r in body] == [inv.number, other.number, case.number]  # filed on, newest first
    decided = body[0]
    assert (decided[10], decided[11], decided[13], decided[14], decided[15]) == ("已结案/已决定", "2026-09-01", "宣告专利权部分无效", "第581234号", "2,3")
    assert body[1][12] == "判决" and body[1][13] == "驳回诉讼请求"


def test_xlsx_has_the_same_content(bench, records, login):
    case, inv, other = records
    response = login(bench.judge).get(URL, {"format": "xlsx", "status": "closed"})
    assert response.status_code == 200
    assert response["Content-Type"] == export.CONTENT_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(_content(response))).active
    values = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ["筛选条件", "状态：已结案/已决定"]
    assert values[1][2] == "共 2 件"
    assert [r[0] for r in values[4:]] == [inv.number, other.number]
    assert sheet.title == "案件与程序"


def test_cells_are_never_formulas(bench, login):
    services.file_case(
        actor=bench.judge,
        number="（2026）京73民初7号",
        cause="trademark_infringement",
        title='=HYPERLINK("http://x")',
        filed_on=D(2026, 3, 2),
        parties=[{"party": bench.owner, "role": "plaintiff"}],
    )
    rows = read_csv(login(bench.judge).get(URL, {"format": "csv"}))
    assert rows[4][6] == '\'=HYPERLINK("http://x")'
    sheet = load_workbook(io.BytesIO(_content(login(bench.judge).get(URL, {"format": "xlsx"})))).active
    cell = list(sheet.iter_rows(min_row=5, max_row=5))[0][6]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_bad_filters_and_the_xlsx_limit_answer_the_list_page(bench, records, login, settings, world):
    client = login(bench.judge)
    for query in ({"format": "pdf"}, {"format": "csv", "filed_from": "2026-13-01"}, {"format": "csv", "agency": "9" * 30}, {}):
        response = client.get(URL, query)
        assert response.status_code == 400, query
        assert b"proceeding-list" in response.content
    settings.EXPORT_MAX_XLSX_ROWS = 2
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 400 and "超过 XLSX 行数上限（2 行）".encode() in response.content
    assert client.get(URL, {"format": "xlsx", "track": "court"}).status_code == 200
    assert not AuditEvent.objects.filter(action="proceedings.export", after__format="pdf").exists()
    assert login(world.external).get(URL, {"format": "csv"}).status_code == 404


def test_the_list_page_links_to_the_export_with_its_filters(bench, records, login):
    response = login(bench.judge).get(reverse("proceedings:list"), {"track": "court", "status": "pending"})
    html = response.content.decode()
    assert f"{URL}?track=court&amp;status=pending&amp;format=csv" in html
    assert f"{URL}?track=court&amp;status=pending&amp;format=xlsx" in html


def test_export_reads_in_chunks(bench, records):
    from ipcollab.proceedings import selectors

    qs = selectors.proceeding_list(bench.judge, {})
    assert [r[0] for r in export.rows(qs, chunk_size=1)] == [r[0] for r in export.rows(qs)]
    assert len(list(export.rows(qs, chunk_size=2))) == 3
