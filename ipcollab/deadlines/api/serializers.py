from rest_framework import serializers

from ipcollab.core.models import Visibility

from ..engine import MAX_AMOUNT, UNITS
from ..models import CalendarDay, RecipientRole, ServiceMethod, ServiceRecord, ServiceRegime

MAX_ID = 2**63 - 1


class ComputeSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="the day the period starts from (not counted), YYYY-MM-DD")
    amount = serializers.IntegerField(
        min_value=1, max_value=max(MAX_AMOUNT.values()), help_text="period length; per-unit maxima in docs/deadlines.md (`bad_amount`)"
    )
    unit = serializers.CharField(max_length=20, help_text="days | working_days | months | years (`bad_unit` otherwise)")
    roll_forward = serializers.BooleanField(default=True, help_text="move a last day that is a rest day to the next working day")


class PeriodSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=max(MAX_AMOUNT.values()))
    unit = serializers.CharField(max_length=20, help_text=" | ".join(UNITS))
    roll_forward = serializers.BooleanField(default=True)


class DayReasonSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class ComputeResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    roll_forward = serializers.BooleanField()
    first_day = serializers.DateField(help_text="the first day counted (the day after start)")
    nominal_last_day = serializers.DateField(help_text="the last day before any roll-forward")
    last_day = serializers.DateField()
    month_end_clamped = serializers.BooleanField(help_text="the target month had no corresponding day: its last day was taken")
    rolled_forward = serializers.BooleanField()
    rolled_over = DayReasonSerializer(many=True, help_text="rest days the last day rolled over")
    skipped = DayReasonSerializer(many=True, help_text="working-day periods: rest days inside the period")
    adjusted_workdays = DayReasonSerializer(many=True, help_text="adjusted working days (调休) counted or landed on")


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "source", "note"]
        read_only_fields = fields


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    published = serializers.BooleanField()
    source = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    days = CalendarDaySerializer(many=True)


class ServiceRecordSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    recipient_agency = serializers.IntegerField(source="recipient_agency_id", allow_null=True, read_only=True)
    recipient_user = serializers.IntegerField(source="recipient_user_id", allow_null=True, read_only=True)
    effective_receipt_date = serializers.DateField(allow_null=True, read_only=True)
    receipt_basis = serializers.ChoiceField(choices=["actual", "presumed", "pending"], read_only=True)
    presumption_basis = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "agency",
            "agency_name",
            "visibility",
            "document_title",
            "document_number",
            "recipient_name",
            "recipient_role",
            "recipient_agency",
            "recipient_user",
            "regime",
            "method",
            "dispatched_at",
            "dispatch_reference",
            "presumed_received_on",
            "presumption_basis",
            "received_on",
            "receipt_proof",
            "effective_receipt_date",
            "receipt_basis",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_presumption_basis(self, obj) -> str:
        return obj.presumption_basis


class DispatchSerializer(serializers.Serializer):
    document_title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    recipient_name = serializers.CharField(max_length=200)
    recipient_role = serializers.ChoiceField(choices=RecipientRole.choices, default=RecipientRole.OTHER)
    recipient_agency = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text="id of a recipient agency on the platform"
    )
    regime = serializers.ChoiceField(choices=ServiceRegime.choices)
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    dispatched_at = serializers.DateTimeField()
    dispatch_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.PRIVATE)


class ReceiptSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    proof = serializers.CharField(max_length=300)


class ServiceDeadlineSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    recipient_name = serializers.CharField()
    receipt_basis = serializers.CharField()
    start = serializers.DateField(help_text="this recipient's effective receipt date")
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    roll_forward = serializers.BooleanField()
    last_day = serializers.DateField()
