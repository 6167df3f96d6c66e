"""Serializers of the mediation API (the workflow; agreements have their own module)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import LogEntry, LogKind, Mediation, MediationParty, Mediator, Organisation, Outcome, Session, SessionMode, Source, Status


class MediationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MediationOrganisationSerializer(serializers.ModelSerializer):
    agency = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code", default=None, allow_null=True)
    caseload = serializers.IntegerField(help_text="open mediations")

    class Meta:
        model = Organisation
        fields = ["id", "agency", "fields", "region", "languages", "capacity", "caseload", "accepting", "active", "registered_on"]
        read_only_fields = fields

    def get_agency(self, o) -> MediationRef:
        return {"id": o.agency_id, "name": o.agency.name}


class MediationMediatorSerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="organisation_id")
    name = serializers.CharField(source="user.display_name")
    caseload = serializers.IntegerField(help_text="open mediations assigned to the mediator")

    class Meta:
        model = Mediator
        fields = ["id", "organisation", "name", "title", "fields", "languages", "max_caseload", "caseload", "available", "unavailable_until", "active"]
        read_only_fields = fields


class MediationPartySerializer(serializers.ModelSerializer):
    party = serializers.SerializerMethodField()
    representative = serializers.SerializerMethodField()

    class Meta:
        model = MediationParty
        fields = ["id", "party", "side", "representative", "power_of_attorney"]
        read_only_fields = fields

    def get_party(self, p) -> MediationRef:
        return {"id": p.party_id, "name": p.party.name}

    @extend_schema_field(MediationRef(allow_null=True))
    def get_representative(self, p):
        return {"id": p.representative_id, "name": p.representative.name} if p.representative_id else None


class MediationLogEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default="", read_only=True)

    class Meta:
        model = LogEntry
        fields = ["id", "kind", "text", "visible_to_parties", "actor", "at"]
        read_only_fields = fields


class MediationSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "starts_at", "ends_at", "mode", "place", "held"]
        read_only_fields = fields


class MediationSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    court = serializers.SerializerMethodField()
    office = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    mediator = serializers.SerializerMethodField()
    claim_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True)

    class Meta:
        model = Mediation
        fields = [
            "id",
            "number",
            "source",
            "field",
            "title",
            "organisation",
            "court",
            "court_number",
            "case",
            "office",
            "claim_amount",
            "received_on",
            "status",
            "mediator",
            "assigned_at",
            "accepted_at",
            "period_rule",
            "period_days",
            "due_on",
            "extended_days",
            "outcome",
            "ended_on",
            "court_follow_up",
            "source_system",
            "source_id",
            "updated_at",
        ]
        read_only_fields = fields

    def get_organisation(self, m) -> MediationRef:
        return {"id": m.organisation_id, "name": m.organisation.agency.name}

    @extend_schema_field(MediationRef(allow_null=True))
    def get_court(self, m):
        return {"id": m.court_id, "name": m.court.name} if m.court_id else None

    @extend_schema_field(MediationRef(allow_null=True))
    def get_office(self, m):
        return {"id": m.office_id, "name": m.office.name} if m.office_id else None

    @extend_schema_field(MediationRef(allow_null=True))
    def get_case(self, m):
        return {"id": m.case_id, "name": m.case.number} if m.case_id else None

    @extend_schema_field(MediationRef(allow_null=True))
    def get_mediator(self, m):
        return {"id": m.mediator_id, "name": m.mediator.user.display_name} if m.mediator_id else None


class MediationDetailSerializer(MediationSerializer):
    summary = serializers.CharField()
    outcome_note = serializers.CharField()
    parties = serializers.SerializerMethodField()
    rights = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    log = serializers.SerializerMethodField()

    class Meta(MediationSerializer.Meta):
        fields = [*MediationSerializer.Meta.fields, "summary", "outcome_note", "parties", "rights", "sessions", "log"]
        read_only_fields = fields

    def get_parties(self, m) -> MediationPartySerializer(many=True):
        return MediationPartySerializer(m.parties.select_related("party", "representative"), many=True).data

    def get_rights(self, m) -> list[int]:
        return list(m.rights.order_by("pk").values_list("pk", flat=True))

    def get_sessions(self, m) -> MediationSessionSerializer(many=True):
        return MediationSessionSerializer(m.sessions.order_by("starts_at", "pk"), many=True).data

    def get_log(self, m) -> MediationLogEntrySerializer(many=True):
        qs = m.log.select_related("actor").order_by("at", "pk")
        if self.context.get("parties_only"):
            qs = qs.filter(visible_to_parties=True)
        return MediationLogEntrySerializer(qs, many=True).data


class MediationPartyInSerializer(serializers.Serializer):
    party = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    side = serializers.ChoiceField(choices=["applicant", "respondent"])
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    representative = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1)
    power_of_attorney = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1)


class MediationCreateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    organisation = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    title = serializers.CharField(max_length=300)
    parties = MediationPartyInSerializer(many=True)
    received_on = serializers.DateField()
    field = serializers.ChoiceField(choices=["patent", "trademark", "copyright", "technology", "unfair_competition", "other"], default="patent")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    claim_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None)
    court_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60, help_text="pre_suit: the court's 民诉前调 number")
    case = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1, help_text="in_suit: the pending civil case (proceeding id)"
    )
    rights = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, default=list, max_length=50)
    source_system = serializers.CharField(required=False, default="api", max_length=30)
    source_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=100, help_text="with source_system: creation is idempotent")


class MediationAssignSerializer(serializers.Serializer):
    mediator = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class MediationAcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField(required=False, allow_null=True, default=None)


class MediationDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class MediationExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=60)
    reason = serializers.CharField(max_length=300)


class MediationOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    ended_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MediationLogInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(choices=[LogKind.NOTE, LogKind.CALL], default=LogKind.NOTE)
    visible_to_parties = serializers.BooleanField(default=False)


class MediationSessionInSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    place = serializers.CharField(max_length=300)


class MediationFileCaseSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60, help_text="the new case's number, e.g. （2026）京73民初1号")
    cause = serializers.CharField(max_length=60, help_text="cause of action (案由) code, e.g. patent_infringement_invention")
    filed_on = serializers.DateField()
    judge = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1)
    clerk = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**63 - 1)
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=999), required=False, default=list, max_length=999)


class MediationCloseCaseSerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=[("statement", "mediation statement (调解书)"), ("withdrawn", "withdrawal (撤诉)")])
    closed_on = serializers.DateField()
    decision_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class MediationFiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    received = serializers.IntegerField()
    open = serializers.IntegerField()
    closed = serializers.IntegerField()
    by_source = serializers.DictField(child=serializers.DictField())
    by_outcome = serializers.DictField(child=serializers.IntegerField())
    success_rate = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    mean_days = serializers.FloatField(allow_null=True)


STATUS_CHOICES = Status.values
