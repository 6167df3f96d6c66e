"""Consultation between institutions (issue 8; Opinions 二(二), 三(四), 三(五)).

The chain this app keeps whole: an issue raised (an agenda item, a standards divergence) → a
meeting (会商) → a consensus text that every participating agency co-signs (会议纪要, 会签文件,
指导意见) → consensus items, each with a responsible agency → action items carried out by a named
owner. Beside it: comment rounds on drafts (征求意见) and liaison threads.

Who sees what is decided by agency participation, not by Visibility: a meeting by its organiser
and participants, a document by its signatories and its meeting's participants, a round by its
drafting agency and the invited agencies, a thread by its agencies, a feedback record by the
raising and the counterpart agency (selectors filter in SQL)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipcollab.core.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL
AGENCY = "orgs.Agency"


# ---------------------------------------------------------------- meetings (会商)


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("例行会商")
    SPECIAL = "special", _("专题会商")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class Meeting(TimeStampedModel):
    title = models.CharField(_("会议名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    organiser = models.ForeignKey(AGENCY, verbose_name=_("召集单位"), on_delete=models.PROTECT, related_name="organised_meetings")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    video_link = models.URLField(_("视频会议链接"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    agenda_deadline = models.DateField(_("议题提交截止日"), null=True, blank=True)
    summary = models.TextField(_("会议情况"), blank=True)
    held_on = models.DateField(_("召开日期"), null=True, blank=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("会商会议")
        verbose_name_plural = _("会商会议")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organiser", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")), name="consultation_meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title


class ParticipantRole(models.TextChoices):
    ORGANISER = "organiser", _("召集单位")
    PARTICIPANT = "participant", _("参会单位")
    INVITED = "invited", _("列席单位")


class Participant(TimeStampedModel):
    """An agency taking part. Organiser and participants co-sign the minutes; agencies invited to
    sit in (a procuratorate, public security) do not unless `signs` is set."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(AGENCY, verbose_name=pgettext_lazy("agency", "单位"), on_delete=models.PROTECT, related_name="meeting_participations")
    role = models.CharField(_("身份"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT)
    signs = models.BooleanField(_("会签纪要"), default=True)
    confirmed_at = models.DateTimeField(_("确认参会时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("参会单位")
        verbose_name_plural = _("参会单位")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="consultation_participant_unique")]

    def __str__(self):
        return f"{self.meeting_id}:{self.agency_id}"


class Attendee(TimeStampedModel):
    """A person invited; `attended` is recorded when the meeting is held (None: not yet recorded)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    agency = models.ForeignKey(AGENCY, verbose_name=pgettext_lazy("agency", "单位"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, verbose_name=_("平台用户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_invitations")
    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "agency", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], condition=Q(user__isnull=False), name="consultation_attendee_user_unique"),
        ]

    def __str__(self):
        return self.name


class AgendaStatus(models.TextChoices):
    PROPOSED = "proposed", _("已提议")
    ACCEPTED = "accepted", _("已列入议程")
    DECLINED = "declined", _("未列入议程")
    DISCUSSED = "discussed", _("已讨论")
    DEFERRED = "deferred", _("延后讨论")


class AgendaItem(TimeStampedModel):
    """A topic proposed by a participating agency. `trend` is the data it rests on, kept as it was
    when proposed: {"title", "unit", "source", "labels": [...], "series": [{"name", "values": [...]}]}."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    proposed_by_agency = models.ForeignKey(AGENCY, verbose_name=_("提议单位"), on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(USER, verbose_name=_("提议人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.CharField(_("议题"), max_length=200)
    background = models.TextField(_("背景"), blank=True)
    trend = models.JSONField(_("趋势数据"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=AgendaStatus.choices, default=AgendaStatus.PROPOSED)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    decision_note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.topic


class AgendaLink(TimeStampedModel):
    """A record an agenda item rests on: a case or CNIPA proceeding, a right, a standards-feedback record."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links")
    proceeding = models.ForeignKey("proceedings.Proceeding", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("registry.Right", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    feedback = models.ForeignKey("consultation.StandardsFeedback", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_links")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("议题关联记录")
        verbose_name_plural = _("议题关联记录")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(proceeding__isnull=False, right__isnull=True, feedback__isnull=True)
                    | Q(proceeding__isnull=True, right__isnull=False, feedback__isnull=True)
                    | Q(proceeding__isnull=True, right__isnull=True, feedback__isnull=False)
                ),
                name="consultation_agendalink_one_target",
            ),
        ]


class Material(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="materials")
    agency = models.ForeignKey(AGENCY, verbose_name=_("提交单位"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="consultation/materials/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["meeting", "pk"]


# ---------------------------------------------------------------- consensus documents (纪要, 会签文件, 指导意见)


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("会议纪要")
    CO_SIGNED = "co_signed", _("会签文件")
    GUIDANCE = "guidance", _("指导意见")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    REVIEW = "review", _("审阅中")
    SIGNING = "signing", _("会签中")
    SIGNED = "signed", _("已会签")


class ConsensusDocument(TimeStampedModel):
    """A consensus text. Once every signatory has signed it is locked (`locked_at`) and published to
    the participants; its text is then the last Version, whose hash every Signature carries."""

    kind = models.CharField(_("类别"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.MINUTES)
    meeting = models.ForeignKey(Meeting, verbose_name=_("会商会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True, help_text=_("如 法知会〔2026〕3号、会议纪要〔2026〕第2期"))
    drafting_agency = models.ForeignKey(AGENCY, verbose_name=_("起草单位"), on_delete=models.PROTECT, related_name="drafted_documents")
    drafter = models.ForeignKey(USER, verbose_name=_("起草人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    main_recipients = models.CharField(_("主送"), max_length=300, blank=True)
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True)
    review_deadline = models.DateField(_("审阅截止日"), null=True, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("共识文件")
        verbose_name_plural = _("共识文件")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="consultation_document_number_unique")]

    def __str__(self):
        return self.number or self.title


class Version(models.Model):
    """One text of a document. `sha256` is of the canonical text (NFC, LF line ends, trailing
    spaces stripped): what a signer signs."""

    document = models.ForeignKey(ConsensusDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    text = models.TextField(_("正文"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文本版本")
        verbose_name_plural = _("文本版本")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="consultation_version_unique")]

    def __str__(self):
        return f"{self.document_id} v{self.number}"


class CommentStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ADOPTED = "adopted", _("已采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class ReviewComment(TimeStampedModel):
    """A reviewer's comment anchored to a paragraph (1-based) of the version it was made on."""

    document = models.ForeignKey(ConsensusDocument, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.PositiveSmallIntegerField(_("段落"))
    quote = models.CharField(_("原文摘录"), max_length=200, blank=True)
    agency = models.ForeignKey(AGENCY, verbose_name=pgettext_lazy("agency", "单位"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("意见"))
    status = models.CharField(_("处理情况"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.OPEN)
    response = models.TextField(_("答复"), blank=True)
    responded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("审阅意见")
        verbose_name_plural = _("审阅意见")
        ordering = ["document", "version", "paragraph", "pk"]


class Signatory(models.Model):
    """An agency whose authorised signer (role `signer`) must sign; `position` orders the names
    in the PDF's header and signature block (the organiser first)."""

    document = models.ForeignKey(ConsensusDocument, on_delete=models.CASCADE, related_name="signatories")
    agency = models.ForeignKey(AGENCY, verbose_name=_("会签单位"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("会签单位")
        verbose_name_plural = _("会签单位")
        ordering = ["document", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "agency"], name="consultation_signatory_unique")]

    def __str__(self):
        return f"{self.document_id}:{self.agency_id}"


class Signature(models.Model):
    """A signer's signature on the exact text of `version` (`text_hash`). A signature is voided,
    never deleted, when the document goes back to review."""

    document = models.ForeignKey(ConsensusDocument, on_delete=models.CASCADE, related_name="signatures")
    agency = models.ForeignKey(AGENCY, verbose_name=_("会签单位"), on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(USER, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签发人姓名"), max_length=60)
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="signatures")
    text_hash = models.CharField(_("文本哈希"), max_length=64)
    signed_at = models.DateTimeField(_("签署时间"))
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会签记录")
        verbose_name_plural = _("会签记录")
        ordering = ["document", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "agency"], condition=Q(voided_at__isnull=True), name="consultation_signature_one_live"),
        ]

    def __str__(self):
        return f"{self.document_id}:{self.agency_id}:{self.signer_name}"


class ConsensusItem(models.Model):
    """One point agreed (一、二、…), with the agency responsible for carrying it out."""

    document = models.ForeignKey(ConsensusDocument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("共识事项"))
    responsible_agency = models.ForeignKey(AGENCY, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="consensus_items")

    class Meta:
        verbose_name = _("共识事项")
        verbose_name_plural = _("共识事项")
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="consultation_item_position_unique")]

    # ---------------------------------------------------------------- action items (落实事项)

    def __str__(self):
        return f"{self.position}. {self.text[:40]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


class ActionItem(TimeStampedModel):
    consensus_item = models.ForeignKey(ConsensusItem, verbose_name=_("共识事项"), on_delete=models.PROTECT, related_name="actions")
    document = models.ForeignKey(ConsensusDocument, verbose_name=_("共识文件"), on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, verbose_name=_("会商会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    agency = models.ForeignKey(AGENCY, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="action_items")
    owner = models.ForeignKey(USER, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="action_items")
    title = models.CharField(pgettext_lazy("action item", "事项"), max_length=200)
    description = models.TextField(_("要求"), blank=True)
    due_on = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("落实事项")
        verbose_name_plural = _("落实事项")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["agency", "status", "due_on"]), models.Index(fields=["status", "due_on"])]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="consultation_action_progress_max")]

    def __str__(self):
        return self.title


