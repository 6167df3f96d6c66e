"""Serializers of the proceedings API: what a proceeding looks like to court and CNIPA systems
(list row, full record), and the bodies of the writes. Input serializers check types only (ids in
range, dates, choices); the services check the rules."""

from rest_framework import serializers

from .. import causes, outcomes
from ..models import OFFICE_KINDS, AssignmentRole, Kind, PartyRole, Procedure, ServiceMethod, Stage, Status, Track

MAX_ID = 2**63 - 1


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _claims(**kwargs):
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999), max_length=500, **kwargs)


# --- output -----------------------------------------------------------------------------------------
class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class ProceedingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    track = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.CharField()


class ProceedingSerializer(serializers.Serializer):
    """One proceeding as a list row."""

    id = serializers.IntegerField()
    track = serializers.ChoiceField(choices=Track.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    number = serializers.CharField()
    agency = NamedRefSerializer()
    cause = serializers.CharField(help_text="cause of action (案由) code of a court case; empty for CNIPA proceedings")
    cause_label = serializers.CharField()
    category = serializers.CharField()
    title = serializers.CharField()
    filed_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Status.choices)
    closed_on = serializers.DateField(allow_null=True)
    disposition = serializers.CharField()
    result = serializers.CharField()
    result_label = serializers.CharField()
    decision_number = serializers.CharField()
    surviving_claims = serializers.ListField(child=serializers.IntegerField())
    judge = PersonRefSerializer(allow_null=True, help_text="the judge of a court case, the handler (examiner) of a CNIPA proceeding")
    fast_track = serializers.BooleanField()
    priority = serializers.CharField()
    source = serializers.CharField()
    source_id = serializers.CharField()
    source_version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class PartyRowSerializer(serializers.Serializer):
    party = NamedRefSerializer()
    role = serializers.ChoiceField(choices=PartyRole.choices)
    representatives = NamedRefSerializer(many=True)


class RightRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    claims = serializers.ListField(child=serializers.IntegerField(), help_text="claims asserted (suit) or challenged (invalidation)")


class ProceedingStaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    basis = ProceedingRefSerializer(allow_null=True)
    guidance = serializers.CharField(help_text="the §7 guidance the judge saw (shall_stay, may_decline, …); empty when none applied")
    rule_code = serializers.CharField()
    rule_citation = serializers.CharField()


class ProceedingExtensionSerializer(serializers.Serializer):
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    approved_on = serializers.DateField()
    approved_by = serializers.CharField()
    reason = serializers.CharField()


class ProceedingTimeLimitSerializer(serializers.Serializer):
    rule = serializers.CharField()
    nominal_end = serializers.DateField(help_text="the end without stays (period and extensions)")
    ends_on = serializers.DateField(allow_null=True, help_text="null while a stay is open")
    paused_days = serializers.IntegerField()
    stayed_since = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()


class ServiceRowSerializer(serializers.Serializer):
    party = NamedRefSerializer()
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    sent_on = serializers.DateField(allow_null=True)
    served_on = serializers.DateField()
    presumed = serializers.BooleanField()
    window_rule = serializers.CharField(help_text="the rule of the party's window to sue a CNIPA decision")
    window_ends = serializers.DateField(allow_null=True)


class ProceedingDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    services = ServiceRowSerializer(many=True)


class ProceedingAssignmentSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=AssignmentRole.choices)
    user = PersonRefSerializer()
    delegated = serializers.BooleanField()
    reason = serializers.CharField()
    assigned_at = serializers.DateTimeField()


class ParallelSerializer(serializers.Serializer):
    proceeding = ProceedingSerializer()
    relation = serializers.ChoiceField(choices=[("same_right", "same_right"), ("chain", "chain"), ("review", "review")])
    stayed_since = serializers.DateField(allow_null=True)


class ProceedingLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    other = ProceedingRefSerializer()
    kind = serializers.CharField()
    status = serializers.CharField()
    score = serializers.IntegerField()
    reason = serializers.CharField()


class ProceedingDetailSerializer(ProceedingSerializer):
    """One proceeding with everything about it."""

    grounds = serializers.ListField(child=serializers.CharField())
    evidence = serializers.ListField(child=serializers.CharField())
    clerk = PersonRefSerializer(allow_null=True)
    previous = ProceedingRefSerializer(allow_null=True)
    relation = serializers.CharField()
    reviewed = ProceedingRefSerializer(allow_null=True)
    expected_court = NamedRefSerializer(allow_null=True, help_text="an appeal: the court the routing table names")
    complaint_served_on = serializers.DateField(allow_null=True)
    fast_track_reason = serializers.CharField()
    unresolved = serializers.DictField(help_text="references sent by a source system that linking could not resolve")
    parties = PartyRowSerializer(many=True)
    rights = RightRowSerializer(many=True)
    stays = ProceedingStaySerializer(many=True)
    extensions = ProceedingExtensionSerializer(many=True)
    time_limit = ProceedingTimeLimitSerializer(allow_null=True, help_text="审限 of a court case; null when its kind has none modelled")
    documents = ProceedingDocumentSerializer(many=True)
    assignments = ProceedingAssignmentSerializer(many=True)
    next_instances = ProceedingRefSerializer(many=True)
    court_reviews = ProceedingRefSerializer(many=True, help_text="a CNIPA proceeding: the administrative suits about its decision")
    parallel = ParallelSerializer(many=True)
    links = ProceedingLinkSerializer(many=True, help_text="accepted links")
    suggestions = ProceedingLinkSerializer(many=True, help_text="suggested links awaiting a decision")


