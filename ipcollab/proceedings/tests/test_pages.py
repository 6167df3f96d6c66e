"""Pages of proceedings: who sees what, the actions as a judge and an examiner use them, the dossier
panel, bad input on forms, and query counts that do not grow with the number of proceedings."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipcollab.notifications.models import Notification
from ipcollab.proceedings import services
from ipcollab.proceedings.models import Proceeding, Status, Stay

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_list_filters_and_reach(bench, world, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.judge2)
    page = client.get(reverse("proceedings:list"))
    assert page.status_code == 200 and case.number in page.text and inv.number in page.text
    only_office = client.get(reverse("proceedings:list"), {"track": "office"})
    assert inv.number in only_office.text and case.number not in only_office.text
    by_right = client.get(reverse("proceedings:list"), {"right": bench.um.pk, "kind": "civil"})
    assert case.number in by_right.text and inv.number not in by_right.text
    litigated = client.get(reverse("proceedings:list"), {"track": "office", "in_litigation": "on"})
    assert inv.number in litigated.text
    services.close_case(actor=bench.judge, case=case, result="withdrawn", closed_on=D(2026, 4, 1))
    assert inv.number not in client.get(reverse("proceedings:list"), {"track": "office", "in_litigation": "on"}).text
    bad = client.get(reverse("proceedings:list"), {"filed_from": "2026-13-45", "right": "99999999999999999999999"})
    assert bad.status_code == 200
    login(world.external)
    assert client.get(reverse("proceedings:list")).status_code == 404
    assert client.get(reverse("proceedings:detail", args=[case.pk])).status_code == 404


def test_detail_shows_time_limit_guidance_and_parallel_proceedings(bench, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.judge)
    page = client.get(reverse("proceedings:detail", args=[case.pk]))
    assert page.status_code == 200
    text = page.text
    assert "审限届满日 2026-09-02" in text and "已超审限" in text
    assert 'data-outcome="shall_stay"' in text and "stay-form" in text
    assert inv.number in text  # in the parallel proceedings and as the stay's basis
    # another judge of the same court sees it but has no actions on it? — same court: may act
    login(bench.high_judge)
    other = client.get(reverse("proceedings:detail", args=[case.pk]))
    assert other.status_code == 200 and "stay-form" not in other.text


def test_judge_records_a_stay_and_the_time_limit_pauses(bench, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.judge)
    url = reverse("proceedings:action", args=[case.pk, "stay"])
    bad = client.post(url, {"started_on": "2026-02-01", "reason": "x"})
    assert bad.status_code == 400 and "立案日期" in bad.text and not Stay.objects.exists()
    done = client.post(url, {"started_on": "2026-03-25", "reason": "被告请求宣告无效", "basis": inv.pk})
    assert done.status_code == 302
    page = client.get(reverse("proceedings:detail", args=[case.pk]))
    assert "time-limit-paused" in page.text and "自2026-03-25起中止" in page.text
    again = client.post(url, {"started_on": "2026-03-26", "reason": "x"})
    assert again.status_code == 400 and "案件已中止" in again.text
    # a judge of another court cannot act on it
    login(bench.high_judge)
    assert client.post(reverse("proceedings:action", args=[case.pk, "lift"]), {"ended_on": "2026-10-01"}).status_code == 403


def test_examiner_decides_and_the_judge_is_told(bench, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.examiner)
    url = reverse("proceedings:action", args=[inv.pk, "decide"])
    bad = client.post(url, {"result": "partly_invalid", "decided_on": "2026-09-30", "decision_number": "第581234号", "surviving_claims": "4,11"})
    assert bad.status_code == 400 and "没有第 11 项" in bad.text
    ok = client.post(url, {"result": "partly_invalid", "decided_on": "2026-09-30", "decision_number": "第581234号", "surviving_claims": "4，5"})
    assert ok.status_code == 302
    inv.refresh_from_db()
    assert inv.result == "partly_invalid" and inv.surviving_claims == [4, 5]
    note = Notification.objects.get(recipient=bench.judge, code="proceedings.invalidation_decided")
    assert note.link == reverse("proceedings:detail", args=[case.pk])
    login(bench.judge)
    dossier = client.get(reverse("registry:right_detail", args=[bench.um.pk]))
    assert "parallel-panel" in dossier.text and "第581234号" in dossier.text and "4、5" in dossier.text


def test_case_form(bench, client, login):
    login(bench.judge)
    url = reverse("proceedings:case_new")
    assert client.get(url).status_code == 200
    data = {
        "number": "（2026）京73民初555号",
        "cause": "patent_infringement_utility_model",
        "filed_on": "2026-05-06",
        "plaintiffs": bench.owner.name,
        "defendants": "不存在的公司",
        "rights": f"{bench.um.number}:1,2",
        "judge": bench.judge.pk,
    }
    missing = client.post(url, data)
    assert missing.status_code == 200 and "不存在的公司" in missing.text and not Proceeding.objects.exists()
    data["defendants"] = bench.rival.name
    data["rights"] = f"{bench.um.number}:1,12"
    too_many = client.post(url, data)
    assert "没有第 12 项" in too_many.text and not Proceeding.objects.exists()
    data["rights"] = f"{bench.um.number}:1,2"
    data["number"] = "（2026）京73民初"
    assert not Proceeding.objects.exists() and client.post(url, data).status_code == 200
    data["number"] = "(2026)京73民初555号"
    created = client.post(url, data)
    case = Proceeding.objects.get()
    assert created.status_code == 302 and case.number == "（2026）京73民初555号" and case.rights.get().claims == [1, 2]
    login(bench.examiner)
    assert client.get(url).status_code == 403


def test_priority_queue_page(bench, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.judge)
    assert client.post(reverse("proceedings:action", args=[case.pk, "priority"]), {"proceeding": inv.pk, "reason": "侵权案件待无效结论"}).status_code == 302
    login(bench.examiner)
    queue = client.get(reverse("proceedings:priority_queue"))
    assert queue.status_code == 200 and inv.number in queue.text
    item = inv.priority_requests.get()
    assert (
        client.post(
            reverse("proceedings:action", args=[inv.pk, "priority_decide"]), {"request": item.pk, "grant": "0", "reason": "证据已齐备，按序审查"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == "refused"
    login(bench.judge)
    assert client.get(reverse("proceedings:priority_queue")).status_code == 403


def _many(bench, n, start=0):
    for i in range(start, start + n):
        services.file_case(
            actor=bench.judge,
            number=f"（2026）京73民初{1000 + i}号",
            cause="patent_infringement_utility_model",
            filed_on=D(2026, 4, 1),
            parties=[{"party": bench.owner, "role": "plaintiff"}, {"party": bench.rival, "role": "defendant"}],
            rights=[{"right": bench.um, "claims": [1]}],
            judge=bench.judge,
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dossier_and_detail_queries_do_not_grow_with_proceedings(bench, client, login):
    case = suit(bench)
    _many(bench, 2)
    invalidation(bench)
    services.record_stay(actor=bench.judge, case=Proceeding.objects.get(number="（2026）京73民初1000号"), started_on=D(2026, 5, 1), reason="x")
    login(bench.judge)
    dossier = reverse("registry:right_detail", args=[bench.um.pk])
    detail = reverse("proceedings:detail", args=[case.pk])
    listing = reverse("proceedings:list")
    for url in (dossier, detail, listing):  # warm the per-process caches (content types) first
        client.get(url)
    few = (_count(client, dossier), _count(client, detail), _count(client, listing))
    _many(bench, 20, start=10)
    invalidation(bench, number="4W120002")
    services.record_stay(actor=bench.judge, case=Proceeding.objects.get(number="（2026）京73民初1010号"), started_on=D(2026, 5, 1), reason="x")
    many = (_count(client, dossier), _count(client, detail), _count(client, listing))
    assert many == few, (few, many)


def test_office_form_and_closed_case_actions(bench, client, login):
    login(bench.examiner)
    url = reverse("proceedings:office_new")
    data = {
        "kind": "patent_invalidation",
        "number": "4W120009",
        "right": bench.um.number,
        "claims": "1,2",
        "filed_on": "2026-06-01",
        "requester": bench.rival.name,
        "grounds": "不具备新颖性",
    }
    assert client.post(url, dict(data, right="不是编号")).status_code == 200 and not Proceeding.objects.exists()
    assert client.post(url, data).status_code == 302
    inv = Proceeding.objects.get()
    assert [pp.role for pp in inv.parties.all()] == ["requester", "owner"]
    case = suit(bench)
    services.close_case(actor=bench.judge, case=case, result="withdrawn", closed_on=D(2026, 4, 1))
    login(bench.judge)
    closed = client.post(reverse("proceedings:action", args=[case.pk, "stay"]), {"started_on": "2026-04-02", "reason": "x"})
    assert closed.status_code == 400 and "已审结" in closed.text
    assert Proceeding.objects.get(pk=case.pk).status == Status.CLOSED


def test_attention_items(bench, client, login):
    suit(bench)
    login(bench.judge)
    home = client.get(reverse("home:index"))
    assert "审限即将届满" in home.text


def test_documents_service_links_and_reassignment(bench, client, login):
    case = suit(bench)
    inv = invalidation(bench)
    login(bench.judge)
    assert (
        client.post(reverse("proceedings:action", args=[case.pk, "document"]), {"kind": "notice", "title": "应诉通知书", "issued_on": "2026-03-03"}).status_code
        == 302
    )
    doc = case.documents.get()
    served = client.post(
        reverse("proceedings:action", args=[case.pk, "serve"]), {"document": doc.pk, "party": bench.rival.pk, "method": "direct", "served_on": "2026-03-10"}
    )
    assert served.status_code == 302 and doc.services.get().party == bench.rival
    foreign = client.post(
        reverse("proceedings:action", args=[case.pk, "serve"]), {"document": 999999, "party": bench.owner.pk, "method": "direct", "served_on": "2026-03-10"}
    )
    assert foreign.status_code == 400 and doc.services.count() == 1
    assert client.post(reverse("proceedings:action", args=[case.pk, "link"]), {"other": inv.number, "reason": "同一专利的无效宣告"}).status_code == 302
    link = case.links_out.get() if case.pk < inv.pk else case.links_in.get()
    assert link.status == "accepted"
    assert client.post(reverse("proceedings:action", args=[case.pk, "link"]), {"other": "4W999999", "reason": "x"}).status_code == 400
    assert client.post(reverse("proceedings:action", args=[case.pk, "unlink"]), {"link": link.pk, "reason": "关联有误"}).status_code == 302
    link.refresh_from_db()
    assert link.status == "rejected"
    reassigned = client.post(reverse("proceedings:action", args=[case.pk, "assign"]), {"role": "judge", "user": bench.judge2.pk, "reason": "工作调整"})
    assert reassigned.status_code == 302
    case.refresh_from_db()
    assert case.judge == bench.judge2 and case.assignments.filter(user=bench.judge2, reason="工作调整").exists()
    wrong = client.post(reverse("proceedings:action", args=[case.pk, "assign"]), {"role": "judge", "user": bench.examiner.pk, "reason": "x"})
    assert wrong.status_code == 400


def test_evaluation_reports_desk(bench, client, login):
    case = suit(bench)
    login(bench.judge)
    assert client.post(reverse("proceedings:action", args=[case.pk, "report"]), {"right": bench.um.pk, "ordered_on": "2026-04-01"}).status_code == 302
    login(bench.examiner)
    url = reverse("proceedings:reports")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"form": "request", "right": bench.invention.number, "requester": bench.owner.name, "requested_on": "2026-04-03"})
    assert bad.status_code == 400 and "实用新型和外观设计" in bad.text
    assert client.post(url, {"form": "request", "right": bench.um.number, "requester": bench.owner.name, "requested_on": "2026-04-03"}).status_code == 302
    report = bench.um.evaluation_reports.get()
    assert report.status == "requested" and report.case == case and report.due_on == D(2026, 6, 3)
    dossier = client.get(reverse("registry:right_detail", args=[bench.um.pk])).text
    assert f"（{case.number}） · 应于2026-06-03前出具" in dossier  # the case's number, read beside the report
    issued = client.post(
        url,
        {
            "form": "issue",
            "report": report.pk,
            "number": "PJ2026-0007",
            "issued_on": "2026-05-20",
            "defects_found": "0",
            "conclusion": "未发现缺陷",
            "claims_without_defect": "1,2",
        },
    )
    assert issued.status_code == 302
    login(bench.judge)
    page = client.get(reverse("proceedings:detail", args=[case.pk]))
    assert "PJ2026-0007" in page.text
    assert client.get(url).status_code == 403


def test_trademark_decision_window_is_30_days(bench, world):
    from ipcollab.registry import services as register

    mark = register.right_create(
        actor=world.examiner, kind="trademark", number="60123456", title="恒远", filing_date=D(2022, 1, 5), parties=[(bench.owner, "applicant")]
    )
    p = services.record_office_proceeding(
        actor=bench.examiner,
        kind="tm_rejection_review",
        number="商评字〔2026〕第0012345号",
        right=mark,
        filed_on=D(2026, 2, 2),
        parties=[{"party": bench.owner, "role": "requester"}],
    )
    services.decide(actor=bench.examiner, proceeding=p, result="rejection_upheld", decided_on=D(2026, 6, 1), decision_number="商评字〔2026〕第0012345号决定")
    served = services.serve(actor=bench.examiner, proceeding=p, party=bench.owner, method="electronic", served_on=D(2026, 6, 3))
    assert served.window_rule == "cnipa.trademark_decision.suit_window" and served.window_ends == D(2026, 7, 3)


def test_drug_linkage_through_the_forms(bench, client, login):
    login(bench.examiner)
    data = {
        "kind": "drug_linkage_ruling",
        "number": "CN-YPZL-2026-0012",
        "right": bench.invention.number,
        "filed_on": "2026-04-10",
        "requester": bench.owner.name,
        "drug_name": "奥司他韦胶囊",
        "application_number": "CYHS2600123",
        "drug_type": "chemical",
        "declaration": "4.2",
        "published_on": "2026-03-02",
    }
    late = client.post(reverse("proceedings:office_new"), dict(data, filed_on="2026-04-17"))
    assert late.status_code == 200 and "45日" in late.text and not Proceeding.objects.exists()
    assert client.post(reverse("proceedings:office_new"), data).status_code == 302
    ruling = Proceeding.objects.get()
    assert ruling.drug_linkage.waiting_ends == D(2027, 1, 10)
    page = client.get(reverse("proceedings:detail", args=[ruling.pk]))
    assert "等待期至 2027-01-10" in page.text
