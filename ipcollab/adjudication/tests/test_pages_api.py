"""Pages and API of administrative adjudication end to end: the office's flow through the forms,
the court seeing the same page with its own actions, errors shown on the form (nothing written),
the API's create (idempotent), actions and reach, reminders (idempotent), figures."""

import datetime

import pytest
from django.urls import reverse

from ipcollab.adjudication import reminders, selectors, services
from ipcollab.adjudication.models import Adjudication, Stage
from ipcollab.notifications.models import Notification

from .conftest import D, decided, demanded, receive, served

pytestmark = pytest.mark.django_db


def test_office_flow_through_pages(bench, login):
    client = login(bench.handler)
    resp = client.post(
        reverse("adjudication:new"),
        {
            "right": bench.patent.number,
            "claims": "1，2",
            "requester": bench.owner.name,
            "requester_status": "patentee",
            "respondent": bench.rival.name,
            "region": "110108",
            "received_on": "2025-06-02",
            "facts": "请求责令停止侵权。",
            "evidence": "专利证书\n公证书",
        },
    )
    a = Adjudication.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("adjudication:detail", kwargs={"pk": a.pk})
    assert a.evidence == ["专利证书", "公证书"] and a.claims == [1, 2]
    page = client.get(resp.url)
    assert page.status_code == 200 and "立案并指定承办人" in page.content.decode()
    resp = client.post(reverse("adjudication:action", kwargs={"pk": a.pk, "action": "accept"}), {"accepted_on": "2025-06-03", "handlers": [bench.handler.pk]})
    assert resp.status_code == 302
    resp = client.post(
        reverse("adjudication:action", kwargs={"pk": a.pk, "action": "hearing"}),
        {"room": bench.room.pk, "starts_at": "2025-07-08T09:00", "ends_at": "2025-07-08T12:00"},
    )
    assert resp.status_code == 302
    # a second hearing over the first is refused on the form, nothing written
    resp = client.post(
        reverse("adjudication:action", kwargs={"pk": a.pk, "action": "hearing"}),
        {"room": bench.room.pk, "starts_at": "2025-07-08T10:00", "ends_at": "2025-07-08T11:00"},
    )
    assert resp.status_code == 400 and "已由" in resp.content.decode()
    assert a.hearings.count() == 1


def test_wrong_office_error_on_the_form(bench, login):
    client = login(bench.sh_handler)
    resp = client.post(
        reverse("adjudication:new"),
        {
            "right": bench.patent.number,
            "claims": "1",
            "requester": bench.owner.name,
            "requester_status": "patentee",
            "respondent": bench.rival.name,
            "region": "110108",
            "received_on": "2025-06-02",
            "facts": "x",
        },
    )
    assert resp.status_code == 200 and "北京市知识产权局" in resp.content.decode()
    assert not Adjudication.objects.exists()


def test_enforcement_too_early_shown_with_rule_and_dates(bench, login):
    a = demanded(bench)
    resp = login(bench.handler).post(reverse("adjudication:action", kwargs={"pk": a.pk, "action": "apply"}), {"applied_on": "2025-10-16"})
    body = resp.content.decode()
    assert resp.status_code == 400 and "行政强制法" in body and "2025-10-16" in body
    a.refresh_from_db()
    assert a.stage == Stage.DEMANDED


def test_court_sees_same_page_with_its_actions_other_court_404(bench, login):
    a = demanded(bench)
    services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    url = reverse("adjudication:detail", kwargs={"pk": a.pk})
    court_page = login(bench.judge).get(url)
    body = court_page.content.decode()
    assert court_page.status_code == 200 and "立案受理（行审）" in body and a.number in body
    assert "送达履行催告书" in body  # the shared timeline
    assert login(bench.other_judge).get(url).status_code == 404
    assert login(bench.sh_handler).get(url).status_code == 404
    resp = login(bench.judge).post(
        reverse("adjudication:action", kwargs={"pk": a.pk, "action": "court_accept"}), {"case_number": "（2025）京0108行审9号", "accepted_on": "2025-10-20"}
    )
    assert resp.status_code == 302
    office_page = login(bench.handler).get(url).content.decode()
    assert "（2025）京0108行审9号" in office_page and "法院已受理" in office_page
    # the office may not rule; the court's list shows it
    resp = login(bench.handler).post(
        reverse("adjudication:action", kwargs={"pk": a.pk, "action": "court_rule"}), {"ruling": "enforce", "ruled_on": "2025-10-22", "reasons": "x"}
    )
    assert resp.status_code == 403
    listing = login(bench.judge).get(reverse("adjudication:list")).content.decode()
    assert a.number in listing


def test_lists_filter_and_query_count(bench, login, django_assert_max_num_queries):
    receive(bench)
    served(bench)
    client = login(bench.handler)
    with django_assert_max_num_queries(20):
        resp = client.get(reverse("adjudication:list"), {"status": "open"})
    assert resp.status_code == 200
    assert len(resp.context["rows"]) == 2
    resp = client.get(reverse("adjudication:list"), {"stage": "served"})
    assert len(resp.context["rows"]) == 1
    resp = client.get(reverse("adjudication:list"), {"stage": "nonsense"})
    assert resp.status_code == 200 and len(resp.context["rows"]) == 0
    assert client.get(reverse("adjudication:figures"), {"start": "2025-12-01", "end": "2025-01-01"}).status_code == 400


