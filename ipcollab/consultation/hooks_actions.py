"""Navigation entry and home attention items of the action items part (imported by hooks.py):
my items due within 7 days, my agency's overdue items."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import NAV_GROUP, NAV_PATH, is_staff


def _staff(user):
    return is_staff(user)


navigation.register(
    navigation.NavEntry(
        key="consultation.actions", label=_("落实事项"), url_name="consultation:actions", order=45.2, visible=_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)


@attention.register
def actions_needing_attention(user):
    from . import action_selectors

    if not is_staff(user):
        return []
    overdue, due_soon = action_selectors.attention_querysets(user)
    url = reverse("consultation:actions")
    return [
        attention.Counted(
            overdue, "danger", _("本单位的落实事项已逾期"), _("请督促责任人办理，或经会商各方同意后延期。"), url=f"{url}?overdue=1&agency={user.agency_id}"
        ),
        attention.Counted(due_soon, "warning", _("我负责的落实事项7日内到期"), url=f"{url}?status=active&owner={user.pk}"),
    ]
