"""Navigation entries and home-page attention items of orgs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation


def _signed_in(user):
    return user.is_authenticated


navigation.register(navigation.NavEntry(key="orgs.agencies", label=_("机构名录"), url_name="orgs:agency_list", order=20, visible=_signed_in))
navigation.register(navigation.NavEntry(key="orgs.liaisons", label=_("联络人名录"), url_name="orgs:liaison_directory", order=21, visible=_signed_in))


@attention.register
def missing_primary_liaison(user):
    """Tell an agency admin or liaison officer that their agency has no current primary liaison."""
    from .selectors import agency_has_current_primary

    if not (user.is_authenticated and user.agency_id and user.has_role("agency_admin", "liaison")):
        return []
    if agency_has_current_primary(user.agency_id):
        return []
    return [
        attention.Attention(
            "warning",
            str(_("本机构尚未指定联络人")),
            str(_("依据《意见》二(一)，各机构应明确联络人。请指定本机构的联络人。")),
            url=reverse("orgs:agency_detail", args=[user.agency_id]),
        )
    ]
