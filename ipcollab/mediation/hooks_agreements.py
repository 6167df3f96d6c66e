"""Navigation entries and home attention items of agreements and judicial confirmation, and the
agreements panel on a right's dossier (imported by hooks.py)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.core.principals import is_platform_admin

from . import panels_agreements  # noqa: F401  (registers the dossier panel)


def _court_staff(user):
    from .confirmation import is_court_staff

    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", "") == "staff" and is_court_staff(user, user.agency_id))


def _recorder(user):
    from .confirmation import can_record_on_register

    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", "") == "staff" and can_record_on_register(user))


def _external(user):
    return bool(user.is_authenticated and user.is_active and getattr(user, "kind", "") == "external")


navigation.register(
    navigation.NavEntry(key="mediation.confirmations", label=_("司法确认"), url_name="mediation:confirmation_queue", order=38, visible=_court_staff)
)
navigation.register(navigation.NavEntry(key="mediation.party_home", label=_("我的调解"), url_name="mediation:party_home", order=36, visible=_external))
navigation.register(navigation.NavEntry(key="mediation.terms", label=_("调解协议登记"), url_name="mediation:terms_to_record", order=39, visible=_recorder))
navigation.register(
    navigation.NavEntry(key="mediation.pilots", label=_("司法确认试点"), url_name="mediation:pilots", order=96, visible=lambda user: is_platform_admin(user))
)


@attention.register
def agreements_needing_attention(user):
    """A court's judges and clerks: applications to accept or to rule on soon; a party: an agreement
    waiting for its confirmation; CNIPA: transfer and licence terms to record."""
    from . import confirmation
    from .models import AgreementStatus, ApplicationStatus, PartyConfirmation

    if not (user.is_authenticated and user.is_active):
        return []
    items = []
    today = confirmation.today()
    if _court_staff(user):
        queue = confirmation.court_queue(user)
        to_accept = queue.filter(status=ApplicationStatus.FILED).count()
        if to_accept:
            items.append(
                attention.Attention(
                    "warning",
                    str(_("司法确认申请待受理")),
                    str(_("应在收到申请后三日内决定是否受理。")),
                    url=reverse("mediation:confirmation_queue"),
                    count=to_accept,
                )
            )
        due = queue.filter(status=ApplicationStatus.ACCEPTED, rule_by__lte=today + datetime.timedelta(days=3)).count()
        if due:
            items.append(
                attention.Attention(
                    "danger",
                    str(_("司法确认审查期限将至")),
                    str(_("已受理的申请将在三日内到期或已到期。")),
                    url=reverse("mediation:confirmation_queue"),
                    count=due,
                )
            )
    if _external(user):
        from .models import Agreement

        waiting = (
            Agreement.objects.filter(status=AgreementStatus.CIRCULATED, mediation__parties__user=user)
            .exclude(pk__in=PartyConfirmation.objects.filter(party__user=user).values("agreement_id"))
            .count()
        )
        if waiting:
            items.append(
                attention.Attention(
                    "warning",
                    str(_("调解协议待您确认")),
                    str(_("调解员已发送调解协议，请查看并在线确认。")),
                    url=reverse("mediation:party_home"),
                    count=waiting,
                )
            )
    if _recorder(user):
        count = confirmation.terms_to_record(user).count()
        if count:
            items.append(attention.Attention("info", str(_("调解协议中的转让、许可待登记")), "", url=reverse("mediation:terms_to_record"), count=count))
    return items
