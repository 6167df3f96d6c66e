"""Admin for the reference data. Writes are audited (AuditedModelAdmin). Agencies, divisions and
liaison designations are read-only here: their rules (court codes, parent cycles, one current
primary, party grants) live in services, reached through the orgs pages and the API."""

from django.contrib import admin
from django.db import models

from ipcollab.audit.admin_mixins import AuditedModelAdmin

from .models import Agency, Division, LiaisonDesignation, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0
    fields = ["name", "short_name", "name_en", "is_liaison_office"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "region", "court_code", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "code", "court_code"]
    raw_id_fields = ["region", "parent"]
    list_select_related = ["region"]
    inlines = [DivisionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiaisonDesignation)
class LiaisonDesignationAdmin(AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["agency", "person", "role", "counterpart", "valid_from", "valid_to", "visibility"]
    list_filter = ["role", "visibility"]
    search_fields = ["agency__name", "person__full_name", "email"]
    list_select_related = ["agency", "person", "counterpart"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
