"""Navigation entry and home attention items of the standards-feedback part (imported by hooks.py;
the dossier panel, panels_feedback.py, waits for the dossier's query bound): a liaison (or agency admin) sees the records raised with its agency as the
counterpart that nobody has discussed yet."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import is_staff, manages_for

navigation.register(navigation.NavEntry(key="consultation.feedback", label=_("标准反馈"), url_name="consultation:feedback", order=47, visible=is_staff))


@attention.register
def feedback_needing_attention(user):
    from .models import FeedbackStatus, StandardsFeedback

    if not (is_staff(user) and manages_for(user, user.agency_id)):
        return []
    count = StandardsFeedback.objects.filter(counterpart_id=user.agency_id, status=FeedbackStatus.OPEN).count()
    if not count:
        return []
    return [
        attention.Attention(
            "info",
            str(_("标准反馈待回应")),
            str(_("其他单位就标准把握差异向本单位提出了反馈，请参与讨论。")),
            url=reverse("consultation:feedback") + "?status=open",
            count=count,
        )
    ]
