"""Navigation entry and home attention items of the comment rounds part (imported by hooks.py):
a liaison (or agency admin) of an invited agency sees the rounds still awaiting its agency's
comments; one of the drafting agency sees the comments awaiting its responses."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import is_staff, manages_for

navigation.register(navigation.NavEntry(key="consultation.rounds", label=_("征求意见"), url_name="consultation:rounds", order=46, visible=is_staff))


@attention.register
def rounds_needing_attention(user):
    from . import rounds

    if not (is_staff(user) and manages_for(user, user.agency_id)):
        return []
    items = []
    waiting = rounds.awaiting_comments(user).count()
    if waiting:
        items.append(
            attention.Attention(
                "warning",
                str(_("征求意见待本单位反馈")),
                str(_("请在截止日前提出意见，或回复无意见。")),
                url=reverse("consultation:rounds") + "?status=open",
                count=waiting,
            )
        )
    responses = rounds.awaiting_responses(user).count()
    if responses:
        items.append(
            attention.Attention(
                "info",
                str(_("征求意见的反馈意见待处理")),
                str(_("本单位起草的草案收到的意见尚未答复采纳情况。")),
                url=reverse("consultation:rounds"),
                count=responses,
            )
        )
    return items
