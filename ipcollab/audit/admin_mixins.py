"""Django admin writes are service writes too: they go into the audit chain."""

from django.forms.models import model_to_dict

from ipcollab.core.principals import is_platform_admin

from . import services


def _plain(obj):
    data = model_to_dict(obj)
    return {
        k: (v.pk if hasattr(v, "pk") else [x.pk if hasattr(x, "pk") else x for x in v] if isinstance(v, list | tuple) else v)
        for k, v in data.items()
        if k != "password"
    }


class AuditedModelAdmin:
    """Mix into a ModelAdmin (before admin.ModelAdmin) to audit add, change and delete.

    The admin site is for platform admins' reference data only: permissions come from the
    platform-admin role, not from Django's per-model permission rows.
    """

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def save_model(self, request, obj, form, change):
        before = _plain(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        after = _plain(obj)
        if before is not None:
            before, after = services.diff(before, after)
        agency_id = getattr(obj, "agency_id", None) or (obj.pk if obj._meta.label == "orgs.Agency" else None)
        services.record(
            actor=request.user, agency=agency_id, action=f"admin.{'change' if change else 'add'}", obj=obj, before=before, after=after, reason="admin"
        )

    def delete_model(self, request, obj):
        services.record(actor=request.user, agency=getattr(obj, "agency_id", None), action="admin.delete", obj=obj, before=_plain(obj), reason="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
