from rest_framework import serializers

from ipcollab.proceedings import causes
from ipcollab.proceedings.models import Kind, Status, Track
from ipcollab.proceedings.signals import EVENTS
from ipcollab.registry.models import RightKind

from ..links import proceeding_link
from ..models import Follow, Watch, WatchMatch
from ..services import NAME_MAX, NOTE_MAX


class AlertRightRef(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()


class AlertProceedingRef(serializers.Serializer):
    id = serializers.IntegerField()
    track = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    filed_on = serializers.DateField()
    status = serializers.CharField()


class FollowSerializer(serializers.ModelSerializer):
    target_type = serializers.ChoiceField(choices=["right", "proceeding"], read_only=True)
    right = serializers.SerializerMethodField()
    proceeding = serializers.SerializerMethodField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=list(EVENTS)))
    link = serializers.SerializerMethodField(help_text="the page of the followed proceeding or right")

    class Meta:
        model = Follow
        fields = ["id", "target_type", "right", "proceeding", "events", "note", "automatic", "link", "created_at", "updated_at"]

    def get_right(self, obj) -> AlertRightRef(allow_null=True):  # type: ignore[valid-type]
        return AlertRightRef(obj.right).data if obj.right_id else None

    def get_proceeding(self, obj) -> AlertProceedingRef(allow_null=True):  # type: ignore[valid-type]
        return AlertProceedingRef(obj.proceeding).data if obj.proceeding_id else None

    def get_link(self, obj) -> str:
        return proceeding_link(obj.proceeding_id) if obj.proceeding_id else obj.right.get_absolute_url()


class FollowCreateSerializer(serializers.Serializer):
    right = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="a right's id (or give proceeding)")
    proceeding = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="a proceeding's id (or give right)")
    events = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, help_text=f"event types to be alerted on (default: all): {', '.join(EVENTS)}"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX, trim_whitespace=True)


class FollowUpdateSerializer(serializers.Serializer):
    events = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX, trim_whitespace=True)


class WatchSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    party = serializers.IntegerField(source="party_id", allow_null=True)
    right = serializers.IntegerField(source="right_id", allow_null=True)

    class Meta:
        model = Watch
        fields = [
            "id",
            "name",
            "kind",
            "track",
            "agency",
            "cause",
            "status",
            "party",
            "right",
            "right_kind",
            "under_invalidation",
            "my_court",
            "cursor",
            "checked_at",
            "created_at",
            "updated_at",
        ]


def _blank_choices(values):
    return ["", *values]


class WatchWriteSerializer(serializers.Serializer):
    """Filters of a saved search; blank or null = any. POST needs a name and at least one filter;
    PATCH changes the fields it names."""

    name = serializers.CharField(max_length=NAME_MAX)
    kind = serializers.ChoiceField(choices=_blank_choices(Kind.values), required=False, allow_blank=True)
    track = serializers.ChoiceField(choices=_blank_choices(Track.values), required=False, allow_blank=True)
    agency = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="court or IP office (agency id)")
    cause = serializers.ChoiceField(choices=_blank_choices([c for c, _label in causes.CHOICES]), required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=_blank_choices(Status.values), required=False, allow_blank=True)
    party = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="a party of the proceeding (party id)")
    right = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="a right the proceeding is about (right id)")
    right_kind = serializers.ChoiceField(choices=_blank_choices(RightKind.values), required=False, allow_blank=True)
    under_invalidation = serializers.BooleanField(required=False, help_text="only proceedings about a patent with another pending invalidation")
    my_court = serializers.BooleanField(required=False, help_text="only proceedings of the caller's own agency")


class WatchMatchSerializer(serializers.ModelSerializer):
    proceeding = AlertProceedingRef()
    link = serializers.SerializerMethodField()

    class Meta:
        model = WatchMatch
        fields = ["id", "proceeding", "matched_at", "link"]

    def get_link(self, obj) -> str:
        return proceeding_link(obj.proceeding_id)
