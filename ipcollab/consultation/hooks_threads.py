"""Navigation entry and home attention item of the liaison threads part (imported by hooks.py):
threads with unread posts."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from .rules import NAV_GROUP, NAV_PATH, is_staff


def _staff(user):
    return is_staff(user)


navigation.register(
    navigation.NavEntry(
        key="consultation.threads", label=_("联络沟通"), url_name="consultation:threads", order=45.5, visible=_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)


@attention.register
def threads_needing_attention(user):
    from . import threads

    if not is_staff(user):
        return []
    return [attention.Counted(threads.unread_threads(user), "info", _("联络沟通有未读回复"), url=reverse("consultation:threads") + "?status=open")]
