"""Export of a filtered list of rights (ipcollab.registry.exporter): the three formats parse
back, re-importing an export writes nothing, reach and filters, a fixed number of queries, bad
input on the page and the API, the XLSX row limit, one audit event per export."""

import csv
import datetime
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.registry import exchange, exporter, generator, selectors, services
from ipcollab.registry.imports import import_file
from ipcollab.registry.models import LegalEvent, Party, Right, RightParty

from .test_parties import org, person
from .test_rights import D, make_mark, make_patent

pytestmark = pytest.mark.django_db

PAGE = "/registry/rights/export/"
API = "/api/v1/rights/export/"
GENERATORS = {"patent": generator.patents, "trademark": generator.trademarks}


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def load(world, tmp_path, kind, n, seed=7):
    job = import_file(path=str(write_jsonl(tmp_path / f"in-{kind}.jsonl", GENERATORS[kind](seed, n))), kind=kind, actor=world.system)
    assert (job.created, job.failed) == (n, 0)
    return job


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def export_file(user, tmp_path, kind, fmt, **filters):
    export = exporter.start_export(actor=user, filters=exporter.clean_filters(kind=kind, fmt=fmt, **filters))
    path = tmp_path / export.file_name
    if fmt == "xlsx":
        with export.xlsx_file() as handle:
            path.write_bytes(handle.read())
    else:
        path.write_bytes(b"".join(export.chunks()))
    return export, path


def sizes():
    return (Right.objects.count(), LegalEvent.objects.count(), Party.objects.count(), RightParty.objects.count())


def rows_of(fmt, data):
    if fmt == "jsonl":
        return [json.loads(line) for line in data.decode().splitlines()]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [list(r) for r in load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)]


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
    @pytest.mark.parametrize("kind", ["patent", "trademark"])
    def test_reimporting_an_export_writes_nothing(self, world, tmp_path, kind, fmt):
        load(world, tmp_path, kind, 50)
        # An event recorded on the platform (not from the source) is exported too; the import
        # compares the source's events with the ones on file and leaves it alone.
        right = Right.objects.filter(kind=kind, status="granted" if kind == "patent" else "registered").order_by("number").first()
        last = LegalEvent.objects.filter(right=right).order_by("-date").values_list("date", flat=True).first()
        services.record_event(world.examiner, right, "licence_filed", last + timedelta(days=1))
        before = (sizes(), Right.objects.values_list("status", "licences").get(pk=right.pk))
        export, path = export_file(world.examiner, tmp_path, kind, fmt)
        assert export.count == 50 and path.name.endswith(f".{fmt}")
        job = import_file(path=str(path), kind=kind, actor=world.system)
        assert (job.rows, job.unchanged, job.created, job.updated, job.failed) == (50, 50, 0, 0, 0), list(job.row_errors.values_list("line", "message"))
        assert (sizes(), Right.objects.values_list("status", "licences").get(pk=right.pk)) == before

    @pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
    def test_a_sourced_right_entered_through_the_services_comes_back_unchanged(self, world, tmp_path, fmt):
        owner = org(world.examiner, name="北京飞鸟文化有限公司")
        mark = services.right_create(
            actor=world.system,
            kind="trademark",
            number="12345678",
            title="=飞鸟；x",
            filing_date=D(2019, 3, 1),
            parties=[(owner, "applicant")],
            nice_classes=[{"class": 9, "groups": ["0901"]}],
            classification_edition="NCL11-2024",
            source="cnipa",
            source_version=1,
        )
        services.record_event(world.system, mark, "madrid_designated", D(2019, 3, 1), {"international_number": "1234567"}, source="cnipa", source_version=1)
        services.record_event(world.system, mark, "preliminarily_approved", D(2019, 9, 1), source="cnipa", source_version=1)
        services.record_event(world.system, mark, "registered", D(2019, 12, 1), {"term_ends": "2029-11-30"}, source="cnipa", source_version=1)
        services.record_event(world.examiner, mark, "licence_filed", D(2020, 1, 1))
        before = sizes()
        _export, path = export_file(world.judge_a, tmp_path, "trademark", fmt)
        job = import_file(path=str(path), kind="trademark", actor=world.system)
        assert (job.unchanged, job.failed, job.updated) == (1, 0, 0), list(job.row_errors.values_list("field", "message"))
        assert sizes() == before

    def test_records_match_what_the_import_read(self, world, tmp_path):
        source = list(generator.patents(7, 20))
        load(world, tmp_path, "patent", 20)
        records = {r["number"]: r for r in exporter.export_records(selectors.rights_for_export(world.examiner, kind="patent"))}
        assert len(records) == 20
        for original in source:
            mine = records[original["number"]]
            for key in ("kind", "pct", "title", "applicants", "inventors", "ipc", "filing_date", "publication_date", "grant_date", "status", "source_version"):
                assert mine[key] == original[key], (key, mine[key], original[key])
            assert [(e["type"], e["date"], e.get("outcome"), e.get("data")) for e in mine["events"]] == [
                (e["type"], e["date"], e.get("outcome"), e.get("data")) for e in original["events"]
            ]
            assert datetime.datetime.fromisoformat(mine["received_at"]) == datetime.datetime.fromisoformat(original["received_at"])
            assert mine["received_at"].endswith("+08:00")
            assert mine["annuity"]["next_due"] == original["annuity"]["next_due"]


