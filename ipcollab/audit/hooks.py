from django.utils.translation import gettext_lazy as _

from ipcollab.core import navigation

from .selectors import can_read_audit

navigation.register(navigation.NavEntry("audit", _("审计日志"), "audit:event_list", order=900, visible=can_read_audit))
