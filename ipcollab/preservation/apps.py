from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.preservation"
    verbose_name = _("专利司法查控")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation entry)
