from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ipcollab.core.ids import MAX_PK

from ..models import AccountKind, Role, User
from ..selectors import contact_for, memberships_of


class RoleSerializer(serializers.ModelSerializer):
    agency_kinds = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Role
        fields = ["code", "name", "name_en", "scope", "agency_kinds", "description"]
        read_only_fields = fields


class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class DivisionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonSerializer(serializers.ModelSerializer):
    """A person as the caller may see them: phone and e-mail masked unless the caller's role
    needs them (`contact_masked` says which)."""

    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    division = DivisionBriefSerializer(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    contact_masked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "kind",
            "agency",
            "division",
            "title",
            "phone",
            "email",
            "contact_masked",
            "roles",
            "is_active",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_roles(self, obj):
        return [m.role.code for m in memberships_of(obj)]

    @extend_schema_field(serializers.BooleanField())
    def get_contact_masked(self, obj):
        return self._contact(obj)["masked"]

    def _contact(self, obj):
        cache = self.context.setdefault("_contacts", {})
        if obj.pk not in cache:
            cache[obj.pk] = contact_for(self.context["request"].user, obj)
        return cache[obj.pk]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        contact = self._contact(instance)
        data["phone"] = contact["phone"]
        data["email"] = contact["email"]
        return data


class PersonCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, help_text="Initial password: at least 12 characters of three classes."
    )
    full_name = serializers.CharField(max_length=60)
    agency = serializers.IntegerField(min_value=1, max_value=MAX_PK, required=False, help_text="Agency id; defaults to the caller's agency.")
    division = serializers.IntegerField(min_value=1, max_value=MAX_PK, required=False, allow_null=True)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    roles = serializers.ListField(child=serializers.SlugField(max_length=40), required=False, default=list, max_length=20)


class PersonUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=60, required=False)
    division = serializers.IntegerField(min_value=1, max_value=MAX_PK, required=False, allow_null=True)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class RoleAssignSerializer(serializers.Serializer):
    role = serializers.SlugField(max_length=40)


class PeopleQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=60, required=False, allow_blank=True, help_text="Part of the name or username")
    role = serializers.SlugField(max_length=40, required=False, allow_blank=True, help_text="Role code")
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
    agency = serializers.IntegerField(min_value=1, max_value=MAX_PK, required=False, help_text="Agency id (platform admins)")
    kind = serializers.ChoiceField(choices=AccountKind.choices, required=False, allow_blank=True)


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AccountKind.choices)
    agency = AgencyBriefSerializer(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    token = TokenInfoSerializer(allow_null=True, help_text="The token used for this call (null for browser sessions)")
