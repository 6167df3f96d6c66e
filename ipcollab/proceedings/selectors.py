"""Reads of proceedings, filtered by the reader's reach in SQL (access.visibility): agency staff and
systems see proceedings (visibility network); external parties see none; a proceeding out of
reach is NotFound."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from ipcollab.access.visibility import visible_to
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.rulebook.registry import get_rule

from . import coordination, outcomes, time_limits, timeline
from .models import (
    Kind,
    Link,
    LinkStatus,
    PriorityRequest,
    Proceeding,
    ProceedingParty,
    ProceedingRight,
    Stage,
    Status,
    Stay,
    Track,
)


def proceedings_for(user):
    return visible_to(Proceeding.objects.all(), user)


def get_proceeding(user, pk):
    pk = parse_pk(pk)
    p = (
        proceedings_for(user)
        .select_related("agency", "judge", "clerk", "previous", "previous__agency", "reviewed", "reviewed__agency", "expected_court")
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise NotFound()
    return p


def detail_parts(p):
    """Parties, rights, stays, extensions, documents with service, assignments, next instances —
    a fixed number of queries."""
    parties = list(p.parties.select_related("party").prefetch_related("representatives"))
    rights = list(p.rights.select_related("right"))
    stays = list(p.stays.select_related("basis", "decided_by"))
    extensions = list(p.extensions.all())
    documents = list(p.documents.prefetch_related("services__party"))
    assignments = list(p.assignments.select_related("user", "assigned_by"))
    nexts = list(p.next_instances.select_related("agency"))
    reviews = list(p.court_reviews.select_related("agency")) if p.track == Track.OFFICE else []
    return {
        "parties": parties,
        "rights": rights,
        "stays": stays,
        "extensions": extensions,
        "documents": documents,
        "assignments": assignments,
        "next_instances": nexts,
        "court_reviews": reviews,
    }


FILTERS = (
    "track",
    "kind",
    "stage",
    "status",
    "result",
    "cause",
    "agency",
    "party",
    "right",
    "filed_from",
    "filed_to",
    "closed_from",
    "closed_to",
    "q",
    "fast_track",
    "priority",
)


def proceeding_list(user, filters=None):
    """The proceedings the user can see, filtered. `filters` values are already cleaned (see
    forms.ListFilter): ids as ints, dates as dates."""
    f = filters or {}
    qs = proceedings_for(user).select_related("agency", "judge")
    for name in ("track", "kind", "stage", "status", "result", "cause", "priority"):
        if f.get(name):
            qs = qs.filter(**{name: f[name]})
    if f.get("agency"):
        qs = qs.filter(agency_id=f["agency"])
    if f.get("party"):
        qs = qs.filter(pk__in=ProceedingParty.objects.filter(party_id=f["party"]).values("proceeding_id"))
    if f.get("right"):
        # pk IN (…by right): the (right, proceeding) index drives it; an Exists per row would scan.
        qs = qs.filter(pk__in=ProceedingRight.objects.filter(right_id=f["right"]).values("proceeding_id"))
    if f.get("filed_from"):
        qs = qs.filter(filed_on__gte=f["filed_from"])
    if f.get("filed_to"):
        qs = qs.filter(filed_on__lte=f["filed_to"])
    if f.get("closed_from"):
        qs = qs.filter(closed_on__gte=f["closed_from"])
    if f.get("closed_to"):
        qs = qs.filter(closed_on__lte=f["closed_to"])
    if f.get("fast_track"):
        qs = qs.filter(fast_track=True)
    if f.get("in_litigation"):
        # CNIPA's view: proceedings whose right is in a pending or stayed court suit.
        litigated = ProceedingRight.objects.filter(proceeding__track=Track.COURT, proceeding__status__in=(Status.PENDING, Status.STAYED)).values("right_id")
        qs = qs.filter(Exists(ProceedingRight.objects.filter(proceeding=OuterRef("pk"), right_id__in=litigated)))
    if f.get("q"):
        qs = qs.filter(Q(number__icontains=f["q"]) | Q(title__icontains=f["q"]) | Q(decision_number__icontains=f["q"]))
    return qs.order_by("-filed_on", "-id")


# The columns a timeline row shows (a dossier may list hundreds: no JSON of refs, grounds, evidence).
LINE_FIELDS = (
    "id",
    "number",
    "track",
    "kind",
    "stage",
    "filed_on",
    "status",
    "closed_on",
    "result",
    "decision_number",
    "surviving_claims",
    "fast_track",
    "priority",
    "previous_id",
    "reviewed_id",
)
ROW_FIELDS = (*LINE_FIELDS, "agency__name", "agency__short_name")
_URL_SENTINEL = 987654321987


@dataclass(frozen=True)
class Row:
    """One line of the parallel-proceedings timeline, its labels resolved once for the whole list
    (a model's get_FOO_display hashes its lazy choices on every call: hundreds of rows pay for it).
    ``proceeding`` is the model instance on a proceeding's page and a :class:`Line` on a right's
    dossier."""

    proceeding: object
    relation: str  # same_right / chain / review / link
    stayed_since: object | None  # the open stay's start
    url: str = ""
    kind_label: str = ""
    stage_label: str = ""
    status_label: str = ""
    result_label: str = ""
    agency_label: str = ""
    filed_text: str = ""
    closed_text: str = ""
    stayed_text: str = ""

    @property
    def html(self):
        return timeline.row_html(self)


class Line:
    """A proceeding as a dossier's timeline row shows it, read as a tuple of values. A right's
    dossier may list hundreds: model instances with their stays prefetched cost four times the
    query and load the garbage collector (docs/performance.md, the dossier)."""

    __slots__ = (*LINE_FIELDS, "agency_name", "agency_short_name")

    def __init__(self, values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id


def _labels(choices):
    return {value: str(label) for value, label in choices}


class _Labels:
    """The display labels and the detail URL of a list of rows, resolved once for the list."""

    def __init__(self):
        self.kinds, self.stages, self.statuses = _labels(Kind.choices), _labels(Stage.choices), _labels(Status.choices)
        self.results = {value: str(label) for value, label in outcomes.RESULTS.items()}
        # One reverse for the list, the id put in by text (reverse per row costs more than the query).
        self.url = reverse("proceedings:detail", args=[_URL_SENTINEL])

    def row(self, p, relation, stayed_since, agency_name, agency_short_name):
        return Row(
            p,
            relation,
            stayed_since,
            url=self.url.replace(str(_URL_SENTINEL), str(p.pk)),
            kind_label=self.kinds.get(p.kind, p.kind),
            stage_label=self.stages.get(p.stage, p.stage),
            status_label=self.statuses.get(p.status, p.status),
            result_label=self.results.get(p.result, p.result),
            agency_label=agency_short_name or agency_name,
            filed_text=p.filed_on.isoformat(),
            closed_text=p.closed_on.isoformat() if p.closed_on else "—",
            stayed_text=stayed_since.isoformat() if stayed_since else "",
        )


def _open_stay_start():
    # At most one open stay a proceeding (the stay_one_open constraint).
    return Subquery(Stay.objects.filter(proceeding=OuterRef("pk"), ended_on__isnull=True).values("started_on")[:1])


def _rows(qs, relation_of):
    """Rows of model instances (a proceeding's page: its API and stay guidance use the instances)."""
    labels = _Labels()
    return [
        labels.row(p, relation_of(p), p.open_stay_on, p.agency.name, p.agency.short_name)
        for p in qs.select_related("agency").only(*ROW_FIELDS).annotate(open_stay_on=_open_stay_start())
    ]


def _lines(qs):
    """Rows of :class:`Line` values, all about the same right, in one query."""
    labels = _Labels()
    rows = []
    for values in qs.annotate(open_stay_on=_open_stay_start()).values_list(*ROW_FIELDS, "open_stay_on"):
        line = Line(values[:-1])
        rows.append(labels.row(line, "same_right", values[-1], line.agency_name, line.agency_short_name))
    return rows


def parallel_proceedings(user, *, right=None, proceeding=None):
    """The parallel proceedings of a right (every proceeding about it) or of a proceeding (those
    about its rights, its previous and next instances, the decision it reviews or the suits that
    review it, and accepted links), oldest first — in a fixed number of queries."""
    visible = proceedings_for(user)
    if right is not None:
        # pk IN (…by right): the (right, proceeding) index drives it (an Exists per row scans on SQLite).
        qs = visible.filter(pk__in=ProceedingRight.objects.filter(right=right).values("proceeding_id"))
        return _lines(qs.order_by("filed_on", "id"))
    rights = ProceedingRight.objects.filter(proceeding=proceeding).values("right_id")
    linked = Link.objects.filter(status=LinkStatus.ACCEPTED).filter(Q(source=proceeding) | Q(target=proceeding))
    chain = Q(pk=proceeding.previous_id) | Q(previous=proceeding) | Q(pk=proceeding.reviewed_id) | Q(reviewed=proceeding)
    qs = visible.filter(
        Q(pk__in=ProceedingRight.objects.filter(right_id__in=rights).values("proceeding_id"))
        | chain
        | Q(pk__in=linked.values("source_id"))
        | Q(pk__in=linked.values("target_id"))
    ).exclude(pk=proceeding.pk)

    def relation(p):
        if p.pk == proceeding.previous_id or p.previous_id == proceeding.pk:
            return "chain"
        if p.pk == proceeding.reviewed_id or p.reviewed_id == proceeding.pk:
            return "review"
        return "same_right"

    rows = _rows(qs.order_by("filed_on", "id"), relation)
    return rows


def suggestions_for(user, proceeding):
    """Links suggested for `proceeding` (by party) that the user can see, best first."""
    visible = proceedings_for(user).values("pk")
    return list(
        Link.objects.filter(status=LinkStatus.SUGGESTED)
        .filter(Q(source=proceeding, target__in=visible) | Q(target=proceeding, source__in=visible))
        .select_related("source", "target", "source__agency", "target__agency")
        .order_by("-score", "id")
    )


def manual_links(user, proceeding):
    visible = proceedings_for(user).values("pk")
    return list(
        Link.objects.filter(status=LinkStatus.ACCEPTED)
        .filter(Q(source=proceeding, target__in=visible) | Q(target=proceeding, source__in=visible))
        .select_related("source", "target", "created_by")
    )


def _rule_for(code, on, cache):
    """The version of rule `code` in force on `on`, read once per version for a page of cases."""
    for rule in cache.get(code, ()):
        if rule.effective_from <= on and (rule.effective_to is None or on <= rule.effective_to):
            return rule
    rule = get_rule(code, on)
    cache.setdefault(code, []).append(rule)
    return rule


def time_limit_of(case, *, today=None, stays=None, extensions=None, cache=None):
    """(TrialLimit, rule) of a court case, or (None, None) when its kind has no modelled limit.
    `cache` (a dict) shares the rule versions read across a list of cases."""
    if not case.time_limit_rule:
        return None, None
    today = today or timezone.localdate()
    stays = case.stays.all() if stays is None else stays
    extensions = case.extensions.all() if extensions is None else extensions
    end_of_count = case.closed_on if case.closed_on else today
    pauses = [time_limits.Pause(s.started_on, s.ended_on) for s in stays]
    exts = [time_limits.Extension(e.amount, e.unit) for e in extensions]
    rule = _rule_for(case.time_limit_rule, case.filed_on, {} if cache is None else cache)
    return coordination.case_time_limit(case.time_limit_rule, case.filed_on, today=min(end_of_count, today), pauses=pauses, extensions=exts, rule=rule)


def litigated(user, proceeding):
    """For a CNIPA proceeding: the visible court suits about the same rights (pending first)."""
    rights = ProceedingRight.objects.filter(proceeding=proceeding).values("right_id")
    return list(
        proceedings_for(user).filter(track=Track.COURT, rights__right_id__in=rights).select_related("agency", "judge").distinct().order_by("status", "filed_on")
    )


def priority_queue(user):
    """Open priority-examination requests on the IP office's own proceedings (all, for a platform
    admin): fast-tracked disputes first, then in the order received."""
    qs = PriorityRequest.objects.filter(status="requested").select_related("proceeding", "dispute", "dispute__agency", "agency", "requested_by")
    qs = qs.filter(proceeding__in=proceedings_for(user).values("pk"))
    if user.agency_id and user.agency.kind == "ip_office":
        qs = qs.filter(proceeding__agency_id=user.agency_id)
    return list(qs.order_by("-dispute__fast_track", "requested_at", "id"))


def reports_for(user):
    """Evaluation reports are about public patents; agency accounts see them all (the court sees
    the report on its case without a paper copy)."""
    from .models import EvaluationReport

    if not user.is_authenticated or getattr(user, "kind", None) not in ("staff", "system"):
        return EvaluationReport.objects.none()
    return EvaluationReport.objects.all()


def proceeding_by_number(user, text):
    """A visible court case by its case number (any spelling) or CNIPA proceeding by its number."""
    from ipcollab.identifiers import IdentifierError, parse_case_number

    from .linking import office_number_key

    text = (text or "").strip()
    try:
        return proceedings_for(user).filter(track=Track.COURT, number=parse_case_number(text).normalized).first()
    except IdentifierError:
        return proceedings_for(user).filter(track=Track.OFFICE, number=office_number_key(text) or "").first()
