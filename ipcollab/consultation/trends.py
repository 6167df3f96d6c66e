"""The trend data an agenda item rests on (会商议题的数据支撑).

A few built-in series, each computed from the platform's proceedings in the proposer's reach
(proceedings.selectors.proceedings_for, filtered in SQL) over a period of whole months. The
proposer picks one and a period; the computed series is snapshotted into AgendaItem.trend, so
that the minutes later read the figures the meeting saw, not today's.

A trend, computed here or sent by an agency system through the API, has one shape:

    {"title": str, "unit": str, "source": str, "labels": [str, ...],
     "series": [{"name": str, "values": [number, ...]}, ...]}

plus, for a computed one, "code" and "period" {"start": "YYYY-MM", "end": "YYYY-MM"}.
`validate` checks the shape (every series has one number per label) and returns the cleaned dict.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.proceedings import causes, outcomes
from ipcollab.proceedings.models import Kind, Stage, Status, Track

MAX_MONTHS = 36
MAX_LABELS = 60
MAX_SERIES = 12
KEYS = {"title", "unit", "source", "labels", "series", "code", "period"}


@dataclass(frozen=True)
class Spec:
    code: str
    label: object
    step: str  # "month" | "quarter"
    unit: object
    describe: object


SPECS = {
    s.code: s
    for s in (
        Spec(
            "invalidation_decisions",
            gettext_lazy("专利无效宣告审查决定（按月、按结论）"),
            "month",
            gettext_lazy("件"),
            gettext_lazy("国家知识产权局专利无效宣告程序中作出审查决定的件数，按决定日期所在月份和决定结论统计。"),
        ),
        Spec(
            "admin_suits_outcome",
            gettext_lazy("专利、商标授权确权行政诉讼一审结果（按季度）"),
            "quarter",
            gettext_lazy("件"),
            gettext_lazy("以国家知识产权局为被告的授权确权行政案件一审结案件数，按结案日期所在季度和对被诉决定的处理结果统计。"),
        ),
        Spec(
            "infringement_suits",
            gettext_lazy("新收知识产权侵权民事一审案件（按月）"),
            "month",
            gettext_lazy("件"),
            gettext_lazy("新收侵权类民事一审案件件数，按立案日期所在月份和权利类别统计。"),
        ),
    )
}
CHOICES = [(code, spec.label) for code, spec in SPECS.items()]

INVALIDATION_RESULTS = ("all_invalid", "partly_invalid", "upheld")
ADMIN_RESULTS = ("decision_upheld", "decision_revoked", "decision_partly_revoked")
ADMIN_CATEGORIES = ("admin_cnipa_patent", "admin_cnipa_trademark")
INFRINGEMENT_CAUSES = tuple(c.code for c in causes.causes_for("civil") if c.infringement)


def _invalid(message, field="trend"):
    raise ServiceError(ErrorCode.MEETING_TREND_INVALID, message, fields={field: [message]})


def _month(value):
    """A date, or "YYYY-MM", as the first day of its month; None when it is neither."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    try:
        year, month = str(value or "").strip().split("-")[:2]
        return datetime.date(int(year), int(month), 1)
    except (TypeError, ValueError):
        return None


def _next_month(d):
    return d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)


