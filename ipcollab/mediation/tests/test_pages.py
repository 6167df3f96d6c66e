"""The mediation pages as each side uses them: the court entrusts through the form, the
organisation assigns, the mediator accepts, works and records the outcome, the court files the
failed dispute as a case — both sides see the same status; documents with type checks; the
directory, the figures, the home attention items and the right's dossier panel."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_user
from ipcollab.mediation import services
from ipcollab.mediation.models import Mediation, MediationParty, Mediator, Organisation
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import Proceeding

from .workflow_setup import D, active, build, pre_suit


@pytest.fixture
def s(world):
    return build(world)


def _act(client, m, action, data):
    return client.post(reverse("mediation:action", args=[m.pk, action]), data)


def test_court_entrusts_organisation_assigns_mediator_works_court_files(s, client, login):
    page = login(s.judge)
    form = page.get(reverse("mediation:new", args=["pre_suit"]))
    assert form.status_code == 200 and "民诉前调" in form.content.decode()
    response = page.post(
        reverse("mediation:new", args=["pre_suit"]),
        {
            "organisation": s.org.pk,
            "title": "恒远诉宏图侵害实用新型专利权纠纷",
            "field": "patent",
            "received_on": "2026-01-12",
            "court_number": "（2026）京73民诉前调301号",
            "applicant": "北京恒远精密机械有限公司",
            "respondent": "深圳市宏图智能科技有限公司",
            "rights": s.patent.number,
            "claim_amount": "200000",
        },
    )
    m = Mediation.objects.get(court_number="（2026）京73民诉前调301号")
    assert response.status_code == 302 and response["Location"] == reverse("mediation:detail", args=[m.pk])
    client.logout()

    page = login(s.bj_liaison)
    detail = page.get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert 'id="action-assign"' in detail and 'id="action-accept"' not in detail
    assert _act(page, m, "assign", {"mediator": s.m1.pk}).status_code == 302
    client.logout()

    page = login(s.med1)
    detail = page.get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert 'id="action-accept"' in detail and 'id="action-assign"' not in detail
    assert _act(page, m, "accept", {"accepted_on": "2026-01-13"}).status_code == 302
    bad = _act(page, m, "document", {"title": "证据", "file": SimpleUploadedFile("evidence.exe", b"MZ\x90\x00binary"), "visible_to_parties": "on"})
    assert bad.status_code == 400 and "只接受PDF" in bad.content.decode()
    good = _act(page, m, "document", {"title": "专利权评价报告", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.7\nreport"), "visible_to_parties": "on"})
    assert good.status_code == 302
    doc = m.documents.get()
    assert doc.sha256 == hashlib.sha256(b"%PDF-1.7\nreport").hexdigest() and doc.size == 15
    assert _act(page, m, "outcome", {"outcome": "failure", "ended_on": "2026-02-10", "note": "赔偿数额分歧过大"}).status_code == 302
    client.logout()

    page = login(s.judge)
    detail = page.get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert "调解不成" in detail and 'id="action-file_case"' in detail
    assert page.get(reverse("mediation:document", args=[m.pk, doc.pk])).status_code == 200
    filed = _act(page, m, "file_case", {"number": "（2026）京73民初401号", "cause": "patent_infringement_utility_model", "filed_on": "2026-02-12"})
    assert filed.status_code == 302
    m.refresh_from_db()
    assert m.case == Proceeding.objects.get(number="（2026）京73民初401号") and m.court_follow_up == "filed"
    client.logout()
    # the organisation sees the same status
    detail = login(s.med1).get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert "已登记立案" in detail and "（2026）京73民初401号" in detail


def test_new_mediation_form_errors(s, login):
    page = login(s.judge)
    url = reverse("mediation:new", args=["pre_suit"])
    data = {"organisation": s.org.pk, "title": "纠纷", "field": "patent", "received_on": "2026-01-12", "court_number": "（2026）京73民诉前调302号"}
    unknown = page.post(url, {**data, "applicant": "不存在的公司", "respondent": "深圳市宏图智能科技有限公司"})
    assert unknown.status_code == 400 and "登记簿中没有此当事人" in unknown.content.decode()
    wrong = page.post(
        url, {**data, "applicant": "北京恒远精密机械有限公司", "respondent": "深圳市宏图智能科技有限公司", "court_number": "（2026）沪73民诉前调1号"}
    )
    assert wrong.status_code == 400 and "沪73" in wrong.content.decode()
    assert not Mediation.objects.exists()
    assert page.get(reverse("mediation:new", args=["administrative"])).status_code == 403


def test_failed_action_shows_the_reason(s, login):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    page = login(s.med1)
    response = _act(page, m, "outcome", {"outcome": "agreement", "ended_on": "2026-02-10"})
    assert response.status_code == 400 and "调解协议尚未经各方当事人确认生效" in response.content.decode()
    assert _act(page, m, "extend", {"days": "", "reason": ""}).status_code == 400
    assert _act(page, m, "session", {"starts_at": "2026-01-20T09:00", "ends_at": "2026-01-20T08:00", "mode": "onsite", "place": "调解室"}).status_code == 400
    ok = _act(page, m, "session", {"starts_at": "2026-01-20T09:00", "ends_at": "2026-01-20T11:00", "mode": "onsite", "place": "北京知调委第一调解室"})
    assert ok.status_code == 302
    session = m.sessions.get()
    assert _act(page, m, "minutes", {"session": session.pk, "held": "on", "minutes": "双方陈述意见，约定下次会议。"}).status_code == 302
    session.refresh_from_db()
    assert session.held and "双方陈述意见" in session.minutes
    assert _act(page, m, "minutes", {"session": 2**62, "held": "on", "minutes": "x"}).status_code == 404


def test_party_sees_only_what_is_shown_to_parties(s, client, login):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    services.add_log(actor=s.med1, mediation=m, text="内部评估：被申请人有和解意愿", visible_to_parties=False)
    internal = services.add_document(actor=s.med1, mediation=m, title="内部评估", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), visible_to_parties=False)
    shown = services.add_document(actor=s.med1, mediation=m, title="调解须知", file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"), visible_to_parties=True)
    party_user = make_user("m_party_user", None, [], kind="external", full_name="恒远法务")
    MediationParty.objects.filter(mediation=m, party=s.owner).update(user=party_user)
    page = login(party_user)
    body = page.get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert "调解须知" in body and "内部评估" not in body and 'id="mediation-actions"' not in body
    assert page.get(reverse("mediation:document", args=[m.pk, internal.pk])).status_code == 404
    assert page.get(reverse("mediation:document", args=[m.pk, shown.pk])).status_code == 200
    assert _act(page, m, "log", {"kind": "note", "text": "x"}).status_code == 403
    # the staff's agreements panel (and its way to the agreements desk) is not on the party's page
    assert 'id="agreements-panel"' not in body
    staff = login(s.med1).get(reverse("mediation:detail", args=[m.pk])).content.decode()
    assert 'id="agreements-panel"' in staff and reverse("mediation:agreements", args=[m.pk]) in staff


def test_list_filters(s, login):
    a = active(s, pre_suit(s, received_on=D(2026, 1, 12)), accepted_on=D(2026, 1, 13))  # due 02-12: overdue today
    b = pre_suit(s, number="（2026）京73民诉前调102号")
    page = login(s.judge)
    body = page.get(reverse("mediation:list")).content.decode()
    assert a.number in body and b.number in body
    body = page.get(reverse("mediation:list"), {"overdue": "1"}).content.decode()
    assert a.number in body and b.number not in body
    body = page.get(reverse("mediation:list"), {"status": "awaiting", "mediator": "abc"}).content.decode()
    assert b.number in body and a.number not in body
    assert login(s.med_sh).get(reverse("mediation:list")).content.decode().count("TJ2026-") == 0


def test_home_attention_and_navigation(s, client, login):
    m = services.assign(actor=s.bj_liaison, mediation=pre_suit(s), mediator=s.m1)
    body = login(s.med1).get("/").content.decode()
    assert "调解案件待接受" in body and reverse("mediation:list") in body
    client.logout()
    services.decline(actor=s.med1, mediation=m, reason="回避")
    body = login(s.bj_liaison).get("/").content.decode()
    assert "调解案件待分配" in body
    client.logout()
    active(s, m)
    body = login(s.judge).get("/").content.decode()
    assert "调解已超期" in body  # received 2026-01-12, due 2026-02-11


def test_dossier_panel(s, login):
    m = pre_suit(s)
    body = login(s.judge).get(s.patent.get_absolute_url()).content.decode()
    assert 'id="mediation-panel"' in body and m.number in body
    body = login(s.med_sh).get(s.patent.get_absolute_url()).content.decode()
    assert m.number not in body


def test_directory_registration_pages(s, client, login):
    page = login(s.sh_admin)
    assert page.get(reverse("mediation:organisations"), {"field": "patent", "region": "310000"}).status_code == 200
    edit = reverse("mediation:organisation_edit", args=[s.org_sh.pk])
    response = page.post(edit, {"fields_": ["patent", "copyright"], "languages": ["zh", "en"], "capacity": 30, "accepting": "on", "active": "on"})
    assert response.status_code == 302
    s.org_sh.refresh_from_db()
    assert s.org_sh.fields == ["patent", "copyright"] and s.org_sh.capacity == 30
    assert page.get(reverse("mediation:organisation_edit", args=[s.org.pk])).status_code == 403
    newcomer = make_user("m_sh_new", s.sh, ["mediator"], full_name="新调解员")
    response = page.post(
        reverse("mediation:mediator_new", args=[s.org_sh.pk]),
        {"user": newcomer.pk, "fields_": ["patent"], "languages": ["zh"], "max_caseload": 6, "available": "on"},
    )
    assert response.status_code == 302 and Mediator.objects.filter(user=newcomer, organisation=s.org_sh).exists()
    body = page.get(reverse("mediation:mediators"), {"available": "yes"}).content.decode()
    assert "新调解员" in body
    client.logout()
    gd = Agency.objects.get(code="med-guangdong")
    gd_admin = make_user("m_gd_admin", gd, ["agency_admin"])
    page = login(gd_admin)
    response = page.post(
        reverse("mediation:organisation_new"), {"agency": gd.pk, "fields_": ["patent"], "languages": ["zh"], "capacity": 25, "accepting": "on"}
    )
    assert response.status_code == 302 and Organisation.objects.filter(agency=gd).exists()


def test_figures_page(s, login):
    a = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    services.record_outcome(actor=s.med1, mediation=a, outcome="failure", ended_on=D(2026, 1, 22))
    body = login(s.judge).get(reverse("mediation:figures"), {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert 'id="figures-summary"' in body and "0%" in body


def test_list_filters_answer_htmx_with_the_rows_only(s, login):
    a = pre_suit(s)
    body = login(s.judge).get(reverse("mediation:list"), {"source": "pre_suit"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="mediation-results">') and a.number in body and "<html" not in body
