"""Attention items counted together in one query, and the top menu's grouped entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipcollab.core import attention, navigation
from ipcollab.orgs.models import Agency, Region

pytestmark = pytest.mark.django_db


def test_count_all_counts_every_queryset_in_one_query(world):
    agencies = Agency.objects.all()
    with CaptureQueriesContext(connection) as ctx:
        counts = attention.count_all([agencies, agencies.filter(kind="court"), agencies.none(), Region.objects.filter(code="110000")])
    assert len(ctx.captured_queries) == 1
    assert counts == [agencies.count(), agencies.filter(kind="court").count(), 0, 1]
    assert attention.count_all([]) == []


def test_counted_items_show_only_with_a_count_and_in_level_order(world, monkeypatch):
    monkeypatch.setattr(attention, "_providers", [])
    courts = Agency.objects.filter(kind="court")

    @attention.register
    def provider(user):
        return [
            attention.Counted(courts, "info", "法院", url="/a/"),
            attention.Counted(courts.none(), "danger", "无"),
            attention.Attention("danger", "固定项"),
        ]

    items = attention.items_for(world.judge_a)
    assert [(a.level, a.title, a.count) for a in items] == [("danger", "固定项", None), ("info", "法院", courts.count())]


def test_entries_naming_a_group_show_as_one_dropdown_in_place(world, monkeypatch):
    monkeypatch.setattr(navigation, "_entries", [])
    for key, order, group in (("a", 10, None), ("g1", 20, "组"), ("b", 30, None), ("g2", 40, "组")):
        navigation.register(navigation.NavEntry(key=key, label=key, url_name="home:index", order=order, group=group, group_path="/g/"))
    menu = navigation.menu_for(world.judge_a)
    assert [m.key for m in menu] == ["a", "group:g1", "b"]
    assert [e.key for e in menu[1].entries] == ["g1", "g2"] and menu[1].label == "组" and menu[1].path == "/g/"