class TestFormats:
    def test_patent_record_shape_from_the_register(self, world):
        company = org(world.examiner, name="华为技术有限公司", credit_code="914403001922038216", region_code="440307")
        inventor = person(world.examiner, name="王五")
        right = make_patent(world.examiner, parties=[(company, "applicant"), (inventor, "applicant")], ipc_codes=["G06F 16/00"])
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        services.record_event(world.examiner, right, "invalidation_requested", D(2021, 1, 1))
        services.record_event(world.examiner, right, "invalidation_decided", D(2021, 6, 1), outcome="upheld")
        (record,) = exporter.export_records(Right.objects.filter(pk=right.pk))
        assert record["number"] == "201810557067.3" and record["kind"] == "invention" and record["title"] == "一种图像处理方法"
        assert record["applicants"] == [
            {"kind": "organization", "name": "华为技术有限公司", "credit_code": "914403001922038216", "region": "440307"},
            {"kind": "person", "name": "王五", "credit_code": None, "region": None},
        ]
        assert record["ipc"] == ["G06F 16/00"] and record["status"] == "granted" and record["filing_date"] == "2018-06-01"
        assert [(e["type"], e["date"], e["sequence"], e.get("outcome")) for e in record["events"]] == [
            ("filed", "2018-06-01", 1, None),
            ("granted", "2020-01-01", 2, None),
            ("invalidation_requested", "2021-01-01", 3, None),
            ("invalidation_decided", "2021-06-01", 4, "upheld"),
        ]
        assert record["source"] == "manual" and set(record["annuity"]) == {"status", "next_due"}

    def test_trademark_record_shape(self, world):
        owner = org(world.examiner, name="北京飞鸟文化有限公司")
        mark = make_mark(
            world.examiner, parties=[(owner, "applicant")], nice_classes=[{"class": 9, "groups": ["0901", "0903"]}], classification_edition="NCL11-2024"
        )
        (record,) = exporter.export_records(Right.objects.filter(pk=mark.pk))
        assert record["mark_text"] == "飞鸟" and record["number"] == "12345678"
        assert record["classes"] == [{"class": 9, "groups": ["0901", "0903"], "edition": "NCL11-2024"}]
        assert record["applicant"]["name"] == "北京飞鸟文化有限公司" and record["international_number"] is None
        assert exchange.flat_row("trademark", record)[2] == "09:0901,0903"

    def test_csv_has_a_bom_and_chinese_headers_xlsx_and_jsonl_parse(self, world, tmp_path):
        load(world, tmp_path, "trademark", 12)
        for fmt in ("csv", "xlsx", "jsonl"):
            _export, path = export_file(world.judge_a, tmp_path, "trademark", fmt)
            data = path.read_bytes()
            rows = rows_of(fmt, data)
            if fmt == "jsonl":
                assert len(rows) == 12 and all(r["number"] and r["events"] for r in rows)
                continue
            assert rows[0] == exchange.headers("trademark") and rows[0][:2] == ["注册号", "商标"]
            assert len(rows) == 13
            if fmt == "csv":
                assert data.startswith(b"\xef\xbb\xbf")

    def test_xlsx_keeps_formula_like_text_as_text(self, world, tmp_path):
        make_patent(world.examiner, title="=HYPERLINK(1)")
        _export, path = export_file(world.examiner, tmp_path, "patent", "xlsx")
        rows = rows_of("xlsx", path.read_bytes())
        assert rows[1][2] == "=HYPERLINK(1)"
        assert load_workbook(path).worksheets[0]["C2"].data_type == "s"

    def test_csv_guards_formula_like_text_and_the_import_takes_the_guard_off(self, world, tmp_path):
        from ipcollab.registry import exchange

        record = next(iter(generator.patents(5, 1)))
        record = dict(record, title="=HYPERLINK(1)")
        cells = exchange.flat_row("patent", record)
        assert cells[2] == "'=HYPERLINK(1)"
        values = dict(zip([c[0] for c in exchange.PATENT_COLUMNS], [exchange._cell_text(c) for c in cells], strict=True))
        assert exchange.from_flat("patent", values)["title"] == "=HYPERLINK(1)"

    def test_chunks_follow_each_other_without_gaps(self, world, tmp_path):
        load(world, tmp_path, "patent", 30)
        qs = selectors.rights_for_export(world.examiner, kind="patent")
        small = [r["number"] for r in exporter.export_records(qs, chunk_size=7)]
        assert small == [r["number"] for r in exporter.export_records(qs)] == sorted(Right.objects.values_list("number", flat=True))

    def test_xlsx_over_the_limit_is_refused(self, world, tmp_path, settings):
        load(world, tmp_path, "patent", 6)
        settings.EXPORT_MAX_XLSX_ROWS = 5
        with pytest.raises(ServiceError) as exc:
            exporter.start_export(actor=world.examiner, filters=exporter.clean_filters(kind="patent", fmt="xlsx"))
        assert exc.value.code == ErrorCode.EXPORT_TOO_LARGE
        with pytest.raises(ServiceError):
            exporter.write_xlsx("patent", exporter.export_records(Right.objects.all()), io.BytesIO())
        assert not AuditEvent.objects.filter(action="registry.export").exists()
        _export, path = export_file(world.examiner, tmp_path, "patent", "csv")  # CSV has no limit
        assert len(rows_of("csv", path.read_bytes())) == 7


