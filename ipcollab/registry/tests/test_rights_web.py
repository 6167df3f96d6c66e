"""Pages of rights: search box and redirect, dossier (panels, fixed query count), recording an
event, reconciliation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import format_html

from ipcollab.registry import panels, services
from ipcollab.registry.models import LegalEvent, Right

from .test_parties import org
from .test_rights import D, make_mark, make_patent


def add_events(right, n):
    """n licence filings after the grant, written directly (the dossier only reads them)."""
    LegalEvent.objects.bulk_create(
        [LegalEvent(right=right, type="licence_filed", date=D(2021, 1, 1) + datetime.timedelta(days=i), sequence=100 + i) for i in range(n)]
    )


@pytest.mark.django_db
class TestSearchPage:
    def test_pasting_a_number_lands_on_the_dossier(self, world, login):
        right = make_patent(world.examiner)
        response = login(world.judge_a).get(reverse("registry:right_search"), {"q": "ZL 2018 1 0557067.3"})
        assert response.status_code == 302 and response.url == reverse("registry:right_detail", args=[right.pk])

    def test_text_search_lists_matches(self, world, login):
        owner = org(world.examiner, name="华为技术有限公司")
        make_patent(world.examiner, parties=[(owner, "applicant")])
        response = login(world.judge_a).get(reverse("registry:right_search"), {"q": "華為"})
        assert response.status_code == 200 and "201810557067.3" in response.content.decode()

    def test_list_queries_are_bounded(self, world, login, django_assert_max_num_queries):
        for i in range(30):
            make_mark(world.examiner, number=str(1000 + i), title=f"商标{i}")
        client = login(world.judge_a)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("registry:right_search"), {"kind": "trademark"})
        assert response.status_code == 200 and response.content.decode().count("商标2") == 11

    def test_nav_entry(self, world, login):
        html = login(world.judge_a).get(reverse("registry:right_search")).content.decode()
        assert "权利检索" in html and 'name="q"' in html


@pytest.mark.django_db
class TestDossier:
    def test_fixed_query_count_whatever_the_timeline(self, world, login):
        client = login(world.judge_a)
        counts = []
        # Process-wide caches (content types of the panels' visibility filters) warm up first.
        client.get(reverse("registry:right_detail", args=[make_patent(world.examiner, number="202010000001.1").pk]))
        for number, n in (("201810557067.3", 5), ("201920000123.3", 200)):
            right = make_patent(world.examiner, number=number)
            services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
            add_events(right, n)
            services.record_event(world.system, right, "filed", D(2022, 1, 1), source="cnipa")
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("registry:right_detail", args=[right.pk]))
            assert response.status_code == 200
            assert response.content.decode().count("许可合同备案") == n
            counts.append(len(ctx))
        assert counts[0] == counts[1]
        # incl. the freeze panel (ipcollab.preservation.panels): its orders in reach; the
        # parallel-proceedings panel (ipcollab.proceedings.panels): proceedings and evaluation reports;
        # one query each for the mediations, the agreement terms, the adjudications and the standards
        # feedback (consultation) on the right
        assert counts[0] <= 20

    def test_header_timeline_items_and_panels(self, world, login):
        right = make_mark(world.examiner)
        services.record_event(world.system, right, "registered", D(2020, 3, 1), source="cnipa")
        panels.register_panel("test.flags", "测试面板", 10, render=lambda r, u, req: format_html("<p>面板 {}</p>", r.number), api=lambda r, u: {"n": r.number})
        try:
            html = login(world.examiner).get(reverse("registry:right_detail", args=[right.pk])).content.decode()
        finally:
            panels.unregister_panel("test.flags")
        assert "申请中" in html and "飞鸟" in html and "注册" in html
        assert "面板 12345678" in html and "数据来源" in html
        assert "not_allowed_in_status" not in html and "当前状态" in html
        assert reverse("registry:right_record_event", args=[right.pk]) in html

    def test_private_right_is_404_elsewhere(self, world, login):
        right = make_patent(world.examiner, visibility="private")
        assert login(world.judge_a).get(reverse("registry:right_detail", args=[right.pk])).status_code == 404
        assert login(world.examiner).get(reverse("registry:right_detail", args=[right.pk])).status_code == 200


@pytest.mark.django_db
class TestRecordEvent:
    def test_examiner_records_and_refusal_shows_on_the_form(self, world, login):
        right = make_patent(world.examiner)
        client = login(world.examiner)
        url = reverse("registry:right_record_event", args=[right.pk])
        response = client.post(url, {"type": "pledge_recorded", "date": "2020-01-01"})
        assert response.status_code == 400 and "当前状态" in response.content.decode()
        response = client.post(url, {"type": "granted", "date": "2020-01-01"})
        assert response.status_code == 302
        right.refresh_from_db()
        assert right.status == "granted"

    def test_judge_may_not_record(self, world, login):
        right = make_patent(world.examiner)
        assert login(world.judge_a).get(reverse("registry:right_record_event", args=[right.pk])).status_code == 403


@pytest.mark.django_db
class TestReconciliation:
    def test_examiner_rejects_a_held_event(self, world, login):
        right = make_patent(world.examiner)
        item = services.record_event(world.system, right, "granted", D(2017, 1, 1), source="cnipa")
        client = login(world.examiner)
        html = client.get(reverse("registry:reconciliation_list")).content.decode()
        assert right.number in html and "out_of_order" in html
        response = client.post(reverse("registry:reconciliation_resolve", args=[item.pk]), {"action": "reject", "note": "日期有误"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.status == "rejected"
        response = client.post(reverse("registry:reconciliation_resolve", args=[item.pk]), {"action": "reject"})
        assert response.status_code == 400
        assert login(world.judge_a).get(reverse("registry:reconciliation_list")).status_code == 403
        assert Right.objects.get(pk=right.pk).status == "pending"
