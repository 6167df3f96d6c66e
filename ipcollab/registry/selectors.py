"""Reads of parties, representatives and powers of attorney, filtered by the user's reach in SQL
(ipcollab.access.visibility). A record out of reach raises NotFound."""

from django.db.models import Exists, OuterRef, Q

from ipcollab.access.visibility import visible_to
from ipcollab.core.errors import NotFound
from ipcollab.identifiers import IdentifierError, parse_patent_number, parse_trademark_number, validate_uscc
from ipcollab.search.index import matching_ids_subquery

from .models import LegalEvent, Party, PartyName, PowerOfAttorney, ReconciliationItem, ReconciliationStatus, Representative, Right, RightKind, RightParty
from .names import normalize_name


def parties_for_user(user, *, include_merged=False):
    qs = visible_to(Party.objects.all(), user)
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    return qs


def party_search(user, q="", *, kind=None):
    """Parties in reach matching `q`: a valid credit code matches exactly; anything else matches
    when its normalised form is contained in the party's normalised current or former name, or
    when the shared search index (ipcollab.search: every token of the query, in any order)
    matches the party's names.
    Merged duplicates are left out (their names live on in the party they were merged into)."""
    qs = parties_for_user(user)
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        try:
            code = validate_uscc(q)
        except IdentifierError:
            code = None
        if code:
            qs = qs.filter(credit_code=code)
        else:
            key = normalize_name(q)
            if not key:
                return qs.none()
            former = PartyName.objects.filter(party=OuterRef("pk"), normalized_name__contains=key)
            indexed = Q(pk__in=matching_ids_subquery("party", q))
            qs = qs.filter(Q(normalized_name__contains=key) | Exists(former) | indexed)
    return qs.order_by("normalized_name", "pk")


def party_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    party = parties_for_user(user, include_merged=True).select_related("merged_into", "agency").filter(pk=pk).first()
    if party is None:
        raise NotFound()
    return party


def party_former_names(party):
    return list(party.former_names.all())


def duplicates_candidates(user, party):
    """Other live parties in reach of the same kind whose normalised name (current or former)
    equals this party's current or former names, or that carry the same credit code."""
    keys = {party.normalized_name, *PartyName.objects.filter(party=party).values_list("normalized_name", flat=True)}
    keys.discard("")
    former = PartyName.objects.filter(party=OuterRef("pk"), normalized_name__in=keys)
    match = Q(normalized_name__in=keys) | Exists(former)
    if party.credit_code:
        match |= Q(credit_code=party.credit_code)
    return parties_for_user(user).filter(kind=party.kind).filter(match).exclude(pk=party.pk).order_by("normalized_name", "pk")


def representatives_for_user(user, q="", *, kind=None):
    qs = visible_to(Representative.objects.select_related("firm"), user)
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        key = normalize_name(q)
        qs = qs.filter(Q(normalized_name__contains=key) | Q(licence_number=q) | Q(credit_code=q.upper())) if key else qs.none()
    return qs.order_by("normalized_name", "pk")


def representative_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    rep = representatives_for_user(user).filter(pk=pk).first()
    if rep is None:
        raise NotFound()
    return rep


def firms_for_user(user):
    from .models import FIRM_KINDS

    return representatives_for_user(user).filter(kind__in=FIRM_KINDS)


def powers_for_user(user, *, principal=None, representative=None):
    """Powers of attorney whose principal is in the user's reach."""
    qs = PowerOfAttorney.objects.select_related("principal", "representative").filter(principal__in=parties_for_user(user, include_merged=True).values("pk"))
    if principal is not None:
        qs = qs.filter(principal=principal)
    if representative is not None:
        qs = qs.filter(representative=representative)
    return qs.order_by("-valid_from", "-pk")


def power_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    poa = powers_for_user(user).filter(pk=pk).first()
    if poa is None:
        raise NotFound()
    return poa


# --- rights ---------------------------------------------------------------------------------------


