"""Navigation entry of alerts: 我的关注 (follows and saved searches)."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation


def _can_use(user):
    return user.is_authenticated


navigation.register(navigation.NavEntry(key="alerts.follows", label=_("我的关注"), url_name="alerts:follows", order=33, visible=_can_use))