class ActionUpdate(models.Model):
    """Progress reported on an item, with the evidence of completion when there is some."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("进展情况"))
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=ActionStatus.choices)
    evidence = models.FileField(_("完成佐证"), upload_to="consultation/evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["item", "created_at", "pk"]

    # ---------------------------------------------------------------- comment rounds on drafts (征求意见)

    def __str__(self):
        return f"{self.item_id}:{self.progress}%"


class DraftKind(models.TextChoices):
    LAW = "law", _("法律草案")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("司法解释")
    REGULATION = "regulation", _("行政法规")
    RULE = "rule", _("部门规章")
    NORMATIVE = "normative", _("规范性文件")
    STANDARD = "standard", _("审查、审理标准")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("已截止")
    CONCLUDED = "concluded", _("已办结")


class CommentRound(TimeStampedModel):
    title = models.CharField(_("草案名称"), max_length=200)
    draft_kind = models.CharField(_("草案类别"), max_length=32, choices=DraftKind.choices)
    drafting_agency = models.ForeignKey(AGENCY, verbose_name=_("起草单位"), on_delete=models.PROTECT, related_name="comment_rounds")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(_("说明"), blank=True)
    opened_on = models.DateField(_("发出日期"))
    deadline = models.DateField(_("反馈截止日"))
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["-opened_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(deadline__gte=models.F("opened_on")), name="consultation_round_deadline_after_open")]

    def __str__(self):
        return self.title


class DraftArticle(models.Model):
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField(_("顺序"))
    label = models.CharField(_("条文序号"), max_length=40, help_text=_("如 第一条、第十二条第二款"))
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("草案条文")
        verbose_name_plural = _("草案条文")
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "position"], name="consultation_article_position_unique")]

    def __str__(self):
        return self.label


class RoundInvitee(models.Model):
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="invitees")
    agency = models.ForeignKey(AGENCY, verbose_name=_("征求意见单位"), on_delete=models.PROTECT, related_name="+")
    no_comment_at = models.DateTimeField(_("无意见回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征求意见单位")
        verbose_name_plural = _("征求意见单位")
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="consultation_invitee_unique")]

    def __str__(self):
        return f"{self.round_id}:{self.agency_id}"


class ResponseKind(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    EXPLAINED = "explained", _("已作说明")


class DraftComment(TimeStampedModel):
    """An invited agency's comment on one article (or on the draft as a whole when `article` is
    empty), and the drafter's response to it."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    article = models.ForeignKey(DraftArticle, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    agency = models.ForeignKey(AGENCY, verbose_name=_("提出单位"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("意见"))
    proposed_text = models.TextField(_("修改建议"), blank=True)
    response = models.CharField(_("采纳情况"), max_length=16, choices=ResponseKind.choices, blank=True)
    response_text = models.TextField(_("处理理由"), blank=True)
    responded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("反馈意见")
        verbose_name_plural = _("反馈意见")
        ordering = ["round", "article__position", "pk"]


