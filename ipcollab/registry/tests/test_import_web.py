"""Pages and API of bulk imports: upload, job page with progress and error report, CSV report."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ipcollab.accounts.services import token_issue
from ipcollab.registry import generator
from ipcollab.registry.models import ImportJob, Right


def issue(world, scopes):
    expires = timezone.now() + datetime.timedelta(days=30)
    return token_issue(actor=world.platform_admin, system_user=world.system, name="import", scopes=scopes, expires_at=expires)[1]


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def with_bad_row(n=4):
    records = list(generator.patents(21, n))
    bad = dict(records[1], number=records[1]["number"][:-1] + ("0" if records[1]["number"][-1] != "0" else "1"))
    return jsonl([records[0], bad, *records[2:]]), records


@pytest.mark.django_db
class TestImportPages:
    def test_upload_runs_the_job_and_the_page_shows_counts_and_errors(self, world, login, django_capture_on_commit_callbacks):
        client = login(world.examiner)
        body, records = with_bad_row()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/registry/imports/", {"file": SimpleUploadedFile("p.jsonl", body), "kind": "patent", "source": "cnipa"})
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/registry/imports/{job.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert 'value="100"' in page and "bad_check_character" in page and "校验位不正确" in page
        assert (job.created, job.failed, job.source) == (3, 1, "cnipa")
        assert Right.objects.filter(number=records[0]["number"], source="cnipa").exists()
        csv_body = b"".join(client.get(f"/registry/imports/{job.pk}/errors.csv").streaming_content).decode("utf-8-sig")
        assert csv_body.splitlines()[1].startswith("2,")

    def test_htmx_upload_redirects_the_client_and_bad_input_stays_on_the_form(self, world, login, django_capture_on_commit_callbacks):
        client = login(world.examiner)
        with django_capture_on_commit_callbacks(execute=True):
            ok = client.post(
                "/registry/imports/",
                {"file": SimpleUploadedFile("p.jsonl", jsonl(generator.patents(2, 2))), "kind": "patent", "source": "import"},
                HTTP_HX_REQUEST="true",
            )
        assert ok.status_code == 200 and ok["HX-Redirect"].startswith("/registry/imports/")
        bad = client.post("/registry/imports/", {"file": SimpleUploadedFile("p.txt", b"x"), "kind": "patent", "source": "import"}, HTTP_HX_REQUEST="true")
        assert bad.status_code == 400 and "文件须为 .jsonl、.csv 或 .xlsx。" in bad.content.decode()
        empty = client.post("/registry/imports/", {"file": SimpleUploadedFile("p.csv", b""), "kind": "patent", "source": "import"})
        assert empty.status_code == 400

    def test_progress_partial_polls_until_the_job_is_finished(self, world, login):
        job = ImportJob.objects.create(
            kind="patent", format="jsonl", file_name="p.jsonl", file_size=1000, file_sha256="0" * 64, agency=world.office, status="running", bytes_read=450
        )
        client = login(world.examiner)
        part = client.get(f"/registry/imports/{job.pk}/?part=progress", HTTP_HX_REQUEST="true").content.decode()
        assert 'hx-trigger="every 1s"' in part and 'value="45"' in part and "<html" not in part
        ImportJob.objects.filter(pk=job.pk).update(status="done")
        part = client.get(f"/registry/imports/{job.pk}/?part=progress", HTTP_HX_REQUEST="true").content.decode()
        assert "hx-trigger" not in part and 'value="100"' in part

    def test_list_shows_only_the_agency_jobs(self, world, login):
        mine = ImportJob.objects.create(kind="patent", format="csv", file_name="ours.csv", file_size=1, file_sha256="0" * 64, agency=world.office)
        ImportJob.objects.create(kind="patent", format="csv", file_name="theirs.csv", file_size=1, file_sha256="0" * 64, agency=world.court_a)
        page = login(world.examiner).get("/registry/imports/").content.decode()
        assert mine.file_name in page and "theirs.csv" not in page


@pytest.mark.django_db
class TestImportApi:
    def test_submit_follow_and_read_the_error_report(self, world, client, django_capture_on_commit_callbacks):
        raw = issue(world, ["registry:import"])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        body, _records = with_bad_row(5)
        with django_capture_on_commit_callbacks(execute=True):
            created = client.post("/api/v1/imports/", {"file": SimpleUploadedFile("p.jsonl", body), "kind": "patent", "source": "cnipa"}, **headers)
        assert created.status_code == 201, created.content
        job = created.json()
        assert job["status"] == "queued" and created["Location"].endswith(f"/registry/imports/{job['id']}/")
        done = client.get(f"/api/v1/imports/{job['id']}/", **headers).json()
        assert (done["status"], done["progress"], done["created"], done["failed"]) == ("done", 100, 4, 1)
        errors = client.get(done["errors_url"], **headers).json()["results"]
        assert [(e["line"], e["code"], e["field"]) for e in errors] == [(2, "bad_check_character", "number")]

    def test_bad_submissions_answer_the_envelope(self, world, client):
        raw = issue(world, ["registry:import"])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        no_file = client.post("/api/v1/imports/", {"kind": "patent"}, **headers)
        assert no_file.status_code == 400 and no_file.json()["error"]["code"] == "invalid" and "file" in no_file.json()["error"]["fields"]
        bad_kind = client.post("/api/v1/imports/", {"kind": "copyright", "file": SimpleUploadedFile("p.jsonl", b"{}")}, **headers)
        assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["error"]["fields"]
        bad_format = client.post("/api/v1/imports/", {"kind": "patent", "file": SimpleUploadedFile("p.pdf", b"%PDF")}, **headers)
        assert bad_format.status_code == 400 and bad_format.json()["error"]["code"] == "import_format_unknown"

    def test_a_token_without_the_import_scope_is_refused(self, world, client):
        raw = issue(world, ["registry:read"])
        response = client.get("/api/v1/imports/", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"


@pytest.mark.django_db
def test_the_error_report_speaks_the_reader_language(world, login, tmp_path):
    from ipcollab.registry.imports import import_file

    body, _records = with_bad_row()
    path = tmp_path / "p.jsonl"
    path.write_bytes(body)
    job = import_file(path=str(path), kind="patent", actor=world.system)
    client = login(world.examiner)
    assert "校验位不正确" in client.get(f"/registry/imports/{job.pk}/").content.decode()
    client.cookies["ipcollab_language"] = "en"
    page = client.get(f"/registry/imports/{job.pk}/").content.decode()
    assert "check character" in page and "校验位不正确" not in page


@pytest.mark.django_db
def test_the_error_report_csv_never_carries_a_formula(world, login):
    from ipcollab.registry.models import ImportRowError

    job = ImportJob.objects.create(kind="patent", format="csv", file_name="x.csv", file_size=1, file_sha256="0" * 64, agency=world.office, status="done")
    ImportRowError.objects.create(job=job, line=2, number="=HYPERLINK(1)", field="number", code="malformed", message="编号格式不正确。")
    body = b"".join(login(world.examiner).get(f"/registry/imports/{job.pk}/errors.csv").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body.splitlines()[1]
