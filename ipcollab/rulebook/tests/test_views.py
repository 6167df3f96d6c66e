"""Pages: rule list, detail, adjust form, the competent-court finder, the tables; the cite_rule
tag; the audited admin of the tables."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.rulebook.models import FirstInstanceJurisdiction, LegalRule

pytestmark = pytest.mark.django_db
ADJUSTABLE = "preservation.freeze_max_period.patent"


def test_rule_list_for_staff_with_filters(world, login, django_assert_max_num_queries):
    client = login(world.judge_a)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("rulebook:rule_list"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "不服第一审民事判决的上诉期间" in body and "依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条" in body
    r = client.get(reverse("rulebook:rule_list"), {"category": "maximum", "verification": "R"})
    body = r.content.decode()
    assert "专利权财产保全每次冻结的最长期限" in body and "不服第一审民事判决的上诉期间" not in body
    r = client.get(reverse("rulebook:rule_list"), {"module": "drug_linkage"})
    assert "化学仿制药等待期" in r.content.decode() and "上诉期间" not in r.content.decode()
    r = client.get(reverse("rulebook:rule_list"), {"category": "nonsense"})
    assert r.status_code == 200 and "没有符合条件的规则" in r.content.decode()


def test_external_parties_are_refused(world, login):
    client = login(world.external)
    assert client.get(reverse("rulebook:rule_list")).status_code == 403
    assert client.get(reverse("rulebook:finder")).status_code == 403


def test_rule_detail_shows_versions_and_citation(world, login):
    r = login(world.examiner).get(reverse("rulebook:rule_detail", kwargs={"code": "mediation.judicial_confirmation.apply_within"}))
    body = r.content.decode()
    assert r.status_code == 200
    for article in ("第一百九十四条", "第二百零一条", "第二百零五条"):
        assert article in body
    assert "今日适用" in body and "调整参数" not in body
    assert login(world.examiner).get(reverse("rulebook:rule_detail", kwargs={"code": "nope"})).status_code == 404


def test_adjust_page_flow(world, login):
    client = login(world.platform_admin)
    detail = client.get(reverse("rulebook:rule_detail", kwargs={"code": ADJUSTABLE}))
    assert "调整参数" in detail.content.decode()
    url = reverse("rulebook:rule_adjust", kwargs={"code": ADJUSTABLE})
    page = client.get(url)
    assert page.status_code == 200 and "允许范围：1–36" in page.content.decode()
    start = timezone.localdate() + datetime.timedelta(days=7)
    bad = client.post(url, {"param_amount": "40", "effective_from": start.isoformat(), "reason": "测试"})
    assert bad.status_code == 400 and "不得大于 36" in bad.content.decode()
    past = client.post(url, {"param_amount": "12", "effective_from": "2020-01-01", "reason": "测试"})
    assert past.status_code == 400 and "不能改写过去" in past.content.decode()
    ok = client.post(url, {"param_amount": "12", "effective_from": start.isoformat(), "reason": "统一上限"})
    assert ok.status_code == 302
    assert LegalRule.objects.get(code=ADJUSTABLE, effective_from=start).parameters["amount"] == 12
    follow = client.get(ok["Location"])
    assert "统一上限" in follow.content.decode()


def test_adjust_page_refusals(world, login):
    assert login(world.admin_a).get(reverse("rulebook:rule_adjust", kwargs={"code": ADJUSTABLE})).status_code == 403
    fixed = login(world.platform_admin).get(reverse("rulebook:rule_adjust", kwargs={"code": "trial.appeal_period.civil_judgment"}))
    assert fixed.status_code == 409 and "不可调整" in fixed.content.decode()


def test_finder_answers_with_the_cited_rule(world, login):
    client = login(world.clerk_a)
    r = client.get(reverse("rulebook:finder"), {"category": "invention_patent", "region": "440305", "on": "2024-05-01", "instance": "first"})
    body = r.content.decode()
    assert r.status_code == 200 and "深圳市中级人民法院" in body and "粤03" in body and "法释〔2022〕13号" in body
    r = client.get(reverse("rulebook:finder"), {"category": "utility_model", "on": "2023-11-02", "instance": "second", "from_court": "苏01"})
    assert "江苏省高级人民法院" in r.content.decode()
    r = client.get(reverse("rulebook:finder"), {"category": "trademark", "region": "999999", "on": "2024-05-01", "instance": "first"})
    assert r.status_code == 200 and "不是平台已知的行政区划代码" in r.content.decode()
    r = client.get(reverse("rulebook:finder"), {"category": "trademark", "region": "540000", "on": "2024-05-01", "instance": "first"})
    assert "no_competent_court" in r.content.decode()
    r = client.get(reverse("rulebook:finder"), {"category": "x", "on": "bad", "instance": "second"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()


def test_tables_page(world, login, django_assert_max_num_queries):
    client = login(world.judge_b)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("rulebook:tables"), {"category": "invention_patent"})
    assert r.status_code == 200 and "深圳市中级人民法院" in r.content.decode()
    with django_assert_max_num_queries(12):
        r = client.get(reverse("rulebook:tables"), {"table": "appeal", "category": "utility_model"})
    body = r.content.decode()
    assert "jurisdiction.appeal.high_court_2023" in body and "2023-10-31" in body
    r = client.get(reverse("rulebook:tables"), {"table": "adjudication"})
    assert "深圳市市场监督管理局（知识产权局）" in r.content.decode()
    assert "管理后台" not in r.content.decode()
    assert "管理后台" in login(world.platform_admin).get(reverse("rulebook:tables")).content.decode()


def test_nav_entries(world, login):
    body = login(world.judge_a).get(reverse("home:index")).content.decode()
    assert reverse("rulebook:rule_list") in body and reverse("rulebook:finder") in body


def _render(text, **ctx):
    return Template("{% load rulebook %}" + text).render(Context(ctx))


def test_cite_rule_tag():
    out = _render('{% cite_rule "trial.appeal_period.civil_judgment" %}')
    assert "依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条" in out and 'data-rule="trial.appeal_period.civil_judgment"' in out
    old = _render('{% cite_rule "mediation.judicial_confirmation.apply_within" on=day tag=True %}', day=datetime.date(2022, 6, 1))
    assert "（2021年修正）第二百零一条" in old and "[V]" in old
    assert _render('{% cite_rule "no.such.rule" %}').strip() == ""
    assert _render('{% cite_rule "trial.appeal_period.civil_judgment" on=day %}', day=datetime.date(1999, 1, 1)).strip() == ""


def test_admin_edits_of_the_tables_are_audited(world, login):
    for user in (world.platform_admin, world.admin_a):
        user.is_staff = True
        user.save()
    client = login(world.platform_admin)
    row = FirstInstanceJurisdiction.objects.get(category="invention_patent", region_id="440300")
    url = reverse("admin:rulebook_firstinstancejurisdiction_change", args=[row.pk])
    assert client.get(url).status_code == 200
    data = {
        "category": row.category,
        "region": row.region_id,
        "court": row.court_id,
        "division": "",
        "effective_from": "2022-05-01",
        "effective_to": "2030-12-31",
        "rule_code": row.rule_code,
        "note": "测试修改",
    }
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    row.refresh_from_db()
    assert row.effective_to == datetime.date(2030, 12, 31)
    event = AuditEvent.objects.get(action="admin.change", object_type="rulebook.firstinstancejurisdiction")
    assert event.after["effective_to"] == "2030-12-31"
    bad = client.post(url, {**data, "rule_code": "no.such.rule"})
    assert bad.status_code == 200 and "法律规则库中没有该规则代码" in bad.content.decode()
    # rule versions themselves are read-only in the admin
    rule = LegalRule.objects.get(code=ADJUSTABLE)
    assert client.post(reverse("admin:rulebook_legalrule_change", args=[rule.pk]), {"note": "x"}).status_code == 403
    # an agency admin with is_staff still has no business here
    assert login(world.admin_a).get(url).status_code == 403
