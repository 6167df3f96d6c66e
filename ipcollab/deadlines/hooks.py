"""Navigation entries of the deadlines app."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation


def _can_use(user):
    return user.is_authenticated and user.has_perm("deadlines.use")


navigation.register(navigation.NavEntry(key="deadlines.calculator", label=_("期限计算"), url_name="deadlines:calculator", order=60, visible=_can_use))
navigation.register(navigation.NavEntry(key="deadlines.service", label=_("送达记录"), url_name="deadlines:service_list", order=61, visible=_can_use))
