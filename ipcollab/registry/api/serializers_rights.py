from django.urls import reverse
from rest_framework import serializers

from ipcollab.core.models import Visibility

from ..labels import event_label
from ..models import LegalEvent, PatentKind, ReconciliationItem, Right, RightKind, RightParty, RightRole, Source
from .serializers import id_field


class RightSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", allow_null=True, read_only=True)
    frozen = serializers.BooleanField(read_only=True)
    pledged = serializers.BooleanField(read_only=True)
    licensed = serializers.BooleanField(read_only=True)
    mark_image_url = serializers.SerializerMethodField(help_text="the mark image (PNG or JPEG), served to users who can see the right; null without one")

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
            "mark_image_url",
            "source",
            "source_id",
            "source_version",
            "received_at",
            "agency",
            "visibility",
        ]
        read_only_fields = fields

    def get_mark_image_url(self, obj) -> str | None:
        if not obj.mark_image:
            return None
        path = reverse("registry:right_mark_image", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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


class NiceClassSerializer(serializers.Serializer):
    # "class" is a Python keyword: declared through the fields dict below.
    groups = serializers.ListField(child=serializers.CharField(max_length=4), max_length=100, required=False, help_text="类似群 codes, e.g. 0901")
    edition = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["class"] = serializers.IntegerField(min_value=1, max_value=45, help_text="Nice class 1-45")
        return fields


class RightPartyInputSerializer(serializers.Serializer):
    party = id_field(help_text="id of a party in reach (not a merged duplicate)")
    role = serializers.ChoiceField(choices=RightRole.choices, default=RightRole.APPLICANT)


class _RightFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, help_text="title (patents) or mark text (trademarks)")
    ipc_codes = serializers.ListField(child=serializers.CharField(max_length=40), max_length=50, required=False, help_text="patents: e.g. G06F 16/245")
    nice_classes = NiceClassSerializer(many=True, required=False, help_text="trademarks: classes with their 类似群 groups")
    classification_edition = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="e.g. NCL12-2024")


class RightCreateSerializer(_RightFieldsSerializer):
    kind = serializers.ChoiceField(choices=RightKind.choices)
    number = serializers.CharField(max_length=40, help_text="application or registration number in any spelling; normalised, check character verified")
    filing_date = serializers.DateField()
    patent_kind = serializers.ChoiceField(choices=PatentKind.choices, required=False, allow_blank=True, help_text="default: the kind digit of the number")
    parties = RightPartyInputSerializer(many=True, required=False, max_length=50, help_text="in order; the first applicant (or owner) is the owner")
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class RightUpdateSerializer(_RightFieldsSerializer):
    """Descriptive fields only: status, numbers, dates and parties come from legal events."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
