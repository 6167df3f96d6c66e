"""Browser test of the bulk import (issue 4, "Done when" 3): upload a file, watch the progress
bar go from the queue to 100 %, read the line-numbered error report, open an imported right."""

import json
import re
import threading

import pytest
from django.db import connection
from playwright.sync_api import expect

from conftest import make_agency, make_region, make_user
from tests.e2e.test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def examiner(settings):
    # A real queue, so that the job waits for the worker as it does in a deployment.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    office = make_agency("e2e-ipo", "端到端测试知识产权局", "ip_office", "provincial", make_region("110000", "北京市", 1), short_name="端测局")
    return make_user("e2e_examiner", office, ["examiner"], full_name="端到端审查员")


def import_file(tmp_path):
    from ipcollab.registry import generator

    records = list(generator.patents(41, 40))
    records[2] = dict(records[2], number=records[2]["number"][:-1] + ("0" if records[2]["number"][-1] != "0" else "1"))
    records[9] = dict(records[9], filing_date="2099-05-01")
    path = tmp_path / "cnipa-patents.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path, records


def run_worker(job_id):
    from ipcollab.registry.imports import run_queued

    def work():
        try:
            run_queued(job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_upload_watch_progress_read_errors_open_the_dossier(page, examiner, tmp_path):
    from ipcollab.registry.models import ImportJob

    path, records = import_file(tmp_path)
    sign_in(page, "e2e_examiner")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="批量导入").click()
    expect(page.get_by_role("heading", name="批量导入")).to_be_visible()
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_kind", "patent")
    page.get_by_role("button", name="上传并导入").click()

    expect(page).to_have_url(re.compile(r"/registry/imports/\d+/$"))
    progress = page.locator("#job-progress")
    expect(progress).to_have_attribute("value", "0")
    expect(page.locator("#job-status")).to_contain_text("排队中")

    job = ImportJob.objects.get(file_name="cnipa-patents.jsonl")
    worker = run_worker(job.pk)
    expect(progress).to_have_attribute("value", "100", timeout=30000)
    worker.join()
    expect(page.locator("#job-status")).to_contain_text("已完成")
    expect(page.locator("#job-failed")).to_have_text("2")

    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("校验位不正确")
    expect(errors.nth(1)).to_contain_text("10")
    expect(errors.nth(1)).to_contain_text("日期不能晚于今天")

    page.get_by_role("link", name="查看权利").click()
    number = records[0]["number"]
    page.fill("#id_q", "ZL " + number)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"/registry/rights/\d+/$"))
    expect(page.get_by_text(records[0]["title"]).first).to_be_visible()
    expect(page.get_by_text(number).first).to_be_visible()
