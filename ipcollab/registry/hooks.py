"""Navigation entry of the register's parties and representatives."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation


def _can_view(user):
    return user.is_authenticated and user.has_perm("registry.view")


navigation.register(navigation.NavEntry(key="registry.parties", label=_("当事人"), url_name="registry:party_list", order=30, visible=_can_view))
navigation.register(navigation.NavEntry(key="registry.rights", label=_("权利检索"), url_name="registry:right_search", order=29, visible=_can_view))
navigation.register(
    navigation.NavEntry(
        key="registry.imports",
        label=_("批量导入"),
        url_name="registry:import_list",
        order=31,
        visible=lambda user: user.is_authenticated and user.has_perm("registry.import"),
    )
)
