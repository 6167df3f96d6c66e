"""Navigation entry of the freeze register (courts' judges and clerks, CNIPA's handlers) and its
panel on the dossier."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from . import panels  # noqa: F401  (the dossier's freeze panel)


def _can_use(user):
    return user.is_authenticated and (user.has_perm("preservation.order") or user.has_perm("preservation.handle"))


navigation.register(navigation.NavEntry(key="preservation.desk", label=_("司法查控"), url_name="preservation:desk", order=32, visible=_can_use))


@attention.register
def freezes_needing_attention(user):
    """A court: its freezes ending within 7 days (renew or let lapse); CNIPA's handler: the orders
    assigned to them still to register."""
    from . import selectors

    if not user.is_authenticated:
        return []
    items = []
    if user.has_perm("preservation.handle"):
        pending = selectors.cnipa_list(user, "to_register").count()
        if pending:
            items.append(
                attention.Attention(
                    "warning",
                    str(_("冻结裁定待登记")),
                    str(_("分配给您的冻结裁定尚未登记；顺位自送达时确定，请及时登记或说明理由退回。")),
                    url=reverse("preservation:desk") + "?list=to_register",
                    count=pending,
                )
            )
    elif user.has_perm("preservation.order") and user.kind == "staff":
        ending = selectors.expiring(selectors.court_list(user, "mine"), days=7).count()
        if ending:
            items.append(
                attention.Attention(
                    "danger",
                    str(_("冻结即将届满")),
                    str(_("本院持有的冻结将在7日内届满：需要继续冻结的，请在届满前续行。")),
                    url=reverse("preservation:desk") + "?list=expiring",
                    count=ending,
                )
            )
    return items
