"""Rules as data: statutory rules (periods, competent courts, formulas, maxima) with their legal
basis, law version and effective dates, and the jurisdiction tables (first instance, appeal
routing, administrative adjudication) that cite them.

A `LegalRule` row is one *version* of a rule: the versions of one `code` cover non-overlapping
date ranges. Adjusting a rule never rewrites a version's parameters; it ends the version in
effect and starts a new one (services.adjust_rule). See docs/rulebook.md.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel


class RuleCategory(models.TextChoices):
    PERIOD = "period", _("期间")
    TIME_LIMIT = "time_limit", _("审理/办理期限")
    MAXIMUM = "maximum", _("最长期限")
    COMPETENT_COURT = "competent_court", _("管辖")
    COMPETENT_OFFICE = "competent_office", _("行政裁决管辖")
    FORMULA = "formula", _("计算公式")
    GUIDANCE = "guidance", _("协调规则")


class Verification(models.TextChoices):
    VERIFIED = "V", _("[V] 已核对原文")
    UNVERIFIED = "R", _("[R] 未核对原文，待确认")


class LegalRule(TimeStampedModel):
    code = models.CharField(_("规则代码"), max_length=100, help_text=_("如 trial.appeal_period.civil_judgment"))
    module = models.CharField(_("所属模块"), max_length=40, help_text=_("如 trial、cnipa、preservation"))
    category = models.CharField(_("类别"), max_length=24, choices=RuleCategory.choices)
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200, help_text=_("法律、法规或司法解释的名称，不含书名号"))
    article = models.CharField(_("条款"), max_length=100, blank=True, help_text=_("如 第171条、第4条第3款"))
    law_version = models.CharField(_("版本"), max_length=40, help_text=_("所引文本的年份或文号，如 2023"))
    version_label = models.CharField(_("版本表述"), max_length=60, blank=True, help_text=_("引用时括号内的文字，如 2023年修正"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("最后一个有效日；留空表示现行有效"))
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    parameters_schema = models.JSONField(_("参数格式"), default=dict, blank=True, help_text=_("JSON Schema；可调整范围以 minimum/maximum 表示"))
    adjustable = models.BooleanField(_("可调整"), default=False, help_text=_("仅在法律留有余地时可由平台管理员调整"))
    verification = models.CharField(_("核对状态"), max_length=1, choices=Verification.choices, default=Verification.UNVERIFIED)
    note = models.TextField(_("说明"), blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调整人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    adjust_reason = models.CharField(_("调整理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("法律规则")
        verbose_name_plural = _("法律规则")
        ordering = ["code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="legalrule_unique_code_start"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="legalrule_dates_ordered"),
        ]
        indexes = [models.Index(fields=["code", "effective_from", "effective_to"])]

    def __str__(self):
        return f"{self.code}（{self.law_version}，{self.effective_from}起）"


class CaseCategory(models.TextChoices):
    INVENTION_PATENT = "invention_patent", _("发明专利")
    UTILITY_MODEL = "utility_model", _("实用新型专利")
    DESIGN_PATENT = "design_patent", _("外观设计专利")
    PLANT_VARIETY = "plant_variety", _("植物新品种")
    LAYOUT_DESIGN = "layout_design", _("集成电路布图设计")
    TECHNICAL_SECRET = "technical_secret", _("技术秘密")
    SOFTWARE = "software", _("计算机软件")
    MONOPOLY = "monopoly", _("垄断")
    TRADEMARK = "trademark", _("商标")
    COPYRIGHT = "copyright", _("著作权")
    UNFAIR_COMPETITION = "unfair_competition", _("不正当竞争")
    ADMIN_CNIPA_PATENT = "admin_cnipa_patent", _("专利授权确权行政案件（不服国家知识产权局决定）")
    ADMIN_CNIPA_TRADEMARK = "admin_cnipa_trademark", _("商标授权确权行政案件（不服国家知识产权局决定）")
    DRUG_LINKAGE = "drug_linkage", _("药品专利链接纠纷")


TECHNICAL_CATEGORIES = (
    CaseCategory.INVENTION_PATENT,
    CaseCategory.UTILITY_MODEL,
    CaseCategory.PLANT_VARIETY,
    CaseCategory.LAYOUT_DESIGN,
    CaseCategory.TECHNICAL_SECRET,
    CaseCategory.SOFTWARE,
    CaseCategory.MONOPOLY,
)


class CourtTier(models.TextChoices):
    SUPREME = "supreme", _("最高人民法院")
    HIGH = "high", _("高级人民法院")
    INTERMEDIATE = "intermediate", _("中级人民法院（含知识产权法院）")
    BASIC = "basic", _("基层人民法院")


class _Dated(TimeStampedModel):
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("最后一个有效日；留空表示现行有效"))
    rule_code = models.CharField(_("依据规则"), max_length=100, help_text=_("法律规则库中的规则代码，用于引用法律依据"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def in_effect(self, on):
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    # keys of rows that must not overlap in time (with the same values)
    overlap_keys = ()

    def clean(self):
        errors = {}
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = ValidationError(_("失效日期不得早于生效日期。"), code="rule_dates_overlap")
        if self.rule_code and not LegalRule.objects.filter(code=self.rule_code).exists():
            errors["rule_code"] = ValidationError(_("法律规则库中没有该规则代码。"), code="rule_unknown")
        errors.update(self.clean_agencies())
        if not errors and self.effective_from:
            same = type(self).objects.filter(**{k: getattr(self, k) for k in self.overlap_keys}).exclude(pk=self.pk)
            same = same.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
            if self.effective_to:
                same = same.filter(effective_from__lte=self.effective_to)
            if same.exists():
                errors["effective_from"] = ValidationError(_("与同一范围的另一条记录在时间上重叠。"), code="rule_dates_overlap")
        if errors:
            raise ValidationError(errors)

    def clean_agencies(self):
        return {}


class FirstInstanceJurisdiction(_Dated):
    """Which court hears a category of IP case at first instance for a territory (the region and
    its descendants; no region = nationwide). The most specific region in effect wins."""

    category = models.CharField(_("案件类别"), max_length=32, choices=CaseCategory.choices)
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("地域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国")
    )
    court = models.ForeignKey("orgs.Agency", verbose_name=_("管辖法院"), on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey("orgs.Division", verbose_name=_("审判庭"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("一审管辖")
        verbose_name_plural = _("一审管辖")
        ordering = ["category", "region_id", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="firstinstance_dates_ordered"
            ),
        ]
        indexes = [models.Index(fields=["category", "region"])]

    overlap_keys = ("category", "region_id")

    def __str__(self):
        return f"{self.get_category_display()} · {self.region or _('全国')} → {self.court}"

    def clean_agencies(self):
        errors = {}
        if self.court_id and self.court.kind != "court":
            errors["court"] = ValidationError(_("管辖机构须为人民法院。"), code="invalid")
        if self.division_id and self.division.agency_id != self.court_id:
            errors["division"] = ValidationError(_("审判庭不属于该法院。"), code="division_mismatch")
        return errors


class AppealRoute(_Dated):
    """Where an appeal goes: from a court tier (and optionally the case court's territory and a
    case category) → a named court, or the next higher court (the case court's parent) when no
    court is named. Category-specific rows beat general ones, then the deeper region wins."""

    category = models.CharField(_("案件类别"), max_length=32, choices=CaseCategory.choices, blank=True, help_text=_("留空表示所有类别"))
    from_tier = models.CharField(_("一审法院层级"), max_length=16, choices=CourtTier.choices)
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("一审法院所在地域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国")
    )
    target = models.ForeignKey(
        "orgs.Agency", verbose_name=_("上诉法院"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("留空表示上一级人民法院")
    )

    class Meta:
        verbose_name = _("上诉路径")
        verbose_name_plural = _("上诉路径")
        ordering = ["category", "from_tier", "region_id", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="appealroute_dates_ordered"),
        ]

    overlap_keys = ("category", "from_tier", "region_id")

    def clean_agencies(self):
        if self.target_id and self.target.kind != "court":
            return {"target": ValidationError(_("上诉法院须为人民法院。"), code="invalid")}
        return {}

    def __str__(self):
        target = self.target or _("上一级人民法院")
        return f"{self.get_category_display() or _('所有类别')} · {self.get_from_tier_display()} → {target}"


class AdjudicationScope(models.TextChoices):
    ORDINARY = "ordinary", _("一般专利侵权纠纷")
    MAJOR = "major", _("全国有重大影响的专利侵权纠纷")


class AdjudicationJurisdiction(_Dated):
    """Which IP office handles administrative adjudication of patent infringement disputes where."""

    scope = models.CharField(_("范围"), max_length=16, choices=AdjudicationScope.choices, default=AdjudicationScope.ORDINARY)
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("地域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国")
    )
    office = models.ForeignKey("orgs.Agency", verbose_name=_("管理专利工作的部门"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("行政裁决管辖")
        verbose_name_plural = _("行政裁决管辖")
        ordering = ["scope", "region_id", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name="adjudication_dates_ordered"),
        ]

    overlap_keys = ("scope", "region_id")

    def clean_agencies(self):
        if self.office_id and self.office.kind != "ip_office":
            return {"office": ValidationError(_("行政裁决机关须为知识产权管理部门。"), code="invalid")}
        return {}

    def __str__(self):
        return f"{self.get_scope_display()} · {self.region or _('全国')} → {self.office}"
