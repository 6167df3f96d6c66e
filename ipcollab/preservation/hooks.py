"""Navigation entry of the freeze register (courts' judges and clerks, CNIPA's handlers) and its
panel on the dossier."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation

from . import panels  # noqa: F401  (the dossier's freeze panel)


def _can_use(user):
    return user.is_authenticated and (user.has_perm("preservation.order") or user.has_perm("preservation.handle"))


navigation.register(navigation.NavEntry(key="preservation.desk", label=_("司法查控"), url_name="preservation:desk", order=32, visible=_can_use))
