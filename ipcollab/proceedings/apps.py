from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.proceedings"
    label = "proceedings"
    verbose_name = _("诉讼与确权程序")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation entry, dossier panel, attention items)
