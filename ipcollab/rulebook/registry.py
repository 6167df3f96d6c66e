"""The rule registry: the one way the platform reads a statutory rule.

    get_rule(code, on) -> RuleVersion             the version in effect on a date
    period_rule_deadline(code, start, on=None) -> date
    rule_deadline(code, start, on=None) -> RuleDeadline   (the date with the rule it applied)
    register_rule(**fields or spec, actor=None) -> RuleVersion

Errors are `RuleError` (a ServiceError) with codes `rule_unknown`, `rule_not_in_effect`,
`rule_not_a_period`, `rule_dates_overlap`, `rule_parameters_invalid`; a deadline that cannot be
computed keeps the deadline engine's code (e.g. `calendar_unpublished`).
"""

import copy
from dataclasses import dataclass
from datetime import date

import jsonschema
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ipcollab.core.errors import ErrorCode

from .citations import citation
from .errors import RuleError
from .models import LegalRule, RuleCategory
from .specs import UNITS, RuleSpec

__all__ = ["RuleDeadline", "RuleError", "RuleVersion", "get_rule", "period_rule_deadline", "register_rule", "rule_deadline", "versions_of"]


@dataclass(frozen=True)
class RuleVersion:
    id: int
    code: str
    module: str
    category: str
    title: str
    title_en: str
    legal_basis: str
    article: str
    law_version: str
    version_label: str
    effective_from: date
    effective_to: date | None
    parameters: dict
    parameters_schema: dict
    adjustable: bool
    verification: str
    note: str
    source_url: str

    @classmethod
    def of(cls, row):
        return cls(
            id=row.pk,
            code=row.code,
            module=row.module,
            category=row.category,
            title=row.title,
            title_en=row.title_en,
            legal_basis=row.legal_basis,
            article=row.article,
            law_version=row.law_version,
            version_label=row.version_label,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            parameters=copy.deepcopy(row.parameters),
            parameters_schema=copy.deepcopy(row.parameters_schema),
            adjustable=row.adjustable,
            verification=row.verification,
            note=row.note,
            source_url=row.source_url,
        )

    @property
    def verified(self):
        return self.verification == "V"

    @property
    def citation(self):
        return citation(self.legal_basis, self.version_label, self.article)

    def in_effect(self, on):
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class RuleDeadline:
    start: date
    deadline: date
    rule: RuleVersion


def _as_date(value, field):
    if isinstance(value, date):
        return value
    raise RuleError(ErrorCode.INVALID, _("日期无效。"), fields={field: [_("请输入有效日期（YYYY-MM-DD）。")]})


def in_effect_q(on):
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def get_rule(code, on):
    """The version of rule `code` in effect on `on`."""
    on = _as_date(on, "on")
    row = LegalRule.objects.filter(in_effect_q(on), code=code).first()
    if row is not None:
        return RuleVersion.of(row)
    if not LegalRule.objects.filter(code=code).exists():
        raise RuleError(ErrorCode.RULE_UNKNOWN, _("法律规则库中没有规则“%(code)s”。") % {"code": code})
    raise RuleError(
        ErrorCode.RULE_NOT_IN_EFFECT,
        _("规则“%(code)s”在 %(on)s 没有生效的版本。") % {"code": code, "on": on.isoformat()},
        fields={"on": [_("该日期不在此规则任何版本的生效期间内。")]},
    )


def versions_of(code):
    """All versions of a rule, oldest first (rule_unknown when there is none)."""
    rows = list(LegalRule.objects.filter(code=code).order_by("effective_from"))
    if not rows:
        raise RuleError(ErrorCode.RULE_UNKNOWN, _("法律规则库中没有规则“%(code)s”。") % {"code": code})
    return [RuleVersion.of(r) for r in rows]


def rule_deadline(code, start, on=None):
    """The last day of the period rule `code`, counted from `start` (not counted), with the
    version applied. The version is the one in effect on `on` (default: `start`, the day the
    triggering event happened)."""
    from ipcollab.deadlines import DeadlineError, compute_deadline

    start = _as_date(start, "start")
    rule = get_rule(code, on if on is not None else start)
    params = rule.parameters
    if rule.category not in (RuleCategory.PERIOD, RuleCategory.TIME_LIMIT, RuleCategory.MAXIMUM) or params.get("unit") not in UNITS:
        raise RuleError(ErrorCode.RULE_NOT_A_PERIOD, _("规则“%(code)s”不是期间规则。") % {"code": code})
    try:
        deadline = compute_deadline(start, int(params["amount"]), params["unit"], roll_forward=bool(params.get("roll_forward", True)))
    except DeadlineError as exc:
        code_ = exc.code if exc.code in ErrorCode._value2member_map_ else ErrorCode.INVALID
        raise RuleError(code_, str(exc), fields={exc.field or "start": [str(exc)]}) from exc
    return RuleDeadline(start=start, deadline=deadline, rule=rule)


