"""Alerts on proceedings (issue 6, point 5), as the registers that do them well (CourtListener's
docket follows and search alerts):

- ``Follow`` (关注): a user follows one right or one proceeding and chooses the event types
  (``proceedings.signals.EVENTS``) that alert them; a note of their own on the item. Following a
  right alerts on the events of every proceeding about it; an appeal or retrial of a followed
  proceeding is followed automatically (``automatic``).
- ``Watch`` (订阅检索): a saved search over proceedings that alerts on new matching ones; the
  catch-up task reads the proceedings after ``cursor``, so nothing is missed.
- ``WatchMatch``: one row per proceeding a watch matched (the watch page's last matches; makes
  the alert idempotent).

See docs/alerts.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.proceedings.causes import CHOICES as CAUSE_CHOICES
from ipcollab.proceedings.models import Kind, Status, Track
from ipcollab.registry.models import RightKind


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关注人"), on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("registry.Right", verbose_name=_("权利"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    proceeding = models.ForeignKey("proceedings.Proceeding", verbose_name=_("程序"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    events = models.JSONField(_("提醒的事件类型"), default=list)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    automatic = models.BooleanField(_("自动关注"), default=False, help_text=_("所关注案件的上诉或再审，由平台自动关注"))
    created_at = models.DateTimeField(_("关注时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("关注")
        verbose_name_plural = _("关注")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(right__isnull=False) & Q(proceeding__isnull=True)) | (Q(right__isnull=True) & Q(proceeding__isnull=False)),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "right"], condition=Q(right__isnull=False), name="follow_unique_right"),
            models.UniqueConstraint(fields=["user", "proceeding"], condition=Q(proceeding__isnull=False), name="follow_unique_proceeding"),
        ]
        indexes = [
            models.Index(fields=["right", "user"], name="follow_by_right"),
            models.Index(fields=["proceeding", "user"], name="follow_by_proceeding"),
        ]

    def __str__(self):
        return f"{self.user_id}→{'right' if self.right_id else 'proceeding'}:{self.right_id or self.proceeding_id}"

    @property
    def target(self):
        return self.right if self.right_id else self.proceeding

    @property
    def target_type(self):
        return "right" if self.right_id else "proceeding"


class Watch(models.Model):
    """A saved search over proceedings; a blank filter matches everything, the filters combine
    with AND. ``cursor``: every proceeding with a larger id is still to be checked by the
    catch-up task (set to the newest proceeding when the watch is created or its filters change:
    a watch alerts on new records only)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("订阅人"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("程序种类"), max_length=32, choices=Kind.choices, blank=True)
    track = models.CharField(_("类别"), max_length=8, choices=Track.choices, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("承办机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("案由"), max_length=40, choices=CAUSE_CHOICES, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, blank=True)
    party = models.ForeignKey("registry.Party", verbose_name=_("当事人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey("registry.Right", verbose_name=_("权利"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    right_kind = models.CharField(_("权利类别"), max_length=10, choices=RightKind.choices, blank=True)
    under_invalidation = models.BooleanField(_("涉及无效宣告审查中的专利"), default=False)
    my_court = models.BooleanField(_("仅本机构承办"), default=False)
    cursor = models.BigIntegerField(_("已检查至"), default=0)
    checked_at = models.DateTimeField(_("最近检查时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    FILTERS = ("kind", "track", "agency", "cause", "status", "party", "right", "right_kind", "under_invalidation", "my_court")

    class Meta:
        verbose_name = _("订阅检索")
        verbose_name_plural = _("订阅检索")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "id"], name="watch_by_user")]

    def __str__(self):
        return self.name


class WatchMatch(models.Model):
    watch = models.ForeignKey(Watch, verbose_name=_("订阅检索"), on_delete=models.CASCADE, related_name="matches")
    proceeding = models.ForeignKey("proceedings.Proceeding", verbose_name=_("程序"), on_delete=models.CASCADE, related_name="+")
    matched_at = models.DateTimeField(_("命中时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("订阅检索命中")
        verbose_name_plural = _("订阅检索命中")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["watch", "proceeding"], name="watchmatch_unique")]

    def __str__(self):
        return f"{self.watch_id}:{self.proceeding_id}"
