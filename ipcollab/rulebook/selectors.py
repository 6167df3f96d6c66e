"""Reads of the rule registry and the jurisdiction tables. Rules and tables are reference data
that every staff account may read (permission rulebook.view, checked by the views)."""

from django.db.models import Q

from ipcollab.core.errors import NotFound

from .models import AdjudicationJurisdiction, AppealRoute, FirstInstanceJurisdiction, LegalRule
from .registry import in_effect_q


def rule_list(*, on=None, category=None, module=None, verification=None, q=None, adjustable=None):
    """One row per version; with `on`, only the versions in effect that day."""
    qs = LegalRule.objects.all()
    if on is not None:
        qs = qs.filter(in_effect_q(on))
    if category:
        qs = qs.filter(category=category)
    if module:
        qs = qs.filter(module=module)
    if verification:
        qs = qs.filter(verification=verification)
    if adjustable is not None:
        qs = qs.filter(adjustable=adjustable)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(title_en__icontains=q) | Q(legal_basis__icontains=q))
    return qs.order_by("code", "effective_from")


def latest_versions(qs):
    """The newest version of each code in `qs` (for the list page)."""
    newest = {}
    for row in qs.order_by("code", "effective_from"):
        newest[row.code] = row
    return list(newest.values())


def modules():
    return list(LegalRule.objects.order_by("module").values_list("module", flat=True).distinct())


def rule_versions(code):
    rows = list(LegalRule.objects.filter(code=code).select_related("adjusted_by").order_by("-effective_from"))
    if not rows:
        raise NotFound()
    return rows


def first_instance_rows(*, category=None):
    qs = FirstInstanceJurisdiction.objects.select_related("region", "court", "division")
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("category", "region_id", "effective_from")


def appeal_rows(*, category=None):
    qs = AppealRoute.objects.select_related("region", "target")
    if category:
        qs = qs.filter(Q(category=category) | Q(category=""))
    return qs.order_by("category", "from_tier", "region_id", "effective_from")


def adjudication_rows():
    return AdjudicationJurisdiction.objects.select_related("region", "office").order_by("scope", "region_id", "effective_from")
