"""Navigation entries and home-page attention items of the accounts app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ipcollab.core import attention, navigation
from ipcollab.core.principals import is_agency_admin, is_platform_admin


def _is_people_admin(user):
    return is_platform_admin(user) or is_agency_admin(user)


navigation.register(navigation.NavEntry(key="accounts.people", label=_("人员管理"), url_name="accounts:people_list", order=80, visible=_is_people_admin))


@attention.register
def accounts_attention(user):
    if not _is_people_admin(user):
        return []
    from . import selectors

    items = []
    if selectors.admins_without_second_factor(user).filter(pk=user.pk).exists():
        items.append(attention.Attention("warning", str(_("您尚未启用双重认证")), str(_("管理员账户应绑定认证器应用。")), url=reverse("accounts:otp_setup")))
    others = selectors.admins_without_second_factor(user).exclude(pk=user.pk).count()
    if others:
        items.append(
            attention.Attention(
                "info",
                ngettext("%(n)d 名管理员未启用双重认证", "%(n)d 名管理员未启用双重认证", others) % {"n": others},
                url=reverse("accounts:people_list") + "?role=agency_admin",
                count=others,
            )
        )
    expiring = selectors.tokens_expiring(user, days=30).count()
    if expiring:
        items.append(
            attention.Attention(
                "warning",
                ngettext("%(n)d 个接口令牌将在 30 天内到期", "%(n)d 个接口令牌将在 30 天内到期", expiring) % {"n": expiring},
                str(_("请及时签发新令牌并更新对接系统的配置。")),
                url=reverse("accounts:system_list"),
                count=expiring,
            )
        )
    return items
