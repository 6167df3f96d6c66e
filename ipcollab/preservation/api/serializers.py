from rest_framework import serializers

from ..models import FreezeOrder, OrderAttachment, OrderEvent, PeriodUnit, ReturnReason
from ..suspension import SUSPENDED_CHOICES


class _Ref(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _RightRef(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()


class OrderEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default="", read_only=True)

    class Meta:
        model = OrderEvent
        fields = ["type", "on", "at", "actor", "details"]


class FreezeOrderSerializer(serializers.ModelSerializer):
    right = serializers.SerializerMethodField()
    court = serializers.SerializerMethodField()
    holder = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField()
    signing_judge = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField(help_text="1 = the effective freeze; 2.. = place in the waiting list; null once closed")
    registered = serializers.SerializerMethodField()

    class Meta:
        model = FreezeOrder
        fields = [
            "id",
            "right",
            "court",
            "holder",
            "case_number",
            "kind",
            "party",
            "suspended",
            "period_amount",
            "period_unit",
            "signing_judge",
            "status",
            "position",
            "received_at",
            "receipt_seq",
            "starts_on",
            "ends_on",
            "period_warning",
            "registered",
            "registered_at",
            "return_reason",
        ]
        read_only_fields = fields

    def get_right(self, order) -> _RightRef:
        r = order.right
        return {"id": r.pk, "kind": r.kind, "number": r.number, "title": r.title}

    def get_court(self, order) -> _Ref:
        return {"id": order.court_id, "name": order.court.name}

    def get_holder(self, order) -> _Ref:
        return {"id": order.holder_id, "name": order.holder.name}

    def get_party(self, order) -> _Ref:
        return {"id": order.party_id, "name": order.party.name}

    def get_signing_judge(self, order) -> _Ref:
        return {"id": order.signing_judge_id, "name": order.signing_judge.display_name}

    def get_position(self, order) -> int | None:
        return self.context.get("positions", {}).get(order.pk)

    def get_registered(self, order) -> bool:
        return order.registered_at is not None


class OrderAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", read_only=True)

    class Meta:
        model = OrderAttachment
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        from django.urls import reverse

        return reverse("api:freeze-attachment-file", args=[attachment.order_id, attachment.pk])


class FreezeOrderDetailSerializer(FreezeOrderSerializer):
    history = OrderEventSerializer(many=True, read_only=True)
    attachments = OrderAttachmentSerializer(many=True, read_only=True)

    class Meta(FreezeOrderSerializer.Meta):
        fields = [*FreezeOrderSerializer.Meta.fields, "history", "attachments"]
        read_only_fields = fields


class FreezeOrderCreateSerializer(serializers.Serializer):
    right = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="the right's id; or give `number`")
    number = serializers.CharField(required=False, max_length=40, help_text="patent application or trademark registration number, any spelling")
    case_number = serializers.CharField(max_length=60)
    party = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="id of the holder of the right whose right is frozen")
    period_amount = serializers.IntegerField(min_value=1, max_value=3650)
    period_unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    signing_judge = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="user id of the judge of the court who signed the ruling")
    suspended = serializers.ListField(child=serializers.ChoiceField(choices=SUSPENDED_CHOICES), required=False, default=list, max_length=20)


class FreezeBatchCreateSerializer(FreezeOrderCreateSerializer):
    right = None
    number = None
    rights = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=50, help_text="ids of the rights the one ruling freezes"
    )


class FreezeBatchSerializer(serializers.Serializer):
    results = FreezeOrderDetailSerializer(many=True)


class RenewSerializer(serializers.Serializer):
    period_amount = serializers.IntegerField(min_value=1, max_value=3650)
    period_unit = serializers.ChoiceField(choices=PeriodUnit.choices)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReturnReason.choices)


class ConvertSerializer(serializers.Serializer):
    successor = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="agency id of the court that continues the freeze")
    purpose = serializers.ChoiceField(
        choices=[("enforcement", "the case enters enforcement"), ("appeal", "the court of second instance")], required=False, default="enforcement"
    )


class DisposeSerializer(serializers.Serializer):
    new_owner = serializers.CharField(max_length=200)


class AssignSerializer(serializers.Serializer):
    handler = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="user id of a CNIPA preservation handler")


class InquirySerializer(serializers.Serializer):
    case_number = serializers.CharField(max_length=60)
    number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    credit_code = serializers.CharField(required=False, allow_blank=True, max_length=18)
    party_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    after = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=2**63 - 1, help_text="a party's next page: the `next_after` of the previous answer"
    )
    limit = serializers.IntegerField(required=False, default=100, min_value=1, max_value=500)


class _InquiryOrder(serializers.Serializer):
    order = serializers.IntegerField()
    court = serializers.CharField()
    case_number = serializers.CharField()
    kind = serializers.CharField()
    received_at = serializers.DateTimeField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    position = serializers.IntegerField()
    registered = serializers.BooleanField()


class InquiryRightSerializer(serializers.Serializer):
    right = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    owner = serializers.CharField()
    status = serializers.CharField()
    pledges = serializers.IntegerField()
    licences = serializers.IntegerField()
    effective = _InquiryOrder(allow_null=True)
    waiting = _InquiryOrder(many=True)


class AttachmentUploadSerializer(serializers.Serializer):
    attachments = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=10, help_text="PDF, OFD, JPEG or PNG, each ≤ 20 MB")


class InquiryAnswerSerializer(serializers.Serializer):
    results = InquiryRightSerializer(many=True)
    total = serializers.IntegerField(help_text="all the rights the query matches")
    next_after = serializers.IntegerField(allow_null=True, help_text="pass as `after` for the next page; null on the last")
