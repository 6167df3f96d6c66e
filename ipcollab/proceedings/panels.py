"""The parallel-proceedings panel on a right's dossier (registry.panels): every proceeding about the
right that the reader can see — infringement suits, validity proceedings, administrative suits
about those decisions — on one timeline with key dates and outcomes, and the right's patent
evaluation reports. A fixed number of queries, whatever the number of proceedings."""

from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.translation import gettext_lazy as _

from ipcollab.registry.panels import register_panel

from . import selectors
from .models import EvaluationReport


def _visible(user):
    return user.is_authenticated and user.is_active and getattr(user, "kind", None) in ("staff", "system") or getattr(user, "is_superuser", False)


def _rows(right, user):
    return selectors.parallel_proceedings(user, right=right)


def _reports(right):
    # The case's number only (a whole proceeding row is wide: grounds, evidence, refs).
    return list(EvaluationReport.objects.filter(right=right).annotate(case_number=F("case__number")).order_by("-id"))


def _data(right, user):
    if not _visible(user):
        return None
    rows = _rows(right, user)
    return {
        "proceedings": [
            {
                "id": r.proceeding.pk,
                "number": r.proceeding.number,
                "track": r.proceeding.track,
                "kind": r.proceeding.kind,
                "stage": r.proceeding.stage,
                "agency": r.proceeding.agency_name,
                "filed_on": r.proceeding.filed_on.isoformat(),
                "status": r.proceeding.status,
                "stayed_since": r.stayed_since.isoformat() if r.stayed_since else None,
                "closed_on": r.proceeding.closed_on.isoformat() if r.proceeding.closed_on else None,
                "result": r.proceeding.result or None,
                "decision_number": r.proceeding.decision_number or None,
                "surviving_claims": list(r.proceeding.surviving_claims or []),
            }
            for r in rows
        ],
        "evaluation_reports": [
            {
                "number": e.number or None,
                "status": e.status,
                "issued_on": e.issued_on.isoformat() if e.issued_on else None,
                "defects_found": e.defects_found,
                "conclusion": e.conclusion,
            }
            for e in _reports(right)
        ],
    }


def _render(right, user, request):
    if not _visible(user):
        return None
    rows = _rows(right, user)
    reports = _reports(right)
    if not rows and not reports:
        return None
    context = {"right": right, "rows": rows, "reports": reports, "follow_template": follow_template()}
    return render_to_string("proceedings/panels/parallel.html", context, request=request)


def follow_template():
    """The follow control of the alerts app (the app above this one), when it is installed."""
    try:
        get_template("alerts/_follow_button.html")
    except TemplateDoesNotExist:
        return None
    return "alerts/_follow_button.html"


register_panel("proceedings.parallel", _("平行程序"), 100, render=_render, api=_data)