def period_rule_deadline(code, start, on=None):
    """The deadline date of period rule `code` counted from `start` (see rule_deadline)."""
    return rule_deadline(code, start, on).deadline


# ---------------------------------------------------------------------------------------------
# Writing versions (used by the loader, the adjust service and data migrations)
# ---------------------------------------------------------------------------------------------


def check_parameters(parameters, schema):
    """Validate parameters against the rule's JSON Schema. Bounds (minimum/maximum/const/enum)
    → rule_out_of_bounds; any other mismatch → rule_parameters_invalid."""
    if not isinstance(parameters, dict):
        raise RuleError(ErrorCode.RULE_PARAMETERS_INVALID, fields={"parameters": [_("参数须为 JSON 对象。")]})
    try:
        jsonschema.Draft202012Validator.check_schema(schema or {})
    except jsonschema.SchemaError as exc:
        raise RuleError(ErrorCode.RULE_PARAMETERS_INVALID, _("规则的参数格式本身无效。"), fields={"parameters_schema": [exc.message]}) from exc
    errors = sorted(jsonschema.Draft202012Validator(schema or {}).iter_errors(parameters), key=lambda e: list(e.path))
    if not errors:
        return
    bounds = [e for e in errors if e.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "const", "enum")]
    fields = {}
    for e in errors:
        key = ".".join(str(p) for p in e.path) or "parameters"
        if e.validator in ("minimum", "exclusiveMinimum"):
            msg = _("不得小于 %(v)s。") % {"v": e.validator_value}
        elif e.validator in ("maximum", "exclusiveMaximum"):
            msg = _("不得大于 %(v)s。") % {"v": e.validator_value}
        elif e.validator == "const":
            msg = _("该项不可调整，须为 %(v)s。") % {"v": e.validator_value}
        elif e.validator == "type":
            msg = _("类型不符（须为 %(v)s）。") % {"v": e.validator_value}
        elif e.validator == "required":
            msg = _("缺少必填参数。")
        elif e.validator == "additionalProperties":
            msg = _("含有该规则没有的参数。")
        else:
            msg = _("参数无效。")
        fields.setdefault(key, []).append(msg)
    if len(bounds) == len(errors):
        raise RuleError(ErrorCode.RULE_OUT_OF_BOUNDS, fields=fields)
    raise RuleError(ErrorCode.RULE_PARAMETERS_INVALID, fields=fields)


def overlapping(model, code, start, end, exclude_pk=None):
    """Versions of `code` whose range meets [start, end] (end None = open)."""
    qs = model.objects.filter(code=code).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    if end is not None:
        qs = qs.filter(effective_from__lte=end)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def check_dates(model, code, start, end, exclude_pk=None):
    if end is not None and end < start:
        raise RuleError(ErrorCode.RULE_DATES_OVERLAP, _("失效日期不得早于生效日期。"), fields={"effective_to": [_("失效日期不得早于生效日期。")]})
    clash = overlapping(model, code, start, end, exclude_pk).first()
    if clash is not None:
        raise RuleError(
            ErrorCode.RULE_DATES_OVERLAP,
            _("与规则“%(code)s”自 %(from)s 起的版本在生效期间上重叠。") % {"code": code, "from": clash.effective_from.isoformat()},
            fields={"effective_from": [_("与已有版本的生效期间重叠。")]},
        )


def register_rule(spec=None, *, actor=None, model=None, **fields):
    """Create one version of a rule (a RuleSpec, or the fields of LegalRule). Checks the
    parameters against the schema and refuses overlapping ranges (rule_dates_overlap). Audited
    when an actor is given. `model` lets a data migration pass its historical LegalRule."""
    model = model or LegalRule
    data = spec.fields() if isinstance(spec, RuleSpec) else dict(fields)
    with transaction.atomic():
        # lock the existing versions of this code (PostgreSQL); SQLite serialises writers anyway
        list(model.objects.select_for_update().filter(code=data["code"]).values_list("pk", flat=True))
        check_parameters(data.get("parameters", {}), data.get("parameters_schema", {}))
        check_dates(model, data["code"], data["effective_from"], data.get("effective_to"))
        row = model.objects.create(**data)
        if actor is not None:
            from ipcollab.audit.services import record

            record(actor=actor, action="rulebook.rule_register", obj=row, after={k: v for k, v in data.items() if k != "parameters_schema"})
    return RuleVersion.of(row) if model is LegalRule else row
