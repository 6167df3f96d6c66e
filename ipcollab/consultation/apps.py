from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.consultation"
    label = "consultation"
    verbose_name = _("会商与协作")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation, attention items)
