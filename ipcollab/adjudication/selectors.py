"""Reads of administrative adjudications, filtered in SQL by the reader's reach:

- platform admins: all;
- staff and systems of the IP office: the office's own adjudications;
- staff and systems of a court: the adjudications whose enforcement application went to that court;
- everyone else (other offices, other courts, external parties): none — a record out of reach is
  NotFound (404).
"""

import datetime
import statistics

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import (
    Adjudication,
    ApplicationStatus,
    Decision,
    EnforcementApplication,
    Ruling,
    Stage,
    Suspension,
)

LIST_STAGES = tuple(Stage.values)


def adjudications_for(user):
    qs = Adjudication.objects.all()
    if is_platform_admin(user):
        return qs
    if not user.is_authenticated or not user.is_active or not user.agency_id or user.kind not in ("staff", "system"):
        return qs.none()
    kind = user.agency.kind
    if kind == "ip_office":
        return qs.filter(office_id=user.agency_id)
    if kind == "court":
        return qs.filter(enforcement__court_id=user.agency_id)
    return qs.none()


def get_adjudication(user, pk):
    pk = parse_pk(pk)
    a = adjudications_for(user).select_related("office", "right", "region", "suit_by", "suit", "mediation").filter(pk=pk).first()
    if a is None:
        raise NotFound()
    return a


def enforcement_of(a):
    return EnforcementApplication.objects.select_related("court", "judge").filter(adjudication=a).first()


def detail_parts(a):
    return {
        "parties": list(a.parties.select_related("party")),
        "handlers": list(a.handlers.select_related("user")),
        "hearings": list(a.hearings.select_related("booking__room__agency")),
        "suspensions": list(a.suspensions.select_related("invalidation")),
        "log": list(a.log.select_related("from_agency", "to_agency", "to_party", "actor")),
        "enforcement": enforcement_of(a),
        "pending_invalidations": _pending_invalidations(a),
    }


def _pending_invalidations(a):
    from .services import pending_invalidations

    return list(pending_invalidations(a.right).only("pk", "number", "filed_on"))


def overdue_q(today=None):
    """Something someone must do is late: the office's acceptance or decision, the court's
    acceptance or ruling."""
    today = today or timezone.localdate()
    return (
        Q(stage=Stage.RECEIVED, accept_due__lt=today)
        | Q(stage=Stage.ACCEPTED, suspended=False, decide_due__lt=today)
        | Q(stage=Stage.ENFORCEMENT, enforcement__status=ApplicationStatus.FILED, enforcement__accept_due__lt=today)
        | Q(stage=Stage.ENFORCEMENT, enforcement__status=ApplicationStatus.ACCEPTED, enforcement__rule_due__lt=today)
        | Q(stage=Stage.SERVED, complied=False, apply_by__lt=today)
    )


def filtered(user, *, stage="", status="", overdue=False, q=""):
    """The list of the user's adjudications. `status`: open / closed / suspended; `stage`: one stage."""
    qs = adjudications_for(user).select_related("office", "right", "enforcement", "enforcement__court")
    if stage:
        qs = qs.filter(stage=stage)
    if status == "open":
        qs = qs.exclude(stage__in=[Stage.REFUSED, Stage.SUED, Stage.COMPLIED, Stage.ENFORCED, Stage.NOT_ENFORCED, Stage.WITHDRAWN])
    elif status == "closed":
        qs = qs.filter(stage__in=[Stage.REFUSED, Stage.SUED, Stage.COMPLIED, Stage.ENFORCED, Stage.NOT_ENFORCED, Stage.WITHDRAWN])
    elif status == "suspended":
        qs = qs.filter(suspended=True)
    if overdue:
        qs = qs.filter(overdue_q())
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(right__number__icontains=q) | Q(enforcement__case_number__icontains=q))
    return qs.order_by("-received_on", "-id")


def overdue_ids(rows, today=None):
    today = today or timezone.localdate()
    return {a.pk for a in rows if is_overdue(a, today)}


