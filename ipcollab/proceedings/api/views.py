"""API of proceedings for court and CNIPA systems (issue 6, point 6): the list with the page's
filters, the full record (parties, rights and claims, stays, 审限, documents with service and suit
windows, parallel proceedings, links), filing a court case or recording a CNIPA proceeding, and
the actions (decide, close, stay, lift, serve, assign, link, suggestions). Thin: selectors read (out
of reach → 404), services write and answer bad input with their codes. Scopes: proceedings:read
(GET), proceedings:write (POST)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.registry import selectors as register_selectors
from ipcollab.registry.models import Representative

from .. import selectors, services
from ..models import Document, Link, Proceeding, Track
from . import serializers as s

User = get_user_model()

LIST_ERRORS = (400, 401, 403, 404, 429)
READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)


def deny():
    raise DRFPermissionDenied(DEFAULT_MESSAGES[ErrorCode.PERMISSION_DENIED])


def require_reader(user):
    """External parties see no proceedings: the API refuses them outright."""
    if getattr(user, "kind", None) not in ("staff", "system"):
        deny()


def invalid(field, message, code=ErrorCode.INVALID):
    raise ServiceError(code, fields={field: [message]})


NOT_FOUND = str(DEFAULT_MESSAGES[ErrorCode.NOT_FOUND])


# --- output -----------------------------------------------------------------------------------------
def _ref(obj):
    return {"id": obj.pk, "track": obj.track, "kind": obj.kind, "number": obj.number} if obj is not None else None


def _agency(agency):
    return {"id": agency.pk, "name": agency.name} if agency is not None else None


def _limit(p, parts):
    if p.track != Track.COURT:
        return None
    limit, rule = selectors.time_limit_of(p, today=timezone.localdate(), stays=parts["stays"], extensions=parts["extensions"])
    if limit is None:
        return None
    return {
        "rule": rule.code,
        "nominal_end": limit.nominal_end,
        "ends_on": limit.ends_on,
        "paused_days": limit.paused_days,
        "stayed_since": limit.stayed_since,
        "days_left": limit.days_left,
        "overdue": limit.overdue,
    }


def _link(item, p):
    other = item.target if item.source_id == p.pk else item.source
    return {"id": item.pk, "other": _ref(other), "kind": item.kind, "status": item.status, "score": item.score, "reason": item.reason}


def detail_data(user, p):
    """The full record of `p` as the user sees it (a fixed number of queries)."""
    parts = selectors.detail_parts(p)
    extra = dict(
        grounds=list(p.grounds or []),
        evidence=list(p.evidence or []),
        clerk=p.clerk,
        previous=_ref(p.previous),
        relation=p.relation,
        reviewed=_ref(p.reviewed),
        expected_court=_agency(p.expected_court),
        complaint_served_on=p.complaint_served_on,
        fast_track_reason=p.fast_track_reason,
        unresolved=(p.refs or {}).get("unresolved", {}) if isinstance(p.refs, dict) else {},
        parties=[
            {
                "party": {"id": pp.party_id, "name": pp.party.name},
                "role": pp.role,
                "representatives": [{"id": r.pk, "name": r.name} for r in pp.representatives.all()],
            }
            for pp in parts["parties"]
        ],
        rights=[
            {"id": pr.right_id, "kind": pr.right.kind, "number": pr.right.number, "title": pr.right.title, "claims": list(pr.claims or [])}
            for pr in parts["rights"]
        ],
        stays=[
            {
                "id": st.pk,
                "started_on": st.started_on,
                "ended_on": st.ended_on,
                "reason": st.reason,
                "basis": _ref(st.basis),
                "guidance": st.guidance,
                "rule_code": st.rule_code,
                "rule_citation": st.rule_citation,
            }
            for st in parts["stays"]
        ],
        extensions=[
            {"amount": e.amount, "unit": e.unit, "approved_on": e.approved_on, "approved_by": e.approved_by, "reason": e.reason} for e in parts["extensions"]
        ],
        time_limit=_limit(p, parts),
        documents=[
            {
                "id": d.pk,
                "kind": d.kind,
                "title": d.title,
                "number": d.number,
                "issued_on": d.issued_on,
                "services": [
                    {
                        "party": {"id": sr.party_id, "name": sr.party.name},
                        "method": sr.method,
                        "sent_on": sr.sent_on,
                        "served_on": sr.served_on,
                        "presumed": sr.presumed,
                        "window_rule": sr.window_rule,
                        "window_ends": sr.window_ends,
                    }
                    for sr in d.services.all()
                ],
            }
            for d in parts["documents"]
        ],
        assignments=[
            {
                "role": a.role,
                "user": a.user,
                "delegated": a.delegated,
                "reason": a.reason,
                "assigned_at": a.assigned_at,
            }
            for a in parts["assignments"]
        ],
        next_instances=[_ref(n) for n in parts["next_instances"]],
        court_reviews=[_ref(r) for r in parts["court_reviews"]],
        parallel=[
            {"proceeding": row.proceeding, "relation": row.relation, "stayed_since": row.stayed_since}
            for row in selectors.parallel_proceedings(user, proceeding=p)
        ],
        links=[_link(item, p) for item in selectors.manual_links(user, p)],
        suggestions=[_link(item, p) for item in selectors.suggestions_for(user, p)],
    )
    return s.ProceedingDetailSerializer(_Record(p, extra)).data


class _Record:
    """The proceeding with the parts read beside it, for the detail serializer."""

    def __init__(self, proceeding, extra):
        self._proceeding = proceeding
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._proceeding, name)


# --- resolving what the caller names ---------------------------------------------------------------
def visible_proceeding(user, pk=None, number="", field="previous"):
    """A proceeding the user can see, by id or by number; otherwise a 400 naming `field`."""
    qs = selectors.proceedings_for(user)
    if pk:
        found = qs.filter(pk=pk).first()
    else:
        found = selectors.proceeding_by_number(user, number)
    if found is None:
        invalid(field, NOT_FOUND, ErrorCode.NOT_FOUND)
    return found


def resolve_right(user, pk=None, number="", field="rights"):
    qs = register_selectors.rights_for_user(user)
    right = None
    if pk:
        right = qs.filter(pk=pk).first()
    else:
        parsed = register_selectors.parse_right_number((number or "").strip())
        right = qs.filter(kind=parsed[0], number=parsed[1]).first() if parsed else None
    if right is None:
        invalid(field, NOT_FOUND, ErrorCode.NOT_FOUND)
    return right


def resolve_parties(user, items):
    ids = {i["party"] for i in items}
    found = {p.pk: p for p in register_selectors.parties_for_user(user, include_merged=True).filter(pk__in=ids)}
    reps = Representative.objects.in_bulk({r for i in items for r in i.get("representatives", [])})
    out = []
    for n, item in enumerate(items):
        party = found.get(item["party"])
        if party is None:
            invalid(f"parties.{n}.party", NOT_FOUND, ErrorCode.NOT_FOUND)
        missing = [r for r in item.get("representatives", []) if r not in reps]
        if missing:
            invalid(f"parties.{n}.representatives", NOT_FOUND, ErrorCode.NOT_FOUND)
        out.append({"party": party, "role": item["role"], "representatives": [reps[r] for r in item.get("representatives", [])]})
    return out


def _person(pk, field):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).select_related("agency").first()
    if user is None:
        invalid(field, NOT_FOUND, ErrorCode.NOT_FOUND)
    return user


# --- the viewset ------------------------------------------------------------------------------------
class ProceedingPagination(StableCursorPagination):
    ordering = "-id"


DETAIL = {200: s.ProceedingDetailSerializer, **error_responses(*WRITE_ERRORS)}


def _write(summary, request):
    return extend_schema(summary=summary, tags=["proceedings"], request=request, responses=DETAIL)


@extend_schema_view(
    list=extend_schema(
        summary="Proceedings in reach (court cases and CNIPA proceedings), filtered like the list page; newest first, cursor pages",
        tags=["proceedings"],
        parameters=[s.ListQuerySerializer],
        responses={200: s.ProceedingSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One proceeding: parties, rights and claims, stays, 审限, documents with service and suit windows, parallel proceedings, links",
        tags=["proceedings"],
        responses={200: s.ProceedingDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    create=extend_schema(
        summary="File a court case of the caller's court (parsed case number, cause, parties, rights with claims, judge and clerk, previous instance)",
        tags=["proceedings"],
        request=s.CaseCreateSerializer,
        responses={201: s.ProceedingDetailSerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    office=extend_schema(
        summary="Record a CNIPA proceeding (invalidation, reexamination, trademark opposition or review, drug-linkage ruling)",
        tags=["proceedings"],
        request=s.OfficeCreateSerializer,
        responses={201: s.ProceedingDetailSerializer, **error_responses(400, 401, 403, 409, 429)},
    ),
    decide=_write("CNIPA's decision (courts with a pending suit on the right are notified at once)", s.ProceedingDecideSerializer),
    close=_write("Close a court case with its result", s.ProceedingCloseSerializer),
    stay=_write("Stay a pending court case (the 审限 pauses); the §7 guidance is kept with it", s.StaySerializerIn),
    lift=_write("Resume a stayed court case", s.ProceedingLiftSerializer),
    serve=_write("Record service of the decision or judgment on a party (its window to sue follows)", s.ProceedingServeSerializer),
    assign=_write("Assign, reassign or delegate the judge, clerk or CNIPA handler", s.ProceedingAssignSerializer),
    link=_write("Link two proceedings by hand, with the reason", s.LinkInputSerializer),
    suggestion=extend_schema(
        summary="Accept or reject a suggested link of this proceeding",
        tags=["proceedings"],
        request=s.SuggestionDecisionSerializer,
        parameters=[
            OpenApiParameter("suggestion", int, OpenApiParameter.PATH, description="the suggested link's id"),
            OpenApiParameter("decision", str, OpenApiParameter.PATH, enum=["accept", "reject"]),
        ],
        responses=DETAIL,
    ),
)
class ProceedingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    serializer_class = s.ProceedingSerializer
    pagination_class = ProceedingPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]
    required_scopes = {"GET": "proceedings:read", "POST": "proceedings:write"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Proceeding.objects.none()
        user = self.request.user
        require_reader(user)
        query = s.ListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.proceeding_list(user, query.validated_data)

    def _out(self, p, **kwargs):
        fresh = selectors.get_proceeding(self.request.user, p.pk)
        return Response(detail_data(self.request.user, fresh), **kwargs)

    def _get(self, pk):
        return selectors.get_proceeding(self.request.user, pk)

    def _body(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def retrieve(self, request, pk=None):
        return Response(detail_data(request.user, self._get(pk)))

    def create(self, request):
        if not request.user.has_perm("proceedings.file_case"):
            deny()
        d = self._body(s.CaseCreateSerializer)
        parties = resolve_parties(request.user, d["parties"])
        rights = []
        for n, item in enumerate(d["rights"]):
            right = resolve_right(request.user, item.get("right"), item.get("number", ""), field=f"rights.{n}")
            rights.append({"right": right, "claims": item["claims"]})
        previous = visible_proceeding(request.user, d["previous"], d["previous_number"], "previous") if d["previous"] or d["previous_number"] else None
        reviewed = visible_proceeding(request.user, d["reviewed"], d["reviewed_number"], "reviewed") if d["reviewed"] or d["reviewed_number"] else None
        case = services.file_case(
            actor=request.user,
            number=d["number"],
            cause=d["cause"],
            filed_on=d["filed_on"],
            title=d["title"],
            parties=parties,
            rights=rights,
            judge=_person(d["judge"], "judge"),
            clerk=_person(d["clerk"], "clerk"),
            previous=previous,
            reviewed=reviewed,
            complaint_served_on=d["complaint_served_on"],
            foreign_defendant=d["foreign_defendant"],
            procedure=d["procedure"],
        )
        return self._out(case, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"])
    def office(self, request):
        if not request.user.has_perm("proceedings.record_office"):
            deny()
        d = self._body(s.OfficeCreateSerializer)
        right = resolve_right(request.user, d.get("right"), d.get("right_number", ""), field="right")
        p = services.record_office_proceeding(
            actor=request.user,
            kind=d["kind"],
            number=d["number"],
            right=right,
            filed_on=d["filed_on"],
            parties=resolve_parties(request.user, d["parties"]),
            grounds=d["grounds"],
            evidence=d["evidence"],
            claims=d["claims"],
            handler=_person(d["handler"], "handler"),
        )
        return self._out(p, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.ProceedingDecideSerializer)
        services.decide(
            actor=request.user,
            proceeding=p,
            result=d["result"],
            decided_on=d["decided_on"],
            decision_number=d["decision_number"],
            surviving_claims=d["surviving_claims"],
        )
        return self._out(p)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.ProceedingCloseSerializer)
        services.close_case(
            actor=request.user,
            case=p,
            result=d["result"],
            closed_on=d["closed_on"],
            disposition=d["disposition"] or None,
            decision_number=d["decision_number"],
        )
        return self._out(p)

    @action(detail=True, methods=["post"])
    def stay(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.StaySerializerIn)
        basis = visible_proceeding(request.user, d["basis"], field="basis") if d["basis"] else None
        services.record_stay(actor=request.user, case=p, started_on=d["started_on"], reason=d["reason"], basis=basis)
        return self._out(p)

    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.ProceedingLiftSerializer)
        services.lift_stay(actor=request.user, case=p, ended_on=d["ended_on"])
        return self._out(p)

    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.ProceedingServeSerializer)
        row = p.parties.filter(party_id=d["party"]).select_related("party").first()
        document = None
        if d["document"]:
            document = Document.objects.filter(pk=d["document"], proceeding=p).first()
            if document is None:
                invalid("document", NOT_FOUND, ErrorCode.NOT_FOUND)
        services.serve(
            actor=request.user,
            proceeding=p,
            party=row.party if row else None,
            method=d["method"],
            served_on=d["served_on"],
            sent_on=d["sent_on"],
            document=document,
        )
        return self._out(p)

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.ProceedingAssignSerializer)
        target = User.objects.filter(pk=d["user"]).select_related("agency").first()
        services.assign(actor=request.user, proceeding=p, role=d["role"], user=target, delegated=d["delegated"], reason=d["reason"])
        return self._out(p)

    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        p = self._get(pk)
        d = self._body(s.LinkInputSerializer)
        other = visible_proceeding(request.user, d.get("other"), d.get("other_number", ""), "other")
        services.link(actor=request.user, proceeding=p, other=other, reason=d["reason"])
        return self._out(p)

    @action(detail=True, methods=["post"], url_path=r"suggestions/(?P<suggestion>[0-9]+)/(?P<decision>accept|reject)", url_name="suggestion")
    def suggestion(self, request, pk=None, suggestion=None, decision=None):
        p = self._get(pk)
        sid = parse_pk(suggestion)
        visible = selectors.proceedings_for(request.user).values("pk")
        item = Link.objects.filter(pk=sid).filter(Q(source=p, target__in=visible) | Q(target=p, source__in=visible)).first()
        if item is None:
            raise NotFound()
        d = self._body(s.SuggestionDecisionSerializer)
        services.decide_suggestion(actor=request.user, suggestion=item, accept=decision == "accept", reason=d["reason"])
        return self._out(p)
