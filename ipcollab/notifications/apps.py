from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ipcollab.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self):
        from . import channels, hooks  # noqa: F401

        channels.register()