def next_step(a, today=None):
    """(what, due date, who: office|court) of the next act, or None."""
    today = today or timezone.localdate()
    if a.stage == Stage.RECEIVED:
        return ("accept", a.accept_due, "office")
    if a.stage == Stage.ACCEPTED and not a.suspended:
        return ("decide", a.decide_due, "office")
    if a.stage == Stage.SERVED and a.decision == Decision.INFRINGEMENT:
        if a.complied is None:
            return ("compliance", a.window_ends_on + datetime.timedelta(days=1) if a.window_ends_on else None, "office")
        if a.complied is False:
            return ("demand", a.apply_by, "office")
    if a.stage == Stage.DEMANDED and a.apply_by:
        return ("apply", a.apply_by, "office")
    if a.stage == Stage.ENFORCEMENT:
        app = getattr(a, "enforcement", None)
        if app is not None and app.status == ApplicationStatus.FILED:
            return ("court_accept", app.accept_due, "court")
        if app is not None and app.status == ApplicationStatus.ACCEPTED:
            return ("court_rule", app.rule_due, "court")
    return None


def is_overdue(a, today=None):
    today = today or timezone.localdate()
    step = next_step(a, today)
    if step is None or step[1] is None:
        return False
    if step[0] == "compliance":
        return False
    return step[1] < today


def for_right(user, right):
    """The dossier panel: adjudications on `right` the user can see."""
    return adjudications_for(user).filter(right=right).select_related("office").order_by("-received_on", "-id")


def attention_counts(user):
    """(to act on, overdue) of the user's side."""
    qs = adjudications_for(user)
    if not qs.query.is_empty() and user.agency_id and user.agency.kind == "court":
        qs = qs.filter(stage=Stage.ENFORCEMENT, enforcement__status__in=[ApplicationStatus.FILED, ApplicationStatus.ACCEPTED])
    else:
        qs = qs.filter(stage__in=[Stage.RECEIVED, Stage.ACCEPTED, Stage.DECIDED, Stage.SERVED, Stage.DEMANDED])
    rows = list(qs.select_related("enforcement"))
    today = timezone.localdate()
    return len(rows), sum(1 for a in rows if is_overdue(a, today))


def figures(user, start, end):
    """Figures of the adjudications in the user's reach received (or decided, or applied for)
    between `start` and `end` inclusive.

    received: requests received in the period; accepted / refused of those;
    decided: decisions made in the period; infringement_found: of those, infringement found;
    infringement_rate: infringement_found / decided (None when nothing was decided);
    median_days: median days from receipt to decision of the decisions in the period;
    suits: decisions made in the period against which a party sued;
    enforcement_applied: applications made in the period; enforced / not_enforced / pending of those;
    suspended: cases suspended for an invalidation in the period; mediated: damages mediations started.
    """
    qs = adjudications_for(user)
    received = qs.filter(received_on__gte=start, received_on__lte=end)
    decided = list(qs.filter(decided_on__gte=start, decided_on__lte=end).values_list("decision", "received_on", "decided_on", "stage"))
    durations = [(d - r).days for _dec, r, d, _s in decided]
    found = sum(1 for dec, *_ in decided if dec == Decision.INFRINGEMENT)
    apps = EnforcementApplication.objects.filter(adjudication__in=qs, applied_on__gte=start, applied_on__lte=end)
    app_counts = apps.aggregate(
        total=Count("pk"),
        enforced=Count("pk", filter=Q(ruling=Ruling.ENFORCE)),
        not_enforced=Count("pk", filter=Q(ruling=Ruling.NOT_ENFORCE) | Q(status=ApplicationStatus.NOT_ACCEPTED)),
        pending=Count("pk", filter=Q(status__in=[ApplicationStatus.FILED, ApplicationStatus.ACCEPTED])),
    )
    rec = received.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_on__isnull=False)),
        refused=Count("pk", filter=Q(stage=Stage.REFUSED)),
    )
    suspended = Suspension.objects.filter(adjudication__in=qs, started_on__gte=start, started_on__lte=end).count()
    return {
        "start": start,
        "end": end,
        "received": rec["total"],
        "accepted": rec["accepted"],
        "refused": rec["refused"],
        "decided": len(decided),
        "infringement_found": found,
        "infringement_rate": (found / len(decided)) if decided else None,
        "median_days": statistics.median(durations) if durations else None,
        "suits": sum(1 for _dec, _r, _d, s in decided if s == Stage.SUED),
        "enforcement_applied": app_counts["total"],
        "enforced": app_counts["enforced"],
        "not_enforced": app_counts["not_enforced"],
        "enforcement_pending": app_counts["pending"],
        "suspended": suspended,
        "mediated": received.filter(mediation__isnull=False).count(),
    }


def with_open_suspension(qs):
    return qs.annotate(open_suspension=Exists(Suspension.objects.filter(adjudication=OuterRef("pk"), resumed_on__isnull=True)))
