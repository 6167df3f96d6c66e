"""Presumed receipt (推定送达 / 视为送达): which rule of the rule registry applies to a
(regime, method) of service. The periods themselves — amount, unit, legal basis, law version,
[V]/[R] — live in the registry (ipcollab.rulebook, rule codes below), so each is recorded once
and versioned by effective date. A method without a row has no presumption: the clock starts
only when an actual receipt is recorded (e.g. a court's postal service takes the date on the
return receipt).

`deadlines` sits below `rulebook` in the layers, so the registry plugs itself in at start-up
(`set_rule_source`, called by RulebookConfig.ready) instead of being imported here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Presumption:
    key: str
    regime: str
    method: str
    rule_code: str


@dataclass(frozen=True)
class AppliedRule:
    """A presumption rule as in effect on one day, as the registry answered it."""

    code: str
    amount: int
    unit: str
    label: str  # the citation, e.g. 依据《中华人民共和国专利法实施细则》（2023年修订）第4条
    verified: bool
    note: str


PRESUMPTIONS = (
    Presumption("patent.post", "patent", "post", "cnipa.presumed_receipt"),
    Presumption("patent.electronic", "patent", "electronic", "cnipa.presumed_receipt"),
    Presumption("patent.announcement", "patent", "announcement", "cnipa.presumed_receipt.announcement"),
    Presumption("trademark.post", "trademark", "post", "trademark.presumed_receipt"),
    Presumption("trademark.electronic", "trademark", "electronic", "trademark.presumed_receipt"),
    Presumption("trademark.announcement", "trademark", "announcement", "trademark.presumed_receipt.announcement"),
    Presumption("civil.announcement", "civil_procedure", "announcement", "civil.announcement_service"),
)

_BY_KEY = {p.key: p for p in PRESUMPTIONS}
_BY_PAIR = {(p.regime, p.method): p for p in PRESUMPTIONS}
_rule_source = None


def set_rule_source(source):
    """`source(rule_code, on: date) -> AppliedRule`; raises the registry's ServiceError when no
    version of the rule is in effect on that day."""
    global _rule_source
    _rule_source = source


def for_service(regime, method):
    """The presumption row for this regime and method, or None."""
    return _BY_PAIR.get((regime, method))


def by_key(key):
    return _BY_KEY.get(key)


def applied(presumption, on):
    if _rule_source is None:
        raise RuntimeError("no rule source: ipcollab.rulebook must be installed to compute presumed receipt")
    return _rule_source(presumption.rule_code, on)


def describe(key, on):
    """The rule applied for a stored presumption key on the day of dispatch, or None."""
    presumption = by_key(key)
    return applied(presumption, on) if presumption and on else None
