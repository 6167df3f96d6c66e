from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ipcollab.registry"
    label = "registry"
    verbose_name = _("权利登记簿")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation entries)
