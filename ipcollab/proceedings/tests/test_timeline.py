"""One row of the parallel-proceedings timeline, built in Python (timeline.row_html): what the
template used to print, escaped."""

import datetime

import pytest
from django.utils import translation

from ipcollab.proceedings import selectors, services
from ipcollab.proceedings.models import Proceeding
from ipcollab.proceedings.selectors import Row
from ipcollab.proceedings.timeline import row_html

from .conftest import invalidation, suit


def _row(**fields):
    base = {"track": "court", "kind": "civil", "stage": "second_instance", "number": "（2025）最高法知民终1号", "filed_on": datetime.date(2025, 1, 2)}
    p = Proceeding(pk=7, **{**base, **fields})
    return Row(
        p,
        "chain",
        datetime.date(2025, 3, 1),
        url="/proceedings/7/",
        kind_label="民事",
        stage_label="二审",
        status_label="中止",
        result_label="",
        agency_label="最高法",
        filed_text="2025-01-02",
        closed_text="—",
        stayed_text="2025-03-01",
    )


def test_a_court_row_shows_stage_badges_and_the_stay():
    with translation.override("zh-hans"):
        html = row_html(_row(fast_track=True))
    assert html.startswith('<tr data-kind="civil">')
    assert '<a href="/proceedings/7/">（2025）最高法知民终1号</a> <span class="text-muted">民事 · 二审</span>' in html
    assert '<span class="badge text-bg-info">审级关联</span>' in html and '<span class="badge text-bg-warning">快速办理</span>' in html
    assert "中止自 2025-03-01" in html and "<td>—" in html


def test_an_office_row_shows_survivors_and_decision_number_and_escapes_what_it_prints():
    row = _row(track="office", kind="patent_invalidation", result="partly_invalid", surviving_claims=[2, 5], decision_number="第<1>号", priority="granted")
    row = Row(**{**row.__dict__, "relation": "review", "result_label": "部分无效", "kind_label": "<b>无效</b>"})
    with translation.override("en"):
        html = row_html(row)
    assert html.startswith('<tr class="table-light" data-kind="patent_invalidation">')
    assert "· 二审" not in html and "&lt;b&gt;无效&lt;/b&gt;" in html and "第&lt;1&gt;号" in html
    assert "：2、5</span>" in html and "Priority examination" in html


@pytest.mark.django_db
def test_a_rights_rows_read_as_values_print_what_the_instances_print(bench):
    """The dossier reads its rows as values (selectors.Line); a proceeding's page reads instances.
    Both must print the same row: stays, decisions, survivors, badges, labels."""
    case = suit(bench)
    suit(bench, number="（2026）京73民初1001号")
    inv = invalidation(bench)
    services.record_stay(actor=bench.judge, case=case, started_on=datetime.date(2026, 5, 1), reason="x")
    Proceeding.objects.filter(pk=inv.pk).update(result="partly_invalid", surviving_claims=[2], decision_number="第12345号", priority="granted")
    lines = selectors.parallel_proceedings(bench.judge, right=bench.um)
    ids = [row.proceeding.pk for row in lines]
    visible = selectors.proceedings_for(bench.judge).filter(pk__in=ids).order_by("filed_on", "id")
    instances = selectors._rows(visible, lambda p: "same_right")
    assert len(lines) == 3 and [row.proceeding.pk for row in instances] == ids
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert [row.html for row in lines] == [row.html for row in instances]
    stayed = next(row for row in lines if row.proceeding.pk == case.pk)
    assert stayed.stayed_since == datetime.date(2026, 5, 1) and "中止自 2026-05-01" in stayed.html
    assert "：2</span>" in next(row.html for row in lines if row.proceeding.pk == inv.pk)
