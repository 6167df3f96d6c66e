"""{% agreements_summary mediation as s %}: the agreements panel's data for the mediation page
(three queries: the current agreement, its confirmations and parties counted, its application)."""

from django import template

from ipcollab.mediation.models import Agreement, AgreementStatus

register = template.Library()


@register.simple_tag
def agreements_summary(mediation):
    current = Agreement.objects.filter(mediation=mediation).exclude(status=AgreementStatus.SUPERSEDED).order_by("-version").first()
    application = current.applications.select_related("court").order_by("-pk").first() if current is not None else None
    return {
        "current": current,
        "confirmed": current.confirmations.count() if current is not None else 0,
        "parties": mediation.parties.count(),
        "application": application,
    }
