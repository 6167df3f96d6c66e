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

from .labels import FIRM_LABEL


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
        "self", verbose_name=FIRM_LABEL, null=True, blank=True, on_delete=models.PROTECT, related_name="members", limit_choices_to={"kind__in": FIRM_KINDS}
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


# --- rights, legal events and reconciliation (issue 4, points 2 and 3) ----------------------------


class RightKind(models.TextChoices):
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明")
    UTILITY_MODEL = "utility_model", _("实用新型")
    DESIGN = "design", _("外观设计")


class AnnuityStatus(models.TextChoices):
    NOT_APPLICABLE = "", _("不适用")
    PAID = "paid", _("已缴纳")
    DUE = "due", _("待缴纳")
    GRACE = "grace", _("滞纳期")
    UNPAID = "unpaid", _("未缴纳")


class RightStatus(models.TextChoices):
    """Every status of ipcollab.registry.status (patents and trademarks)."""

    PENDING = "pending", _("申请中")
    PUBLISHED = "published", _("已公布")
    UNDER_EXAMINATION = "under_examination", _("实质审查中")
    GRANTED = "granted", _("已授权")
    LAPSED = "lapsed", _("未缴年费终止")
    INVALID = "invalid", _("已宣告无效")
    ABANDONED = "abandoned", _("已放弃")
    WITHDRAWN = "withdrawn", _("视为撤回")
    REJECTED = "rejected", _("已驳回")
    EXPIRED = "expired", _("期限届满")
    PRELIMINARILY_APPROVED = "preliminarily_approved", _("初审公告")
    OPPOSED = "opposed", _("异议中")
    REGISTERED = "registered", _("已注册")
    REVOKED = "revoked", _("已撤销")
    CANCELLED = "cancelled", _("已注销")


class Right(models.Model):
    """A patent or a trademark. ``status`` and the flags are the cache of
    ``status.replay(kind, events)``: only the services write them, together with the event."""

    kind = models.CharField(_("权利类别"), max_length=10, choices=RightKind.choices)
    number = models.CharField(_("申请号/注册号"), max_length=20)
    title = models.CharField(_("名称/商标"), max_length=500)
    status = models.CharField(_("法律状态"), max_length=24, choices=RightStatus.choices, blank=True)
    pledges = models.PositiveIntegerField(_("有效质押数"), default=0)
    licences = models.PositiveIntegerField(_("许可备案数"), default=0)
    freezes = models.PositiveIntegerField(_("有效冻结数"), default=0)
    invalidations = models.PositiveIntegerField(_("待审无效请求数"), default=0)
    opposed = models.BooleanField(_("异议中"), default=False)
    owner_name = models.CharField(_("权利人"), max_length=200, blank=True)
    filing_date = models.DateField(_("申请日"), null=True, blank=True)
    publication_date = models.DateField(_("公布日"), null=True, blank=True)
    grant_date = models.DateField(_("授权/注册日"), null=True, blank=True)
    expiry_date = models.DateField(_("届满日"), null=True, blank=True)
    # patents
    patent_kind = models.CharField(_("专利类型"), max_length=16, choices=PatentKind.choices, blank=True)
    pct = models.BooleanField(_("PCT国家阶段"), default=False)
    ipc_codes = models.JSONField(_("IPC分类号"), default=list, blank=True)
    claim_count = models.PositiveSmallIntegerField(_("权利要求项数"), null=True, blank=True, help_text=_("授权公告文本的权利要求项数（外观设计不填）"))
    annuity_status = models.CharField(_("年费状态"), max_length=10, choices=AnnuityStatus.choices, blank=True, default="")
    annuity_next_due = models.DateField(_("下次年费缴纳期限"), null=True, blank=True)
    inventors = models.JSONField(_("发明人/设计人"), default=list, blank=True)
    locarno_class = models.CharField(_("洛迦诺分类号"), max_length=10, blank=True)
    # trademarks
    nice_classes = models.JSONField(_("尼斯分类及类似群"), default=list, blank=True, help_text=_('如 [{"class": 9, "groups": ["0901"]}]'))
    classification_edition = models.CharField(_("分类表版本"), max_length=40, blank=True)
    madrid_number = models.CharField(_("马德里国际注册号"), max_length=10, blank=True)
    mark_image = models.FileField(_("商标图样"), upload_to="marks/", blank=True)
    # source of record (DESIGN §3)
    source = models.CharField(_("数据来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_id = models.CharField(_("来源编号"), max_length=100, blank=True)
    source_version = models.PositiveIntegerField(_("来源版本"), default=0)
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    # Digest of the source record last imported (bulk exchange): an identical row is skipped unread.
    source_digest = models.CharField(_("来源记录摘要"), max_length=32, blank=True, editable=False)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ["kind", "number"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="right_unique_kind_number")]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("registry:right_detail", args=[self.pk])

    @property
    def frozen(self):
        return self.freezes > 0

    @property
    def pledged(self):
        return self.pledges > 0

    @property
    def licensed(self):
        return self.licences > 0


class RightRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    PATENTEE = "patentee", _("专利权人")
    OWNER = "owner", _("注册人")
    INVENTOR = "inventor", _("发明人")
    LICENSEE = "licensee", _("被许可人")
    PLEDGEE = "pledgee", _("质权人")


class RightParty(models.Model):
    right = models.ForeignKey(Right, verbose_name=_("权利"), on_delete=models.CASCADE, related_name="right_parties")
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="rights")
    role = models.CharField(_("身份"), max_length=12, choices=RightRole.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("权利相关人")
        verbose_name_plural = _("权利相关人")
        ordering = ["role", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["right", "party", "role"], name="right_party_unique_role")]
        # A party's rights in id order, a page at a time, the role read from the index itself
        # (the freeze inquiry by party reads 100 entries of a holder of 10,000 rights).
        indexes = [models.Index(fields=["party", "right", "role"], name="right_party_by_party")]

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"


class LegalEvent(models.Model):
    """One event of a right's timeline; ``details`` carries the event's data (owner, term_ends…)."""

    right = models.ForeignKey(Right, verbose_name=_("权利"), on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("事件类型"), max_length=40)
    date = models.DateField(_("日期"))
    sequence = models.PositiveIntegerField(_("序号"))
    outcome = models.CharField(_("决定结果"), max_length=20, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    source = models.CharField(_("数据来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_version = models.PositiveIntegerField(_("来源版本"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法律事件")
        verbose_name_plural = _("法律事件")
        ordering = ["date", "sequence"]
        constraints = [models.UniqueConstraint(fields=["right", "sequence"], name="legal_event_unique_sequence")]

    def __str__(self):
        return f"{self.date.isoformat()} {self.type}"


class ReconciliationStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    APPLIED = "applied", _("已登记")
    REJECTED = "rejected", _("已驳回")


class ReconciliationItem(models.Model):
    """An event from a source of record that the platform refused: kept for a person to decide."""

    right = models.ForeignKey(Right, verbose_name=_("权利"), on_delete=models.CASCADE, related_name="reconciliation_items")
    event_type = models.CharField(_("事件类型"), max_length=40)
    event_date = models.DateField(_("事件日期"))
    payload = models.JSONField(_("事件内容"), default=dict, blank=True)
    refusal_code = models.CharField(_("拒绝代码"), max_length=40)
    refusal_message = models.CharField(_("拒绝原因"), max_length=300)
    source = models.CharField(_("数据来源"), max_length=20, choices=Source.choices)
    source_version = models.PositiveIntegerField(_("来源版本"), default=0)
    status = models.CharField(_("处理状态"), max_length=10, choices=ReconciliationStatus.choices, default=ReconciliationStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.CharField(_("处理说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待核对事件")
        verbose_name_plural = _("待核对事件")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.event_type} {self.refusal_code}"


# --- bulk exchange (issue 4 point 5) ---------------------------------------------------------------


class ImportFormat(models.TextChoices):
    JSONL = "jsonl", "JSONL"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    """One bulk import of rights: the file, its progress and its counts. Rows that could not be
    taken are :class:`ImportRowError` rows (line-numbered). See docs/registry.md "Bulk exchange"."""

    kind = models.CharField(_("权利类别"), max_length=10, choices=RightKind.choices)
    format = models.CharField(_("文件格式"), max_length=8, choices=ImportFormat.choices)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    file_sha256 = models.CharField(_("文件SHA-256"), max_length=64)
    source = models.CharField(_("数据来源"), max_length=20, choices=Source.choices, default=Source.IMPORT)
    dry_run = models.BooleanField(_("仅校验"), default=False)
    all_or_nothing = models.BooleanField(_("全部成功才导入"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    bytes_read = models.PositiveBigIntegerField(_("已读字节"), default=0)
    rows = models.PositiveIntegerField(_("已读行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    failed = models.PositiveIntegerField(_("错误行"), default=0)
    events_added = models.PositiveIntegerField(_("新增法律事件"), default=0)
    reconciliation_opened = models.PositiveIntegerField(_("待核对事件"), default=0)
    changes_digest = models.CharField(_("变更摘要"), max_length=64, blank=True)
    error_code = models.CharField(_("失败代码"), max_length=40, blank=True)
    error_message = models.CharField(_("失败原因"), max_length=500, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("registry:import_detail", args=[self.pk])

    @property
    def progress(self):
        """Percent of the file read (100 once finished)."""
        if self.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return 100
        if not self.file_size:
            return 0
        return min(99, int(self.bytes_read * 100 / self.file_size))

    @property
    def finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportRowError(models.Model):
    """A row of an import file that was not taken, with its line number and a stable code."""

    job = models.ForeignKey(ImportJob, verbose_name=_("导入任务"), on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField(_("行号"))
    number = models.CharField(_("编号"), max_length=40, blank=True)
    field = models.CharField(_("字段"), max_length=40, blank=True)
    code = models.CharField(_("错误代码"), max_length=40)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    message = models.CharField(_("错误说明"), max_length=500)

    class Meta:
        verbose_name = _("导入错误行")
        verbose_name_plural = _("导入错误行")
        ordering = ["line", "pk"]
        indexes = [models.Index(fields=["job", "line"])]

    def __str__(self):
        return f"{self.line}: {self.code}"

    @property
    def display_message(self):
        """The message in the reader's language (the stored one is in the importer's)."""
        from .exchange import Problem
        from .row_messages import row_message

        text = row_message(Problem(self.field, self.code, self.params or {}))
        return self.message if text == self.code else text
