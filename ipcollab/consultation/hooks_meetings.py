"""Navigation entry and home attention items of the consultation meetings part."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.core.principals import is_platform_admin

from .rules import NAV_GROUP, NAV_PATH, is_staff


def _staff(user):
    return bool(user.is_authenticated and (is_staff(user) or is_platform_admin(user)))


navigation.register(
    navigation.NavEntry(
        key="consultation.meetings", label=_("会商会议"), url_name="consultation:meetings", order=45, visible=_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)


@attention.register
def meetings_needing_attention(user):
    """Meetings in the next 14 days that my agency takes part in; agenda items proposed to the
    meetings my agency organises, awaiting its decision (for its liaisons and admins). Counted with
    the home page's other counts in one query."""
    from . import selectors
    from .rules import manages_for

    if not _staff(user):
        return []
    url = reverse("consultation:meetings")
    items = [
        attention.Counted(
            selectors.upcoming_for(user),
            "info",
            _("会商会议即将召开"),
            _("本单位参加的会商会议将在%(n)s日内召开。") % {"n": selectors.UPCOMING_DAYS},
            url=url + "?when=upcoming",
        )
    ]
    if user.agency_id and manages_for(user, user.agency_id):
        items.append(
            attention.Counted(
                selectors.awaiting_decision(user),
                "warning",
                _("会商议题待决定"),
                _("参会单位提议的议题尚待本单位（召集单位）决定是否列入议程。"),
                url=url + "?when=upcoming",
            )
        )
    return items
