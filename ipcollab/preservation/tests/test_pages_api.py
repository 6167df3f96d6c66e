"""Pages and API of the freeze register: confidentiality per role, the desks, the flow through
the pages, bad input answered with codes and nothing changed, the dossier's freeze panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.preservation import services
from ipcollab.preservation.models import FreezeOrder, OrderStatus
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

D = datetime.date
CASE = "（2026）京73执保1号"


@pytest.fixture
def patent(world):
    owner = register.party_create(actor=world.examiner, kind="organization", name="页面测试科技有限公司")
    right = register.right_create(
        actor=world.examiner, kind="patent", number="201810557067.3", title="一种页面测试方法", filing_date=D(2018, 6, 1), parties=[(owner, "applicant")]
    )
    register.record_event(world.examiner, right, "granted", D(2020, 1, 1))
    return right


def owner():
    return Party.objects.get(name="页面测试科技有限公司")


def granted_patent(world, body, holder):
    """Another granted patent (body: the 12 digits; the check character is computed)."""
    from ipcollab.identifiers.patents import patent_check_character

    right = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=f"{body}.{patent_check_character(body)}",
        title="另一件",
        filing_date=D(2019, 3, 1),
        parties=[(holder, "applicant")],
    )
    register.record_event(world.examiner, right, "granted", D(2021, 1, 1))
    return right


def submit(actor, judge, right, case=CASE, amount=6):
    return services.submit_order(actor=actor, right=right, case_number=case, party=owner(), period_amount=amount, period_unit="months", signing_judge=judge)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_pending_order_is_seen_only_by_its_court_and_assigned_handler(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    second_handler = make_user("t_handler2", world.office, ["preservation_handler"], full_name="吴承办")
    url = reverse("preservation:order_detail", args=[order.pk])
    for user, status in [
        (world.judge_a, 200),
        (world.clerk_a, 200),
        (world.handler, 200),
        (world.platform_admin, 200),
        (world.judge_b, 404),
        (world.admin_a, 404),
        (world.examiner, 404),
        (second_handler, 404),
        (world.external, 404),
    ]:
        login(user)
        assert client.get(url).status_code == status, user.username
        assert api(user).get(reverse("api:freeze-detail", args=[order.pk])).status_code in ((200,) if status == 200 else (403, 404)), user.username
    # Court B's desk and the other handler's desk do not list it.
    login(world.judge_b)
    assert CASE not in client.get(reverse("preservation:desk")).content.decode()
    login(second_handler)
    assert CASE not in client.get(reverse("preservation:desk")).content.decode()
    login(world.handler)
    assert CASE in client.get(reverse("preservation:desk")).content.decode()


def test_the_office_system_reads_what_its_handlers_hold_and_never_registers(world, patent):
    from ipcollab.orgs.models import Agency

    order = submit(world.judge_a, world.judge_a, patent)
    other_office = Agency.objects.create(code="t-office-2", name="另一知识产权局", kind="ip_office", level="provincial", region=world.office.region)
    other_system = make_user("t_system2", other_office, [], kind="system", full_name="另一局业务系统")
    assert api(world.system).get(reverse("api:freeze-detail", args=[order.pk])).status_code == 200
    assert api(world.system).post(reverse("api:freeze-register", args=[order.pk])).status_code == 403
    assert api(other_system).get(reverse("api:freeze-detail", args=[order.pk])).status_code == 404
    order.refresh_from_db()
    assert order.registered_at is None


def test_reassignment_moves_the_grant(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    other = make_user("t_handler2", world.office, ["preservation_handler"], full_name="吴承办")
    login(world.handler)
    response = client.post(reverse("preservation:order_action", args=[order.pk, "assign"]), {"handler": other.pk})
    assert response.status_code == 302 and response["Location"] == reverse("preservation:desk")
    assert client.get(reverse("preservation:order_detail", args=[order.pk])).status_code == 404
    login(other)
    assert client.get(reverse("preservation:order_detail", args=[order.pk])).status_code == 200


def test_court_flow_through_the_pages(world, patent, client, login):
    login(world.judge_a)
    page = client.get(reverse("preservation:order_new"), {"number": "ZL 2018 1 0557067.3"})
    assert page.status_code == 200 and "页面测试科技有限公司" in page.content.decode()
    response = client.post(
        reverse("preservation:order_new"),
        {
            "right": patent.pk,
            "case_number": CASE,
            "party": owner().pk,
            "period_amount": 1,
            "period_unit": "years",
            "signing_judge": world.judge_a.pk,
            "suspended": ["transfer", "pledge"],
        },
    )
    order = FreezeOrder.objects.get()
    assert response.status_code == 302 and order.status == OrderStatus.EFFECTIVE and order.suspended == ["transfer", "pledge"]
    detail = client.get(reverse("preservation:order_detail", args=[order.pk])).content.decode()
    assert "第1位" in detail and "民事裁定书" in detail and "送达记录" in detail
    # Court B queues behind it, through the API.
    body = {
        "number": "201810557067.3",
        "case_number": "（2026）京民初9号",
        "party": owner().pk,
        "period_amount": 6,
        "period_unit": "months",
        "signing_judge": world.judge_b.pk,
    }
    created = api(world.judge_b).post(reverse("api:freeze-list"), body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "waiting" and created.json()["position"] == 2
    # The desk of court A: expiring is empty (1 year), mine lists it; the handler registers.
    assert CASE in client.get(reverse("preservation:desk"), {"list": "mine"}).content.decode()
    login(world.handler)
    assert client.post(reverse("preservation:order_action", args=[order.pk, "register"])).status_code == 302
    again = client.post(reverse("preservation:order_action", args=[order.pk, "register"]))
    assert again.status_code == 409 and "已经登记" in again.content.decode()
    # Court A releases; court B's order takes effect.
    login(world.judge_a)
    assert client.post(reverse("preservation:order_action", args=[order.pk, "release"])).status_code == 302
    second = FreezeOrder.objects.get(pk=created.json()["id"])
    assert second.status == OrderStatus.EFFECTIVE
    assert api(world.judge_b).get(reverse("api:freeze-detail", args=[second.pk])).json()["position"] == 1


def test_bad_input_is_refused_and_nothing_changes(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    client_a = api(world.judge_a)
    cases = [
        (
            reverse("api:freeze-list"),
            {
                "right": patent.pk,
                "case_number": "不是案号",
                "party": owner().pk,
                "period_amount": 6,
                "period_unit": "months",
                "signing_judge": world.judge_a.pk,
            },
            400,
            "invalid",
        ),
        (
            reverse("api:freeze-list"),
            {"right": patent.pk, "case_number": CASE, "party": owner().pk, "period_amount": 0, "period_unit": "months", "signing_judge": world.judge_a.pk},
            400,
            "invalid",
        ),
        (
            reverse("api:freeze-list"),
            {"right": 999999, "case_number": CASE, "party": owner().pk, "period_amount": 6, "period_unit": "months", "signing_judge": world.judge_a.pk},
            400,
            "invalid",
        ),
        (
            reverse("api:freeze-list"),
            {"right": patent.pk, "case_number": CASE, "party": owner().pk, "period_amount": 6, "period_unit": "weeks", "signing_judge": world.judge_a.pk},
            400,
            "invalid",
        ),
        (
            reverse("api:freeze-list"),
            {
                "right": patent.pk,
                "case_number": CASE,
                "party": owner().pk,
                "period_amount": 6,
                "period_unit": "months",
                "signing_judge": world.judge_a.pk,
                "suspended": ["everything"],
            },
            400,
            "invalid",
        ),
        (reverse("api:freeze-renew", args=[order.pk]), {"period_amount": -1, "period_unit": "months"}, 400, "invalid"),
        (reverse("api:freeze-convert", args=[order.pk]), {"successor": world.office.pk}, 400, "invalid"),
        (reverse("api:freeze-dispose", args=[order.pk]), {"new_owner": ""}, 400, "invalid"),
        (reverse("api:freeze-inquiry"), {"case_number": CASE}, 400, "invalid"),
        (reverse("api:freeze-inquiry"), {"case_number": "", "number": "201810557067.3"}, 400, "invalid"),
    ]
    before = (FreezeOrder.objects.count(), AuditEvent.objects.count())
    for url, body, status, code in cases:
        response = client_a.post(url, body, format="json")
        assert response.status_code == status, (url, body, response.content)
        assert response.json()["error"]["code"] == code
    assert (FreezeOrder.objects.count(), AuditEvent.objects.count()) == before
    order.refresh_from_db()
    assert order.status == OrderStatus.EFFECTIVE and order.holder_id == world.court_a.pk
    # A release by another court: the order is out of its reach.
    assert api(world.judge_b).post(reverse("api:freeze-release", args=[order.pk])).status_code == 404
    # A transfer of the frozen right names the freeze and the court.
    refused = api(world.examiner).post(
        reverse("api:right-events", args=[patent.pk]),
        {"type": "transferred", "date": timezone.localdate().isoformat(), "details": {"owner": "他人有限公司"}},
        format="json",
    )
    assert refused.status_code == 409 and world.court_a.name in refused.json()["error"]["message"] and CASE in refused.json()["error"]["message"]
    # Pages answer bad input with the form again (400), never a 500.
    login(world.judge_a)
    assert client.post(reverse("preservation:order_action", args=[order.pk, "renew"]), {"period_amount": "x", "period_unit": "months"}).status_code == 400
    assert (
        client.post(
            reverse("preservation:order_new"),
            {"right": patent.pk, "case_number": "乱码", "party": owner().pk, "period_amount": 6, "period_unit": "months", "signing_judge": world.judge_a.pk},
        ).status_code
        == 400
    )
    assert client.get(reverse("preservation:order_new"), {"number": "不是号码"}).status_code == 400
    assert client.post(reverse("preservation:inquiry"), {"case_number": CASE}).status_code == 400


def test_inquiry_page_and_audit(world, patent, client, login):
    submit(world.judge_a, world.judge_a, patent)
    submit(world.judge_b, world.judge_b, patent, case="（2026）京民初9号")
    login(world.judge_b)
    response = client.post(reverse("preservation:inquiry"), {"case_number": "（2026）京民初10号", "party_name": "页面测试科技有限公司"})
    page = response.content.decode()
    assert response.status_code == 200 and "201810557067.3" in page and CASE in page and "第2位" in page
    assert AuditEvent.objects.filter(action="preservation.inquiry", object_id="（2026）京民初10号").exists()


def test_dossier_panel_shows_only_orders_in_reach(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    url = reverse("registry:right_detail", args=[patent.pk])
    login(world.judge_a)
    page = client.get(url).content.decode()
    assert 'id="freeze-panel"' in page and reverse("preservation:order_detail", args=[order.pk]) in page
    login(world.judge_b)
    page = client.get(url).content.decode()
    assert 'id="freeze-panel"' in page and CASE not in page and "提交冻结裁定" in page
    login(world.examiner)
    page = client.get(url).content.decode()
    assert 'id="freeze-panel"' not in page and CASE not in page
    detail = api(world.judge_a).get(reverse("api:right-detail", args=[patent.pk])).json()
    assert detail["panels"]["preservation.freezes"]["orders"][0]["case_number"] == CASE
    assert "preservation.freezes" not in api(world.examiner).get(reverse("api:right-detail", args=[patent.pk])).json()["panels"]


def test_desk_query_count_is_constant(world, patent, client, login):
    login(world.judge_a)
    submit(world.judge_a, world.judge_a, patent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("preservation:desk"), {"list": "mine"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        right = granted_patent(world, f"20181055{7100 + i}", owner())
        submit(world.judge_a, world.judge_a, right, case=f"（2026）京73执保{10 + i}号")
    assert count() == few


def test_attachments_are_checked_before_anything_is_written_and_served_in_reach(world, patent, client, login, settings, tmp_path):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n%%EOF\n"
    login(world.judge_a)
    form = {"right": patent.pk, "case_number": CASE, "party": owner().pk, "period_amount": 6, "period_unit": "months", "signing_judge": world.judge_a.pk}
    bad = client.post(
        reverse("preservation:order_new"), {**form, "attachments": [SimpleUploadedFile("裁定书.pdf", pdf), SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")]}
    )
    assert bad.status_code == 400 and "病毒.exe" in bad.content.decode()
    assert not FreezeOrder.objects.exists() and not list(tmp_path.rglob("*.pdf"))
    good = client.post(
        reverse("preservation:order_new"),
        {**form, "attachments": [SimpleUploadedFile("裁定书.pdf", pdf), SimpleUploadedFile("通知书.png", b"\x89PNG\r\n\x1a\n....")]},
    )
    order = FreezeOrder.objects.get()
    assert good.status_code == 302 and [a.name for a in order.attachments.all()] == ["裁定书.pdf", "通知书.png"]
    first = order.attachments.first()
    assert first.sha256 == hashlib.sha256(pdf).hexdigest() and first.content_type == "application/pdf"
    response = client.get(reverse("preservation:order_attachment", args=[order.pk, first.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert AuditEvent.objects.filter(action="preservation.attachment.read").count() == 1
    # Through the API: an empty file and an unknown type are refused; nothing added.
    answer = api(world.judge_a).post(
        reverse("api:freeze-attachments", args=[order.pk]),
        {"attachments": [SimpleUploadedFile("空.pdf", b""), SimpleUploadedFile("a.txt", b"hello")]},
        format="multipart",
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid" and order.attachments.count() == 2
    added = api(world.judge_a).post(
        reverse("api:freeze-attachments", args=[order.pk]), {"attachments": [SimpleUploadedFile("补充.pdf", pdf)]}, format="multipart"
    )
    assert added.status_code == 201 and len(added.json()["attachments"]) == 3
    # Out of reach: 404 for the file.
    login(world.judge_b)
    assert client.get(reverse("preservation:order_attachment", args=[order.pk, first.pk])).status_code == 404
    assert api(world.judge_b).get(reverse("api:freeze-attachment-file", args=[order.pk, first.pk])).status_code == 404


def test_one_ruling_freezes_several_rights_all_or_none(world, patent, client, login):
    second = granted_patent(world, "201910123456", owner())
    stranger = register.party_create(actor=world.examiner, kind="organization", name="他人科技有限公司")
    foreign = granted_patent(world, "201910123457", stranger)
    body = {"case_number": CASE, "party": owner().pk, "period_amount": 1, "period_unit": "years", "signing_judge": world.judge_a.pk}
    refused = api(world.judge_a).post(reverse("api:freeze-batch"), {**body, "rights": [patent.pk, second.pk, foreign.pk]}, format="json")
    assert refused.status_code == 400 and foreign.number in str(refused.json()["error"]["fields"]["party"])
    assert not FreezeOrder.objects.exists()
    created = api(world.judge_a).post(reverse("api:freeze-batch"), {**body, "rights": [second.pk, patent.pk]}, format="json")
    assert created.status_code == 201 and [o["status"] for o in created.json()["results"]] == ["effective", "effective"]
    # Through the page: several numbers, one per line; the party must hold them all.
    login(world.judge_b)
    page = client.get(reverse("preservation:order_new"), {"number": f"ZL{patent.number}\n{second.number}"}).content.decode()
    assert page.count('name="right"') == 2 and "页面测试科技有限公司" in page
    mixed = client.get(reverse("preservation:order_new"), {"number": f"{patent.number}\n{foreign.number}"}).content.decode()
    assert "没有同时持有这些权利的权利人" in mixed
    response = client.post(
        reverse("preservation:order_new"),
        {
            "right": [patent.pk, second.pk],
            "case_number": "（2026）京民初9号",
            "party": owner().pk,
            "period_amount": 6,
            "period_unit": "months",
            "signing_judge": world.judge_b.pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?list=mine")
    assert sorted(FreezeOrder.objects.filter(court=world.court_b).values_list("status", flat=True)) == ["waiting", "waiting"]


def test_inquiry_by_party_comes_a_page_at_a_time(world, patent, client, login):
    for body in ("201910123456", "201910123457"):
        granted_patent(world, body, owner())
    ask = {"case_number": CASE, "party_name": "页面测试科技有限公司", "limit": 2}
    first = api(world.judge_a).post(reverse("api:freeze-inquiry"), ask, format="json").json()
    assert first["total"] == 3 and len(first["results"]) == 2 and first["next_after"] == first["results"][1]["right"]
    second = api(world.judge_a).post(reverse("api:freeze-inquiry"), {**ask, "after": first["next_after"]}, format="json").json()
    assert len(second["results"]) == 1 and second["next_after"] is None and second["total"] == 3
    assert {r["right"] for r in first["results"] + second["results"]} == set(Right.objects.values_list("pk", flat=True))
    assert api(world.judge_a).post(reverse("api:freeze-inquiry"), {**ask, "after": -1}, format="json").status_code == 400
    assert AuditEvent.objects.filter(action="preservation.inquiry").count() == 2


def test_home_page_tells_the_court_of_an_ending_freeze_and_the_handler_of_orders_to_register(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    login(world.handler)
    assert "冻结裁定待登记" in client.get("/").content.decode()
    FreezeOrder.objects.filter(pk=order.pk).update(ends_on=timezone.localdate() + datetime.timedelta(days=3))
    login(world.judge_a)
    assert "冻结即将届满" in client.get("/").content.decode()
    login(world.judge_b)
    page = client.get("/").content.decode()
    assert "冻结即将届满" not in page and "冻结裁定待登记" not in page


def test_ids_that_cannot_exist_are_not_found_never_a_database_error(world, patent, client, login):
    order = submit(world.judge_a, world.judge_a, patent)
    huge = str(2**70)
    login(world.judge_a)
    assert client.get(f"/preservation/orders/{huge}/").status_code == 404
    assert client.get(f"/preservation/orders/{order.pk}/attachments/{huge}/").status_code == 404
    assert client.post(f"/preservation/orders/{order.pk}/handoffs/{huge}/acknowledge/").status_code == 404
    assert client.get(reverse("preservation:order_new"), {"right": huge}).status_code == 200
    assert api(world.judge_a).get(f"/api/v1/freezes/{huge}/").status_code == 404
    assert api(world.judge_a).get(f"/api/v1/freezes/{order.pk}/attachments/{huge}/").status_code == 404
    assert api(world.judge_a).get(f"/api/v1/freezes/{order.pk}/handoffs/{huge}/acknowledge/").status_code in (404, 405)
    login(world.handler)
    assert client.get(reverse("preservation:desk"), {"court": huge}).status_code == 200
    assert api(world.handler).get(reverse("api:freeze-list"), {"court": huge}).status_code == 400