class TestFilters:
    def test_reach_status_dates_and_query(self, world):
        a = make_patent(world.examiner, number="201810557067.3", title="一种图像处理方法", filing_date=D(2018, 6, 1))
        b = make_patent(world.examiner, number="201920000123.3", title="一种飞行器", filing_date=D(2019, 3, 1))
        hidden = make_patent(world.examiner, number="202010000001.1", title="内部专利", filing_date=D(2020, 1, 2), visibility="private")
        services.record_event(world.examiner, b, "granted", D(2021, 1, 1))
        make_mark(world.examiner)

        def numbers(user, **filters):
            qs = selectors.rights_for_export(user, **{"kind": "patent", **filters})
            return [r["number"] for r in exporter.export_records(qs)]

        assert numbers(world.judge_a) == [a.number, b.number]
        assert numbers(world.examiner) == [a.number, b.number, hidden.number]
        assert numbers(world.judge_a, status="granted") == [b.number]
        assert numbers(world.judge_a, filed_from=D(2019, 1, 1)) == [b.number]
        assert numbers(world.judge_a, filed_to=D(2019, 3, 1)) == [a.number, b.number]
        assert numbers(world.judge_a, q="ZL 2018 1 0557067.3") == [a.number]
        assert numbers(world.judge_a, q="飛行器") == [b.number]
        assert numbers(world.judge_a, q="12345678") == []  # a trademark number: the other kind
        assert numbers(world.judge_a, q="内部专利") == []

    def test_private_right_of_another_agency_is_not_exported(self, world, login):
        make_patent(world.examiner, visibility="private")
        make_patent(world.examiner, number="201920000123.3")
        for user, expected in ((world.judge_a, ["201920000123.3"]), (world.examiner, ["201810557067.3", "201920000123.3"])):
            response = login(user).get(API, {"kind": "patent", "format": "jsonl"})
            assert response.status_code == 200
            assert [r["number"] for r in rows_of("jsonl", body(response))] == expected

    @pytest.mark.parametrize(
        "params,field",
        [
            ({"kind": "patent", "format": "pdf"}, "format"),
            ({"kind": "patent"}, "format"),
            ({"format": "csv"}, "kind"),
            ({"kind": "robot", "format": "csv"}, "kind"),
            ({"kind": "patent", "format": "csv", "status": "sleeping"}, "status"),
            ({"kind": "patent", "format": "csv", "filed_from": "2026-02-30"}, "filed_from"),
            ({"kind": "patent", "format": "csv", "filed_to": "yesterday"}, "filed_to"),
            ({"kind": "patent", "format": "csv", "filed_from": "2020-01-02", "filed_to": "2020-01-01"}, "filed_to"),
            ({"kind": "patent", "format": "csv", "q": "x" * 201}, "q"),
            ({"kind": "patent", "format": "csv", "q": "a\x00b"}, "q"),
        ],
    )
    def test_bad_input_answers_400_with_the_envelope(self, world, login, params, field):
        response = login(world.judge_a).get(API, params)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid" and field in error["fields"]
        assert not AuditEvent.objects.filter(action="registry.export").exists()

    def test_bad_input_on_the_page_shows_the_message(self, world, login):
        client = login(world.judge_a)
        response = client.get(PAGE, {"format": "csv", "filed_from": "2026-02-30"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "invalid-feedback" in html and "导出权利" in html
        response = client.get(PAGE, {"kind": "patent", "format": "csv", "filed_from": "2020-01-02", "filed_to": "2020-01-01"})
        assert response.status_code == 400 and "截止日期不能早于起始日期" in response.content.decode()


class TestWeb:
    def test_search_page_links_to_the_export_with_the_query(self, world, login):
        html = login(world.judge_a).get("/registry/rights/", {"q": "飞鸟", "kind": "trademark"}).content.decode()
        assert f'href="{PAGE}?q=%E9%A3%9E%E9%B8%9F&amp;kind=trademark"' in html
        form = login(world.judge_a).get(PAGE, {"q": "飞鸟", "kind": "trademark"})
        assert form.status_code == 200
        assert 'value="飞鸟"' in form.content.decode() and '<option value="trademark" selected>' in form.content.decode()

    def test_external_party_may_not_export(self, world, login):
        client = login(world.external)
        assert client.get(PAGE, {"kind": "patent", "format": "csv"}).status_code == 403
        assert client.get(API, {"kind": "patent", "format": "csv"}).status_code == 403
        assert "/registry/rights/export/" not in client.get("/").content.decode()

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
    def test_download_with_a_file_name_and_one_audit_event(self, world, login, fmt, tmp_path):
        load(world, tmp_path, "patent", 8)
        response = login(world.judge_a).get(PAGE, {"kind": "patent", "format": fmt, "status": "granted", "filed_from": "2005-01-01"})
        assert response.status_code == 200
        today = timezone.localdate().strftime("%Y%m%d")
        assert response["Content-Disposition"] == f'attachment; filename="rights-patent-{today}.{fmt}"'
        assert response["Content-Type"].startswith(exporter.CONTENT_TYPES[fmt].split(";")[0])
        granted = Right.objects.filter(kind="patent", status="granted").count()
        rows = rows_of(fmt, body(response))
        assert len(rows) == granted + (0 if fmt == "jsonl" else 1)
        event = AuditEvent.objects.get(action="registry.export")
        assert event.actor == world.judge_a and event.is_read
        assert event.after["format"] == fmt and event.after["rows"] == granted
        assert event.after["filters"] == {"kind": "patent", "format": fmt, "q": "", "status": "granted", "filed_from": "2005-01-01", "filed_to": None}

    def test_the_same_queries_for_10_and_100_rights(self, world, login, tmp_path):
        client = login(world.judge_a)
        client.get(PAGE, {"kind": "trademark", "format": "csv"})  # the session and the audit chain exist from here on
        counts = []
        for seed, n in ((1, 10), (2, 90)):
            load(world, tmp_path, "patent", n, seed=seed)
            for fmt in ("csv", "jsonl", "xlsx"):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(PAGE, {"kind": "patent", "format": fmt})
                    rows = rows_of(fmt, body(response))
                counts.append((fmt, len(ctx)))
                assert len(rows) == Right.objects.count() + (0 if fmt == "jsonl" else 1)
        assert Right.objects.count() == 100
        assert counts[:3] == counts[3:], counts
        assert max(c for _f, c in counts) <= 20, counts


class TestApi:
    def test_token_with_registry_read(self, world, tmp_path):
        from django.test import Client

        from ipcollab.accounts.models import ApiToken, hash_token

        load(world, tmp_path, "trademark", 5)
        tokens = {}
        for scopes in (["registry:read"], ["orgs:read"]):
            prefix, raw = ApiToken.generate()
            ApiToken.objects.create(
                user=world.system, name="t", prefix=prefix, key_hash=hash_token(raw), scopes=scopes, expires_at=timezone.now() + timedelta(days=1)
            )
            tokens[scopes[0]] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        client = Client()
        response = client.get(API, {"kind": "trademark", "format": "csv"}, **tokens["registry:read"])
        assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
        assert len(rows_of("csv", body(response))) == 6
        denied = client.get(API, {"kind": "trademark", "format": "csv"}, **tokens["orgs:read"])
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "token_scope"

    def test_an_accept_header_does_not_change_the_answer(self, world, login):
        client = login(world.judge_a)
        assert client.get(API, {"kind": "patent", "format": "xlsx"}, HTTP_ACCEPT="text/html").status_code == 200
        bad = client.get(API, {"kind": "patent", "format": "pdf"}, HTTP_ACCEPT="text/csv")
        assert bad.status_code == 400 and bad.json()["error"]["fields"]["format"]

    def test_xlsx_over_the_limit_answers_export_too_large(self, world, login, settings):
        make_patent(world.examiner)
        make_patent(world.examiner, number="201920000123.3")
        settings.EXPORT_MAX_XLSX_ROWS = 1
        client = login(world.judge_a)
        response = client.get(API, {"kind": "patent", "format": "xlsx"})
        assert response.status_code == 400 and response.json()["error"]["code"] == "export_too_large"
        page = client.get(PAGE, {"kind": "patent", "format": "xlsx"})
        assert page.status_code == 400 and "XLSX" in page.content.decode()
        assert client.get(API, {"kind": "patent", "format": "jsonl"}).status_code == 200

    def test_service_refuses_without_the_permission(self, world):
        with pytest.raises(PermissionDenied):
            exporter.start_export(actor=world.external, filters=exporter.clean_filters(kind="patent", fmt="csv"))
