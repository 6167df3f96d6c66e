from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "ipcollab.events"
    label = "events"
    verbose_name = _("事件与订阅")

    def ready(self):
        from . import channels  # noqa: F401  (the e-mail and webhook channels)
