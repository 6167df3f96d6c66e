from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "ipcollab.orgs"
    label = "orgs"
    verbose_name = _("机构与联络")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation and attention providers)
