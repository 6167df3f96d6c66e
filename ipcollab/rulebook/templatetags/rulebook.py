"""{% load rulebook %} {% cite_rule "trial.appeal_period.civil_judgment" %} → 依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条

`on=` picks the version in effect on a date (default: today); `tag=True` appends the [V]/[R]
status. A code that is unknown or has no version on that date renders nothing (and is logged):
a citation never breaks a page.
"""

import logging
from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ipcollab.core.errors import ServiceError

from ..registry import get_rule

register = template.Library()
logger = logging.getLogger("ipcollab.rulebook")


@register.simple_tag
def cite_rule(code, on=None, tag=False):
    if not isinstance(on, date):
        on = timezone.localdate()
    try:
        rule = get_rule(code, on)
    except ServiceError as exc:
        logger.warning("cite_rule %s on %s: %s", code, on, exc.code)
        return ""
    if tag:
        return format_html('<span class="rule-cite" data-rule="{}">{} <span class="text-muted">[{}]</span></span>', rule.code, rule.citation, rule.verification)
    return format_html('<span class="rule-cite" data-rule="{}">{}</span>', rule.code, rule.citation)
