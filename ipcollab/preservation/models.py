"""Freeze orders on patents (专利司法查控, issue 5): the order, its place in the queue of its
right and its full history. See docs/preservation.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    WAITING = "waiting", _("轮候")
    EFFECTIVE = "effective", _("冻结中")
    RELEASED = "released", _("已解除")
    LAPSED = "lapsed", _("期满失效")
    RETURNED = "returned", _("已退回")
    ENDED = "ended", _("因处分终结")


class OrderKind(models.TextChoices):
    PRESERVATION = "preservation", _("财产保全")
    ENFORCEMENT = "enforcement", _("执行")


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("日")
    MONTHS = "months", _("月")
    YEARS = "years", _("年")


class ReturnReason(models.TextChoices):
    OWNER_DIFFERS = "owner_differs", _("被执行人不是专利权人")
    RIGHT_LAPSED = "right_lapsed", _("专利权已终止或无效")
    DUPLICATE = "duplicate", _("重复的协助执行通知")
    INCOMPLETE = "incomplete", _("文书不全")


class FreezeOrder(models.Model):
    """A court's ruling and notice of assistance freezing one right. ``received_at`` and
    ``receipt_seq`` (a database sequence) fix its place in the right's queue; registration by a
    CNIPA preservation handler confirms it and never reorders."""

    right = models.ForeignKey("registry.Right", verbose_name=_("权利"), on_delete=models.PROTECT, related_name="freeze_orders")
    court = models.ForeignKey("orgs.Agency", verbose_name=_("作出裁定的法院"), on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey("orgs.Agency", verbose_name=_("现持有冻结的法院"), on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(_("案号"), max_length=60)
    kind = models.CharField(_("冻结性质"), max_length=14, choices=OrderKind.choices, default=OrderKind.PRESERVATION)
    party = models.ForeignKey("registry.Party", verbose_name=_("被冻结权利的当事人"), on_delete=models.PROTECT, related_name="+")
    suspended = models.JSONField(_("中止办理的事项"), default=list, blank=True)
    period_amount = models.PositiveSmallIntegerField(_("冻结期限"))
    period_unit = models.CharField(_("期限单位"), max_length=8, choices=PeriodUnit.choices)
    signing_judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发法官"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices)
    received_at = models.DateTimeField(_("送达国家知识产权局时间"))
    receipt_seq = models.PositiveBigIntegerField(_("送达顺序号"), unique=True)
    starts_on = models.DateField(_("冻结起始日"), null=True, blank=True)
    ends_on = models.DateField(_("冻结届满日"), null=True, blank=True)
    period_warning = models.CharField(_("期限提示"), max_length=300, blank=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_reason = models.CharField(_("退回原因"), max_length=20, choices=ReturnReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("冻结裁定")
        verbose_name_plural = _("冻结裁定")
        ordering = ["right_id", "received_at", "receipt_seq"]
        indexes = [models.Index(fields=["right", "status"]), models.Index(fields=["status", "ends_on"])]

    def __str__(self):
        return f"{self.case_number} · {self.right_id}"


class OrderEvent(models.Model):
    """One step of an order's history (submitted, effective, registered, returned, renewed,
    released, lapsed, converted, ended)."""

    order = models.ForeignKey(FreezeOrder, verbose_name=_("冻结裁定"), on_delete=models.CASCADE, related_name="history")
    type = models.CharField(_("事项"), max_length=20)
    on = models.DateField(_("生效日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    details = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("冻结事项记录")
        verbose_name_plural = _("冻结事项记录")
        ordering = ["order_id", "at", "pk"]

    def __str__(self):
        return f"{self.order_id} {self.type}"
