"""Presumed receipt (推定送达 / 视为送达), held as data: (regime, method) → how long after
dispatch a document counts as received when no actual receipt is proven.

Each row carries its legal basis with the law version and whether it was checked against a
primary text ([V]) or not ([R], reference.md's tags). None is [V] yet: the rows follow
reference.md §13 and the commonly cited texts, and must be confirmed before they are relied on. A method without a row has no
presumption: the clock starts only when an actual receipt is recorded (e.g. a court's postal
service takes the date on the return receipt, CPL 2023 art 91).

The presumed day is pure arithmetic (dispatch day not counted, no roll-forward): the period
that then runs from receipt rolls forward on its own last day. This table is read-only code
data for now; the rule registry (ipcollab.rulebook) is meant to take it over.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .engine import DAYS, MONTHS


@dataclass(frozen=True)
class Presumption:
    key: str
    regime: str
    method: str
    amount: int
    unit: str
    basis: str
    law_version: str
    verified: bool
    note: object = ""

    @property
    def label(self):
        return f"{self.basis}（{self.law_version}）{'' if self.verified else ' [R]'}"


PRESUMPTIONS = (
    Presumption(
        "patent.post",
        "patent",
        "post",
        15,
        DAYS,
        "专利法实施细则 第4条",
        "2023",
        False,
        _("邮寄的文件，自文件发出之日起满15日，推定为当事人收到文件之日；当事人能证明实际收到日的，以实际收到日为准。"),
    ),
    Presumption(
        "patent.electronic",
        "patent",
        "electronic",
        15,
        DAYS,
        "专利法实施细则 第4条",
        "2023",
        False,
        _("以电子形式送达的文件，按参考资料第13节与邮寄同样推定（发出满15日）；条文措辞待核对原文。"),
    ),
    Presumption(
        "patent.announcement",
        "patent",
        "announcement",
        1,
        MONTHS,
        "专利法实施细则 第4条",
        "2023",
        False,
        _("地址不清无法邮寄的，公告送达，自公告之日起满1个月视为送达。"),
    ),
    Presumption(
        "trademark.post",
        "trademark",
        "post",
        15,
        DAYS,
        "商标法实施条例 第10条",
        "2014",
        False,
        _("邮寄送达的，自文件交发之日起满15日视为送达当事人，能证明实际收到日的除外。"),
    ),
    Presumption(
        "trademark.electronic",
        "trademark",
        "electronic",
        15,
        DAYS,
        "商标法实施条例 第10条",
        "2014",
        False,
        _("以数据电文方式送达的，自文件发出之日起满15日视为送达当事人。"),
    ),
    Presumption(
        "trademark.announcement",
        "trademark",
        "announcement",
        30,
        DAYS,
        "商标法实施条例 第10条",
        "2014",
        False,
        _("公告送达的，自公告发布之日起满30日视为送达当事人。"),
    ),
    Presumption(
        "civil.announcement",
        "civil_procedure",
        "announcement",
        30,
        DAYS,
        "民事诉讼法 第95条",
        "2023",
        False,
        _("公告送达，自发出公告之日起经过30日即视为送达（2023年修正前为60日）；涉外送达另有规定。"),
    ),
)

_BY_KEY = {p.key: p for p in PRESUMPTIONS}
_BY_PAIR = {(p.regime, p.method): p for p in PRESUMPTIONS}


def for_service(regime, method):
    """The presumption that applies to this regime and method, or None."""
    return _BY_PAIR.get((regime, method))


def by_key(key):
    return _BY_KEY.get(key)
