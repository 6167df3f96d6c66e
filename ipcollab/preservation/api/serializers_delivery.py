from rest_framework import serializers

from ..models import Handoff


class _AgencyRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HandoffSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    from_agency = _AgencyRef(read_only=True)
    to_agency = _AgencyRef(read_only=True)
    acknowledged_by = serializers.SerializerMethodField()
    payload = serializers.JSONField(
        read_only=True, help_text="what was handed over; `digest` is the SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8)"
    )

    class Meta:
        model = Handoff
        fields = [
            "id",
            "order",
            "step",
            "step_label",
            "from_agency",
            "to_agency",
            "on",
            "sent_at",
            "receipt_number",
            "digest",
            "payload",
            "acknowledged_at",
            "acknowledged_by",
        ]
        read_only_fields = fields

    def get_acknowledged_by(self, obj) -> str:
        user = obj.acknowledged_by
        return user.display_name if user is not None else ""
