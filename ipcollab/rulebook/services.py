"""Writes on the rule registry (platform admins; audited).

adjust_rule: a rule the law leaves room for (adjustable) gets new parameters from a date on. The
version in effect on that date ends the day before, and a new version carrying the same legal
basis starts; no version's parameters are rewritten, and no adjustment takes effect in the past.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, PermissionDenied
from ipcollab.core.principals import is_platform_admin

from .errors import RuleError
from .models import LegalRule
from .registry import RuleVersion, check_dates, check_parameters, in_effect_q

COPIED = (
    "code",
    "module",
    "category",
    "title",
    "title_en",
    "legal_basis",
    "article",
    "law_version",
    "version_label",
    "parameters_schema",
    "verification",
    "note",
    "source_url",
    "adjustable",
)


def adjust_rule(*, actor, code, parameters, effective_from, reason):
    if not is_platform_admin(actor):
        raise PermissionDenied()
    if not isinstance(effective_from, datetime.date):
        raise RuleError(ErrorCode.INVALID, fields={"effective_from": [_("请输入有效日期（YYYY-MM-DD）。")]})
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(ErrorCode.REQUIRED, fields={"reason": [_("请说明调整理由。")]})
    with transaction.atomic():
        versions = list(LegalRule.objects.select_for_update().filter(code=code).order_by("effective_from"))
        if not versions:
            raise RuleError(ErrorCode.RULE_UNKNOWN, _("法律规则库中没有规则“%(code)s”。") % {"code": code})
        current = LegalRule.objects.filter(in_effect_q(effective_from), code=code).first()
        if current is None:
            raise RuleError(ErrorCode.RULE_NOT_IN_EFFECT, fields={"effective_from": [_("该日期不在此规则任何版本的生效期间内。")]})
        if not current.adjustable:
            raise RuleError(ErrorCode.RULE_NOT_ADJUSTABLE)
        if effective_from < timezone.localdate():
            raise RuleError(ErrorCode.RULE_BACKDATED, fields={"effective_from": [_("生效日期不得早于今日。")]})
        if effective_from <= current.effective_from:
            raise RuleError(ErrorCode.RULE_DATES_OVERLAP, fields={"effective_from": [_("须晚于现行版本的生效日期（%(d)s）。") % {"d": current.effective_from}]})
        check_parameters(parameters, current.parameters_schema)
        before = {"id": current.pk, "parameters": current.parameters, "effective_from": current.effective_from, "effective_to": current.effective_to}
        end = current.effective_to
        current.effective_to = effective_from - datetime.timedelta(days=1)
        current.save(update_fields=["effective_to", "updated_at"])
        check_dates(LegalRule, code, effective_from, end)
        new = LegalRule.objects.create(
            **{k: getattr(current, k) for k in COPIED},
            parameters=parameters,
            effective_from=effective_from,
            effective_to=end,
            adjusted_by=actor,
            adjust_reason=reason[:300],
        )
        record(
            actor=actor,
            action="rulebook.rule_adjust",
            obj=new,
            before=before,
            after={"id": new.pk, "parameters": new.parameters, "effective_from": new.effective_from, "effective_to": new.effective_to},
            reason=reason,
        )
    return RuleVersion.of(new)
