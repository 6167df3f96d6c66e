import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import TimeStampedModel


class AccountKind(models.TextChoices):
    STAFF = "staff", _("机构工作人员")
    SYSTEM = "system", _("机构系统（接口客户端）")
    EXTERNAL = "external", _("外部当事人")


class User(AbstractUser):
    """Every account belongs to one agency (external parties: none until invited to a matter)."""

    kind = models.CharField(_("账户类别"), max_length=16, choices=AccountKind.choices, default=AccountKind.STAFF)
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    division = models.ForeignKey("orgs.Division", verbose_name=_("内设机构"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    title = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    preferred_language = models.CharField(_("界面语言"), max_length=10, default="zh-hans")

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        indexes = [models.Index(fields=["agency", "kind"])]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    def role_codes(self):
        """Role codes of this user in its own agency (cached per instance)."""
        if not hasattr(self, "_role_codes"):
            self._role_codes = frozenset(self.memberships.filter(agency_id=self.agency_id).values_list("role__code", flat=True)) if self.pk else frozenset()
        return self._role_codes

    def has_role(self, *codes):
        return bool(self.role_codes() & set(codes))


class RoleScope(models.TextChoices):
    PLATFORM = "platform", _("平台")
    AGENCY = "agency", _("机构")


class Role(models.Model):
    """Roles are data: new modules add rows, not code branches."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    scope = models.CharField(_("范围"), max_length=16, choices=RoleScope.choices, default=RoleScope.AGENCY)
    agency_kinds = models.JSONField(_("适用机构类别"), default=list, blank=True, help_text=_("空列表表示适用于所有类别"))
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["order", "code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the interface language (roles are data, so their names live in rows)."""
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name

    def applies_to(self, agency):
        return not self.agency_kinds or agency.kind in self.agency_kinds


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """Token of an agency system. Only the SHA-256 of the secret is stored; the prefix finds it."""

    PREFIX_LEN = 8

    user = models.ForeignKey(User, verbose_name=_("系统账户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=80)
    prefix = models.CharField(max_length=PREFIX_LEN, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("权限范围"), default=list, help_text=_("如 orgs:read、orgs:write；* 表示全部"))
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("访问令牌")
        verbose_name_plural = _("访问令牌")

    @staticmethod
    def generate():
        prefix = secrets.token_hex(ApiToken.PREFIX_LEN // 2)
        return prefix, f"ipc_{prefix}_{secrets.token_urlsafe(32)}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    def allows(self, scope):
        return "*" in self.scopes or scope in self.scopes or f"{scope.split(':')[0]}:*" in self.scopes
