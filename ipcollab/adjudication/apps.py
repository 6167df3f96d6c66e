from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ipcollab.adjudication"
    label = "adjudication"
    verbose_name = _("专利侵权纠纷行政裁决")

    def ready(self):
        from . import hooks  # noqa: F401  (navigation, attention items, dossier panel)