def _buckets(start, end, step):
    """(label, first day, first day of the next bucket) for each month or quarter of [start, end]."""
    out = []
    if step == "quarter":
        d = start.replace(month=(start.month - 1) // 3 * 3 + 1)
        while d <= end:
            nxt = d
            for _i in range(3):
                nxt = _next_month(nxt)
            out.append((f"{d.year}Q{(d.month - 1) // 3 + 1}", d, nxt))
            d = nxt
    else:
        d = start
        while d <= end:
            nxt = _next_month(d)
            out.append((f"{d.year}-{d.month:02d}", d, nxt))
            d = nxt
    return out


def _count(rows, buckets, keys):
    """rows: (date, key); counts per key per bucket, keys in the order given."""
    table = {k: [0] * len(buckets) for k in keys}
    for day, key in rows:
        if key not in table or day is None:
            continue
        for i, (_label, lo, hi) in enumerate(buckets):
            if lo <= day < hi:
                table[key][i] += 1
                break
    return table


def compute(code, *, user, start, end):
    """The series `code` for the months start..end (dates or "YYYY-MM"), over the proceedings in
    `user`'s reach."""
    from ipcollab.proceedings.selectors import proceedings_for

    spec = SPECS.get(code)
    if spec is None:
        _invalid(_("没有这种趋势数据。"), "trend_code")
    start, end = _month(start), _month(end)
    if start is None or end is None or end < start:
        _invalid(_("统计期间有误：起止月份须为 YYYY-MM，且截止月份不早于起始月份。"), "trend_start")
    if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
        _invalid(_("统计期间最长%(n)s个月。") % {"n": MAX_MONTHS}, "trend_start")
    buckets = _buckets(start, end, spec.step)
    lo, hi = buckets[0][1], buckets[-1][2]
    qs = proceedings_for(user)
    if code == "invalidation_decisions":
        rows = qs.filter(track=Track.OFFICE, kind=Kind.PATENT_INVALIDATION, status=Status.CLOSED, closed_on__gte=lo, closed_on__lt=hi)
        table = _count(rows.values_list("closed_on", "result"), buckets, INVALIDATION_RESULTS)
        names = {k: str(outcomes.RESULTS[k]) for k in INVALIDATION_RESULTS}
    elif code == "admin_suits_outcome":
        rows = qs.filter(
            track=Track.COURT,
            kind=Kind.ADMINISTRATIVE,
            stage=Stage.FIRST_INSTANCE,
            category__in=ADMIN_CATEGORIES,
            status=Status.CLOSED,
            closed_on__gte=lo,
            closed_on__lt=hi,
        )
        table = _count(rows.values_list("closed_on", "result"), buckets, ADMIN_RESULTS)
        names = {k: str(outcomes.RESULTS[k]) for k in ADMIN_RESULTS}
    else:
        rows = qs.filter(track=Track.COURT, kind=Kind.CIVIL, stage=Stage.FIRST_INSTANCE, cause__in=INFRINGEMENT_CAUSES, filed_on__gte=lo, filed_on__lt=hi)
        kinds = {c: (causes.cause(c).right_kind or "other") for c in INFRINGEMENT_CAUSES}
        table = _count(((d, kinds[c]) for d, c in rows.values_list("filed_on", "cause")), buckets, ("patent", "trademark", "other"))
        names = {"patent": _("专利"), "trademark": _("商标"), "other": _("著作权及其他")}
    return {
        "code": code,
        "title": str(spec.label),
        "unit": str(spec.unit),
        "source": str(spec.describe) + " " + _("数据来源：本平台案件数据（提议人可见范围），计算于 %(d)s。") % {"d": timezone.localdate().isoformat()},
        "period": {"start": f"{start.year}-{start.month:02d}", "end": f"{end.year}-{end.month:02d}"},
        "labels": [b[0] for b in buckets],
        "series": [{"name": names[k], "values": table[k]} for k in table],
    }


def _text(value, name, limit, *, required=False):
    if value is None:
        value = ""
    if not isinstance(value, str):
        _invalid(_("%(k)s须为文字。") % {"k": name})
    value = value.strip()
    if required and not value:
        _invalid(_("趋势数据须有%(k)s。") % {"k": name})
    if len(value) > limit:
        _invalid(_("%(k)s最长%(n)s个字符。") % {"k": name, "n": limit})
    return value


def _number(v):
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if abs(v) > 1e15:
        return None
    return v


def validate(trend):
    """The cleaned trend, {} for an empty one; MEETING_TREND_INVALID on any fault of shape."""
    if trend is None or trend == {}:
        return {}
    if not isinstance(trend, dict):
        _invalid(_("趋势数据须为对象。"))
    unknown = set(trend) - KEYS
    if unknown:
        _invalid(_("趋势数据有不认识的项：%(k)s。") % {"k": "、".join(sorted(map(str, unknown)))})
    out = {
        "title": _text(trend.get("title"), "title", 200, required=True),
        "unit": _text(trend.get("unit"), "unit", 20),
        "source": _text(trend.get("source"), "source", 500),
    }
    labels = trend.get("labels")
    if not isinstance(labels, list) or not 1 <= len(labels) <= MAX_LABELS:
        _invalid(_("labels 须为1至%(n)s个标签。") % {"n": MAX_LABELS})
    out["labels"] = [_text(v, "labels", 20, required=True) for v in labels]
    series = trend.get("series")
    if not isinstance(series, list) or not 1 <= len(series) <= MAX_SERIES:
        _invalid(_("series 须为1至%(n)s个数据序列。") % {"n": MAX_SERIES})
    out["series"] = []
    for s in series:
        if not isinstance(s, dict) or set(s) - {"name", "values"}:
            _invalid(_("每个数据序列须为 {name, values}。"))
        values = s.get("values")
        if not isinstance(values, list) or len(values) != len(labels):
            _invalid(_("每个数据序列的数值个数须与标签个数相同。"))
        clean = [_number(v) for v in values]
        if any(v is None for v in clean):
            _invalid(_("数据序列的数值须为有限的数字。"))
        out["series"].append({"name": _text(s.get("name"), "name", 60, required=True), "values": clean})
    if "code" in trend:
        code = trend["code"]
        if code not in SPECS:
            _invalid(_("没有这种趋势数据。"))
        out["code"] = code
    if "period" in trend:
        period = trend["period"]
        if not isinstance(period, dict) or set(period) != {"start", "end"} or _month(period.get("start")) is None or _month(period.get("end")) is None:
            _invalid(_("period 须为 {start, end}（YYYY-MM）。"))
        out["period"] = {"start": str(period["start"])[:7], "end": str(period["end"])[:7]}
    return out
