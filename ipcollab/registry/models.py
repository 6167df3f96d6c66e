"""Parties and representatives of the IP rights register (issue 4, point 1).

- ``Party``: a person or an organisation (applicant, patentee, owner, litigant). The unified
  social credit code is the natural key of organisations (unique when present). Persons may
  carry an identity-card number and an address: personal data, masked in lists (PIPL) and
  revealed only through an audited service. Every party carries its source of record
  (DESIGN §3). A duplicate merged into another keeps its row with ``merged_into`` set.
- ``PartyName``: former names (a change of name keeps history).
- ``Representative``: lawyers, law firms, patent / trademark agencies and patent agents.
- ``PowerOfAttorney``: a principal party authorises a representative for a matter, with a
  general or special scope; special authorisation lists the powers of CPL art. 62.

Parties and representatives are shared register data: visibility network by default, owned
by the agency that created or sourced them. See docs/registry.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel, Visibility


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class Source(models.TextChoices):
    MANUAL = "manual", _("平台录入")
    CNIPA = "cnipa", _("国家知识产权局")
    COURT = "court", _("法院案件系统")
    IMPORT = "import", _("批量导入")


class SourcedModel(TimeStampedModel):
    """Source of record (DESIGN §3): who owns the record, its id and version there, when received."""

    source = models.CharField(_("数据来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_id = models.CharField(_("来源编号"), max_length=100, blank=True)
    source_version = models.CharField(_("来源版本"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


class Party(SourcedModel):
    kind = models.CharField(_("类别"), max_length=12, choices=PartyKind.choices)
    name = models.CharField(_("名称/姓名"), max_length=200)
    normalized_name = models.CharField(_("规范化名称"), max_length=200, db_index=True, editable=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True)
    id_number = models.CharField(_("身份证件号码"), max_length=30, blank=True)
    nationality = models.CharField(_("国籍/地区"), max_length=2, default="CN", help_text=_("ISO 3166-1 两位代码，如 CN"))
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, help_text=_("GB/T 2260 六位代码（中国当事人）"))
    address = models.CharField(_("地址"), max_length=300, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("已合并至"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["normalized_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=Q(credit_code__isnull=False), name="party_unique_credit_code"),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="party_not_merged_into_itself"),
        ]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self):
        return self.name

    @property
    def is_person(self):
        return self.kind == PartyKind.PERSON


class PartyName(models.Model):
    """A name the party used to bear, from valid_from (if known) to valid_to."""

    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("曾用名"), max_length=200)
    normalized_name = models.CharField(_("规范化名称"), max_length=200, db_index=True, editable=False)
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("停用日期"))
    reason = models.CharField(_("变更原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")
        ordering = ["-valid_to", "-pk"]

    def __str__(self):
        return self.name


class RepresentativeKind(models.TextChoices):
    LAWYER = "lawyer", _("律师")
    LAW_FIRM = "law_firm", _("律师事务所")
    PATENT_AGENCY = "patent_agency", _("专利代理机构")
    TRADEMARK_AGENCY = "trademark_agency", _("商标代理机构")
    PATENT_AGENT = "patent_agent", _("专利代理师")


FIRM_KINDS = (RepresentativeKind.LAW_FIRM, RepresentativeKind.PATENT_AGENCY, RepresentativeKind.TRADEMARK_AGENCY)


class Representative(SourcedModel):
    kind = models.CharField(_("类别"), max_length=20, choices=RepresentativeKind.choices)
    name = models.CharField(_("名称/姓名"), max_length=200)
    normalized_name = models.CharField(_("规范化名称"), max_length=200, db_index=True, editable=False)
    licence_number = models.CharField(_("执业证号/机构代码"), max_length=40, blank=True)
    firm = models.ForeignKey(
        "self", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="members", limit_choices_to={"kind__in": FIRM_KINDS}
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True)

    class Meta:
        verbose_name = _("代理人")
        verbose_name_plural = _("代理人")
        ordering = ["normalized_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=Q(credit_code__isnull=False), name="representative_unique_credit_code"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_firm(self):
        return self.kind in FIRM_KINDS


class Scope(models.TextChoices):
    GENERAL = "general", _("一般授权")
    SPECIAL = "special", _("特别授权")


class SpecialPower(models.TextChoices):
    """The powers that need special authorisation (Civil Procedure Law art. 62)."""

    ADMIT_CLAIMS = "admit_claims", _("代为承认诉讼请求")
    WAIVE_CLAIMS = "waive_claims", _("代为放弃诉讼请求")
    MODIFY_CLAIMS = "modify_claims", _("代为变更诉讼请求")
    SETTLE = "settle", _("代为进行和解、调解")
    COUNTERCLAIM = "counterclaim", _("提起反诉")
    APPEAL = "appeal", _("提起上诉")


class PowerOfAttorney(TimeStampedModel):
    principal = models.ForeignKey(Party, verbose_name=_("委托人"), on_delete=models.PROTECT, related_name="powers_of_attorney")
    representative = models.ForeignKey(Representative, verbose_name=_("受托人"), on_delete=models.PROTECT, related_name="powers_of_attorney")
    matter = models.CharField(_("委托事项"), max_length=300)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    scope = models.CharField(_("授权范围"), max_length=10, choices=Scope.choices, default=Scope.GENERAL)
    special_powers = models.JSONField(_("特别授权事项"), default=list, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)
    document_reference = models.CharField(_("授权委托书编号"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("登记机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("授权委托")
        verbose_name_plural = _("授权委托")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="poa_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.principal} → {self.representative}"

    @property
    def special_powers_display(self):
        labels = dict(SpecialPower.choices)
        return [str(labels.get(code, code)) for code in self.special_powers or []]

    def in_effect(self, on):
        return self.revoked_at is None and self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
