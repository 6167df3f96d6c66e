from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GrantKind(models.TextChoices):
    PARTY = "party", _("相关方")
    ACCESS = "access", _("查阅授权")


class RecordGrant(models.Model):
    """Widens one record's reach to one agency or one person (e.g. the handlers assigned to a
    pending freeze order). Applied in SQL by `ipcollab.access.visibility.visible_to`."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=GrantKind.choices, default=GrantKind.ACCESS)
    grantee_agency = models.ForeignKey("orgs.Agency", verbose_name=_("被授权机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    grantee_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("被授权人"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("记录授权")
        verbose_name_plural = _("记录授权")
        constraints = [
            models.CheckConstraint(
                condition=(Q(grantee_agency__isnull=False) & Q(grantee_user__isnull=True)) | (Q(grantee_agency__isnull=True) & Q(grantee_user__isnull=False)),
                name="grant_exactly_one_grantee",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "grantee_agency"], condition=Q(grantee_agency__isnull=False), name="grant_unique_agency"
            ),
            models.UniqueConstraint(fields=["content_type", "object_id", "grantee_user"], condition=Q(grantee_user__isnull=False), name="grant_unique_user"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"]), models.Index(fields=["grantee_agency"]), models.Index(fields=["grantee_user"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} → {self.grantee_agency_id or self.grantee_user_id}"
