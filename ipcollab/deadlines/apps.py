from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "ipcollab.deadlines"
    label = "deadlines"
    verbose_name = _("期限与送达")

    def ready(self):
        from . import hooks  # noqa: F401
