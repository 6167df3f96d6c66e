"""The registry as the source of ipcollab.deadlines' presumed-receipt periods."""

from ipcollab.deadlines.presumptions import AppliedRule

from .registry import get_rule


def rule_source(code, on):
    rule = get_rule(code, on)
    params = rule.parameters
    return AppliedRule(
        code=rule.code,
        amount=params["amount"],
        unit=params["unit"],
        label=str(rule.citation) + ("" if rule.verified else " [R]"),
        verified=rule.verified,
        note=rule.note,
    )
