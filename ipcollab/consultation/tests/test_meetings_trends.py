"""trends.py: the built-in series computed from proceedings in the proposer's reach, and the check
of a trend's shape."""

import datetime

import pytest

from ipcollab.consultation import trends
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.proceedings.models import Proceeding

pytestmark = pytest.mark.django_db
D = datetime.date
_seq = iter(range(1, 10_000))


def _office(world, result, closed_on, **extra):
    return Proceeding.objects.create(
        track="office",
        kind="patent_invalidation",
        stage="office",
        number=f"4W{next(_seq):06d}",
        agency=world.office,
        filed_on=D(2025, 1, 2),
        status="closed",
        closed_on=closed_on,
        result=result,
        **extra,
    )


def _court(world, **fields):
    n = next(_seq)
    return Proceeding.objects.create(track="court", stage="first_instance", number=f"（2026）京73民初{n}号", agency=world.court_a, **fields)


def _series(trend):
    return {s["name"]: s["values"] for s in trend["series"]}


def test_invalidation_decisions_per_month_by_result(world):
    _office(world, "all_invalid", D(2026, 1, 5))
    _office(world, "all_invalid", D(2026, 1, 31))
    _office(world, "partly_invalid", D(2026, 3, 1))
    _office(world, "upheld", D(2026, 3, 31))
    _office(world, "upheld", D(2026, 4, 1))  # after the period
    _office(world, "upheld", D(2025, 12, 31))  # before it
    trend = trends.compute("invalidation_decisions", user=world.judge_a, start="2026-01", end="2026-03")
    assert trend["labels"] == ["2026-01", "2026-02", "2026-03"]
    assert _series(trend) == {"宣告专利权全部无效": [2, 0, 0], "宣告专利权部分无效": [0, 0, 1], "维持专利权有效": [0, 0, 1]}
    assert trend["code"] == "invalidation_decisions" and trend["period"] == {"start": "2026-01", "end": "2026-03"}
    assert trends.validate(trend) == trend


def test_only_proceedings_in_the_proposers_reach_count(world):
    _office(world, "all_invalid", D(2026, 1, 5), visibility="private")
    assert _series(trends.compute("invalidation_decisions", user=world.judge_a, start="2026-01", end="2026-01"))["宣告专利权全部无效"] == [0]
    assert _series(trends.compute("invalidation_decisions", user=world.examiner, start="2026-01", end="2026-01"))["宣告专利权全部无效"] == [1]


def test_admin_suits_outcome_per_quarter(world):
    for result, closed in (("decision_upheld", D(2026, 2, 1)), ("decision_revoked", D(2026, 3, 31)), ("decision_revoked", D(2026, 4, 1))):
        _court(world, kind="administrative", category="admin_cnipa_patent", filed_on=D(2025, 6, 1), status="closed", closed_on=closed, result=result)
    _court(
        world, kind="administrative", category="invention_patent", filed_on=D(2025, 6, 1), status="closed", closed_on=D(2026, 2, 1), result="decision_upheld"
    )
    trend = trends.compute("admin_suits_outcome", user=world.judge_a, start="2026-02", end="2026-05")
    assert trend["labels"] == ["2026Q1", "2026Q2"]
    assert _series(trend)["维持被诉决定（驳回诉讼请求）"] == [1, 0]
    assert _series(trend)["撤销被诉决定"] == [1, 1]


def test_new_infringement_suits_per_month_by_right(world):
    _court(world, kind="civil", cause="patent_infringement_invention", filed_on=D(2026, 5, 3))
    _court(world, kind="civil", cause="trademark_infringement", filed_on=D(2026, 5, 30))
    _court(world, kind="civil", cause="copyright_infringement", filed_on=D(2026, 6, 1))
    _court(world, kind="civil", cause="patent_non_infringement", filed_on=D(2026, 6, 1))  # not an infringement suit
    trend = trends.compute("infringement_suits", user=world.judge_a, start="2026-05", end="2026-06")
    assert _series(trend) == {"专利": [1, 0], "商标": [1, 0], "著作权及其他": [0, 1]}


@pytest.mark.parametrize(
    "code, start, end",
    [
        ("nothing", "2026-01", "2026-02"),
        ("infringement_suits", "2026-03", "2026-01"),
        ("infringement_suits", "2026-13", "2026-12"),
        ("infringement_suits", "2020-01", "2026-01"),
        ("infringement_suits", "", ""),
    ],
)
def test_bad_requests_for_a_series(world, code, start, end):
    with pytest.raises(ServiceError) as exc:
        trends.compute(code, user=world.judge_a, start=start, end=end)
    assert exc.value.code == ErrorCode.MEETING_TREND_INVALID


def test_validate_keeps_a_sent_trend_and_trims_it(world):
    sent = {"title": " 案件量 ", "labels": ["1月", "2月"], "series": [{"name": "收案", "values": [1, 2.5]}, {"name": "结案", "values": [0, -1]}]}
    assert trends.validate(sent) == {
        "title": "案件量",
        "unit": "",
        "source": "",
        "labels": ["1月", "2月"],
        "series": [{"name": "收案", "values": [1, 2.5]}, {"name": "结案", "values": [0, -1]}],
    }
    assert trends.validate(None) == {} and trends.validate({}) == {}
    with pytest.raises(ServiceError):
        trends.validate({**sent, "labels": ["x"] * (trends.MAX_LABELS + 1), "series": [{"name": "s", "values": [1] * (trends.MAX_LABELS + 1)}]})
    with pytest.raises(ServiceError):
        trends.validate({**sent, "period": {"start": "2026-01"}})
    with pytest.raises(ServiceError):
        trends.validate({**sent, "series": [{"name": "s", "values": [1e300 * 10, 1]}]})
