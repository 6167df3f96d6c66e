"""Django admin for the jurisdiction tables (platform admins; every write audited). Rule
versions are read-only here: their parameters change only through services.adjust_rule (the
adjust page), which keeps the history."""

from django.contrib import admin

from ipcollab.audit.admin_mixins import AuditedModelAdmin

from .models import AdjudicationJurisdiction, AppealRoute, FirstInstanceJurisdiction, LegalRule


@admin.register(LegalRule)
class LegalRuleAdmin(AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["code", "title", "category", "module", "law_version", "effective_from", "effective_to", "verification", "adjustable"]
    list_filter = ["category", "module", "verification", "adjustable"]
    search_fields = ["code", "title", "legal_basis"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _DatedAdmin(AuditedModelAdmin, admin.ModelAdmin):
    raw_id_fields = ["region"]
    search_fields = ["rule_code", "note", "region__name", "region__code"]


@admin.register(FirstInstanceJurisdiction)
class FirstInstanceJurisdictionAdmin(_DatedAdmin):
    list_display = ["category", "region", "court", "effective_from", "effective_to", "rule_code"]
    list_filter = ["category"]
    raw_id_fields = ["region", "court", "division"]
    list_select_related = ["region", "court"]


@admin.register(AppealRoute)
class AppealRouteAdmin(_DatedAdmin):
    list_display = ["category", "from_tier", "region", "target", "effective_from", "effective_to", "rule_code"]
    list_filter = ["category", "from_tier"]
    raw_id_fields = ["region", "target"]
    list_select_related = ["region", "target"]


@admin.register(AdjudicationJurisdiction)
class AdjudicationJurisdictionAdmin(_DatedAdmin):
    list_display = ["scope", "region", "office", "effective_from", "effective_to", "rule_code"]
    list_filter = ["scope"]
    raw_id_fields = ["region", "office"]
    list_select_related = ["region", "office"]