# --- input ------------------------------------------------------------------------------------------
class ListQuerySerializer(serializers.Serializer):
    """The filters of the list (the same as the page's)."""

    q = serializers.CharField(required=False, max_length=60, help_text="part of the number, title or decision number")
    track = serializers.ChoiceField(required=False, choices=Track.choices)
    kind = serializers.ChoiceField(required=False, choices=Kind.choices)
    stage = serializers.ChoiceField(required=False, choices=Stage.choices)
    status = serializers.ChoiceField(required=False, choices=Status.choices)
    result = serializers.ChoiceField(required=False, choices=list(outcomes.RESULTS.items()))
    cause = serializers.ChoiceField(required=False, choices=causes.CHOICES)
    agency = _id(required=False, help_text="court or office (agency id)")
    party = _id(required=False, help_text="party id")
    right = _id(required=False, help_text="right id")
    filed_from = serializers.DateField(required=False)
    filed_to = serializers.DateField(required=False)
    closed_from = serializers.DateField(required=False)
    closed_to = serializers.DateField(required=False)
    fast_track = serializers.BooleanField(required=False, default=False)
    priority = serializers.ChoiceField(required=False, choices=[("requested", "requested"), ("granted", "granted"), ("refused", "refused")])


class PartyInputSerializer(serializers.Serializer):
    party = _id(help_text="party id (registry)")
    role = serializers.ChoiceField(choices=PartyRole.choices)
    representatives = serializers.ListField(child=_id(), required=False, default=list, max_length=20, help_text="representative ids")


class RightInputSerializer(serializers.Serializer):
    right = _id(required=False, help_text="the right's id; or give `number`")
    number = serializers.CharField(required=False, max_length=40, help_text="patent application or trademark registration number, any spelling")
    claims = _claims(required=False, default=list)

    def validate(self, attrs):
        if not attrs.get("right") and not attrs.get("number"):
            raise serializers.ValidationError({"right": ["give `right` (id) or `number`"]})
        return attrs


class CaseCreateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60, help_text="case number, e.g. （2026）京73民初101号")
    cause = serializers.ChoiceField(choices=causes.CHOICES)
    title = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    filed_on = serializers.DateField()
    parties = PartyInputSerializer(many=True, max_length=100)
    rights = RightInputSerializer(many=True, required=False, default=list, max_length=50)
    judge = _id(required=False, allow_null=True, default=None, help_text="user id of a judge of the court")
    clerk = _id(required=False, allow_null=True, default=None, help_text="user id of a clerk of the court")
    previous = _id(required=False, allow_null=True, default=None, help_text="id of the previous instance; or `previous_number`")
    previous_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    reviewed = _id(required=False, allow_null=True, default=None, help_text="id of the CNIPA proceeding an administrative suit is about; or `reviewed_number`")
    reviewed_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    complaint_served_on = serializers.DateField(required=False, allow_null=True, default=None)
    foreign_defendant = serializers.BooleanField(required=False, default=False)
    procedure = serializers.ChoiceField(
        choices=Procedure.choices, required=False, default="", allow_blank=True, help_text="simplified: 简易程序 (civil first instance of a basic court)"
    )


class OfficeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in OFFICE_KINDS])
    number = serializers.CharField(max_length=60, help_text="CNIPA case number, e.g. 4W120001")
    right = _id(required=False, help_text="the right's id; or give `right_number`")
    right_number = serializers.CharField(required=False, max_length=40)
    claims = _claims(required=False, default=list, help_text="claims challenged (empty: all)")
    filed_on = serializers.DateField()
    parties = PartyInputSerializer(many=True, max_length=100)
    grounds = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list, max_length=50)
    evidence = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list, max_length=200)
    handler = _id(required=False, allow_null=True, default=None, help_text="user id of an examiner of the office")

    def validate(self, attrs):
        if not attrs.get("right") and not attrs.get("right_number"):
            raise serializers.ValidationError({"right": ["give `right` (id) or `right_number`"]})
        return attrs


class ProceedingDecideSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=list(outcomes.RESULTS.items()))
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    surviving_claims = _claims(required=False, default=list, help_text="partial invalidation: the claims that stay valid")


class ProceedingCloseSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=list(outcomes.RESULTS.items()))
    closed_on = serializers.DateField()
    disposition = serializers.ChoiceField(required=False, allow_blank=True, default="", choices=list(outcomes.DISPOSITIONS.items()))
    decision_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)


class StaySerializerIn(serializers.Serializer):
    started_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)
    basis = _id(required=False, allow_null=True, default=None, help_text="id of the CNIPA invalidation the stay waits for")


class ProceedingLiftSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class ProceedingServeSerializer(serializers.Serializer):
    party = _id(help_text="party id (a party of the proceeding)")
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = serializers.DateField(required=False, allow_null=True, default=None)
    sent_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="post or electronic service without receipt: presumed received")
    document = _id(required=False, allow_null=True, default=None, help_text="document id (default: the latest decision or judgment)")


class ProceedingAssignSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=AssignmentRole.choices)
    user = _id()
    delegated = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(max_length=300)


class LinkInputSerializer(serializers.Serializer):
    other = _id(required=False, help_text="id of the other proceeding; or `other_number`")
    other_number = serializers.CharField(required=False, max_length=60)
    reason = serializers.CharField(max_length=300)

    def validate(self, attrs):
        if not attrs.get("other") and not attrs.get("other_number"):
            raise serializers.ValidationError({"other": ["give `other` (id) or `other_number`"]})
        return attrs


class SuggestionDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
