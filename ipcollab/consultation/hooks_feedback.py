"""Navigation entry of the standards-feedback part (imported by hooks.py). Its home attention item
is counted with the comment rounds' in one query (hooks_rounds.py); the dossier panel
(panels_feedback.py) waits for the dossier's query bound."""

from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation

from .rules import is_staff

navigation.register(navigation.NavEntry(key="consultation.feedback", label=_("标准反馈"), url_name="consultation:feedback", order=47, visible=is_staff))
