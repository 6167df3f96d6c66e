"""Navigation entry of the comment rounds part and the home attention items of comment rounds and
standards feedback (imported by hooks.py) (counted with the home page's other counts in one query): a liaison (or agency admin)
of an invited agency sees the rounds still awaiting its agency's comments; one of the drafting
agency the comments awaiting its responses; one of a counterpart agency the standards feedback
raised with it that nobody has discussed yet."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import NAV_GROUP, NAV_PATH, is_staff, manages_for

navigation.register(
    navigation.NavEntry(
        key="consultation.rounds", label=_("征求意见"), url_name="consultation:rounds", order=45.3, visible=is_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)


@attention.register
def rounds_and_feedback_needing_attention(user):
    from . import rounds
    from .models import FeedbackStatus, StandardsFeedback

    if not (is_staff(user) and manages_for(user, user.agency_id)):
        return []
    return [
        attention.Counted(
            rounds.awaiting_comments(user),
            "warning",
            _("征求意见待本单位反馈"),
            _("请在截止日前提出意见，或回复无意见。"),
            url=reverse("consultation:rounds") + "?status=open",
        ),
        attention.Counted(
            rounds.awaiting_responses(user),
            "info",
            _("征求意见的反馈意见待处理"),
            _("本单位起草的草案收到的意见尚未答复采纳情况。"),
            url=reverse("consultation:rounds"),
        ),
        attention.Counted(
            StandardsFeedback.objects.filter(counterpart_id=user.agency_id, status=FeedbackStatus.OPEN),
            "info",
            _("标准反馈待回应"),
            _("其他单位就标准把握差异向本单位提出了反馈，请参与讨论。"),
            url=reverse("consultation:feedback") + "?status=open",
        ),
    ]
