"""API of agreements and judicial confirmation, for the parties' systems, the People's Court
Mediation Platform and the courts' systems: read an agreement (its terms, the confirmations and the
hash each confirmed) and the applications' status; the court's actions (accept with a 民特 number,
not accept, extend, rule). Scopes: mediation:read (GET), mediation:write (the court's POSTs). Thin:
confirmation.* decides; out of reach is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk

from .. import confirmation
from ..models import ApplicationStatus, ConfirmationApplication, MediationParty, Ruling

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
SCOPES = {"GET": "mediation:read", "POST": "mediation:write"}


class TermSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField(help_text="the term in the words of the agreement")
    obliged = serializers.IntegerField(allow_null=True, help_text="MediationParty id")
    beneficiary = serializers.IntegerField(allow_null=True, help_text="MediationParty id")
    right = serializers.IntegerField(allow_null=True)
    right_number = serializers.CharField(allow_null=True)
    amount = serializers.CharField(allow_null=True)
    instalments = serializers.ListField(child=serializers.DictField())
    details = serializers.DictField()
    proceeding = serializers.IntegerField(allow_null=True)
    recorded_event = serializers.IntegerField(allow_null=True, help_text="the legal event CNIPA recorded (transfer, licence)")


class ConfirmationSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    party_name = serializers.CharField()
    identity = serializers.CharField()
    method = serializers.ChoiceField(choices=["online", "signed"])
    text_hash = serializers.CharField()
    confirmed_at = serializers.DateTimeField()


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    side = serializers.CharField()
    confirmed = serializers.BooleanField()


class ApplicationSerializer(serializers.ModelSerializer):
    mediation = serializers.IntegerField(source="agreement.mediation_id")
    mediation_number = serializers.CharField(source="agreement.mediation.number")
    court_name = serializers.CharField(source="court.name")

    class Meta:
        model = ConfirmationApplication
        fields = [
            "id",
            "agreement",
            "mediation",
            "mediation_number",
            "court",
            "court_name",
            "court_basis",
            "status",
            "case_number",
            "applied_on",
            "apply_by",
            "apply_rule",
            "joint",
            "accept_by",
            "accepted_on",
            "rule_by",
            "extended",
            "judge",
            "ruling",
            "ruled_on",
            "reason",
        ]


class AgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mediation = serializers.IntegerField()
    mediation_number = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    text = serializers.CharField(help_text="the canonical text whose SHA-256 the parties confirm")
    text_hash = serializers.CharField(allow_blank=True)
    circulated_at = serializers.DateTimeField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)
    apply_by = serializers.DateField(allow_null=True, help_text="last day to apply for judicial confirmation (effective agreements)")
    parties = PartySerializer(many=True)
    terms = TermSerializer(many=True)
    confirmations = ConfirmationSerializer(many=True)
    applications = ApplicationSerializer(many=True)


def agreement_data(agreement, user):
    parties = {mp.pk: mp for mp in MediationParty.objects.select_related("party").filter(mediation=agreement.mediation).order_by("order", "pk")}
    confirmations = list(agreement.confirmations.select_related("party__party").order_by("confirmed_at", "pk"))
    confirmed = {c.party_id for c in confirmations}
    apply_by = None
    if agreement.effective_on:
        try:
            apply_by = confirmation.apply_deadline(agreement)[0]
        except ServiceError:
            apply_by = None
    return {
        "id": agreement.pk,
        "mediation": agreement.mediation_id,
        "mediation_number": agreement.mediation.number,
        "version": agreement.version,
        "status": agreement.status,
        "text": confirmation.agreement_text(agreement),
        "text_hash": agreement.text_hash,
        "circulated_at": agreement.circulated_at,
        "effective_on": agreement.effective_on,
        "apply_by": apply_by,
        "parties": [{"id": mp.pk, "name": mp.party.name, "side": mp.side, "confirmed": mp.pk in confirmed} for mp in parties.values()],
        "terms": [
            {
                "order": t.order,
                "kind": t.kind,
                "text": confirmation.term_text(t, parties),
                "obliged": t.obliged_id,
                "beneficiary": t.beneficiary_id,
                "right": t.right_id,
                "right_number": t.right.number if t.right_id else None,
                "amount": str(t.amount) if t.amount is not None else None,
                "instalments": t.instalments or [],
                "details": t.details or {},
                "proceeding": t.proceeding_id,
                "recorded_event": t.recorded_event_id,
            }
            for t in agreement.terms.select_related("right", "proceeding").order_by("order", "pk")
        ],
        "confirmations": [
            {
                "party": c.party_id,
                "party_name": c.party.party.name,
                "identity": c.identity,
                "method": c.method,
                "text_hash": c.text_hash,
                "confirmed_at": c.confirmed_at,
            }
            for c in confirmations
        ],
        "applications": ApplicationSerializer(
            confirmation.applications_for(user).filter(agreement=agreement).select_related("court", "agreement__mediation"), many=True
        ).data,
    }


class AcceptSerializer(serializers.Serializer):
    case_number = serializers.CharField(max_length=60, help_text="the 民特 number of the court's own code, e.g. （2026）京73民特1号")
    accepted_on = serializers.DateField(required=False, help_text="default today")
    judge = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="a judge of the court (user id)")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ExtendSerializer(serializers.Serializer):
    approval = serializers.CharField(max_length=300, help_text="the president's approval (who, when)")


class RuleSerializer(serializers.Serializer):
    ruling = serializers.ChoiceField(choices=Ruling.values)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    ruled_on = serializers.DateField(required=False)


class IdPagination(StableCursorPagination):
    ordering = "-id"


def _mediation_filter(request):
    value = request.query_params.get("mediation")
    if value in (None, ""):
        return None
    try:
        return parse_pk(value)
    except NotFound:
        raise ServiceError(ErrorCode.INVALID, fields={"mediation": ["a mediation id"]}) from None


@extend_schema_view(
    list=extend_schema(
        summary="Agreements of the mediations in reach",
        tags=["mediation"],
        parameters=[OpenApiParameter("mediation", int, description="only the agreements of this mediation")],
        responses={200: AgreementSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One agreement: its text and hash, terms, each party's confirmation, the applications",
        tags=["mediation"],
        responses={200: AgreementSerializer, **error_responses(*READ_ERRORS)},
    ),
)
class AgreementViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = AgreementSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        qs = confirmation.agreements_for(self.request.user).select_related("mediation")
        mediation = _mediation_filter(self.request)
        if mediation is not None:
            qs = qs.filter(mediation_id=mediation)
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([agreement_data(a, request.user) for a in page])

    def retrieve(self, request, pk=None):
        return Response(agreement_data(confirmation.get_agreement(request.user, pk), request.user))


@extend_schema_view(
    list=extend_schema(
        summary="Judicial-confirmation applications in reach (a court: those sent to it)",
        tags=["mediation"],
        parameters=[
            OpenApiParameter("status", str, enum=list(ApplicationStatus.values)),
            OpenApiParameter("mediation", int, description="only the applications of this mediation"),
        ],
        responses={200: ApplicationSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(summary="One application", tags=["mediation"], responses={200: ApplicationSerializer, **error_responses(*READ_ERRORS)}),
    accept=extend_schema(
        summary="The court accepts (受理) with its 民特 number; the ruling falls due under rule mediation.judicial_confirmation.decide",
        tags=["mediation"],
        request=AcceptSerializer,
        responses={200: ApplicationSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    refuse=extend_schema(
        summary="The court does not accept (不予受理), with a reason",
        tags=["mediation"],
        request=ReasonSerializer,
        responses={200: ApplicationSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    extend=extend_schema(
        summary="The review period extended once (10 days) with the president's approval",
        tags=["mediation"],
        request=ExtendSerializer,
        responses={200: ApplicationSerializer, **error_responses(*WRITE_ERRORS)},
    ),
    rule=extend_schema(
        summary="The ruling: valid (enforceable) or invalid (the parties are told their options)",
        tags=["mediation"],
        request=RuleSerializer,
        responses={200: ApplicationSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = ApplicationSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = confirmation.applications_for(self.request.user).select_related("court", "agreement__mediation")
        status = self.request.query_params.get("status")
        if status not in (None, ""):
            if status not in ApplicationStatus.values:
                raise ServiceError(ErrorCode.INVALID, fields={"status": [", ".join(ApplicationStatus.values)]})
            qs = qs.filter(status=status)
        mediation = _mediation_filter(self.request)
        if mediation is not None:
            qs = qs.filter(agreement__mediation_id=mediation)
        return qs

    def retrieve(self, request, pk=None):
        return Response(ApplicationSerializer(confirmation.get_application(request.user, pk)).data)

    def _do(self, request, pk, serializer_class, call):
        application = confirmation.get_application(request.user, pk)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(application, serializer.validated_data)
        return Response(ApplicationSerializer(confirmation.get_application(request.user, application.pk)).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        def call(application, data):
            judge = None
            if data.get("judge"):
                from django.contrib.auth import get_user_model

                judge = get_user_model().objects.filter(pk=data["judge"]).first()
                if judge is None:
                    raise ServiceError(ErrorCode.INVALID, fields={"judge": ["a judge of the court"]})
            confirmation.accept_application(
                actor=request.user, application=application, case_number=data["case_number"], accepted_on=data.get("accepted_on"), judge=judge
            )

        return self._do(request, pk, AcceptSerializer, call)

    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._do(request, pk, ReasonSerializer, lambda a, d: confirmation.refuse_application(actor=request.user, application=a, reason=d["reason"]))

    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._do(request, pk, ExtendSerializer, lambda a, d: confirmation.extend_application(actor=request.user, application=a, approval=d["approval"]))

    @action(detail=True, methods=["post"])
    def rule(self, request, pk=None):
        return self._do(
            request,
            pk,
            RuleSerializer,
            lambda a, d: confirmation.rule_application(actor=request.user, application=a, ruling=d["ruling"], reason=d["reason"], ruled_on=d.get("ruled_on")),
        )
