"""Reads of mediation, filtered in SQL by who may see them. A mediation is visible to platform
admins; to the staff (and system) of the organisation's agency, of the court that sent it and of the
IP office of an administrative mediation; and to an external user who is one of its parties (a
MediationParty.user). Out of reach is a 404 (core NotFound)."""

import datetime
import statistics

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import Mediation, MediationParty, Mediator, Organisation, Outcome, Source, Status

OPEN = (Status.AWAITING_ASSIGNMENT, Status.ASSIGNED, Status.ACTIVE)
DUE_SOON_DAYS = 5


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def mediations_for(user):
    qs = Mediation.objects.select_related("organisation__agency", "court", "office", "case", "mediator__user")
    if not _active(user):
        return qs.none()
    if is_platform_admin(user):
        return qs
    condition = Q(pk__in=[])
    if user.agency_id and user.kind in ("staff", "system"):
        condition |= Q(organisation__agency_id=user.agency_id) | Q(court_id=user.agency_id) | Q(office_id=user.agency_id)
    if user.kind == "external":
        qs = qs.annotate(_party=Exists(MediationParty.objects.filter(mediation=OuterRef("pk"), user=user)))
        condition |= Q(_party=True)
    return qs.filter(condition)


def get_mediation(user, pk):
    pk = parse_pk(pk)
    mediation = mediations_for(user).filter(pk=pk).first()
    if mediation is None:
        raise NotFound()
    return mediation


def overdue_q(today=None):
    today = today or timezone.localdate()
    return Q(status=Status.ACTIVE, due_on__lt=today)


def filtered(qs, *, source="", status="", organisation=None, court=None, mediator=None, overdue=False, today=None):
    """The list filters of the pages and the API (ids already parsed)."""
    if source:
        qs = qs.filter(source=source)
    if status:
        qs = qs.filter(status=status)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if court:
        qs = qs.filter(court_id=court)
    if mediator:
        qs = qs.filter(mediator_id=mediator)
    if overdue:
        qs = qs.filter(overdue_q(today))
    return qs


def parties_of(mediation):
    return mediation.parties.select_related("party", "representative", "power_of_attorney", "user").order_by("order", "pk")


def log_of(mediation, parties_only=False):
    qs = mediation.log.select_related("actor").order_by("at", "pk")
    return qs.filter(visible_to_parties=True) if parties_only else qs


def sessions_of(mediation):
    return mediation.sessions.order_by("starts_at", "pk")


def documents_of(mediation, parties_only=False):
    qs = mediation.documents.select_related("uploaded_by").order_by("uploaded_at", "pk")
    return qs.filter(visible_to_parties=True) if parties_only else qs


# --- organisations and mediators (入驻) ------------------------------------------------------------


def organisations(*, field="", region="", language="", accepting=None, active_only=True):
    """Registered organisations with their caseload (open mediations), filtered."""
    qs = Organisation.objects.select_related("agency", "region", "liaison").annotate(
        caseload=Count("mediations", filter=Q(mediations__status__in=OPEN), distinct=True)
    )
    if active_only:
        qs = qs.filter(active=True)
    if field:
        qs = qs.filter(fields__contains=[field]) if _json_contains() else qs.filter(fields__icontains=f'"{field}"')
    if language:
        qs = qs.filter(languages__contains=[language]) if _json_contains() else qs.filter(languages__icontains=f'"{language}"')
    if region:
        qs = qs.filter(Q(region__code=region) | Q(region__parent__code=region) | Q(agency__region__code=region))
    if accepting is not None:
        qs = qs.filter(accepting=accepting)
    return qs.order_by("agency__name", "pk")


def get_organisation(pk):
    organisation = organisations(active_only=False).filter(pk=parse_pk(pk)).first()
    if organisation is None:
        raise NotFound()
    return organisation


def _json_contains():
    from django.db import connection

    return connection.vendor == "postgresql"