# ---------------------------------------------------------------- standards feedback (标准反馈)


class FeedbackArea(models.TextChoices):
    PATENT_VALIDITY = "patent_validity", _("专利授权确权标准")
    TRADEMARK_VALIDITY = "trademark_validity", _("商标授权确权标准")
    EVIDENCE = "evidence", _("证据标准")
    INFRINGEMENT = "infringement", _("侵权判定标准")
    PROCEDURE = "procedure", _("程序衔接")
    CRIMINAL_REFERRAL = "criminal_referral", _("行刑衔接标准")


class FeedbackStatus(models.TextChoices):
    OPEN = "open", _("已提出")
    DISCUSSING = "discussing", _("讨论中")
    ON_AGENDA = "on_agenda", _("已提交会商")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("不予处理")


class StandardsFeedback(TimeStampedModel):
    """A divergence between an administrative and a judicial standard, raised by either side."""

    title = models.CharField(_("标题"), max_length=200)
    area = models.CharField(_("领域"), max_length=32, choices=FeedbackArea.choices)
    raised_by_agency = models.ForeignKey(AGENCY, verbose_name=_("提出单位"), on_delete=models.PROTECT, related_name="raised_feedback")
    raised_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    counterpart = models.ForeignKey(AGENCY, verbose_name=_("对口单位"), on_delete=models.PROTECT, related_name="received_feedback")
    description = models.TextField(_("问题描述"))
    administrative_standard = models.TextField(_("行政标准的把握"), blank=True)
    judicial_standard = models.TextField(_("司法标准的把握"), blank=True)
    proceedings = models.ManyToManyField("proceedings.Proceeding", verbose_name=_("相关案件"), blank=True, related_name="standards_feedback")
    status = models.CharField(_("状态"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN)
    agenda_item = models.ForeignKey(AgendaItem, verbose_name=_("会商议题"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_by_document = models.ForeignKey(
        ConsensusDocument, verbose_name=_("据以解决的文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_feedback"
    )
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准反馈")
        verbose_name_plural = _("标准反馈")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


# ---------------------------------------------------------------- liaison threads (联络沟通)


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Thread(TimeStampedModel):
    topic = models.CharField(_("主题"), max_length=200)
    started_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(AGENCY, verbose_name=_("发起单位"), on_delete=models.PROTECT, related_name="+")
    feedback = models.ForeignKey(StandardsFeedback, null=True, blank=True, on_delete=models.CASCADE, related_name="threads")
    status = models.CharField(_("状态"), max_length=16, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    last_post_at = models.DateTimeField(_("最新回复"), null=True, blank=True)

    class Meta:
        verbose_name = _("联络沟通")
        verbose_name_plural = _("联络沟通")
        ordering = ["-last_post_at", "-pk"]

    def __str__(self):
        return self.topic


class ThreadAgency(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey(AGENCY, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "agency"], name="consultation_thread_agency_unique")]

    def __str__(self):
        return f"{self.thread_id}:{self.agency_id}"


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(AGENCY, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回复")
        verbose_name_plural = _("回复")
        ordering = ["thread", "created_at", "pk"]

    def __str__(self):
        return f"{self.thread_id}:{self.pk}"


class ThreadRead(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="consultation_thread_read_unique")]

    def __str__(self):
        return f"{self.thread_id}:{self.user_id}"
