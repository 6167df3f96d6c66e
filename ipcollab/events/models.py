"""The outbox of domain events, subscriptions to them, their deliveries, and the schedule table
of recurring jobs. Rules live in services.py; see docs/events.md."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import Visibility


class DomainEvent(models.Model):
    """Something that happened, written by a service in its own transaction (the outbox).
    `dispatched_at` is set once the event has been fanned out into deliveries."""

    type = models.CharField(_("事件类型"), max_length=80, db_index=True)
    occurred_at = models.DateTimeField(_("发生时间"))
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(_("对象"), max_length=200, blank=True)
    subject_url = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("领域事件")
        verbose_name_plural = _("领域事件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["dispatched_at", "id"]), models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.type}#{self.pk}"


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内通知")
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("Webhook 回调")


class Subscription(models.Model):
    """Who gets which events, and how. A subject filter makes it a *monitor* (events on one record
    the owner follows); an agency filter limits it to events of that agency."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("订阅人"), on_delete=models.CASCADE, related_name="event_subscriptions")
    name = models.CharField(_("名称"), max_length=80, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    event_types = models.JSONField(_("事件类型"), default=list)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("限定机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_type = models.ForeignKey(ContentType, verbose_name=_("关注记录类型"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.CharField(_("关注记录编号"), max_length=64, blank=True)
    url = models.CharField(_("回调地址"), max_length=500, blank=True)
    # The raw secret: HMAC signing needs it. Shown once (on creation and rotation), never again.
    secret = models.CharField(max_length=100, blank=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        ordering = ["-id"]
        indexes = [models.Index(fields=["active", "channel"])]

    def __str__(self):
        return self.name or f"{self.get_channel_display()} #{self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    SUCCEEDED = "succeeded", _("已送达")
    FAILED = "failed", _("失败，待重试")
    GAVE_UP = "gave_up", _("已放弃")


class Delivery(models.Model):
    """One event to one subscription. Unique, so fanning out twice creates nothing new."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(DomainEvent, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    response_code = models.PositiveSmallIntegerField(_("响应码"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="delivery_unique_subscription_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_id}→{self.subscription_id}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(_("第几次"))
    at = models.DateTimeField(_("时间"))
    succeeded = models.BooleanField(_("成功"), default=False)
    status_code = models.PositiveSmallIntegerField(_("响应码"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")
        ordering = ["delivery_id", "number"]

    def __str__(self):
        return f"{self.delivery_id}#{self.number}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("待运行")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")


class ScheduledRun(models.Model):
    """One run of a recurring job for one due time. The unique (job, due_at) key is what keeps two
    schedulers from doubling a run; a failed run keeps its row and is retried until it succeeds or
    runs out of attempts."""

    job = models.CharField(_("任务"), max_length=200)
    due_at = models.DateTimeField(_("应运行时间"))
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    result = models.CharField(_("结果"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("计划运行")
        verbose_name_plural = _("计划运行")
        ordering = ["-due_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="scheduled_run_unique_job_due")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.job}@{self.due_at:%Y-%m-%d %H:%M}"
