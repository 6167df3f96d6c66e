from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ipcollab.core.masking import mask_phone
from ipcollab.core.models import Visibility

from .. import selectors
from ..models import Agency, AgencyKind, AgencyLevel, Division, LiaisonDesignation, LiaisonRole, Region

MAX_ID = 2**63 - 1


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- read ---------------------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]
        read_only_fields = fields


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "name", "short_name", "name_en", "is_liaison_office"]
        read_only_fields = fields


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True, read_only=True)
    website = serializers.CharField(read_only=True, help_text="URL, or an empty string")
    divisions = DivisionSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "name_en",
            "kind",
            "level",
            "region",
            "region_name",
            "parent",
            "court_code",
            "address",
            "website",
            "is_active",
            "divisions",
        ]
        read_only_fields = fields


class LiaisonSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    division = serializers.IntegerField(source="division_id", allow_null=True, read_only=True)
    division_name = serializers.SerializerMethodField()
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.display_name", read_only=True)
    counterpart = serializers.IntegerField(source="counterpart_id", allow_null=True, read_only=True)
    counterpart_name = serializers.SerializerMethodField()
    mobile = serializers.SerializerMethodField(help_text="masked unless the caller is an admin of the agency, a platform admin or the person")
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = LiaisonDesignation
        fields = [
            "id",
            "agency",
            "agency_name",
            "division",
            "division_name",
            "person",
            "person_name",
            "role",
            "counterpart",
            "counterpart_name",
            "title",
            "phone",
            "mobile",
            "email",
            "office_hours",
            "valid_from",
            "valid_to",
            "end_reason",
            "visibility",
            "is_current",
        ]
        read_only_fields = fields

    def get_division_name(self, obj) -> str | None:
        return obj.division.name if obj.division_id else None

    def get_counterpart_name(self, obj) -> str | None:
        return obj.counterpart.name if obj.counterpart_id else None

    def get_mobile(self, obj) -> str:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return obj.mobile if selectors.can_see_mobile(user, obj) else mask_phone(obj.mobile)


# --- write --------------------------------------------------------------------------------------


class AgencyWriteSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40, help_text=_("小写字母、数字和连字符，如 court-jing73"))
    name = serializers.CharField(max_length=120)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    level = serializers.ChoiceField(choices=AgencyLevel.choices)
    region = serializers.RegexField(r"^[0-9]{6}$", max_length=6, help_text=_("GB/T 2260 六位代码"))
    parent = id_field(required=False, allow_null=True)
    court_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class LiaisonCreateSerializer(serializers.Serializer):
    agency = id_field()
    person = id_field()
    role = serializers.ChoiceField(choices=LiaisonRole.choices, default=LiaisonRole.PRIMARY)
    counterpart = id_field(required=False, allow_null=True)
    division = id_field(required=False, allow_null=True)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254)
    office_hours = serializers.CharField(max_length=100, required=False, allow_blank=True)
    valid_from = serializers.DateField(required=False, allow_null=True, help_text=_("留空为今天；不能晚于今天"))
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.NETWORK)


class LiaisonUpdateSerializer(serializers.Serializer):
    division = id_field(required=False, allow_null=True)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False)
    office_hours = serializers.CharField(max_length=100, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class LiaisonEndSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    valid_to = serializers.DateField(required=False, allow_null=True, help_text=_("留空为今天"))