def test_figures(bench):
    served(bench)
    a = served(bench, decision="no_infringement")
    services.record_suit(actor=bench.handler, adjudication=a, party=bench.owner, suit_number="（2025）京0108行初88号", filed_on=D(2025, 9, 5))
    f = selectors.figures(bench.handler, D(2025, 1, 1), D(2025, 12, 31))
    assert f["received"] == 2 and f["decided"] == 2 and f["infringement_found"] == 1 and f["infringement_rate"] == 0.5
    assert f["median_days"] == (D(2025, 8, 20) - D(2025, 6, 2)).days
    assert f["suits"] == 1
    assert selectors.figures(bench.sh_handler, D(2025, 1, 1), D(2025, 12, 31))["received"] == 0


def test_dossier_panel_lists_adjudications(bench, login):
    receive(bench)
    page = login(bench.handler).get(reverse("registry:right_detail", kwargs={"pk": bench.patent.pk}))
    assert "专利侵权纠纷行政裁决" in page.content.decode() and "京知执字〔2025〕1号" in page.content.decode()


def test_reminders_once_and_escalation(bench):
    from conftest import make_user

    admin = make_user("a_admin", bench.office, ["agency_admin"], full_name="北京局管理员")
    a = receive(bench)
    assert reminders.send_reminders(today=D(2025, 6, 6)) == 0  # 9 June is 3 days away
    assert reminders.send_reminders(today=D(2025, 6, 7)) == 1
    assert reminders.send_reminders(today=D(2025, 6, 7)) == 0
    assert reminders.send_reminders(today=D(2025, 6, 10)) == 1
    assert reminders.send_reminders(today=D(2025, 6, 11)) == 0
    assert Notification.objects.filter(recipient=admin, code="adjudication.reminder.overdue").count() == 1
    assert Notification.objects.filter(recipient=bench.handler, code="adjudication.reminder.soon").count() == 1
    assert a.log.filter(kind="reminder").count() == 2


def test_court_reminder_goes_to_court(bench):
    a = demanded(bench)
    services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    reminders.send_reminders(today=D(2025, 10, 24))
    assert Notification.objects.filter(recipient=bench.judge, code="adjudication.reminder.today").exists()


def _api(client, user):
    client.force_login(user)
    return client


def test_api_create_idempotent_actions_and_reach(bench, client):
    api = _api(client, bench.office_system)
    body = {
        "right_number": "ZL" + bench.patent.number,
        "requester": bench.owner.pk,
        "respondents": [bench.rival.pk],
        "region": "110108",
        "claims": [1],
        "facts": "请求责令停止侵权。",
        "received_on": "2025-06-02",
        "source_system": "bjipo",
        "source_id": "Q-77",
    }
    r1 = api.post("/api/v1/adjudications/", body, content_type="application/json")
    assert r1.status_code == 201, r1.content
    r2 = api.post("/api/v1/adjudications/", body, content_type="application/json")
    assert r2.status_code == 200 and r2.json()["id"] == r1.json()["id"]
    pk = r1.json()["id"]
    r = api.post(f"/api/v1/adjudications/{pk}/actions/", {"action": "accept", "accepted_on": "2025-06-03"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["error"]["fields"]["handlers"]
    r = api.post(
        f"/api/v1/adjudications/{pk}/actions/",
        {"action": "accept", "accepted_on": "2025-06-03", "handlers": [bench.handler.pk]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "accepted" and r.json()["next_step"]["action"] == "decide"
    r = api.post(
        f"/api/v1/adjudications/{pk}/actions/",
        {"action": "court_rule", "ruling": "enforce", "ruled_on": "2025-07-01", "reasons": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert api.get("/api/v1/adjudications/99999999999999999999/").status_code == 404
    client.logout()
    other = _api(client, bench.other_judge)
    assert other.get(f"/api/v1/adjudications/{pk}/").status_code == 404
    assert other.get("/api/v1/adjudications/").json()["results"] == []
    r = _api(client, bench.office_system).get("/api/v1/adjudications/", {"stage": "bogus"})
    assert r.status_code == 400


def test_api_detail_has_parties_windows_and_enforcement(bench, client):
    a = demanded(bench)
    services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    data = _api(client, bench.judge).get(f"/api/v1/adjudications/{a.pk}/").json()
    windows = {p["name"]: p["window_ends_on"] for p in data["parties"]}
    assert windows == {bench.owner.name: "2025-09-09", bench.rival.name: "2025-09-16"}
    assert data["enforcement"]["court"]["name"] == "北京市海淀区人民法院" and data["enforcement"]["accept_due"] == "2025-10-24"
    assert data["next_step"] == {"action": "court_accept", "due": "2025-10-24", "side": "court"}
    assert any(e["kind"] == "hand_off" and e["to_agency"] == "北京市海淀区人民法院" for e in data["log"])


def test_decided_helper_covers_no_service(bench):
    a = decided(bench)
    assert a.stage == Stage.DECIDED and a.window_ends_on is None
    assert selectors.next_step(a, datetime.date(2025, 9, 1)) is None


def test_dossier_api_panel(bench, client):
    receive(bench)
    data = _api(client, bench.handler).get(f"/api/v1/rights/{bench.patent.pk}/").json()
    assert data["panels"]["adjudication.adjudications"]["adjudications"][0]["number"] == "京知执字〔2025〕1号"
    client.logout()
    data = _api(client, bench.other_judge).get(f"/api/v1/rights/{bench.patent.pk}/").json()
    assert "adjudication.adjudications" not in data["panels"]
