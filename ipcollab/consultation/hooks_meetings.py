"""Navigation entry and home attention items of the consultation meetings part."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.core.principals import is_platform_admin

from .rules import is_staff


def _staff(user):
    return bool(user.is_authenticated and (is_staff(user) or is_platform_admin(user)))


navigation.register(navigation.NavEntry(key="consultation.meetings", label=_("会商"), url_name="consultation:meetings", order=45, visible=_staff))


@attention.register
def meetings_needing_attention(user):
    """Meetings in the next 14 days that my agency takes part in; agenda items proposed to the
    meetings my agency organises, awaiting its decision (for its liaisons and admins)."""
    from . import selectors
    from .rules import manages_for

    if not _staff(user):
        return []
    items = []
    url = reverse("consultation:meetings")
    soon = selectors.upcoming_for(user).count()
    if soon:
        items.append(
            attention.Attention(
                "info",
                str(_("会商会议即将召开")),
                str(_("本单位参加的会商会议将在%(n)s日内召开。") % {"n": selectors.UPCOMING_DAYS}),
                url=url + "?when=upcoming",
                count=soon,
            )
        )
    if user.agency_id and manages_for(user, user.agency_id):
        pending = selectors.awaiting_decision(user).count()
        if pending:
            items.append(
                attention.Attention(
                    "warning",
                    str(_("会商议题待决定")),
                    str(_("参会单位提议的议题尚待本单位（召集单位）决定是否列入议程。")),
                    url=url + "?when=upcoming",
                    count=pending,
                )
            )
    return items
