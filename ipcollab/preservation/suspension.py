"""The procedures a freeze suspends (协助执行通知书 lists them). The register's state machine
refuses all of them on a frozen right whatever the notice lists (status.frozen_guard); the list
states what the court asked for, and the documents print it."""

from django.utils.translation import gettext_lazy as _

SUSPENDED_CHOICES = [
    ("transfer", _("转让（权利人变更）登记")),
    ("pledge", _("质押登记")),
    ("abandonment", _("放弃专利权")),
    ("name_change", _("著录项目变更（权利人名称）")),
    ("deemed_withdrawal", _("视为撤回")),
    ("annuity_lapse", _("因未缴年费终止")),
]
SUSPENDED_CODES = [code for code, _label in SUSPENDED_CHOICES]
LABELS = dict(SUSPENDED_CHOICES)


def labels(codes):
    return [str(LABELS.get(code, code)) for code in codes]
