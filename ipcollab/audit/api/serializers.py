from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    chain = serializers.CharField(source="chain.key", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "chain",
            "seq",
            "created_at",
            "actor",
            "actor_label",
            "agency",
            "agency_name",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "before",
            "after",
            "reason",
            "request_id",
            "is_read",
            "algorithm",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields
