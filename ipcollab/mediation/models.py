"""Mediation (issue 7, points 1–5): organisations and mediators registered on the platform (入驻),
mediations started by a court (诉前委派 / 诉中委托), by the parties or by an IP office
(administrative mediation), the parties taking part online, agreements with structured terms and
each party's confirmation, and judicial confirmation (司法确认, 民特). See docs/mediation.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel


class Field(models.TextChoices):
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")
    COPYRIGHT = "copyright", _("著作权")
    TECHNOLOGY = "technology", _("技术合同")
    UNFAIR_COMPETITION = "unfair_competition", _("不正当竞争")
    OTHER = "other", _("其他")


class Organisation(TimeStampedModel):
    """An agency registered (入驻) as a mediation organisation: a people's mediation committee, an IP
    protection centre, an IP office doing administrative mediation, a court's own mediation room."""

    agency = models.OneToOneField("orgs.Agency", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="mediation_profile")
    fields = models.JSONField(_("业务领域"), default=list, blank=True)
    region = models.ForeignKey("orgs.Region", verbose_name=_("服务地域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    languages = models.JSONField(_("工作语言"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("同时承办上限"), default=50)
    accepting = models.BooleanField(_("接受委派"), default=True)
    liaison = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调解组织联络人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("入驻日期"))
    active = models.BooleanField(_("在册"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("调解组织")
        verbose_name_plural = _("调解组织")
        ordering = ["agency__name"]

    def __str__(self):
        return str(self.agency)


class Mediator(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, verbose_name=_("调解组织"), on_delete=models.PROTECT, related_name="mediators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调解员"), on_delete=models.PROTECT, related_name="mediator_profiles")
    fields = models.JSONField(_("擅长领域"), default=list, blank=True)
    languages = models.JSONField(_("工作语言"), default=list, blank=True)
    title = models.CharField(_("职业/职称"), max_length=100, blank=True)
    max_caseload = models.PositiveSmallIntegerField(_("同时承办上限"), default=10)
    available = models.BooleanField(_("可接案"), default=True)
    unavailable_until = models.DateField(_("暂停接案至"), null=True, blank=True)
    registered_on = models.DateField(_("入驻日期"))
    active = models.BooleanField(_("在册"), default=True)

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        ordering = ["organisation_id", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="mediator_unique_per_organisation")]

    def __str__(self):
        return str(self.user)


class Source(models.TextChoices):
    PRE_SUIT = "pre_suit", _("诉前委派调解")
    IN_SUIT = "in_suit", _("诉中委托调解")
    DIRECT = "direct", _("当事人申请调解")
    ADMINISTRATIVE = "administrative", _("行政调解")


class Status(models.TextChoices):
    AWAITING_ASSIGNMENT = "awaiting", _("待分配")
    ASSIGNED = "assigned", _("待调解员接受")
    ACTIVE = "active", _("调解中")
    CLOSED = "closed", _("已结束")


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("达成调解协议")
    FAILURE = "failure", _("调解不成")
    WITHDRAWAL = "withdrawal", _("申请人撤回")


class CourtFollowUp(models.TextChoices):
    """What the court did after the mediation (pre-suit: the dispute filed as a case on failure;
    in-suit: the case closed by a mediation statement or withdrawn)."""

    NONE = "", _("无")
    FILED = "filed", _("已登记立案")
    MEDIATION_STATEMENT = "statement", _("出具调解书结案")
    WITHDRAWN = "withdrawn", _("撤诉结案")
    CONTINUED = "continued", _("恢复审理")


class Mediation(TimeStampedModel):
    number = models.CharField(_("调解编号"), max_length=60, unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("调解组织"), on_delete=models.PROTECT, related_name="mediations")
    field = models.CharField(_("领域"), max_length=20, choices=Field.choices, default=Field.PATENT)
    title = models.CharField(_("纠纷名称"), max_length=300)
    summary = models.TextField(_("纠纷概要"), blank=True)
    claim_amount = models.DecimalField(_("请求金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    # the court that sent it (pre-suit / in-suit) and its numbers
    court = models.ForeignKey("orgs.Agency", verbose_name=_("委派/委托法院"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    court_number = models.CharField(_("诉前调解案号"), max_length=60, blank=True)
    case = models.ForeignKey(
        "proceedings.Proceeding",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations",
        help_text=_("诉中委托的案件；诉前调解不成后登记立案的案件"),
    )
    court_follow_up = models.CharField(_("法院后续处理"), max_length=12, choices=CourtFollowUp.choices, blank=True, default="")
    # the IP office of an administrative mediation (e.g. of damages in an adjudication)
    office = models.ForeignKey("orgs.Agency", verbose_name=_("行政调解机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("收案日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.AWAITING_ASSIGNMENT)
    mediator = models.ForeignKey(Mediator, verbose_name=_("调解员"), null=True, blank=True, on_delete=models.PROTECT, related_name="mediations")
    assigned_at = models.DateTimeField(_("分配时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    period_rule = models.CharField(_("调解期限规则"), max_length=100, blank=True)
    period_days = models.PositiveSmallIntegerField(_("调解期限（日）"), null=True, blank=True)
    due_on = models.DateField(_("调解期限届满日"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延长（日）"), default=0)
    outcome = models.CharField(_("调解结果"), max_length=12, choices=Outcome.choices, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    rights = models.ManyToManyField("registry.Right", verbose_name=_("涉及的权利"), blank=True, related_name="mediations")
    source_system = models.CharField(_("数据来源"), max_length=30, default="manual")
    source_id = models.CharField(_("来源编号"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["court", "status"]),
            models.Index(fields=["office", "status"]),
            models.Index(fields=["source_system", "source_id"], name="mediation_source"),
        ]

    def __str__(self):
        return self.number


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class MediationParty(TimeStampedModel):
    """A party to the mediation, outside the agencies. `user` is its external account once it has
    taken up an invitation; a representative settles only with a special authorisation (a power of
    attorney with the power `settle`)."""

    mediation = models.ForeignKey(Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey("registry.Party", verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="mediations")
    side = models.CharField(_("地位"), max_length=12, choices=PartySide.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("当事人账户"), null=True, blank=True, on_delete=models.PROTECT, related_name="mediation_parties"
    )
    representative = models.ForeignKey("registry.Representative", verbose_name=_("代理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    power_of_attorney = models.ForeignKey(
        "registry.PowerOfAttorney", verbose_name=_("授权委托"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acting_user_is_representative = models.BooleanField(_("由代理人在线参与"), default=False)

    class Meta:
        verbose_name = _("调解当事人")
        verbose_name_plural = _("调解当事人")
        ordering = ["mediation_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["mediation", "party"], name="mediationparty_unique")]

    def __str__(self):
        return f"{self.party} ({self.get_side_display()})"


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class Invitation(models.Model):
    """A link plus a one-time code sent to one party of one mediation; only hashes are stored."""

    party = models.ForeignKey(MediationParty, verbose_name=_("当事人"), on_delete=models.CASCADE, related_name="invitations")
    channel = models.CharField(_("发送方式"), max_length=8, choices=InvitationChannel.choices)
    address = models.CharField(_("发送地址"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("验证码尝试次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("邀请")
        verbose_name_plural = _("邀请")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.party} · {self.get_channel_display()}"


class LogKind(models.TextChoices):
    NOTE = "note", _("工作记录")
    CALL = "call", _("电话沟通")
    HAND_OFF = "hand_off", _("移交")
    REMINDER = "reminder", _("提醒")
    STATUS = "status", _("状态变更")


class LogEntry(models.Model):
    mediation = models.ForeignKey(Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("类别"), max_length=10, choices=LogKind.choices, default=LogKind.NOTE)
    text = models.TextField(_("内容"))
    visible_to_parties = models.BooleanField(_("当事人可见"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调解日志")
        verbose_name_plural = _("调解日志")
        ordering = ["at", "id"]

    def __str__(self):
        return self.text[:40]


class SessionMode(models.TextChoices):
    ONLINE = "online", _("线上")
    ONSITE = "onsite", _("线下")


class Session(models.Model):
    mediation = models.ForeignKey(Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    mode = models.CharField(_("方式"), max_length=8, choices=SessionMode.choices, default=SessionMode.ONLINE)
    place = models.CharField(_("地点/会议链接"), max_length=300)
    held = models.BooleanField(_("已举行"), default=False)
    minutes = models.TextField(_("调解笔录"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("调解会议")
        verbose_name_plural = _("调解会议")
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="mediation_session_ordered")]

    def __str__(self):
        return f"{self.mediation} {self.starts_at:%Y-%m-%d %H:%M}"


class Document(models.Model):
    mediation = models.ForeignKey(Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to="mediation/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    visible_to_parties = models.BooleanField(_("当事人可见"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调解材料")
        verbose_name_plural = _("调解材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


# --- agreements and judicial confirmation -------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    CIRCULATED = "circulated", _("待当事人确认")
    EFFECTIVE = "effective", _("已生效")
    SUPERSEDED = "superseded", _("已被替代")


class Agreement(TimeStampedModel):
    """The mediation agreement. Circulated to the parties as a fixed text (its SHA-256 is what each
    party confirms); effective once every party has confirmed (or signed on paper)."""

    mediation = models.ForeignKey(Mediation, verbose_name=_("调解案件"), on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    preamble = models.TextField(_("协议正文"), blank=True)
    text_hash = models.CharField(_("文本摘要"), max_length=64, blank=True)
    circulated_at = models.DateTimeField(_("发送确认时间"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")
        ordering = ["mediation_id", "version"]
        constraints = [models.UniqueConstraint(fields=["mediation", "version"], name="agreement_unique_version")]

    def __str__(self):
        return f"{self.mediation} v{self.version}"


class TermKind(models.TextChoices):
    PAYMENT = "payment", _("支付款项")
    CESSATION = "cessation", _("停止侵权")
    LICENCE = "licence", _("许可使用")
    ASSIGNMENT = "assignment", _("权利转让")
    WITHDRAWAL = "withdrawal", _("撤回其他程序")
    OTHER = "other", _("其他")


class Term(models.Model):
    """One structured term. Payment: amount and instalments [{"due_on", "amount"}]; licence: licensee,
    type, territory, period; assignment: assignee; withdrawal: the proceeding to be withdrawn."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("调解协议"), on_delete=models.CASCADE, related_name="terms")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("条款类型"), max_length=12, choices=TermKind.choices)
    obliged = models.ForeignKey(MediationParty, verbose_name=_("义务人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(MediationParty, verbose_name=_("权利人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey("registry.Right", verbose_name=_("涉及的权利"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    instalments = models.JSONField(_("分期"), default=list, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    proceeding = models.ForeignKey("proceedings.Proceeding", verbose_name=_("撤回的程序"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("条款表述"), blank=True)
    # a transfer or licence becomes a legal event only when CNIPA records it
    recorded_event = models.ForeignKey(
        "registry.LegalEvent", verbose_name=_("登记的法律事件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协议条款")
        verbose_name_plural = _("协议条款")
        ordering = ["agreement_id", "order", "id"]

    def __str__(self):
        return self.get_kind_display()


class ConfirmationMethod(models.TextChoices):
    ONLINE = "online", _("在线确认")
    SIGNED_CONSENT = "signed", _("书面签署（附件）")


class PartyConfirmation(models.Model):
    """One party's confirmation of one agreement text: who (the party's account or its representative
    with special authorisation), when, how, and the hash of the text confirmed."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("调解协议"), on_delete=models.CASCADE, related_name="confirmations")
    party = models.ForeignKey(MediationParty, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    identity = models.CharField(_("确认人身份"), max_length=200)
    method = models.CharField(_("方式"), max_length=8, choices=ConfirmationMethod.choices, default=ConfirmationMethod.ONLINE)
    document = models.ForeignKey(Document, verbose_name=_("书面确认文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text_hash = models.CharField(_("所确认文本的摘要"), max_length=64)
    confirmed_at = models.DateTimeField(_("确认时间"))

    class Meta:
        verbose_name = _("当事人确认")
        verbose_name_plural = _("当事人确认")
        ordering = ["confirmed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="partyconfirmation_unique")]

    def __str__(self):
        return f"{self.party} @ {self.confirmed_at:%Y-%m-%d %H:%M}"


class ApplicationStatus(models.TextChoices):
    FILED = "filed", _("已申请")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    RULED = "ruled", _("已裁定")


class Ruling(models.TextChoices):
    VALID = "valid", _("确认调解协议有效")
    INVALID = "invalid", _("驳回申请（不予确认）")


class ConfirmationApplication(TimeStampedModel):
    """A joint application for judicial confirmation (民特) of an effective agreement."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("调解协议"), on_delete=models.PROTECT, related_name="applications")
    court = models.ForeignKey("orgs.Agency", verbose_name=_("受理法院"), on_delete=models.PROTECT, related_name="+")
    court_basis = models.CharField(_("管辖依据"), max_length=300)
    applied_on = models.DateField(_("申请日期"))
    apply_by = models.DateField(_("申请期限届满日"))
    apply_rule = models.CharField(_("申请期限规则"), max_length=100)
    joint = models.BooleanField(_("共同申请"), default=True)
    consent_document = models.ForeignKey(Document, verbose_name=_("未到场当事人的同意书"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=14, choices=ApplicationStatus.choices, default=ApplicationStatus.FILED)
    case_number = models.CharField(_("案号"), max_length=60, blank=True)
    accept_by = models.DateField(_("受理审查期限"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    rule_by = models.DateField(_("审查期限"), null=True, blank=True)
    extended = models.BooleanField(_("经院长批准延长"), default=False)
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办法官"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ruling = models.CharField(_("裁定结果"), max_length=8, choices=Ruling.choices, blank=True)
    ruled_on = models.DateField(_("裁定日期"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("司法确认申请")
        verbose_name_plural = _("司法确认申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["court", "status"])]

    def __str__(self):
        return self.case_number or f"{self.agreement} → {self.court}"


class ConfirmationPilot(TimeStampedModel):
    """A court's pilot of judicial confirmation of administrative mediation agreements (the Opinions,
    三(六)): rules as data, with the basis cited. Without one in effect, an administrative mediation
    agreement cannot go to that court for confirmation."""

    court = models.ForeignKey("orgs.Agency", verbose_name=_("试点法院"), on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    rule_code = models.CharField(_("依据规则"), max_length=100)
    basis = models.CharField(_("试点依据"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("行政调解协议司法确认试点")
        verbose_name_plural = _("行政调解协议司法确认试点")
        ordering = ["court_id", "-effective_from"]

    def __str__(self):
        return f"{self.court} {self.effective_from}"
