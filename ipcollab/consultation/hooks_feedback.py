"""Navigation entry of the standards-feedback part (imported by hooks.py). Its home attention item
is registered with the comment rounds' (hooks_rounds.py); the right's dossier panel of standards
feedback is registered here (panels_feedback.py)."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation

from . import panels_feedback
from .rules import NAV_GROUP, NAV_PATH, is_staff

navigation.register(
    navigation.NavEntry(
        key="consultation.feedback", label=_("标准反馈"), url_name="consultation:feedback", order=45.4, visible=is_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)

panels_feedback.register()