def rights_for_user(user):
    return visible_to(Right.objects.select_related("agency"), user)


def parse_right_number(q):
    """``(kind, normalised number)`` when ``q`` is a patent number (any spelling) or a trademark
    number; ``None`` otherwise."""
    try:
        return RightKind.PATENT, parse_patent_number(q).normalized
    except IdentifierError:
        pass
    try:
        return RightKind.TRADEMARK, parse_trademark_number(q).normalized
    except IdentifierError:
        return None


def right_search(user, q="", *, kind=None):
    """Rights in reach. A query that parses as a patent or trademark number matches that number
    exactly; anything else goes through the shared search index (number, title or mark text,
    party names current and former), intersected with the user's reach in SQL."""
    qs = rights_for_user(user)
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        number = parse_right_number(q)
        if number is not None:
            qs = qs.filter(kind=number[0], number=number[1])
        else:
            qs = qs.filter(pk__in=matching_ids_subquery("right", q))
    return qs.order_by("kind", "number", "pk")


def right_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    right = rights_for_user(user).filter(pk=pk).first()
    if right is None:
        raise NotFound()
    return right


def right_parties(right):
    return list(RightParty.objects.filter(right=right).select_related("party").order_by("role", "order", "pk"))


FREEZE_EVENTS = ("frozen", "unfrozen")


def timeline(right):
    """The right's legal events. A freeze's events show the court holding it, never the order or
    its case number: those belong to the confidential freeze register (ipcollab.preservation)."""
    events = list(LegalEvent.objects.filter(right=right).select_related("recorded_by").order_by("date", "sequence"))
    courts = {str(e.details.get("court")) for e in events if e.type in FREEZE_EVENTS or (e.details or {}).get("enforcement_court")}
    if courts:
        from ipcollab.orgs.models import Agency

        names = {str(pk): name for pk, name in Agency.objects.filter(pk__in=[c for c in courts if c.isdigit()]).values_list("pk", "name")}
        for e in events:
            if e.type in FREEZE_EVENTS:
                e.details = {"court": names.get(str(e.details.get("court")), "")}
            elif (e.details or {}).get("enforcement_court"):
                e.details = {"owner": e.details.get("owner", ""), "enforcement_court": names.get(str(e.details["enforcement_court"]), "")}
    return events


def open_reconciliation_items(right):
    return list(ReconciliationItem.objects.filter(right=right, status=ReconciliationStatus.OPEN).order_by("created_at", "pk"))


def reconciliation_items_for_user(user, *, status=ReconciliationStatus.OPEN):
    """Reconciliation items on rights in reach (the caller checks registry.reconcile)."""
    qs = ReconciliationItem.objects.select_related("right").filter(right__in=rights_for_user(user).values("pk"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def reconciliation_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    item = reconciliation_items_for_user(user, status=None).filter(pk=pk).first()
    if item is None:
        raise NotFound()
    return item


# --- bulk import jobs ------------------------------------------------------------------------------
def import_jobs_for_user(user):
    """Import jobs in reach: those of the user's agency for users who may import; all for
    platform admins; none for anyone else."""
    from ipcollab.core.principals import is_platform_admin

    from .models import ImportJob

    if is_platform_admin(user):
        return ImportJob.objects.all()
    if not user.has_perm("registry.import"):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(agency_id=user.agency_id)


def import_job_get_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    job = import_jobs_for_user(user).select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise NotFound()
    return job


def import_row_errors(job):
    return job.row_errors.order_by("line", "pk")


# --- export ----------------------------------------------------------------------------------------
def rights_for_export(user, q="", *, kind, status=None, filed_from=None, filed_to=None):
    """The rights of one kind that a filtered export lists: the reach and the query of
    :func:`right_search`, an optional legal status and filing-date range (inclusive)."""
    qs = right_search(user, q, kind=kind).filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if filed_from:
        qs = qs.filter(filing_date__gte=filed_from)
    if filed_to:
        qs = qs.filter(filing_date__lte=filed_to)
    return qs
