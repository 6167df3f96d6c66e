from rest_framework import serializers

from ..models import ApplicationStatus, Decision, LogKind, RequesterStatus, Ruling, Side, Stage

ACTIONS = (
    "accept",
    "refuse",
    "suspend",
    "resume",
    "withdraw",
    "decide",
    "serve",
    "suit",
    "compliance",
    "demand",
    "apply",
    "court_accept",
    "court_not_accept",
    "court_hear",
    "court_rule",
)


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RightRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class PartySerializer(serializers.Serializer):
    party_id = serializers.IntegerField()
    name = serializers.CharField(source="party.name")
    side = serializers.ChoiceField(choices=Side.choices)
    served_on = serializers.DateField(allow_null=True)
    service_method = serializers.CharField()
    window_ends_on = serializers.DateField(allow_null=True, help_text="last day of this party's 15 days to sue, from its own service")


class EnforcementSerializer(serializers.Serializer):
    court = RefSerializer()
    court_basis = serializers.CharField()
    applied_on = serializers.DateField()
    apply_by = serializers.DateField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    case_number = serializers.CharField(help_text="the court's 行审 case number, once registered")
    accept_due = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    hearing = serializers.BooleanField()
    rule_due = serializers.DateField(allow_null=True)
    ruled_on = serializers.DateField(allow_null=True)
    ruling = serializers.ChoiceField(choices=[("", ""), *Ruling.choices])
    reasons = serializers.CharField()


class LogSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.ChoiceField(choices=LogKind.choices)
    text = serializers.CharField()
    from_agency = serializers.CharField(source="from_agency.name", default="")
    to_agency = serializers.CharField(source="to_agency.name", default="")
    to_party = serializers.CharField(source="to_party.name", default="")


class NextStepSerializer(serializers.Serializer):
    action = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    side = serializers.ChoiceField(choices=[("office", "office"), ("court", "court")])


class AdjudicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    office = RefSerializer()
    stage = serializers.ChoiceField(choices=Stage.choices)
    suspended = serializers.BooleanField()
    right = RightRefSerializer()
    claims = serializers.ListField(child=serializers.IntegerField())
    title = serializers.CharField()
    received_on = serializers.DateField()
    accept_due = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    decide_due = serializers.DateField(allow_null=True)
    decision = serializers.ChoiceField(choices=[("", ""), *Decision.choices])
    decided_on = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    window_ends_on = serializers.DateField(allow_null=True, help_text="the last party's window to sue ends")
    apply_by = serializers.DateField(allow_null=True, help_text="last day to apply for compulsory enforcement")
    complied = serializers.BooleanField(allow_null=True)
    demand_served_on = serializers.DateField(allow_null=True)
    demand_ends_on = serializers.DateField(allow_null=True)
    suit_number = serializers.CharField()
    source_system = serializers.CharField()
    source_id = serializers.CharField()


class AdjudicationDetailSerializer(AdjudicationSerializer):
    region = serializers.CharField(source="region_id")
    major = serializers.BooleanField()
    facts = serializers.CharField()
    evidence = serializers.ListField(child=serializers.CharField())
    refusal_reason = serializers.CharField()
    decision_reasons = serializers.CharField()
    parties = PartySerializer(many=True, source="parties_rows")
    enforcement = EnforcementSerializer(allow_null=True, source="enforcement_row")
    next_step = NextStepSerializer(allow_null=True, source="next_step_row")
    overdue = serializers.BooleanField(source="overdue_flag")
    log = LogSerializer(many=True, source="log_rows")


class AdjudicationCreateSerializer(serializers.Serializer):
    right = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, help_text="registry right id (or right_number)")
    right_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    requester = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="registry party id")
    requester_status = serializers.ChoiceField(choices=RequesterStatus.choices, default=RequesterStatus.PATENTEE)
    respondents = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=20)
    region = serializers.RegexField(r"^[0-9]{6}$", help_text="GB/T 2260 code of the place of infringement")
    major = serializers.BooleanField(default=False)
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999), required=False, default=list, max_length=200)
    facts = serializers.CharField(max_length=20000)
    evidence = serializers.ListField(child=serializers.CharField(max_length=500), required=False, default=list, max_length=200)
    received_on = serializers.DateField()
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="", help_text="the office's own case number; generated when empty")
    source_system = serializers.CharField(max_length=30, required=False, default="api")
    source_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="idempotency: the same (source_system, source_id) returns the existing record (200)",
    )


class ActionSerializer(serializers.Serializer):
    """One action; the fields it needs: accept (accepted_on, handlers), refuse (refused_on, reason),
    suspend (invalidation, started_on, reason), resume (resumed_on), withdraw (withdrawn_on, reason), decide (decision, decided_on,
    decision_number, reasons), serve (party, served_on, method), suit (party, suit_number, filed_on),
    compliance (complied, checked_on, note), demand (served_on), apply (applied_on); court:
    court_accept (case_number, accepted_on), court_not_accept (decided_on, reasons), court_hear
    (decided_on), court_rule (ruling, ruled_on, reasons)."""

    action = serializers.ChoiceField(choices=[(a, a) for a in ACTIONS])
    handlers = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=20)
    invalidation = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    party = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    accepted_on = serializers.DateField(required=False)
    refused_on = serializers.DateField(required=False)
    started_on = serializers.DateField(required=False)
    resumed_on = serializers.DateField(required=False)
    withdrawn_on = serializers.DateField(required=False)
    decided_on = serializers.DateField(required=False)
    served_on = serializers.DateField(required=False)
    filed_on = serializers.DateField(required=False)
    checked_on = serializers.DateField(required=False)
    applied_on = serializers.DateField(required=False)
    ruled_on = serializers.DateField(required=False)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)
    ruling = serializers.ChoiceField(choices=Ruling.choices, required=False)
    complied = serializers.BooleanField(required=False)
    method = serializers.ChoiceField(choices=[(m, m) for m in ("direct", "post", "electronic", "announcement")], required=False)
    decision_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    suit_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    case_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    reasons = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    NEEDS = {
        "accept": ("accepted_on", "handlers"),
        "refuse": ("refused_on", "reason"),
        "suspend": ("invalidation", "started_on"),
        "resume": ("resumed_on",),
        "withdraw": ("withdrawn_on",),
        "decide": ("decision", "decided_on", "decision_number", "reasons"),
        "serve": ("party", "served_on"),
        "suit": ("party", "suit_number", "filed_on"),
        "compliance": ("complied", "checked_on"),
        "demand": ("served_on",),
        "apply": ("applied_on",),
        "court_accept": ("case_number", "accepted_on"),
        "court_not_accept": ("decided_on", "reasons"),
        "court_hear": ("decided_on",),
        "court_rule": ("ruling", "ruled_on", "reasons"),
    }

    def validate(self, data):
        missing = {f: ["required for this action"] for f in self.NEEDS[data["action"]] if data.get(f) in (None, "", [])}
        if missing:
            raise serializers.ValidationError(missing)
        return data