def mediators(*, organisation=None, field="", language="", available=None, region="", today=None, active_only=True):
    """Registered mediators with their caseload (open mediations assigned to them)."""
    today = today or timezone.localdate()
    qs = Mediator.objects.select_related("organisation__agency", "user").annotate(
        caseload=Count("mediations", filter=Q(mediations__status__in=OPEN), distinct=True)
    )
    if active_only:
        qs = qs.filter(active=True)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if field:
        qs = qs.filter(fields__contains=[field]) if _json_contains() else qs.filter(fields__icontains=f'"{field}"')
    if language:
        qs = qs.filter(languages__contains=[language]) if _json_contains() else qs.filter(languages__icontains=f'"{language}"')
    if region:
        qs = qs.filter(Q(organisation__region__code=region) | Q(organisation__region__parent__code=region))
    if available is not None:
        free = Q(available=True, active=True) & (Q(unavailable_until__isnull=True) | Q(unavailable_until__lt=today)) & Q(caseload__lt=F("max_caseload"))
        qs = qs.filter(free) if available else qs.exclude(free)
    return qs.order_by("organisation__agency__name", "user__full_name", "pk")


def get_mediator(pk):
    mediator = mediators(active_only=False).filter(pk=parse_pk(pk)).first()
    if mediator is None:
        raise NotFound()
    return mediator


def is_available(mediator, today=None):
    today = today or timezone.localdate()
    if not (mediator.active and mediator.available):
        return False
    if mediator.unavailable_until and mediator.unavailable_until >= today:
        return False
    load = getattr(mediator, "caseload", None)
    if load is None:
        load = Mediation.objects.filter(mediator=mediator, status__in=OPEN).count()
    return load < mediator.max_caseload


# --- attention and figures --------------------------------------------------------------------------


def to_accept(user):
    """Mediations assigned to the user as mediator and not yet accepted."""
    return mediations_for(user).filter(status=Status.ASSIGNED, mediator__user=user)


def awaiting_assignment(user):
    """Mediations of organisations the user runs (agency admin or liaison) still without a mediator."""
    from .rules import runs_organisation

    qs = mediations_for(user).filter(status=Status.AWAITING_ASSIGNMENT)
    ids = [o.pk for o in Organisation.objects.filter(Q(liaison=user) | Q(agency_id=user.agency_id)) if runs_organisation(user, o)]
    return qs.filter(organisation_id__in=ids)


def due_soon(user, today=None, days=DUE_SOON_DAYS):
    today = today or timezone.localdate()
    return mediations_for(user).filter(status=Status.ACTIVE, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))


def overdue(user, today=None):
    return mediations_for(user).filter(overdue_q(today))


def figures(user, start, end):
    """Counts by source and outcome of the mediations in the user's reach received between `start`
    and `end` (inclusive); success rate = agreements / closed; duration received → ended (days)."""
    qs = mediations_for(user).filter(received_on__gte=start, received_on__lte=end)
    rows = list(qs.values("source", "status", "outcome", "received_on", "ended_on"))
    by_source = {value: {"received": 0, "closed": 0, "agreement": 0, "failure": 0, "withdrawal": 0} for value in Source.values}
    by_outcome = dict.fromkeys(Outcome.values, 0)
    durations = []
    for row in rows:
        bucket = by_source[row["source"]]
        bucket["received"] += 1
        if row["status"] == Status.CLOSED and row["outcome"]:
            bucket["closed"] += 1
            bucket[row["outcome"]] += 1
            by_outcome[row["outcome"]] += 1
            if row["ended_on"]:
                durations.append((row["ended_on"] - row["received_on"]).days)
    closed = sum(by_outcome.values())
    for bucket in by_source.values():
        bucket["success_rate"] = round(bucket["agreement"] / bucket["closed"], 4) if bucket["closed"] else None
    return {
        "start": start,
        "end": end,
        "received": len(rows),
        "open": sum(1 for r in rows if r["status"] != Status.CLOSED),
        "closed": closed,
        "by_source": by_source,
        "by_outcome": by_outcome,
        "success_rate": round(by_outcome[Outcome.AGREEMENT] / closed, 4) if closed else None,
        "median_days": statistics.median(durations) if durations else None,
        "mean_days": round(statistics.fmean(durations), 1) if durations else None,
    }
