from rest_framework import serializers

from ..labels import event_label
from ..models import LegalEvent, ReconciliationItem, Right, RightParty, Source


class RightSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", allow_null=True, read_only=True)
    frozen = serializers.BooleanField(read_only=True)
    pledged = serializers.BooleanField(read_only=True)
    licensed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Right
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "status",
            "frozen",
            "pledged",
            "licensed",
            "pledges",
            "licences",
            "freezes",
            "invalidations",
            "opposed",
            "owner_name",
            "filing_date",
            "publication_date",
            "grant_date",
            "expiry_date",
            "patent_kind",
            "pct",
            "ipc_codes",
            "annuity_status",
            "nice_classes",
            "classification_edition",
            "madrid_number",
            "source",
            "source_id",
            "source_version",
            "received_at",
            "agency",
            "visibility",
        ]
        read_only_fields = fields


class RightPartySerializer(serializers.ModelSerializer):
    party = serializers.IntegerField(source="party_id", read_only=True)
    name = serializers.CharField(source="party.name", read_only=True)
    role = serializers.CharField(read_only=True, help_text="applicant, patentee, owner, inventor, licensee or pledgee")

    class Meta:
        model = RightParty
        fields = ["party", "name", "role", "order"]
        read_only_fields = fields


class LegalEventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = LegalEvent
        fields = ["id", "type", "label", "date", "sequence", "outcome", "details", "source", "source_version", "created_at"]
        read_only_fields = fields

    def get_label(self, obj) -> str:
        return str(event_label(obj.type))


class ReconciliationItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReconciliationItem
        fields = ["id", "event_type", "event_date", "payload", "refusal_code", "refusal_message", "source", "source_version", "status", "created_at"]
        read_only_fields = fields


class RightDossierSerializer(serializers.Serializer):
    right = RightSerializer()
    parties = RightPartySerializer(many=True)
    timeline = LegalEventSerializer(many=True)
    reconciliation = ReconciliationItemSerializer(many=True, help_text="open reconciliation items")
    panels = serializers.DictField(child=serializers.DictField(), help_text="panels added by other modules, by key")


class LegalEventCreateSerializer(serializers.Serializer):
    type = serializers.CharField(max_length=40, help_text="an event type of ipcollab.registry.status (docs/registry.md)")
    date = serializers.DateField()
    outcome = serializers.CharField(max_length=20, required=False, allow_blank=True)
    details = serializers.DictField(required=False, help_text="owner (transfer, change of name), term_ends (registration, renewal), international_number")
    source = serializers.ChoiceField(
        choices=Source.choices, required=False, help_text="a source of record (cnipa, court, import): a refused event opens a reconciliation item"
    )
    source_version = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, default=0)


class RecordedEventSerializer(serializers.Serializer):
    recorded = serializers.BooleanField(help_text="false: the event was refused and held for reconciliation")
    event = LegalEventSerializer(allow_null=True)
    reconciliation = ReconciliationItemSerializer(allow_null=True)
