"""Admin for reference data only. People, roles of people and tokens are managed through the
people pages and services (with their rules); roles themselves are reference data."""

from django.contrib import admin

from ipcollab.audit.admin_mixins import AuditedModelAdmin

from .models import Role


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "scope", "order"]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = ["code"]

    def has_delete_permission(self, request, obj=None):
        # Memberships PROTECT their role; deleting one would strand its holders.
        return False

    def has_add_permission(self, request):
        # New roles arrive with the migration of the module that needs them.
        return False
