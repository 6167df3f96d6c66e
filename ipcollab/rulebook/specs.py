"""Declarative rule specifications. A module lists its rules as `RULES = [RuleSpec(...), ...]` in
its own `legal_rules.py` and loads them from a data migration with
`ipcollab.rulebook.loader.sync_rules(RULES, apps=apps)` (see docs/rulebook.md).

Helpers build the usual parameter shapes and their JSON Schemas:
- `period(amount, unit, roll_forward=True, bounds=None)`: {"amount", "unit", "roll_forward"};
  `bounds=(min, max)` makes the amount adjustable within those bounds.
- `fixed(**values)`: parameters that are fixed (each key's schema is a `const`).
"""

import copy
from dataclasses import dataclass, field
from datetime import date

UNITS = ("days", "working_days", "months", "years")


def period(amount, unit, roll_forward=True, bounds=None, **extra):
    """Parameters and schema of a period rule. Without bounds the amount is fixed (min = max)."""
    lo, hi = bounds or (amount, amount)
    params = {"amount": amount, "unit": unit, "roll_forward": roll_forward, **extra}
    props = {
        "amount": {"type": "integer", "minimum": lo, "maximum": hi},
        "unit": {"const": unit},
        "roll_forward": {"const": roll_forward},
    }
    for key, value in extra.items():
        props[key] = {"const": value}
    schema = {"type": "object", "properties": props, "required": list(params), "additionalProperties": False}
    return params, schema


def fixed(**values):
    schema = {
        "type": "object",
        "properties": {k: {"const": v} for k, v in values.items()},
        "required": list(values),
        "additionalProperties": False,
    }
    return dict(values), schema


@dataclass(frozen=True)
class RuleSpec:
    code: str
    module: str
    category: str
    title: str
    title_en: str
    legal_basis: str
    article: str
    law_version: str
    effective_from: date
    effective_to: date | None = None
    version_label: str = ""
    params: tuple = field(default_factory=lambda: ({}, {}))
    adjustable: bool = False
    verified: bool = False
    note: str = ""
    source_url: str = ""

    def fields(self):
        parameters, schema = self.params
        return {
            "code": self.code,
            "module": self.module,
            "category": self.category,
            "title": self.title,
            "title_en": self.title_en,
            "legal_basis": self.legal_basis,
            "article": self.article,
            "law_version": self.law_version,
            "version_label": self.version_label or (f"{self.law_version}年" if self.law_version.isdigit() else self.law_version),
            "effective_from": self.effective_from,
            "effective_to": self.effective_to,
            "parameters": copy.deepcopy(parameters),
            "parameters_schema": copy.deepcopy(schema),
            "adjustable": self.adjustable,
            "verification": "V" if self.verified else "R",
            "note": self.note,
            "source_url": self.source_url,
        }
