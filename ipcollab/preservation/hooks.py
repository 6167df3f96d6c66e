"""Navigation entry of the freeze register (courts' judges and clerks, CNIPA's handlers)."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation


def _can_use(user):
    return user.is_authenticated and (user.has_perm("preservation.order") or user.has_perm("preservation.handle"))


navigation.register(navigation.NavEntry(key="preservation.desk", label=_("司法查控"), url_name="preservation:desk", order=32, visible=_can_use))
