"""Background tasks of orgs (django-tasks)."""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ipcollab.notifications.services import notify

from .selectors import agencies_without_current_liaison

NOTIFICATION_CODE = "orgs.missing_liaison"


def dedupe_key(agency_id, day):
    year, week, _weekday = day.isocalendar()
    return f"{NOTIFICATION_CODE}:{agency_id}:{year}-W{week:02d}"


def run_reminder(today=None):
    """Notify every active admin of each agency without a current primary liaison, at most once
    per agency and ISO week (dedupe key). Returns the number of notifications created."""
    today = today or timezone.localdate()
    User = get_user_model()
    admins = (
        User.objects.filter(
            is_active=True, agency__in=agencies_without_current_liaison(), memberships__role__code="agency_admin", memberships__agency_id=F("agency_id")
        )
        .select_related("agency")
        .distinct()
        .order_by("agency_id", "pk")
    )
    created = 0
    for admin in admins:
        agency = admin.agency
        note = notify(
            recipient=admin,
            code=NOTIFICATION_CODE,
            title=_("%(agency)s尚未指定联络人") % {"agency": agency.short_name or agency.name},
            body=_("依据《关于强化知识产权协同保护的意见》二(一)，各机构应明确联络人。请为本机构指定联络人。"),
            link=reverse("orgs:agency_detail", args=[agency.pk]),
            dedupe_key=dedupe_key(agency.pk, today),
        )
        created += note is not None
    return created


@task()
def remind_missing_liaisons():
    return run_reminder()
