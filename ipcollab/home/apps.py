from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "ipcollab.home"
    label = "home"
    verbose_name = _("工作台")
