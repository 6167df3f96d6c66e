from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Visibility(models.TextChoices):
    """Who may see a record, before record-level grants widen it (see ipcollab.access)."""

    PRIVATE = "private", _("仅本机构")
    PARTIES = "parties", _("本机构及相关方")
    NETWORK = "network", _("协作网络内")
    PUBLIC = "public", _("公开")


class IdempotencyRecord(models.Model):
    principal = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["principal", "key"], name="idempotency_unique_key")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.principal}:{self.key}"
