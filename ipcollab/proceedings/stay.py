"""Stay guidance (issue 6, point 4; reference §7): when the defendant of a patent infringement suit
requests invalidation, what the rules tell the judge to do — pure, no database.

The rules (SPC provisions on patent disputes, 2015 arts 9–11, renumbered 5–7 in 2020 [R]; SPC
interpretation II on patent infringement, 2016, art 2 [R]) are cited from the rule registry by the
codes returned here; the judge decides and records the stay.

| the patent | invalidation requested | guidance |
|---|---|---|
| utility model or design, not upheld by CNIPA | within the defence period | shall stay — may decline on a ground in the file (evaluation report finding no ground, publicly known technique shown, evidence clearly insufficient, other) |
| utility model or design | after the defence period | shall not stay, unless the court finds it necessary |
| invention, or a utility model / design already upheld by CNIPA | within the defence period | may decline to stay |
| invention, or upheld | after the defence period | need not stay (may decline) |
| any | the asserted claims already declared invalid by CNIPA | may dismiss the suit (驳回起诉) without waiting for the administrative suit |
"""

from dataclasses import dataclass, field

INVENTION, UTILITY_MODEL, DESIGN = "invention", "utility_model", "design"
PATENT_KINDS = (INVENTION, UTILITY_MODEL, DESIGN)

# Outcomes
SHALL_STAY = "shall_stay"
MAY_DECLINE = "may_decline"
SHALL_NOT_STAY = "shall_not_stay"
MAY_DISMISS = "may_dismiss"
NO_REQUEST = "no_request"

# Grounds in the file on which a court may decline a stay it would otherwise order.
EVALUATION_REPORT_NO_GROUND = "evaluation_report_no_ground"
PUBLICLY_KNOWN = "publicly_known"
EVIDENCE_INSUFFICIENT = "evidence_insufficient"
DECLINE_GROUNDS = (EVALUATION_REPORT_NO_GROUND, PUBLICLY_KNOWN, EVIDENCE_INSUFFICIENT)

# Rule registry codes (ipcollab.rulebook.legal_rules)
RULE_UM_DESIGN_TIMELY = "stay.um_design.within_defence_period"
RULE_UM_DESIGN_LATE = "stay.um_design.after_defence_period"
RULE_INVENTION_OR_UPHELD = "stay.invention_or_upheld"
RULE_DISMISS_AFTER_INVALID = "stay.dismiss_after_invalidation"


class StayError(ValueError):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Situation:
    patent_kind: str
    invalidation_requested: bool
    within_defence_period: bool = False
    upheld_by_cnipa: bool = False  # an earlier invalidation decision kept the patent (维持有效)
    asserted_claims_invalidated: bool = False  # CNIPA declared the claims asserted in the suit invalid
    grounds: frozenset = field(default_factory=frozenset)  # DECLINE_GROUNDS present in the file


@dataclass(frozen=True)
class Guidance:
    outcome: str
    rule_code: str | None
    decline_grounds: tuple = ()  # the grounds in the file the court may rely on to decline


def guidance(situation: Situation) -> Guidance:
    """What the rules say for this situation. Raises StayError on a situation that cannot be."""
    if situation.patent_kind not in PATENT_KINDS:
        raise StayError("patent_kind_unknown", f"unknown patent kind: {situation.patent_kind!r}")
    unknown = set(situation.grounds) - set(DECLINE_GROUNDS)
    if unknown:
        raise StayError("ground_unknown", f"unknown grounds: {sorted(unknown)}")
    if situation.upheld_by_cnipa and situation.asserted_claims_invalidated:
        raise StayError("contradiction", "the asserted claims cannot be both upheld and invalidated")
    if situation.asserted_claims_invalidated:
        return Guidance(MAY_DISMISS, RULE_DISMISS_AFTER_INVALID)
    if not situation.invalidation_requested:
        return Guidance(NO_REQUEST, None)
    # Grounds are reported in a fixed order, whatever order they came in.
    present = tuple(g for g in DECLINE_GROUNDS if g in situation.grounds)
    if situation.patent_kind == INVENTION or situation.upheld_by_cnipa:
        if situation.patent_kind != INVENTION and not situation.within_defence_period:
            # An upheld utility model or design attacked late: the stricter rule of lateness.
            return Guidance(SHALL_NOT_STAY, RULE_UM_DESIGN_LATE)
        return Guidance(MAY_DECLINE, RULE_INVENTION_OR_UPHELD)
    if situation.within_defence_period:
        return Guidance(SHALL_STAY, RULE_UM_DESIGN_TIMELY, present)
    return Guidance(SHALL_NOT_STAY, RULE_UM_DESIGN_LATE)
