"""Freeze orders on patents (专利司法查控, issue 5): the order, its place in the queue of its
right and its full history. See docs/preservation.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


def period_label(amount, unit):
    """“6个月” / “6 months” (never “6月”, which reads as June)."""
    n = amount
    if unit == PeriodUnit.YEARS:
        return ngettext("%(n)s年", "%(n)s年", n) % {"n": n}
    if unit == PeriodUnit.MONTHS:
        return ngettext("%(n)s个月", "%(n)s个月", n) % {"n": n}
    return ngettext("%(n)s日", "%(n)s日", n) % {"n": n}


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

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("preservation:order_detail", args=[self.pk])

    @property
    def period_label(self):
        return period_label(self.period_amount, self.period_unit)


EVENT_LABELS = {
    "submitted": _("提交并送达国家知识产权局"),
    "assigned": _("分配承办人"),
    "waiting": _("进入轮候"),
    "effective": _("冻结生效"),
    "registered": _("国家知识产权局登记"),
    "returned": _("国家知识产权局退回"),
    "renewed": _("续行"),
    "released": _("解除冻结"),
    "lapsed": _("期满失效"),
    "converted": _("移交承继法院"),
    "ended": _("因处分终结"),
}


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

    @property
    def label(self):
        return EVENT_LABELS.get(self.type, self.type)


class HandoffStep(models.TextChoices):
    SUBMITTED = "submitted", _("提交冻结裁定")
    RECEIVED = "received", _("收到回执")
    QUEUED = "queued", _("轮候")
    EFFECTIVE = "effective", _("冻结生效")
    REGISTERED = "registered", _("登记")
    RETURNED = "returned", _("退回")
    RENEWED = "renewed", _("续行")
    RELEASED = "released", _("解除冻结")
    LAPSED = "lapsed", _("期满失效")
    CONVERTED = "converted", _("移交承继法院")
    ENDED = "ended", _("因处分终结")


class Handoff(models.Model):
    """One hand-off of a freeze order between a court and CNIPA (or a court and its successor):
    its service record. The platform is the channel, so delivery is immediate: the receipt number
    (回执号) is issued and the payload's SHA-256 digest fixed the moment the step is recorded. The
    receiving agency's acknowledgement (签收) is its own act (API or page), recorded once."""

    order = models.ForeignKey(FreezeOrder, verbose_name=_("冻结裁定"), on_delete=models.CASCADE, related_name="handoffs")
    event = models.ForeignKey(OrderEvent, verbose_name=_("冻结事项记录"), null=True, blank=True, on_delete=models.CASCADE, related_name="handoffs")
    step = models.CharField(_("送达事项"), max_length=12, choices=HandoffStep.choices)
    from_agency = models.ForeignKey("orgs.Agency", verbose_name=_("发送机构"), on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("orgs.Agency", verbose_name=_("接收机构"), on_delete=models.PROTECT, related_name="+")
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("通知人员"), blank=True, related_name="+")
    on = models.DateField(_("生效日期"))
    sent_at = models.DateTimeField(_("送达时间"))
    receipt_number = models.CharField(_("回执号"), max_length=24, unique=True, null=True, blank=True)
    payload = models.JSONField(_("送达内容"), default=dict)
    digest = models.CharField(_("SHA-256 摘要"), max_length=64)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["order_id", "sent_at", "pk"]
        indexes = [models.Index(fields=["order", "id"])]

    def __str__(self):
        return self.receipt_number or f"{self.order_id} {self.step}"


class ExpiryReminder(models.Model):
    """A reminder sent to the holding court before a freeze ends, once per order, end date and
    threshold (days before the end): a renewal changes the end date and the reminders restart."""

    order = models.ForeignKey(FreezeOrder, verbose_name=_("冻结裁定"), on_delete=models.CASCADE, related_name="reminders")
    ends_on = models.DateField(_("冻结届满日"))
    threshold = models.PositiveSmallIntegerField(_("提前天数"))
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    notified = models.PositiveSmallIntegerField(_("通知人数"), default=0)

    class Meta:
        verbose_name = _("届满提醒")
        verbose_name_plural = _("届满提醒")
        constraints = [models.UniqueConstraint(fields=["order", "ends_on", "threshold"], name="preservation_reminder_once")]

    def __str__(self):
        return f"{self.order_id} {self.ends_on} -{self.threshold}"


class DocumentKind(models.TextChoices):
    RULING = "ruling", _("民事裁定书")
    NOTICE = "notice", _("协助执行通知书")
    RECEIPT = "receipt", _("回执")


class OrderDocument(models.Model):
    """One rendering of a freeze order's document (ruling, notice of assistance, CNIPA's receipt)
    as PDF: the SHA-256 of its bytes (an uploaded copy is checked against it) and the digest of
    the facts it prints (the verification code in its footer). The same facts give the same
    content digest; a rendering with other bytes (another renderer version) adds a row."""

    order = models.ForeignKey(FreezeOrder, verbose_name=_("冻结裁定"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书类别"), max_length=10, choices=DocumentKind.choices)
    sha256 = models.CharField(_("PDF 的 SHA-256"), max_length=64)
    content_digest = models.CharField(_("内容摘要（验证码）"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("冻结文书")
        verbose_name_plural = _("冻结文书")
        ordering = ["order_id", "kind", "generated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "kind", "sha256"], name="preservation_document_once")]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self):
        return f"{self.order_id} {self.kind} {self.content_digest[:12]}"


class OrderAttachment(models.Model):
    """A file the court sends with its order (the signed ruling and notice as scanned, other papers).
    Served only to who may see the order; its SHA-256 is kept so a copy can be checked."""

    order = models.ForeignKey(FreezeOrder, verbose_name=_("冻结裁定"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="freezes/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("冻结裁定附件")
        verbose_name_plural = _("冻结裁定附件")
        ordering = ["order_id", "uploaded_at", "pk"]

    def __str__(self):
        return self.name
