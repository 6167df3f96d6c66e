from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel, Visibility


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休工作日")


class CalendarYear(models.Model):
    """A year whose holiday arrangement (国务院办公厅关于…部分节假日安排的通知) is on the platform.
    Only published years answer rest-day questions; the others raise `calendar_unpublished`."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    published = models.BooleanField(_("已发布"), default=False)
    source = models.CharField(_("来源"), max_length=120, blank=True)
    published_on = models.DateField(_("通知发布日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["year"]
        constraints = [models.CheckConstraint(condition=Q(year__gte=1900) & Q(year__lte=2200), name="calendar_year_range")]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """One override of the week: a statutory holiday (a rest day, even on a weekday) or an
    adjusted working day (调休, a working day even on a weekend)."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=60, blank=True, help_text=_("如：春节、国庆节、劳动节"))
    source = models.CharField(_("来源"), max_length=120, blank=True, help_text=_("如：chinese-calendar 1.11.0，或 manual"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class CalendarRevision(models.Model):
    """A single row whose counter every calendar write bumps (in its transaction): the cached
    default calendar is rebuilt when the counter it was built from is no longer current."""

    revision = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"calendar revision {self.revision}"


class ServiceMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("电子送达")
    POST = "post", _("邮寄送达")
    IN_PERSON = "in_person", _("直接送达")
    LEFT_AT_ADDRESS = "left_at_address", _("留置送达")
    ENTRUSTED = "entrusted", _("委托送达")
    ANNOUNCEMENT = "announcement", _("公告送达")


class ServiceRegime(models.TextChoices):
    """Which body of rules governs the service (and so its presumed receipt)."""

    PATENT = "patent", _("专利（国家知识产权局及管理专利工作的部门）")
    TRADEMARK = "trademark", _("商标")
    CIVIL_PROCEDURE = "civil_procedure", _("民事诉讼")
    ADMINISTRATIVE = "administrative", _("其他行政程序")


class RecipientRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    PATENTEE = "patentee", _("专利权人")
    REQUESTER = "requester", _("请求人")
    RESPONDENT = "respondent", _("被请求人")
    PLAINTIFF = "plaintiff", _("原告")
    DEFENDANT = "defendant", _("被告")
    THIRD_PARTY = "third_party", _("第三人")
    AGENT = "agent", _("代理人")
    AGENCY = "agency", _("协作机构")
    OTHER = "other", _("其他")


class ServiceRecord(TimeStampedModel):
    """One document served on one recipient. A period that runs "from receipt" runs from this
    recipient's `effective_receipt_date`: each party has its own clock."""

    agency = models.ForeignKey("orgs.Agency", verbose_name=_("送达机构"), on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)
    # the document served: a title and number, optionally linked to the record it belongs to
    document_title = models.CharField(_("文书名称"), max_length=200)
    document_number = models.CharField(_("文书编号"), max_length=100, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    # the recipient
    recipient_name = models.CharField(_("受送达人"), max_length=200)
    recipient_role = models.CharField(_("受送达人身份"), max_length=16, choices=RecipientRole.choices, default=RecipientRole.OTHER)
    recipient_agency = models.ForeignKey("orgs.Agency", verbose_name=_("受送达机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受送达账户"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # how and when
    regime = models.CharField(_("送达依据"), max_length=20, choices=ServiceRegime.choices)
    method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices)
    dispatched_at = models.DateTimeField(_("发出时间"))
    dispatch_reference = models.CharField(_("发出凭证"), max_length=200, blank=True, help_text=_("如：邮件号、电子送达平台流水号、公告版面"))
    presumed_received_on = models.DateField(_("推定送达日"), null=True, blank=True)
    presumption_key = models.CharField(max_length=60, blank=True)
    # The citation of the rule version applied at dispatch, kept with the record: a later
    # amendment of the rule must not change what this service was presumed under.
    presumption_basis = models.CharField(_("推定送达依据"), max_length=300, blank=True)
    received_on = models.DateField(_("实际送达日"), null=True, blank=True)
    receipt_proof = models.CharField(_("送达证明"), max_length=300, blank=True, help_text=_("如：送达回证编号、签收记录、电子系统回执"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        indexes = [models.Index(fields=["agency", "-dispatched_at"]), models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(received_on__isnull=True) | ~Q(receipt_proof=""), name="service_receipt_has_proof"),
        ]

    def __str__(self):
        return f"{self.document_title} → {self.recipient_name}"

    @property
    def effective_receipt_date(self):
        """The proven receipt date if recorded, otherwise the presumed one (None: neither yet)."""
        return self.received_on or self.presumed_received_on

    @property
    def receipt_basis(self):
        if self.received_on:
            return "actual"
        if self.presumed_received_on:
            return "presumed"
        return "pending"
