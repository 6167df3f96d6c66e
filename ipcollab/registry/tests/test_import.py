"""Bulk import of rights: the engine (ipcollab.registry.importer), jobs and the command."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import PermissionDenied, ServiceError
from ipcollab.events.models import DomainEvent
from ipcollab.registry import exchange, generator, services
from ipcollab.registry.imports import import_file
from ipcollab.registry.models import ImportStatus, LegalEvent, Party, ReconciliationItem, Right, RightParty
from ipcollab.search.index import search
from ipcollab.search.models import SearchEntry

from .test_rights import assert_cache_agrees


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def patents(n, seed=11):
    return list(generator.patents(seed, n))


def run(world, path, kind="patent", **options):
    return import_file(path=str(path), kind=kind, actor=world.system, **options)


def table_sizes():
    return (Right.objects.count(), LegalEvent.objects.count(), Party.objects.count(), RightParty.objects.count(), SearchEntry.objects.count())


class TestImport:
    def test_new_rights_with_parties_events_and_search(self, world, tmp_path):
        records = patents(30)
        job = run(world, write_jsonl(tmp_path / "p.jsonl", records))
        assert (job.status, job.rows, job.created, job.failed) == (ImportStatus.DONE, 30, 30, 0)
        assert job.events_added == sum(len(r["events"]) for r in records)
        for record in records:
            right = Right.objects.get(kind="patent", number=record["number"])
            assert right.status == record["status"]
            assert_cache_agrees(right)
            assert right.source_version == record["source_version"] and right.source == "import"
            assert right.inventors == record["inventors"]
            assert list(right.right_parties.order_by("order").values_list("party__name", flat=True)) == [a["name"] for a in record["applicants"]]
        first = Right.objects.get(number=records[0]["number"])
        assert search("right", records[0]["number"]) == [str(first.pk)]
        assert str(first.pk) in search("right", records[0]["applicants"][0]["name"])
        audit = AuditEvent.objects.get(action="registry.import")
        assert audit.after["file_sha256"] == job.file_sha256 and audit.after["counts"]["created"] == 30
        assert len(audit.after["changes_digest"]) == 64

    def test_a_company_in_two_files_is_one_party(self, world, tmp_path):
        records = [r for r in patents(20) if r["applicants"][0]["credit_code"]][:2]
        records[1]["applicants"] = [dict(records[0]["applicants"][0])]
        records[1]["events"][0]["data"]["owner"] = records[0]["applicants"][0]["name"]
        records[1]["owner"] = None
        records[1]["status"] = None
        run(world, write_jsonl(tmp_path / "a.jsonl", records[:1]))
        run(world, write_jsonl(tmp_path / "b.jsonl", records[1:]))
        code = records[0]["applicants"][0]["credit_code"]
        assert Party.objects.filter(credit_code=code).count() == 1
        assert RightParty.objects.filter(party__credit_code=code).count() == 2

    def test_reimport_of_the_same_file_writes_nothing(self, world, tmp_path, django_assert_max_num_queries):
        path = write_jsonl(tmp_path / "p.jsonl", patents(40))
        run(world, path)
        before = table_sizes()
        audits = AuditEvent.objects.count()
        # A handful of statements whatever the size: the lookup per batch, the job row, the audit.
        with django_assert_max_num_queries(20):
            job = run(world, path)
        assert (job.created, job.updated, job.unchanged, job.failed, job.events_added) == (0, 0, 40, 0, 0)
        assert job.changes_digest == ""
        assert table_sizes() == before
        assert AuditEvent.objects.count() == audits + 1

    def test_bad_rows_are_reported_by_line_and_the_rest_go_in(self, world, tmp_path):
        good = patents(4, seed=5)
        broken_check = dict(good[1], number=good[1]["number"][:-1] + ("X" if good[1]["number"][-1] != "X" else "0"))
        bad_kind_digit = dict(good[2], number="2018" + "5" + good[2]["number"][5:])
        no_title = dict(good[3], title="")
        duplicate = dict(good[0], number="ZL " + good[0]["number"])
        future = dict(patents(5, seed=6)[4])
        future["filing_date"] = "2099-01-01"
        lines = [json.dumps(r, ensure_ascii=False) for r in (good[0], broken_check, bad_kind_digit, no_title, duplicate, future)]
        lines.insert(3, "{not json")
        lines.insert(4, "")
        lines.append(json.dumps(good[1], ensure_ascii=False))
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        job = run(world, path)
        errors = {(e.line, e.code) for e in job.row_errors.all()}
        assert (2, "bad_check_character") in errors
        assert (3, "bad_kind_digit") in errors or (3, "malformed") in errors
        assert (4, "bad_json") in errors
        assert (6, "missing_field") in errors
        assert (7, "duplicate_in_file") in errors
        assert (8, "future_date") in errors
        assert job.failed == 6 and job.created == 2
        assert set(Right.objects.values_list("number", flat=True)) == {good[0]["number"], good[1]["number"]}
        duplicate_error = job.row_errors.get(code="duplicate_in_file")
        assert "1" in duplicate_error.message and duplicate_error.number.startswith("ZL")

    def test_older_source_version_after_a_newer_one_is_stale(self, world, tmp_path):
        record = patents(1)[0]
        record["source_version"] = 5
        run(world, write_jsonl(tmp_path / "new.jsonl", [record]))
        job = run(world, write_jsonl(tmp_path / "old.jsonl", [dict(record, source_version=4, title="旧名称")]))
        assert [(e.line, e.code) for e in job.row_errors.all()] == [(1, "stale_version")]
        assert Right.objects.get(number=record["number"]).title == record["title"]

    def test_same_version_with_other_content_is_a_conflict_and_equal_content_is_unchanged(self, world, tmp_path):
        record = patents(1)[0]
        run(world, write_jsonl(tmp_path / "a.jsonl", [record]))
        same = json.loads(json.dumps(record))
        same["flags"] = None  # not part of the content; the raw digest differs
        job = run(world, write_jsonl(tmp_path / "b.jsonl", [same]))
        assert (job.unchanged, job.failed) == (1, 0)
        job = run(world, write_jsonl(tmp_path / "c.jsonl", [dict(record, title="另一个名称")]))
        assert [e.code for e in job.row_errors.all()] == ["version_conflict"]

    def test_a_newer_version_appends_events_and_notifies(self, world, tmp_path):
        record = next(r for r in generator.patents(3, 200) if r["status"] == "granted" and not r["flags"]["frozen"])
        run(world, write_jsonl(tmp_path / "v1.jsonl", [record]))
        right = Right.objects.get(number=record["number"])
        last = max(datetime.date.fromisoformat(e["date"]) for e in record["events"])
        lapse = (last + datetime.timedelta(days=30)).isoformat()
        newer = json.loads(json.dumps(record))
        newer["events"].append({"type": "lapsed_unpaid_annuity", "date": lapse, "sequence": 1})
        newer["status"] = "lapsed"
        newer["source_version"] = record["source_version"] + 1
        job = run(world, write_jsonl(tmp_path / "v2.jsonl", [newer]))
        assert (job.updated, job.events_added, job.failed) == (1, 1, 0)
        right.refresh_from_db()
        assert right.status == "lapsed" and right.source_version == newer["source_version"]
        assert_cache_agrees(right)
        changed = DomainEvent.objects.get(type="registry.right.status_changed", subject_id=str(right.pk))
        assert changed.payload["from"] == "granted" and changed.payload["to"] == "lapsed"

    def test_an_event_the_platform_must_refuse_opens_a_reconciliation_item(self, world, tmp_path):
        record = next(r for r in generator.patents(4, 200) if r["status"] == "granted" and not r["flags"]["frozen"])
        run(world, write_jsonl(tmp_path / "v1.jsonl", [record]))
        right = Right.objects.get(number=record["number"])
        last = max(datetime.date.fromisoformat(e["date"]) for e in record["events"])
        services.record_event(world.examiner, right, "frozen", last + datetime.timedelta(days=1), {"court": "测试高院"})
        newer = json.loads(json.dumps(record))
        newer["events"].append(
            {"type": "transferred", "date": (last + datetime.timedelta(days=2)).isoformat(), "sequence": 1, "data": {"owner": "新权利人有限公司"}}
        )
        newer["source_version"] += 1
        newer.pop("status")
        job = run(world, write_jsonl(tmp_path / "v2.jsonl", [newer]))
        assert (job.updated, job.reconciliation_opened, job.events_added) == (1, 1, 0)
        item = ReconciliationItem.objects.get(right=right)
        assert item.event_type == "transferred" and item.refusal_code == "right_frozen"
        right.refresh_from_db()
        assert right.owner_name != "新权利人有限公司" and right.freezes == 1

    def test_a_source_dropping_a_recorded_event_is_reported(self, world, tmp_path):
        record = next(r for r in generator.patents(5, 100) if len(r["events"]) >= 3)
        run(world, write_jsonl(tmp_path / "v1.jsonl", [record]))
        newer = json.loads(json.dumps(record))
        newer["events"] = newer["events"][:-1]
        newer["source_version"] += 1
        newer.pop("status")
        job = run(world, write_jsonl(tmp_path / "v2.jsonl", [newer]))
        assert [e.code for e in job.row_errors.all()] == ["event_removed"]

    def test_all_or_nothing_writes_nothing_when_a_row_is_bad(self, world, tmp_path):
        records = patents(5)
        records[3] = dict(records[3], filing_date="not a date")
        job = run(world, write_jsonl(tmp_path / "p.jsonl", records), all_or_nothing=True)
        assert (job.created, job.failed) == (0, 1)
        assert [(e.line, e.code) for e in job.row_errors.all()] == [(4, "bad_date")]
        assert Right.objects.count() == 0
        job = run(world, write_jsonl(tmp_path / "ok.jsonl", patents(5)), all_or_nothing=True)
        assert (job.created, job.failed) == (5, 0)

    def test_dry_run_counts_and_writes_nothing(self, world, tmp_path):
        job = run(world, write_jsonl(tmp_path / "p.jsonl", patents(6)), dry_run=True)
        assert (job.status, job.created, job.failed) == (ImportStatus.DONE, 6, 0)
        assert table_sizes() == (0, 0, 0, 0, 0)
        assert AuditEvent.objects.get(action="registry.import").after["dry_run"] is True

    def test_trademarks(self, world, tmp_path):
        records = list(generator.trademarks(2, 25))
        job = run(world, write_jsonl(tmp_path / "t.jsonl", records), kind="trademark")
        assert (job.created, job.failed) == (25, 0)
        for record in records:
            right = Right.objects.get(kind="trademark", number=record["number"])
            assert right.status == record["status"] and right.title == record["mark_text"]
            assert [c["class"] for c in right.nice_classes] == [c["class"] for c in record["classes"]]
            assert_cache_agrees(right)

    def test_a_patent_file_imported_as_trademarks_reports_every_row(self, world, tmp_path):
        job = run(world, write_jsonl(tmp_path / "p.jsonl", patents(3)), kind="trademark")
        assert job.failed == 3 and job.created == 0


class TestFlatFiles:
    HEADER = ["申请号", "专利类型", "发明创造名称", "申请人", "申请人统一社会信用代码", "申请日", "公布日", "授权公告日", "法律状态", "法律状态日", "来源版本"]

    def rows(self):
        return [
            [
                "201810557067.3",
                "发明",
                "一种图像处理方法",
                "深圳市腾讯计算机系统有限公司",
                "91440300708461136T",
                "2018-06-01",
                "2019-12-10",
                "2021-03-02",
                "granted",
                "",
                "1",
            ],
            ["201920123456.5", "实用新型", "一种夹具", "王伟", "", "2019-01-25", "", "2019-09-10", "lapsed", "2022-08-30", "2"],
            ["201820000001.0", "实用新型", "一种齿轮箱", "某公司", "", "2018-01-02", "", "", "", "", "1"],
            ["202110000001.X", "发明", "", "某公司", "", "2021-01-02", "", "", "", "", "1"],
        ]

    def test_csv_in_gb18030_with_chinese_headers_and_derived_timelines(self, world, tmp_path):
        body = io.StringIO()
        writer = csv.writer(body)
        writer.writerow(self.HEADER)
        writer.writerows(self.rows())
        path = tmp_path / "rights.csv"
        path.write_bytes(body.getvalue().encode("gb18030"))
        job = run(world, path)
        assert job.format == "csv"
        lines = {(e.line, e.code) for e in job.row_errors.all()}
        assert (4, "bad_check_character") in lines and (5, "missing_field") in lines
        assert len(job.row_errors.filter(line=5, code="missing_field")) == 1
        assert job.created == 2
        lapsed = Right.objects.get(number="201920123456.5")
        assert lapsed.status == "lapsed" and lapsed.patent_kind == "utility_model"
        assert list(lapsed.events.values_list("type", flat=True)) == ["filed", "granted", "lapsed_unpaid_annuity"]
        assert lapsed.right_parties.get().party.kind == "person"
        assert Right.objects.get(number="201810557067.3").status == "granted"
        again = run(world, path)
        assert (again.unchanged, again.created, again.updated) == (2, 0, 0)

    def test_a_bad_date_of_a_flat_row_is_reported_once(self, world, tmp_path):
        path = tmp_path / "future.csv"
        path.write_text("申请号,发明创造名称,申请人,申请日,来源版本\n201810557067.3,一种方法,某公司,2099-01-01,1\n", encoding="utf-8")
        job = run(world, path)
        assert [(e.line, e.code, e.field) for e in job.row_errors.all()] == [(2, "future_date", "filing_date")]

    def test_xlsx_with_english_headers(self, world, tmp_path):
        book = Workbook()
        sheet = book.active
        sheet.append([exchange.PATENT_COLUMNS[[c[1] for c in exchange.PATENT_COLUMNS].index(h)][2] for h in self.HEADER])
        for row in self.rows()[:2]:
            sheet.append([datetime.date.fromisoformat(v) if len(v) == 10 and v[4:5] == "-" else v for v in row])
        path = tmp_path / "rights.xlsx"
        book.save(path)
        job = run(world, path)
        assert (job.created, job.failed) == (2, 0)
        assert Right.objects.get(number="201920123456.5").filing_date == datetime.date(2019, 1, 25)

    def test_a_file_without_the_required_columns_fails_as_a_whole(self, world, tmp_path):
        path = tmp_path / "x.csv"
        path.write_text("名称,日期\n甲,2020-01-01\n", encoding="utf-8")
        job = run(world, path)
        assert job.status == ImportStatus.FAILED and job.error_code == "import_header_missing"
        assert "申请号" not in job.error_message or "number" in job.error_message

    def test_a_broken_xlsx_fails_clearly(self, world, tmp_path):
        path = tmp_path / "x.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a workbook")
        job = run(world, path)
        assert job.status == ImportStatus.FAILED and job.error_code == "import_unreadable"

    def test_unknown_format_and_empty_file_are_refused_before_a_job(self, world, tmp_path):
        with pytest.raises(ServiceError) as exc:
            run(world, tmp_path.joinpath("a.txt").write_text("x") and tmp_path / "a.txt")
        assert exc.value.code == "import_format_unknown"
        (tmp_path / "e.jsonl").write_bytes(b"")
        with pytest.raises(ServiceError) as exc:
            run(world, tmp_path / "e.jsonl")
        assert exc.value.code == "import_file_empty"


class TestCommand:
    def test_reports_bad_lines_and_exits_3(self, world, tmp_path, capsys):
        records = patents(3)
        records[1] = dict(records[1], source_version="abc")
        path = write_jsonl(tmp_path / "p.jsonl", records)
        with pytest.raises(SystemExit) as exc:
            call_command("import_rights", str(path), "--kind", "patent", "--agency", world.office.code, "--quiet")
        assert exc.value.code == 3
        out = capsys.readouterr().out
        assert "line 2: bad_value (source_version)" in out
        assert "2 new" in out and "1 bad" in out

    def test_clean_file_exits_0(self, world, tmp_path, capsys):
        path = write_jsonl(tmp_path / "p.jsonl", patents(2))
        call_command("import_rights", str(path), "--kind", "patent", "--agency", world.office.code, "--user", world.system.username, "--quiet")
        assert "2 new" in capsys.readouterr().out
        assert Right.objects.get(number=patents(2)[0]["number"]).created_by == world.system


class TestSubmit:
    def test_only_sources_of_record_may_import(self, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from ipcollab.registry.imports import import_submit

        upload = SimpleUploadedFile("p.jsonl", b"{}\n")
        for user in (world.judge_a, world.clerk_a, world.admin_a):
            with pytest.raises(PermissionDenied):
                import_submit(actor=user, upload=upload, kind="patent")

    def test_a_queued_job_runs_after_commit(self, world, django_capture_on_commit_callbacks):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from ipcollab.registry.imports import import_submit

        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in patents(3)).encode()
        with django_capture_on_commit_callbacks(execute=True):
            job = import_submit(actor=world.examiner, upload=SimpleUploadedFile("p.jsonl", body), kind="patent")
        job.refresh_from_db()
        assert (job.status, job.created, job.progress) == (ImportStatus.DONE, 3, 100)
        assert job.created_by == world.examiner and job.agency == world.office
