"""Administrative adjudication of patent infringement disputes (专利侵权纠纷行政裁决, issue 7 point 6)
and its compulsory enforcement by the basic court (行审). See docs/adjudication.md.

One Adjudication row per request: the office's handling (received → accepted → decided), service
of the decision on each party (each party's 15-day window to sue runs from its own service), then
either a suit (the enforcement path stops), compliance, or a demand (催告) and an application to the
court (EnforcementApplication), which the court registers as a 行审 case, accepts and rules on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel


class Stage(models.TextChoices):
    RECEIVED = "received", _("已收到请求")
    REFUSED = "refused", _("不予受理")
    ACCEPTED = "accepted", _("已立案")
    DECIDED = "decided", _("已作出裁决")
    SERVED = "served", _("裁决已送达")
    SUED = "sued", _("当事人已起诉")
    COMPLIED = "complied", _("已履行")
    DEMANDED = "demanded", _("已催告")
    ENFORCEMENT = "enforcement", _("已申请强制执行")
    ENFORCED = "enforced", _("法院裁定准予执行")
    NOT_ENFORCED = "not_enforced", _("法院不予受理或不准予执行")
    WITHDRAWN = "withdrawn", _("请求人撤回")


CLOSED_STAGES = (Stage.REFUSED, Stage.SUED, Stage.COMPLIED, Stage.ENFORCED, Stage.NOT_ENFORCED, Stage.WITHDRAWN)


class Decision(models.TextChoices):
    INFRINGEMENT = "infringement", _("认定侵权，责令停止侵权行为")
    NO_INFRINGEMENT = "no_infringement", _("侵权不成立，驳回请求")


class RequesterStatus(models.TextChoices):
    PATENTEE = "patentee", _("专利权人")
    EXCLUSIVE_LICENSEE = "exclusive_licensee", _("独占实施许可合同的被许可人")
    SOLE_LICENSEE = "sole_licensee", _("排他实施许可合同的被许可人")
    HEIR = "heir", _("专利权的合法继承人")


class Adjudication(TimeStampedModel):
    number = models.CharField(_("案号"), max_length=60, unique=True)
    office = models.ForeignKey("orgs.Agency", verbose_name=_("裁决机关"), on_delete=models.PROTECT, related_name="adjudications")
    region = models.ForeignKey("orgs.Region", verbose_name=_("侵权行为地"), on_delete=models.PROTECT, related_name="+")
    major = models.BooleanField(_("全国有重大影响"), default=False)
    jurisdiction_basis = models.CharField(_("管辖依据"), max_length=200, blank=True)
    right = models.ForeignKey("registry.Right", verbose_name=_("涉案专利"), on_delete=models.PROTECT, related_name="adjudications")
    claims = models.JSONField(_("主张的权利要求"), default=list, blank=True)
    requester_status = models.CharField(_("请求人身份"), max_length=20, choices=RequesterStatus.choices, default=RequesterStatus.PATENTEE)
    title = models.CharField(_("案由/名称"), max_length=300)
    facts = models.TextField(_("请求事项与事实理由"))
    evidence = models.JSONField(_("证据清单"), default=list, blank=True)
    received_on = models.DateField(_("收到请求日期"))
    accept_due = models.DateField(_("立案审查期限"), null=True, blank=True)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    accepted_on = models.DateField(_("立案日期"), null=True, blank=True)
    decide_due = models.DateField(_("结案期限"), null=True, blank=True)
    refused_on = models.DateField(_("不予受理日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    suspended = models.BooleanField(_("中止处理"), default=False)
    decision = models.CharField(_("裁决结果"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("裁决日期"), null=True, blank=True)
    decision_number = models.CharField(_("裁决书文号"), max_length=80, blank=True)
    decision_reasons = models.TextField(_("裁决理由"), blank=True)
    window_ends_on = models.DateField(_("起诉期限届满日（最晚一方）"), null=True, blank=True)
    apply_by = models.DateField(_("申请强制执行期限"), null=True, blank=True)
    complied = models.BooleanField(_("已履行"), null=True, blank=True)
    compliance_checked_on = models.DateField(_("履行情况核查日期"), null=True, blank=True)
    compliance_note = models.TextField(_("履行情况说明"), blank=True)
    suit_number = models.CharField(_("行政诉讼案号"), max_length=60, blank=True)
    suit_filed_on = models.DateField(_("起诉日期"), null=True, blank=True)
    suit_by = models.ForeignKey("registry.Party", verbose_name=_("起诉人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    suit = models.ForeignKey("proceedings.Proceeding", verbose_name=_("行政诉讼案件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    demand_served_on = models.DateField(_("催告书送达日期"), null=True, blank=True)
    demand_ends_on = models.DateField(_("催告期间届满日"), null=True, blank=True)
    mediation = models.ForeignKey(
        "mediation.Mediation", verbose_name=_("赔偿数额调解"), null=True, blank=True, on_delete=models.SET_NULL, related_name="adjudications"
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    source_system = models.CharField(_("数据来源"), max_length=30, default="manual")
    source_id = models.CharField(_("来源编号"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("专利侵权纠纷行政裁决")
        verbose_name_plural = _("专利侵权纠纷行政裁决")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["office", "stage"]), models.Index(fields=["right"])]
        constraints = [
            models.UniqueConstraint(fields=["source_system", "source_id"], condition=~Q(source_id=""), name="adjudication_unique_source"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_closed(self):
        return self.stage in CLOSED_STAGES


class Side(models.TextChoices):
    REQUESTER = "requester", _("请求人")
    RESPONDENT = "respondent", _("被请求人")


class AdjudicationParty(models.Model):
    adjudication = models.ForeignKey(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey("registry.Party", verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="adjudications")
    side = models.CharField(_("地位"), max_length=12, choices=Side.choices)
    address = models.CharField(_("送达地址"), max_length=200, blank=True)
    served_on = models.DateField(_("裁决书送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=20, blank=True)
    window_ends_on = models.DateField(_("起诉期限届满日"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政裁决当事人")
        verbose_name_plural = _("行政裁决当事人")
        ordering = ["adjudication_id", "side", "id"]
        constraints = [models.UniqueConstraint(fields=["adjudication", "party"], name="adjudicationparty_unique")]

    def __str__(self):
        return f"{self.party} ({self.get_side_display()})"


class Handler(models.Model):
    adjudication = models.ForeignKey(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="handlers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="adjudications_handled")
    lead = models.BooleanField(_("主办"), default=False)
    assigned_at = models.DateTimeField(_("指定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承办人")
        verbose_name_plural = _("承办人")
        ordering = ["adjudication_id", "-lead", "id"]
        constraints = [models.UniqueConstraint(fields=["adjudication", "user"], name="adjudication_handler_unique")]

    def __str__(self):
        return f"{self.adjudication} · {self.user}"


class Hearing(models.Model):
    """An oral hearing (口头审理), in a booked room."""

    adjudication = models.ForeignKey(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="hearings")
    booking = models.OneToOneField("orgs.RoomBooking", verbose_name=_("审理室预约"), on_delete=models.PROTECT, related_name="adjudication_hearing")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    held = models.BooleanField(_("已举行"), default=False)
    cancelled = models.BooleanField(_("已取消"), default=False)
    notes = models.TextField(_("笔录摘要"), blank=True)

    class Meta:
        verbose_name = _("口头审理")
        verbose_name_plural = _("口头审理")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.adjudication} {self.starts_at:%Y-%m-%d %H:%M}"


class Suspension(models.Model):
    """The handling suspended (中止) while an invalidation of the patent is pending at CNIPA."""

    adjudication = models.ForeignKey(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="suspensions")
    invalidation = models.ForeignKey("proceedings.Proceeding", verbose_name=_("无效宣告程序"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("中止日期"))
    reason = models.TextField(_("中止理由"), blank=True)
    resumed_on = models.DateField(_("恢复日期"), null=True, blank=True)
    resumed_because = models.CharField(_("恢复原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("中止")
        verbose_name_plural = _("中止")
        ordering = ["started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["adjudication"], condition=Q(resumed_on__isnull=True), name="adjudication_one_open_suspension")]

    def __str__(self):
        return f"{self.adjudication} {self.started_on}"


class ApplicationStatus(models.TextChoices):
    FILED = "filed", _("已申请，待法院立案")
    REGISTERED = "registered", _("法院已登记（待受理）")
    ACCEPTED = "accepted", _("法院已受理")
    NOT_ACCEPTED = "not_accepted", _("法院不予受理")
    RULED = "ruled", _("法院已裁定")


class Ruling(models.TextChoices):
    ENFORCE = "enforce", _("准予强制执行")
    NOT_ENFORCE = "not_enforce", _("不准予强制执行")


class EnforcementApplication(TimeStampedModel):
    """The office's application to the basic court for compulsory enforcement (非诉行政执行审查, 行审)."""

    adjudication = models.OneToOneField(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="enforcement")
    court = models.ForeignKey("orgs.Agency", verbose_name=_("受理法院"), on_delete=models.PROTECT, related_name="enforcement_applications")
    court_basis = models.CharField(_("管辖依据"), max_length=300, blank=True)
    applied_on = models.DateField(_("申请日期"))
    apply_by = models.DateField(_("申请期限届满日"))
    status = models.CharField(_("状态"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.FILED)
    case_number = models.CharField(_("行审案号"), max_length=60, blank=True)
    accept_due = models.DateField(_("受理期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    hearing = models.BooleanField(_("听取被执行人和行政机关意见"), default=False)
    rule_due = models.DateField(_("裁定期限"), null=True, blank=True)
    ruled_on = models.DateField(_("裁定日期"), null=True, blank=True)
    ruling = models.CharField(_("裁定结果"), max_length=12, choices=Ruling.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办法官"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("强制执行申请")
        verbose_name_plural = _("强制执行申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["court", "status"])]
        constraints = [models.UniqueConstraint(fields=["case_number"], condition=~Q(case_number=""), name="enforcement_unique_case_number")]

    def __str__(self):
        return self.case_number or f"{self.adjudication} → {self.court}"


class LogKind(models.TextChoices):
    STEP = "step", _("办理")
    HAND_OFF = "hand_off", _("移送/送达")
    REMINDER = "reminder", _("提醒")
    NOTE = "note", _("备注")


class LogEntry(models.Model):
    """The shared timeline both sides see: every step, every hand-off between institutions (from →
    to, what, when received), every reminder."""

    adjudication = models.ForeignKey(Adjudication, verbose_name=_("行政裁决"), on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("类别"), max_length=10, choices=LogKind.choices, default=LogKind.STEP)
    text = models.TextField(_("内容"))
    on = models.DateField(_("日期"))
    from_agency = models.ForeignKey("orgs.Agency", verbose_name=_("发出机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("orgs.Agency", verbose_name=_("接收机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_party = models.ForeignKey("registry.Party", verbose_name=_("受送达人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return self.text[:40]


class EnforcementCourt(models.Model):
    """Which basic court receives an office's applications for compulsory enforcement: the basic
    court where the office is located (行政强制法 第54条; 法释〔2018〕1号 第157条). The reference data
    carries offices at province or city level, so the seat's district is a table (data migration
    0002, docs/adjudication.md). Editable by platform admins in the admin site."""

    office = models.OneToOneField("orgs.Agency", verbose_name=_("行政机关"), on_delete=models.PROTECT, related_name="enforcement_court_row")
    court = models.ForeignKey("orgs.Agency", verbose_name=_("所在地基层人民法院"), on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(_("机关所在地"), max_length=200)
    verified = models.BooleanField(_("已核实"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("申请强制执行的管辖法院")
        verbose_name_plural = _("申请强制执行的管辖法院")
        ordering = ["office_id"]

    def __str__(self):
        return f"{self.office} → {self.court}"


class Reminder(models.Model):
    """One reminder sent (idempotency of the reminder sweep): a (record, what, threshold) is sent once."""

    adjudication = models.ForeignKey(Adjudication, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["adjudication", "key"], name="adjudication_reminder_once")]

    def __str__(self):
        return self.key
