"""Proceedings on both tracks (issue 6): court cases and CNIPA proceedings in one table, so that a
right's parallel proceedings, links, follows and the exchange cursor address one kind of record.
See docs/proceedings.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import Visibility

from . import causes, outcomes


class Track(models.TextChoices):
    COURT = "court", _("法院案件")
    OFFICE = "office", _("国家知识产权局程序")


class Kind(models.TextChoices):
    CIVIL = "civil", _("民事案件")
    ADMINISTRATIVE = "administrative", _("行政案件")
    CRIMINAL = "criminal", _("刑事案件")
    PATENT_INVALIDATION = "patent_invalidation", _("专利无效宣告")
    PATENT_REEXAMINATION = "patent_reexamination", _("专利复审")
    TM_OPPOSITION = "tm_opposition", _("商标异议")
    TM_INVALIDATION = "tm_invalidation", _("注册商标无效宣告")
    TM_REJECTION_REVIEW = "tm_rejection_review", _("商标驳回复审")
    TM_NON_REGISTRATION_REVIEW = "tm_non_registration_review", _("商标不予注册复审")
    TM_INVALIDATION_REVIEW = "tm_invalidation_review", _("商标无效宣告复审")
    DRUG_LINKAGE_RULING = "drug_linkage_ruling", _("药品专利纠纷早期解决机制行政裁决")


COURT_KINDS = (Kind.CIVIL, Kind.ADMINISTRATIVE, Kind.CRIMINAL)
OFFICE_KINDS = tuple(k for k in Kind if k not in COURT_KINDS)
PATENT_OFFICE_KINDS = (Kind.PATENT_INVALIDATION, Kind.PATENT_REEXAMINATION, Kind.DRUG_LINKAGE_RULING)
VALIDITY_KINDS = (Kind.PATENT_INVALIDATION, Kind.TM_INVALIDATION, Kind.TM_INVALIDATION_REVIEW)


class Stage(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("一审")
    SECOND_INSTANCE = "second_instance", _("二审")
    RETRIAL_REVIEW = "retrial_review", _("再审审查")
    RETRIAL = "retrial", _("再审")
    SPECIAL = "special", _("特别程序")
    PRESERVATION = "preservation", _("保全")
    OTHER = "other", _("其他")
    OFFICE = "office", _("行政程序")


class Status(models.TextChoices):
    PENDING = "pending", _("审理中")
    STAYED = "stayed", _("中止")
    CLOSED = "closed", _("已结案/已决定")


class Relation(models.TextChoices):
    APPEAL = "appeal", _("上诉")
    RETRIAL_REVIEW = "retrial_review", _("申请再审")
    RETRIAL = "retrial", _("再审")
    REMAND = "remand", _("发回重审")


class Procedure(models.TextChoices):
    """How a civil first-instance case is tried; the ordinary procedure is the default (empty)."""

    ORDINARY = "", _("普通程序")
    SIMPLIFIED = "simplified", _("简易程序")


class Priority(models.TextChoices):
    NONE = "", _("无")
    REQUESTED = "requested", _("已请求优先审查")
    GRANTED = "granted", _("优先审查")
    REFUSED = "refused", _("优先审查请求未获准")


class Proceeding(models.Model):
    """A court case (parsed case number, court, cause, judge and clerk, 审限) or a CNIPA proceeding
    (case number, grounds, decision number, surviving claims)."""

    track = models.CharField(_("类别"), max_length=8, choices=Track.choices)
    kind = models.CharField(_("程序种类"), max_length=32, choices=Kind.choices)
    stage = models.CharField(_("审级/阶段"), max_length=16, choices=Stage.choices)
    number = models.CharField(_("案号/案件编号"), max_length=60)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("承办机构"), on_delete=models.PROTECT, related_name="+")
    # court cases: the parsed case number
    year = models.PositiveSmallIntegerField(_("收案年度"), null=True, blank=True)
    court_code = models.CharField(_("法院代字"), max_length=12, blank=True)
    type_code = models.CharField(_("类型代字"), max_length=8, blank=True)
    sequence = models.PositiveIntegerField(_("案件编号"), null=True, blank=True)
    specialized = models.BooleanField(_("知"), default=False)
    cause = models.CharField(_("案由"), max_length=40, choices=causes.CHOICES, blank=True)
    category = models.CharField(_("案件类别"), max_length=32, blank=True)
    title = models.CharField(_("案件名称"), max_length=300, blank=True)
    grounds = models.JSONField(_("理由"), default=list, blank=True)
    evidence = models.JSONField(_("证据清单"), default=list, blank=True)
    filed_on = models.DateField(_("立案/受理日期"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    closed_on = models.DateField(_("结案/决定日期"), null=True, blank=True)
    disposition = models.CharField(_("结案方式"), max_length=12, choices=list(outcomes.DISPOSITIONS.items()), blank=True)
    result = models.CharField(_("结果"), max_length=32, choices=list(outcomes.RESULTS.items()), blank=True)
    decision_number = models.CharField(_("决定/裁判文书号"), max_length=60, blank=True)
    surviving_claims = models.JSONField(_("维持有效的权利要求"), default=list, blank=True)
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办法官/审查员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("书记员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey("self", verbose_name=_("前审案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="next_instances")
    relation = models.CharField(_("与前审关系"), max_length=16, choices=Relation.choices, blank=True)
    reviewed = models.ForeignKey("self", verbose_name=_("被诉决定所在程序"), null=True, blank=True, on_delete=models.PROTECT, related_name="court_reviews")
    expected_court = models.ForeignKey("orgs.Agency", verbose_name=_("上诉路径表指向的法院"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    time_limit_rule = models.CharField(_("审限规则"), max_length=60, blank=True)
    procedure = models.CharField(_("审理程序"), max_length=12, choices=Procedure.choices, blank=True, default="", db_default="")
    procedure_converted_on = models.DateField(_("转为普通程序日期"), null=True, blank=True)
    complaint_served_on = models.DateField(_("起诉状副本送达被告日期"), null=True, blank=True)
    foreign_defendant = models.BooleanField(_("被告在中国境内没有住所"), default=False)
    fast_track = models.BooleanField(_("快速办理"), default=False)
    fast_track_reason = models.CharField(_("快速办理理由"), max_length=300, blank=True)
    priority = models.CharField(_("优先审查"), max_length=10, choices=Priority.choices, blank=True, default="")
    # What a source system sent that names other records (right numbers and claims, party names,
    # previous case number, reviewed decision's case number), kept until `linking` resolves it.
    refs = models.JSONField(_("待关联的引用"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("关联完成时间"), null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=20, default="manual")
    source_id = models.CharField(_("来源编号"), max_length=100, blank=True)
    source_version = models.PositiveIntegerField(_("来源版本"), default=0)
    visibility = models.CharField(_("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("程序")
        verbose_name_plural = _("程序")
        ordering = ["-filed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["track", "number"], name="proceeding_unique_number")]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["filed_on"]),
            models.Index(fields=["court_code", "year", "type_code", "sequence"], name="proceeding_case_parts"),
            models.Index(fields=["source", "source_id"], name="proceeding_source"),
            models.Index(fields=["id"], condition=Q(linked_at__isnull=True), name="proceeding_unlinked"),
            # The linking engine's waiting pass: cases whose previous instance or reviewed decision
            # was not on the platform yet (linking._waiting matches these conditions).
            models.Index(fields=["id"], condition=Q(previous__isnull=True) & ~Q(relation=""), name="proceeding_awaiting_previous"),
            models.Index(fields=["id"], condition=Q(reviewed__isnull=True, kind="administrative"), name="proceeding_awaiting_reviewed"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_court(self):
        return self.track == Track.COURT

    @property
    def is_closed(self):
        return self.status == Status.CLOSED

    @property
    def result_label(self):
        return outcomes.label(self.result) if self.result else ""

    @property
    def cause_label(self):
        c = causes.cause(self.cause)
        return c.name if c else ""


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("原告")
    DEFENDANT = "defendant", _("被告")
    THIRD_PARTY = "third_party", _("第三人")
    APPELLANT = "appellant", _("上诉人")
    APPELLEE = "appellee", _("被上诉人")
    PETITIONER = "petitioner", _("再审申请人")
    RESPONDENT = "respondent", _("被申请人")
    DEFENDANT_UNIT = "accused", _("被告人/被告单位")
    REQUESTER = "requester", _("请求人/申请人")
    OWNER = "owner", _("专利权人/商标注册人")
    OPPONENT = "opponent", _("异议人")


class ProceedingParty(models.Model):
    # db_index=False: the unique (proceeding, party, role) and the (party, proceeding) index cover
    # both keys; the single-column indexes only slowed the linking engine's inserts
    proceeding = models.ForeignKey(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="parties", db_index=False)
    party = models.ForeignKey("registry.Party", verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="proceedings", db_index=False)
    role = models.CharField(_("诉讼地位"), max_length=12, choices=PartyRole.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    # The proceeding's track and filing date, copied (``save`` fills them; a push that changes the
    # date updates them: ``services.sync_party_dates``) so that the index by party reads a party's
    # proceedings of one track and period without visiting each proceeding (linking's
    # suggestions by party read about a million of them per 100,000 new cases otherwise).
    track = models.CharField(_("类别"), max_length=8, choices=Track.choices, default="")
    filed_on = models.DateField(_("立案/受理日期"), null=True, blank=True)
    representatives = models.ManyToManyField("registry.Representative", verbose_name=_("代理人"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("程序当事人")
        verbose_name_plural = _("程序当事人")
        ordering = ["proceeding_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["proceeding", "party", "role"], name="proceedingparty_unique")]
        indexes = [models.Index(fields=["party", "track", "filed_on", "proceeding"], name="proceedingparty_by_party")]

    def __str__(self):
        return f"{self.party_id}@{self.proceeding_id}:{self.role}"

    def save(self, *args, **kwargs):
        if not self.track or self.filed_on is None:
            proceeding = self.proceeding
            self.track, self.filed_on = proceeding.track, proceeding.filed_on
        super().save(*args, **kwargs)


class ProceedingRight(models.Model):
    """A right a proceeding is about, with the claims asserted (suit) or challenged (invalidation)."""

    # covered by the unique (proceeding, right) and the (right, proceeding) index
    proceeding = models.ForeignKey(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="rights", db_index=False)
    right = models.ForeignKey("registry.Right", verbose_name=_("权利"), on_delete=models.PROTECT, related_name="proceedings", db_index=False)
    claims = models.JSONField(_("涉及的权利要求"), default=list, blank=True)

    class Meta:
        verbose_name = _("程序涉及的权利")
        verbose_name_plural = _("程序涉及的权利")
        constraints = [models.UniqueConstraint(fields=["proceeding", "right"], name="proceedingright_unique")]
        indexes = [models.Index(fields=["right", "proceeding"], name="proceedingright_by_right")]

    def __str__(self):
        return f"{self.right_id}@{self.proceeding_id}"


class AwaitedRight(models.Model):
    """A right a source system named that was not on the register when the proceeding was linked
    (well-formed number, no register entry yet). ``linking.resolve_awaited_rights`` links it once the
    register has it, so a patent imported after the suits that name it still shows them."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="awaited_rights", db_index=False)
    kind = models.CharField(max_length=16)
    number = models.CharField(max_length=32)
    claims = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proceeding", "kind", "number"], name="awaitedright_unique")]
        indexes = [models.Index(fields=["kind", "number"], name="awaitedright_by_number")]

    def __str__(self):
        return f"{self.kind}:{self.number}@{self.proceeding_id}"


