"""One row of the parallel-proceedings timeline, built in Python (timeline.row_html): what the
template used to print, escaped."""

import datetime

from django.utils import translation

from ipcollab.proceedings.models import Proceeding
from ipcollab.proceedings.selectors import Row
from ipcollab.proceedings.timeline import row_html


class _Stay:
    started_on = datetime.date(2025, 3, 1)


def _row(**fields):
    base = {"track": "court", "kind": "civil", "stage": "second_instance", "number": "（2025）最高法知民终1号", "filed_on": datetime.date(2025, 1, 2)}
    p = Proceeding(pk=7, **{**base, **fields})
    return Row(
        p,
        "chain",
        _Stay(),
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
