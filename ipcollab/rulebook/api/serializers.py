from rest_framework import serializers

from ..jurisdiction import INSTANCES
from ..models import CaseCategory, RuleCategory, Verification


class RuleVersionSerializer(serializers.Serializer):
    """One version of a rule (a registry.RuleVersion or a LegalRule row)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    module = serializers.CharField()
    category = serializers.ChoiceField(choices=RuleCategory.choices)
    title = serializers.CharField()
    title_en = serializers.CharField()
    legal_basis = serializers.CharField()
    article = serializers.CharField()
    law_version = serializers.CharField()
    version_label = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    parameters = serializers.DictField()
    adjustable = serializers.BooleanField()
    verification = serializers.ChoiceField(choices=Verification.choices, help_text="V: checked against a primary text; R: not checked")
    note = serializers.CharField()
    source_url = serializers.CharField()
    citation = serializers.CharField(help_text="the citation screens show, e.g. 依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条")


class RuleDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    current = RuleVersionSerializer(allow_null=True, help_text="the version in effect today, if any")
    versions = RuleVersionSerializer(many=True, help_text="all versions, oldest first")


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="the day the period starts from (not counted), YYYY-MM-DD")
    on = serializers.DateField(required=False, help_text="pick the version in effect on this day (default: start)")


class DeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    start = serializers.DateField()
    deadline = serializers.DateField(help_text="the last day of the period")
    rule = RuleVersionSerializer()


class CompetentCourtQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CaseCategory.choices)
    region = serializers.CharField(required=False, allow_blank=True, max_length=6, help_text="6-digit GB/T 2260 code; may be empty for nationwide categories")
    on = serializers.DateField(required=False, help_text="default: today")
    instance = serializers.ChoiceField(choices=[(i, i) for i in INSTANCES], required=False, default="first")
    from_court = serializers.CharField(
        required=False, allow_blank=True, max_length=12, help_text="court code (法院代字) of the first-instance court; for instance=second"
    )


class CourtRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    court_code = serializers.CharField()
    region = serializers.CharField(source="region_id")


class DivisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TableRowSerializer(serializers.Serializer):
    table = serializers.ChoiceField(choices=[("first_instance", "first_instance"), ("appeal", "appeal")])
    id = serializers.IntegerField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class CompetentCourtSerializer(serializers.Serializer):
    court = CourtRefSerializer()
    division = DivisionRefSerializer(allow_null=True)
    on = serializers.DateField()
    row = TableRowSerializer()
    rule = RuleVersionSerializer()
    citation = serializers.CharField()
