from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.mediation"
    label = "mediation"
    verbose_name = _("调解与司法确认")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation, attention items, dossier panel)
