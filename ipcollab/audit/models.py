from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChain(models.Model):
    """Head of one hash chain. One chain per agency (plus 'platform'), so writes of different
    agencies never wait on each other; writes of one agency lock only this row."""

    key = models.CharField(max_length=64, unique=True)
    agency = models.ForeignKey("orgs.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")

    def __str__(self):
        return self.key


class AuditEvent(models.Model):
    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="events")
    seq = models.BigIntegerField()
    created_at = models.DateTimeField(_("时间"))
    # PROTECT: the hash covers these ids, so the rows they point to must outlive the event.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.CharField(_("事由"), max_length=500, blank=True)
    request_id = models.CharField(_("请求标识"), max_length=64, blank=True)
    is_read = models.BooleanField(_("查阅记录"), default=False)
    algorithm = models.CharField(max_length=16)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["agency", "-created_at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.chain_id}#{self.seq} {self.action}"

    def payload(self, chain_key):
        """The fields the hash covers. Changing any of them breaks the chain."""
        return {
            "chain": chain_key,
            "seq": self.seq,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "agency": self.agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "request_id": self.request_id,
            "is_read": self.is_read,
            "algorithm": self.algorithm,
        }
