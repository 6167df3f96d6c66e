"""Which outcomes each kind of proceeding can end in (data, checked by the services).

Court cases end by a disposition (judgment, ruling, mediation statement, withdrawal) with a result
that depends on the stage; an administrative case about a CNIPA decision ends with that decision
upheld, revoked, or revoked in part — the result CNIPA is told of. CNIPA proceedings end by a
decision (or withdrawal) whose result depends on the kind: a patent invalidation declares all
claims invalid, some of them (naming the survivors), or upholds the patent.
"""

from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

# --- court dispositions --------------------------------------------------------------------------
JUDGMENT, RULING, MEDIATION, WITHDRAWAL, DECISION = "judgment", "ruling", "mediation", "withdrawal", "decision"
DISPOSITIONS = MappingProxyType(
    {
        JUDGMENT: _("判决"),
        RULING: _("裁定"),
        MEDIATION: _("调解书"),
        WITHDRAWAL: _("撤诉/撤回请求"),
        DECISION: _("审查决定"),
    }
)

# --- results -------------------------------------------------------------------------------------
RESULTS = MappingProxyType(
    {
        # civil / criminal first instance
        "claims_supported": _("支持诉讼请求"),
        "claims_partly_supported": _("部分支持诉讼请求"),
        "claims_rejected": _("驳回诉讼请求"),
        "suit_dismissed": _("驳回起诉"),
        "mediated": _("调解结案"),
        "convicted": _("有罪判决"),
        "acquitted": _("无罪判决"),
        # appeals and retrials
        "affirmed": _("驳回上诉，维持原判"),
        "reversed": _("改判"),
        "partly_reversed": _("部分改判"),
        "remanded": _("发回重审"),
        "retrial_ordered": _("裁定再审"),
        "petition_rejected": _("驳回再审申请"),
        # administrative cases about a CNIPA decision (at any instance: the decision's fate)
        "decision_upheld": _("维持被诉决定（驳回诉讼请求）"),
        "decision_revoked": _("撤销被诉决定"),
        "decision_partly_revoked": _("部分撤销被诉决定"),
        # CNIPA: patent invalidation
        "all_invalid": _("宣告专利权全部无效"),
        "partly_invalid": _("宣告专利权部分无效"),
        "upheld": _("维持专利权有效"),
        # CNIPA: reexamination and trademark reviews
        "rejection_upheld": _("维持驳回决定"),
        "rejection_revoked": _("撤销驳回决定"),
        "rejection_partly_revoked": _("部分撤销驳回决定"),
        # trademarks
        "registration_approved": _("准予注册"),
        "registration_refused": _("不予注册"),
        "registration_partly_refused": _("部分不予注册"),
        "mark_invalid": _("宣告注册商标无效"),
        "mark_partly_invalid": _("宣告注册商标部分无效"),
        "mark_maintained": _("维持注册商标"),
        # drug patent linkage (court or CNIPA ruling)
        "within_scope": _("落入专利权保护范围"),
        "not_within_scope": _("未落入专利权保护范围"),
        "withdrawn": _("撤回"),
    }
)

_CIVIL_FIRST = ("claims_supported", "claims_partly_supported", "claims_rejected", "suit_dismissed", "mediated", "withdrawn")
_CRIMINAL_FIRST = ("convicted", "acquitted", "withdrawn")
_APPEAL = ("affirmed", "reversed", "partly_reversed", "remanded", "suit_dismissed", "mediated", "withdrawn")
_RETRIAL_REVIEW = ("retrial_ordered", "petition_rejected", "withdrawn")
_ADMIN_ABOUT_DECISION = ("decision_upheld", "decision_revoked", "decision_partly_revoked", "suit_dismissed", "withdrawn")

OFFICE_RESULTS = MappingProxyType(
    {
        "patent_invalidation": ("all_invalid", "partly_invalid", "upheld", "withdrawn"),
        "patent_reexamination": ("rejection_upheld", "rejection_revoked", "withdrawn"),
        "tm_opposition": ("registration_approved", "registration_refused", "registration_partly_refused", "withdrawn"),
        "tm_invalidation": ("mark_invalid", "mark_partly_invalid", "mark_maintained", "withdrawn"),
        "tm_rejection_review": ("rejection_upheld", "rejection_revoked", "rejection_partly_revoked", "withdrawn"),
        "tm_non_registration_review": ("registration_approved", "registration_refused", "registration_partly_refused", "withdrawn"),
        "tm_invalidation_review": ("mark_invalid", "mark_partly_invalid", "mark_maintained", "withdrawn"),
        "drug_linkage_ruling": ("within_scope", "not_within_scope", "withdrawn"),
    }
)
# Results that leave part of the right standing, and so need the surviving claims (patents) —
# the goods or classes that survive a partial trademark decision are written in the decision.
PARTIAL_RESULTS = frozenset({"partly_invalid"})
# The invalidation results that let a court dismiss an infringement suit (reference §7).
INVALIDATING_RESULTS = frozenset({"all_invalid", "partly_invalid", "mark_invalid", "mark_partly_invalid"})


def court_results(kind, stage, *, about_decision=False, drug_linkage=False):
    """The results a court case of `kind` at `stage` may end with."""
    if stage in ("second_instance", "retrial"):
        results = _APPEAL
    elif stage == "retrial_review":
        results = _RETRIAL_REVIEW
    elif kind == "administrative" and about_decision:
        results = _ADMIN_ABOUT_DECISION
    elif kind == "criminal":
        results = _CRIMINAL_FIRST
    else:
        results = _CIVIL_FIRST
    if about_decision and stage in ("second_instance", "retrial"):
        results = _ADMIN_ABOUT_DECISION + ("remanded",)
    if drug_linkage:
        results = results + ("within_scope", "not_within_scope")
    return results


def court_dispositions(result):
    """How a court case can end with `result`: a withdrawal by a ruling allowing it, a mediated
    case by a mediation statement, a dismissal or remand by a ruling, the rest by judgment."""
    if result == "withdrawn":
        return (WITHDRAWAL,)
    if result in ("suit_dismissed", "remanded", "retrial_ordered", "petition_rejected"):
        return (RULING,)
    if result == "mediated":
        return (MEDIATION,)
    return (JUDGMENT,)


def label(result):
    return RESULTS.get(result, result)
