from rest_framework import serializers

from ipcollab.core.masking import mask_id_card

from ..models import Party, PartyKind, PartyName, PowerOfAttorney, Representative, RepresentativeKind, Scope, Source, SpecialPower
from ..services import mask_address

MAX_ID = 2**63 - 1


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- read ---------------------------------------------------------------------------------------


class PartyNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyName
        fields = ["name", "valid_from", "valid_to", "reason"]
        read_only_fields = fields


class PartySerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField(help_text="masked (PIPL); empty for organisations")
    address = serializers.SerializerMethodField(help_text="masked for persons")
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True, read_only=True)
    agency = serializers.IntegerField(source="agency_id", allow_null=True, read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "kind",
            "name",
            "normalized_name",
            "credit_code",
            "id_number",
            "nationality",
            "region_code",
            "address",
            "source",
            "source_id",
            "source_version",
            "received_at",
            "merged_into",
            "agency",
            "visibility",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        return mask_id_card(obj.id_number)

    def get_address(self, obj) -> str:
        return mask_address(obj.address) if obj.is_person else obj.address


class PartyDetailSerializer(PartySerializer):
    former_names = PartyNameSerializer(many=True, read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "former_names"]
        read_only_fields = fields


class RepresentativeSerializer(serializers.ModelSerializer):
    firm = serializers.IntegerField(source="firm_id", allow_null=True, read_only=True)
    firm_name = serializers.CharField(source="firm.name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = Representative
        fields = [
            "id",
            "kind",
            "name",
            "licence_number",
            "firm",
            "firm_name",
            "credit_code",
            "source",
            "source_id",
            "source_version",
            "received_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PowerOfAttorneySerializer(serializers.ModelSerializer):
    principal = serializers.IntegerField(source="principal_id", read_only=True)
    principal_name = serializers.CharField(source="principal.name", read_only=True)
    representative = serializers.IntegerField(source="representative_id", read_only=True)
    representative_name = serializers.CharField(source="representative.name", read_only=True)
    special_powers = serializers.ListField(child=serializers.ChoiceField(choices=SpecialPower.choices), read_only=True)

    class Meta:
        model = PowerOfAttorney
        fields = [
            "id",
            "principal",
            "principal_name",
            "representative",
            "representative_name",
            "matter",
            "scope",
            "special_powers",
            "valid_from",
            "valid_to",
            "document_reference",
            "revoked_at",
            "revoke_reason",
            "created_at",
        ]
        read_only_fields = fields


# --- write --------------------------------------------------------------------------------------


class _SourceFields(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    source_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    source_version = serializers.CharField(max_length=40, required=False, allow_blank=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class PartyUpdateSerializer(_SourceFields):
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True, help_text="18-character USCC; checked")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="persons only")
    nationality = serializers.CharField(max_length=2, required=False, help_text="ISO 3166-1 alpha-2, default CN")
    region_code = serializers.CharField(max_length=6, required=False, allow_blank=True, help_text="GB/T 2260 code (Chinese parties)")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PartyCreateSerializer(PartyUpdateSerializer):
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(max_length=200)


class PartyRenameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    changed_on = serializers.DateField(required=False, help_text="first day of the new name (default today)")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PartyMergeSerializer(serializers.Serializer):
    duplicate = id_field(help_text="the party merged into this one")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class RepresentativeUpdateSerializer(_SourceFields):
    name = serializers.CharField(max_length=200, required=False)
    licence_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    firm = id_field(required=False, allow_null=True, help_text="id of a law firm or agency (individual representatives only)")
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True, help_text="firms and agencies only")


class RepresentativeCreateSerializer(RepresentativeUpdateSerializer):
    kind = serializers.ChoiceField(choices=RepresentativeKind.choices)
    name = serializers.CharField(max_length=200)


class PowerOfAttorneyCreateSerializer(serializers.Serializer):
    principal = id_field()
    representative = id_field()
    matter = serializers.CharField(max_length=300)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)
    special_powers = serializers.ListField(child=serializers.ChoiceField(choices=SpecialPower.choices), required=False, max_length=10)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    document_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PowerOfAttorneyRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
