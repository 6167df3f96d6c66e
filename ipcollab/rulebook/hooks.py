"""Navigation entries of the rulebook."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation


def _can_view(user):
    return user.is_authenticated and user.has_perm("rulebook.view")


navigation.register(navigation.NavEntry(key="rulebook.rules", label=_("法律规则"), url_name="rulebook:rule_list", order=40, visible=_can_view))
navigation.register(navigation.NavEntry(key="rulebook.finder", label=_("管辖查询"), url_name="rulebook:finder", order=41, visible=_can_view))
