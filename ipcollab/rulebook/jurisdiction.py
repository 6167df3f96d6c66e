"""Which court (or IP office) is competent, on a date, from the jurisdiction tables.

    competent_court(category, region_code, on, *, instance="first", from_court=None) -> Decision
    appellate_court(case_court, category, on) -> Decision
    adjudication_office(region_code, on, *, major=False) -> Decision

A Decision names the court or office, the table row applied and the registry rule it cites
(with the citation text screens show). Errors are RuleError with codes `category_unknown`,
`region_unknown`, `court_unknown`, `no_competent_court`, `no_appellate_court`,
`no_adjudication_office`, or `invalid` for a bad argument.

Matching: a row applies when it is in effect on the date and its territory (region) is the
given region or one of its ancestors (no region = nationwide); the most specific territory wins.
Appeal rows are matched on the case court's tier and territory; a row for the case's category
beats a row for all categories. See docs/rulebook.md.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ipcollab.core.errors import ErrorCode
from ipcollab.orgs.models import Agency, AgencyKind, Region

from .errors import RuleError
from .models import AdjudicationJurisdiction, AdjudicationScope, AppealRoute, CaseCategory, CourtTier, FirstInstanceJurisdiction
from .registry import RuleVersion, get_rule, in_effect_q

INSTANCES = ("first", "second")

_TIER_OF_LEVEL = {"national": CourtTier.SUPREME, "provincial": CourtTier.HIGH, "municipal": CourtTier.INTERMEDIATE, "county": CourtTier.BASIC}


@dataclass(frozen=True)
class Decision:
    agency: Agency  # the court, or the IP office for adjudication
    row: object  # the table row applied
    rule: RuleVersion
    on: date

    @property
    def court(self):
        return self.agency

    @property
    def citation(self):
        return self.rule.citation

    @property
    def note(self):
        return getattr(self.row, "note", "")

    @property
    def division(self):
        return getattr(self.row, "division", None)


def _date(on):
    if not isinstance(on, date):
        raise RuleError(ErrorCode.INVALID, _("日期无效。"), fields={"on": [_("请输入有效日期（YYYY-MM-DD）。")]})
    return on


def check_category(category):
    if category not in CaseCategory.values:
        raise RuleError(ErrorCode.CATEGORY_UNKNOWN, fields={"category": [_("未知的案件类别：%(c)s") % {"c": category}]})
    return category


def region_chain(region_code):
    """[region, parent, grandparent…] codes of a GB/T 2260 region known to the platform."""
    code = str(region_code or "").strip()
    region = Region.objects.select_related("parent__parent").filter(code=code).first() if len(code) == 6 and code.isdigit() else None
    if region is None:
        raise RuleError(ErrorCode.REGION_UNKNOWN, fields={"region": [_("不是平台已知的行政区划代码：%(c)s") % {"c": code}]})
    chain = []
    while region is not None and len(chain) < 5:
        chain.append(region.code)
        region = region.parent
    return chain


def _pick(rows, chain):
    """The row with the most specific territory: deepest region in the chain, nationwide last."""
    depth = {code: i for i, code in enumerate(chain)}
    candidates = [r for r in rows if r.region_id is None or r.region_id in depth]
    if not candidates:
        return None
    return min(candidates, key=lambda r: depth.get(r.region_id, len(chain)))


def _decision(agency, row, on):
    return Decision(agency=agency, row=row, rule=get_rule(row.rule_code, on), on=on)


def _court(value):
    """A court given as an Agency or by its court code (法院代字)."""
    if isinstance(value, Agency):
        court = value if value.kind == AgencyKind.COURT else None
    else:
        code = str(value or "").strip()
        court = Agency.objects.select_related("region", "parent").filter(kind=AgencyKind.COURT, court_code=code).first() if code else None
    if court is None:
        raise RuleError(ErrorCode.COURT_UNKNOWN, fields={"from_court": [_("平台中没有该法院：%(c)s") % {"c": value}]})
    return court


def court_tier(court):
    return _TIER_OF_LEVEL.get(court.level)


def competent_court(category, region_code, on, *, instance="first", from_court=None):
    """The court competent for a case of `category` in `region_code` on `on`. With
    instance="second", the appellate court of `from_court` (see appellate_court)."""
    if instance not in INSTANCES:
        raise RuleError(ErrorCode.INVALID, fields={"instance": [_("审级须为 first 或 second。")]})
    check_category(category)
    on = _date(on)
    if instance == "second":
        if not from_court:
            raise RuleError(ErrorCode.REQUIRED, fields={"from_court": [_("第二审须指明一审法院。")]})
        return appellate_court(from_court, category, on)
    rows = list(FirstInstanceJurisdiction.objects.select_related("court", "court__region", "division").filter(in_effect_q(on), category=category))
    if region_code in (None, ""):
        chain = []
    else:
        chain = region_chain(region_code)
    row = _pick(rows, chain)
    if row is None:
        label = CaseCategory(category).label
        raise RuleError(
            ErrorCode.NO_COMPETENT_COURT,
            _("管辖表中没有%(on)s适用于“%(category)s”案件%(where)s的第一审法院。")
            % {"on": on.isoformat(), "category": label, "where": _("在该地域") if chain else _("（请指定地域）")},
        )
    return _decision(row.court, row, on)


def appellate_court(case_court, category, on):
    """The court that hears an appeal against `case_court`'s first-instance decision in a case
    of `category` decided (or appealed) on `on`."""
    check_category(category)
    on = _date(on)
    court = _court(case_court)
    tier = court_tier(court)
    rows = list(AppealRoute.objects.select_related("target", "target__region").filter(in_effect_q(on), from_tier=tier, category__in=[category, ""]))
    chain = region_chain(court.region_id) if court.region_id else []
    specific = [r for r in rows if r.category == category]
    row = _pick(specific, chain) or _pick([r for r in rows if r.category == ""], chain)
    target = None
    if row is not None:
        target = row.target or (Agency.objects.filter(pk=court.parent_id, kind=AgencyKind.COURT).first() if court.parent_id else None)
    if row is None or target is None or target.pk == court.pk:
        raise RuleError(
            ErrorCode.NO_APPELLATE_COURT,
            _("上诉路径表中没有%(on)s适用于%(court)s“%(category)s”案件的上诉法院。")
            % {"on": on.isoformat(), "court": court.name, "category": CaseCategory(category).label},
        )
    return _decision(target, row, on)


def adjudication_office(region_code, on, *, major=False):
    """The IP office (管理专利工作的部门) that handles administrative adjudication of a patent
    infringement dispute in `region_code` on `on`; `major=True` for disputes of major national
    significance (CNIPA)."""
    on = _date(on)
    scope = AdjudicationScope.MAJOR if major else AdjudicationScope.ORDINARY
    chain = region_chain(region_code) if region_code not in (None, "") else []
    rows = list(AdjudicationJurisdiction.objects.select_related("office").filter(in_effect_q(on), scope=scope))
    row = _pick(rows, chain)
    if row is None:
        raise RuleError(ErrorCode.NO_ADJUDICATION_OFFICE, _("行政裁决管辖表中没有%(on)s适用于该地域的部门。") % {"on": on.isoformat()})
    return _decision(row.office, row, on)
