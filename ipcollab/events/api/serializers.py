from rest_framework import serializers

from .. import registry
from ..models import Channel, Delivery, DeliveryAttempt, Subscription

MAX_ID = 2**63 - 1


class EventTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    description = serializers.CharField()


class SubscriptionSerializer(serializers.ModelSerializer):
    owner = serializers.IntegerField(source="owner_id", read_only=True)
    owner_name = serializers.CharField(source="owner.display_name", read_only=True)
    agency = serializers.IntegerField(source="agency_id", allow_null=True, read_only=True)
    subject_type = serializers.SerializerMethodField()
    event_types = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "owner",
            "owner_name",
            "name",
            "channel",
            "event_types",
            "agency",
            "subject_type",
            "subject_id",
            "url",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_subject_type(self, obj) -> str | None:
        return f"{obj.subject_type.app_label}.{obj.subject_type.model}" if obj.subject_type_id else None


class SubscriptionWithSecretSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True, allow_null=True, source="new_secret", help_text="the webhook signing secret: returned once, never again")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


def _event_type_choice(value):
    if not registry.is_registered(value):
        raise serializers.ValidationError("unknown event type", code="event_type_unknown")
    return value


class SubscriptionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Channel.choices)
    event_types = serializers.ListField(child=serializers.CharField(max_length=80), min_length=1, max_length=100, help_text="codes of GET /api/v1/event-types/")
    url = serializers.CharField(max_length=500, required=False, allow_blank=True, help_text="webhooks: an https:// URL")
    agency = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text="only events of this agency")
    subject_type = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text='monitor one record: "app_label.model"')
    subject_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class SubscriptionUpdateSerializer(SubscriptionWriteSerializer):
    channel = None  # fixed at creation


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "at", "succeeded", "status_code", "duration_ms", "error"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    occurred_at = serializers.DateTimeField(source="event.occurred_at", read_only=True)
    subject_label = serializers.CharField(source="event.subject_label", read_only=True)
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "event_type",
            "occurred_at",
            "subject_label",
            "channel",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "response_code",
            "delivered_at",
            "attempt_log",
        ]
        read_only_fields = fields
