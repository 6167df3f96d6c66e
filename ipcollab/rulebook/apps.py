from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulebookConfig(AppConfig):
    name = "ipcollab.rulebook"
    label = "rulebook"
    verbose_name = _("规则与管辖")

    def ready(self):
        from ipcollab.deadlines import presumptions as deadline_presumptions

        from . import hooks  # noqa: F401  (navigation entries)
        from .presumptions import rule_source

        deadline_presumptions.set_rule_source(rule_source)
