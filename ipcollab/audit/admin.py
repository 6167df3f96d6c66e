from django.contrib import admin

from .models import AuditChain, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "agency", "actor_label", "action", "object_label", "is_read"]
    list_filter = ["is_read", "algorithm"]
    search_fields = ["action", "object_label", "actor_label", "request_id"]
    list_select_related = ["agency"]


@admin.register(AuditChain)
class AuditChainAdmin(ReadOnlyAdmin):
    list_display = ["key", "agency", "last_seq"]
