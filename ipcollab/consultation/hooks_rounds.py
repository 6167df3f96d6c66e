"""Navigation entry of the comment rounds part and the home attention items of comment rounds and
standards feedback (imported by hooks.py), in ONE query for both parts: a liaison (or agency admin)
of an invited agency sees the rounds still awaiting its agency's comments; one of the drafting
agency the comments awaiting its responses; one of a counterpart agency the standards feedback
raised with it that nobody has discussed yet."""

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import is_staff, manages_for

navigation.register(navigation.NavEntry(key="consultation.rounds", label=_("征求意见"), url_name="consultation:rounds", order=46, visible=is_staff))


def _count(qs):
    """A COUNT of `qs` as a scalar subquery (0 when empty)."""
    counted = qs.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def counts(user):
    """(rounds awaiting my agency's comments, comments awaiting my agency's responses, feedback
    awaiting my agency as counterpart) in one query."""
    from ipcollab.orgs.models import Agency

    from . import rounds
    from .models import FeedbackStatus, StandardsFeedback

    row = (
        Agency.objects.filter(pk=user.agency_id)
        .annotate(
            waiting=_count(rounds.awaiting_comments(user)),
            responses=_count(rounds.awaiting_responses(user)),
            feedback=_count(StandardsFeedback.objects.filter(counterpart_id=user.agency_id, status=FeedbackStatus.OPEN)),
        )
        .values_list("waiting", "responses", "feedback")
        .first()
    )
    return row or (0, 0, 0)


@attention.register
def rounds_and_feedback_needing_attention(user):
    if not (is_staff(user) and manages_for(user, user.agency_id)):
        return []
    waiting, responses, feedback = counts(user)
    items = []
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
    if feedback:
        items.append(
            attention.Attention(
                "info",
                str(_("标准反馈待回应")),
                str(_("其他单位就标准把握差异向本单位提出了反馈，请参与讨论。")),
                url=reverse("consultation:feedback") + "?status=open",
                count=feedback,
            )
        )
    return items
