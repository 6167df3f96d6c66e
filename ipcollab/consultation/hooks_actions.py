"""Navigation entry and home attention items of the action items part (imported by hooks.py):
my items due within 7 days, my agency's overdue items."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import is_staff


def _staff(user):
    return is_staff(user)


navigation.register(navigation.NavEntry(key="consultation.actions", label=_("落实事项"), url_name="consultation:actions", order=46, visible=_staff))


@attention.register
def actions_needing_attention(user):
    from . import action_selectors

    if not is_staff(user):
        return []
    items = []
    counts = action_selectors.attention_counts(user)
    overdue, due = counts["overdue"], counts["due_soon"]
    if overdue:
        items.append(
            attention.Attention(
                "danger",
                str(_("本单位的落实事项已逾期")),
                str(_("请督促责任人办理，或经会商各方同意后延期。")),
                url=f"{reverse('consultation:actions')}?overdue=1&agency={user.agency_id}",
                count=overdue,
            )
        )
    if due:
        items.append(
            attention.Attention(
                "warning",
                str(_("我负责的落实事项7日内到期")),
                "",
                url=f"{reverse('consultation:actions')}?status=active&owner={user.pk}",
                count=due,
            )
        )
    return items