class AssignmentRole(models.TextChoices):
    JUDGE = "judge", _("承办法官")
    CLERK = "clerk", _("书记员")
    HANDLER = "handler", _("审查员")


class Assignment(models.Model):
    """Who handled the proceeding when: every assignment, reassignment and delegation."""

    proceeding = models.ForeignKey(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("职责"), max_length=8, choices=AssignmentRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    delegated = models.BooleanField(_("临时委托"), default=False)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("指派人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承办记录")
        verbose_name_plural = _("承办记录")
        ordering = ["proceeding_id", "assigned_at", "id"]

    def __str__(self):
        return f"{self.proceeding_id}:{self.role}:{self.user_id}"


class Stay(models.Model):
    """A stay (中止) of a court case: pauses its 审限 from ``started_on`` to the day before
    ``ended_on``; with the guidance the judge saw when deciding."""

    proceeding = models.ForeignKey(Proceeding, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="stays")
    started_on = models.DateField(_("中止日期"))
    ended_on = models.DateField(_("恢复审理日期"), null=True, blank=True)
    reason = models.CharField(_("中止理由"), max_length=300)
    basis = models.ForeignKey(Proceeding, verbose_name=_("所依据的无效程序"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    guidance = models.CharField(_("规则指引结论"), max_length=20, blank=True)
    rule_code = models.CharField(_("所引规则"), max_length=60, blank=True)
    rule_citation = models.CharField(_("规则出处"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("中止")
        verbose_name_plural = _("中止")
        ordering = ["proceeding_id", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding"], condition=Q(ended_on__isnull=True), name="stay_one_open"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")), name="stay_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.proceeding_id}:{self.started_on}–{self.ended_on or ''}"


class Extension(models.Model):
    """An approved extension of a case's 审限."""

    proceeding = models.ForeignKey(Proceeding, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveSmallIntegerField(_("延长期限"))
    unit = models.CharField(_("单位"), max_length=8, choices=[("days", _("日")), ("months", _("个月"))])
    approved_on = models.DateField(_("批准日期"))
    approved_by = models.CharField(_("批准人"), max_length=100)
    reason = models.CharField(_("理由"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审限延长")
        verbose_name_plural = _("审限延长")
        ordering = ["proceeding_id", "approved_on", "id"]

    def __str__(self):
        return f"{self.proceeding_id}:+{self.amount}{self.unit}"


class DocumentKind(models.TextChoices):
    COMPLAINT = "complaint", _("起诉状/请求书")
    NOTICE = "notice", _("受理通知书")
    JUDGMENT = "judgment", _("判决书")
    RULING = "ruling", _("裁定书")
    MEDIATION = "mediation", _("调解书")
    DECISION = "decision", _("审查决定书")
    STAY_RULING = "stay_ruling", _("中止诉讼裁定书")
    EVIDENCE = "evidence", _("证据材料")
    OTHER = "other", _("其他文书")


class ServiceMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("电子送达")
    POST = "post", _("邮寄送达")
    DIRECT = "direct", _("直接送达")
    ANNOUNCEMENT = "announcement", _("公告送达")


class Document(models.Model):
    proceeding = models.ForeignKey(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书种类"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("文书名称"), max_length=200)
    number = models.CharField(_("文书编号"), max_length=60, blank=True)
    issued_on = models.DateField(_("作出日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["proceeding_id", "issued_on", "id"]

    def __str__(self):
        return self.title


class ServiceRecord(models.Model):
    """Service (送达) of a document on one party: starts that party's clocks (a suit window after a
    CNIPA decision runs from each party's own service)."""

    document = models.ForeignKey(Document, verbose_name=_("文书"), on_delete=models.CASCADE, related_name="services")
    party = models.ForeignKey("registry.Party", verbose_name=_("受送达人"), on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("送达方式"), max_length=14, choices=ServiceMethod.choices)
    sent_on = models.DateField(_("发出日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"))
    presumed = models.BooleanField(_("推定送达"), default=False)
    window_rule = models.CharField(_("起诉期限规则"), max_length=60, blank=True)
    window_ends = models.DateField(_("起诉期限届满日"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["document_id", "served_on", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "party"], name="service_once_per_party")]

    def __str__(self):
        return f"{self.document_id}→{self.party_id}@{self.served_on}"


class LinkKind(models.TextChoices):
    CHAIN = "chain", _("审级关联（上诉/再审）")
    REVIEW = "review", _("行政诉讼所涉决定")
    SAME_RIGHT = "same_right", _("涉及同一权利")
    SAME_PARTIES = "same_parties", _("当事人相同")
    MANUAL = "manual", _("人工关联")


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("建议")
    ACCEPTED = "accepted", _("已确认")
    REJECTED = "rejected", _("已拒绝")


class Link(models.Model):
    """A link between two proceedings beyond the right they share (that link is implicit): a manual
    link with its reason, or a ranked suggestion a handler accepts or rejects. Stored once, with
    ``source.id < target.id``."""

    # covered by the unique (source, target) and the (target, status) index
    source = models.ForeignKey(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="links_out", db_index=False)
    target = models.ForeignKey(Proceeding, verbose_name=_("关联程序"), on_delete=models.CASCADE, related_name="links_in", db_index=False)
    kind = models.CharField(_("关联依据"), max_length=14, choices=LinkKind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=LinkStatus.choices)
    score = models.PositiveSmallIntegerField(_("匹配分"), default=0)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("程序关联")
        verbose_name_plural = _("程序关联")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="link_unique_pair"),
            models.CheckConstraint(condition=Q(source__lt=models.F("target")), name="link_ordered_pair"),
        ]
        indexes = [models.Index(fields=["target", "status"], name="link_by_target")]

    def __str__(self):
        return f"{self.source_id}–{self.target_id}:{self.kind}"


class Change(models.Model):
    """One row per write to a proceeding: the cursor of the pull API (changes since)."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.proceeding_id}:{self.what}"


class PriorityRequest(models.Model):
    """A request by a court or local IP office handling the infringement dispute that CNIPA
    examine the linked invalidation first (优先审查); CNIPA grants or refuses it with a reason."""

    proceeding = models.ForeignKey(Proceeding, verbose_name=_("无效程序"), on_delete=models.CASCADE, related_name="priority_requests")
    dispute = models.ForeignKey(Proceeding, verbose_name=_("侵权纠纷案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("请求机构"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("请求理由"), max_length=500)
    status = models.CharField(_("状态"), max_length=10, choices=Priority.choices[1:])
    decision_reason = models.CharField(_("处理理由"), max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("请求人"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("优先审查请求")
        verbose_name_plural = _("优先审查请求")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "agency"], condition=Q(status="requested"), name="priority_one_open_per_agency"),
        ]

    def __str__(self):
        return f"{self.proceeding_id}:{self.status}"


class ReportStatus(models.TextChoices):
    ORDERED = "ordered", _("法院已责令出具")
    REQUESTED = "requested", _("已请求")
    ISSUED = "issued", _("已出具")


class EvaluationReport(models.Model):
    """A patent evaluation report (专利权评价报告) for a utility model or design: ordered by a
    court in a case, requested from CNIPA by the patentee, issued by CNIPA (2 months)."""

    right = models.ForeignKey("registry.Right", verbose_name=_("专利"), on_delete=models.PROTECT, related_name="evaluation_reports")
    case = models.ForeignKey(Proceeding, verbose_name=_("责令出具的案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="evaluation_reports")
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices)
    ordered_on = models.DateField(_("责令日期"), null=True, blank=True)
    requester = models.ForeignKey("registry.Party", verbose_name=_("请求人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("请求日期"), null=True, blank=True)
    due_on = models.DateField(_("应出具日期"), null=True, blank=True)
    number = models.CharField(_("报告编号"), max_length=40, blank=True)
    issued_on = models.DateField(_("出具日期"), null=True, blank=True)
    defects_found = models.BooleanField(_("发现不符合授权条件的缺陷"), null=True, blank=True)
    conclusion = models.TextField(_("结论"), blank=True)
    claims_without_defect = models.JSONField(_("未发现缺陷的权利要求"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("专利权评价报告")
        verbose_name_plural = _("专利权评价报告")
        ordering = ["right_id", "-id"]

    def __str__(self):
        return self.number or f"{self.right_id}:{self.status}"


class DrugType(models.TextChoices):
    CHEMICAL = "chemical", _("化学仿制药")
    TCM = "tcm", _("中药同名同方药")
    BIOSIMILAR = "biosimilar", _("生物类似药")


class Declaration(models.TextChoices):
    INVALID = "4.1", _("4.1类声明：专利权应当被宣告无效")
    NOT_INFRINGING = "4.2", _("4.2类声明：仿制药未落入保护范围")


class DrugLinkage(models.Model):
    """The drug-patent linkage facts of a court case or CNIPA ruling (reference §11): the 45-day
    window from CDE's publication and, for chemical generics, the 9-month waiting period."""

    proceeding = models.OneToOneField(Proceeding, verbose_name=_("程序"), on_delete=models.CASCADE, related_name="drug_linkage")
    drug_name = models.CharField(_("药品名称"), max_length=200)
    application_number = models.CharField(_("仿制药上市许可申请受理号"), max_length=40)
    drug_type = models.CharField(_("药品类型"), max_length=12, choices=DrugType.choices)
    declaration = models.CharField(_("声明类型"), max_length=4, choices=Declaration.choices)
    published_on = models.DateField(_("药审中心公开日期"))
    window_ends = models.DateField(_("45日期限届满日"))
    waiting_ends = models.DateField(_("等待期届满日"), null=True, blank=True)

    class Meta:
        verbose_name = _("药品专利链接信息")
        verbose_name_plural = _("药品专利链接信息")

    def __str__(self):
        return self.application_number
