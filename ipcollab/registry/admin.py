from django.contrib import admin

from .models import LegalEvent, Party, PartyName, PowerOfAttorney, ReconciliationItem, Representative, Right


class PartyNameInline(admin.TabularInline):
    model = PartyName
    extra = 0
    readonly_fields = ("name", "valid_from", "valid_to", "reason")
    can_delete = False


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "kind", "credit_code", "source", "merged_into")
    list_filter = ("kind", "source")
    search_fields = ("name", "normalized_name", "credit_code")
    readonly_fields = ("normalized_name",)
    exclude = ("id_number", "address")
    inlines = [PartyNameInline]

    def has_change_permission(self, request, obj=None):
        return False  # writes go through the audited services (pages and API)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "kind", "licence_number", "credit_code", "firm")
    list_filter = ("kind",)
    search_fields = ("name", "licence_number", "credit_code")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PowerOfAttorney)
class PowerOfAttorneyAdmin(admin.ModelAdmin):
    list_display = ("id", "principal", "representative", "scope", "valid_from", "valid_to", "revoked_at")
    list_filter = ("scope",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class _ReadOnly(admin.ModelAdmin):
    """Rights, events and reconciliation items change only through the audited services."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class LegalEventInline(admin.TabularInline):
    model = LegalEvent
    extra = 0
    can_delete = False
    readonly_fields = ("date", "sequence", "type", "outcome", "details", "source", "source_version", "recorded_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Right)
class RightAdmin(_ReadOnly):
    list_display = ("id", "kind", "number", "title", "status", "owner_name", "source")
    list_filter = ("kind", "status", "source")
    search_fields = ("number", "title", "owner_name")
    inlines = [LegalEventInline]


@admin.register(ReconciliationItem)
class ReconciliationItemAdmin(_ReadOnly):
    list_display = ("id", "right", "event_type", "event_date", "refusal_code", "source", "status")
    list_filter = ("status", "source")
