"""The stay guidance of `stay.py` with what the rule registry adds: whether the request came within
the defence period (from the service of the complaint, the rule `civil.defence_period[.foreign]`
in force then) and the cited rule in force on the day of the request. Used by the case pages
(issue 6) and by the CNIPA side when it tells courts of a decision."""

from dataclasses import dataclass

from ipcollab.rulebook.registry import get_rule, period_rule_deadline

from . import stay, time_limits


def defence_period_ends(served_on, *, foreign=False):
    """The last day the defendant may answer (and, for a utility model or design, request
    invalidation with a stay as of course): 15 days from service, 30 for a defendant without
    domicile in China; rolled past rest days (deadline engine)."""
    return period_rule_deadline("civil.defence_period.foreign" if foreign else "civil.defence_period", served_on)


@dataclass(frozen=True)
class CitedGuidance:
    guidance: stay.Guidance
    rule: object | None  # the LegalRule version in force on the day of the request
    defence_period_ends: object | None


def stay_guidance(
    *, patent_kind, requested_on=None, complaint_served_on=None, foreign_defendant=False, upheld_by_cnipa=False, asserted_claims_invalidated=False, grounds=()
):
    """The guidance for a suit whose defendant requested invalidation on `requested_on` (None: no
    request), the complaint having been served on `complaint_served_on`."""
    ends = defence_period_ends(complaint_served_on, foreign=foreign_defendant) if complaint_served_on else None
    within = bool(requested_on and ends and requested_on <= ends)
    situation = stay.Situation(
        patent_kind=patent_kind,
        invalidation_requested=requested_on is not None,
        within_defence_period=within,
        upheld_by_cnipa=upheld_by_cnipa,
        asserted_claims_invalidated=asserted_claims_invalidated,
        grounds=frozenset(grounds),
    )
    result = stay.guidance(situation)
    rule = get_rule(result.rule_code, requested_on or complaint_served_on) if result.rule_code and (requested_on or complaint_served_on) else None
    return CitedGuidance(result, rule, ends)


def case_time_limit(rule_code, filed_on, *, today, pauses=(), extensions=(), rule=None):
    """The 审限 of a case under the time-limit rule in force on its filing day (e.g.
    `trial.time_limit.civil_first_instance`), with its stays and approved extensions."""
    rule = rule or get_rule(rule_code, filed_on)
    limit = time_limits.trial_limit(filed_on, int(rule.parameters["amount"]), rule.parameters["unit"], pauses=pauses, extensions=extensions, today=today)
    return limit, rule
