from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.alerts"
    label = "alerts"
    verbose_name = _("关注与订阅检索")

    def ready(self):
        from . import hooks, receivers  # noqa: F401  (navigation entry; proceeding_event receivers)
