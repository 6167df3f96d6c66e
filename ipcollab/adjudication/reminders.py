"""Reminders before each deadline of an adjudication, to whoever must act, and escalation when it
is overdue (to the office's or court's agency admins too). Idempotent: each (record, step, due date,
threshold) is sent once (Reminder rows + the notifications' dedupe keys); a missed run catches up.

Thresholds: 2 days before the due date ("soon"), on the due date ("today"), after it ("overdue",
once, with escalation)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcollab.notifications.services import notify

from . import selectors, services
from .models import Adjudication, LogKind, Reminder, Stage

STEP_LABELS = {
    "accept": gettext_lazy("立案或不予受理"),
    "decide": gettext_lazy("作出裁决"),
    "demand": gettext_lazy("催告并申请强制执行"),
    "apply": gettext_lazy("申请强制执行"),
    "court_accept": gettext_lazy("受理强制执行申请"),
    "court_rule": gettext_lazy("作出是否准予执行的裁定"),
}
ACTIVE = (Stage.RECEIVED, Stage.ACCEPTED, Stage.SERVED, Stage.DEMANDED, Stage.ENFORCEMENT)


def _admins(agency_id):
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True, kind="staff", agency_id=agency_id, memberships__role__code="agency_admin", memberships__agency_id=F("agency_id")
        ).distinct()
    )


def _threshold(due, today):
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if (due - today).days <= 2:
        return "soon"
    return None


def send_reminders(today=None):
    """Returns the number of reminders sent."""
    today = today or timezone.localdate()
    sent = 0
    qs = Adjudication.objects.filter(stage__in=ACTIVE).select_related("office", "enforcement", "enforcement__court", "enforcement__judge")
    for a in qs:
        step = selectors.next_step(a, today)
        if step is None or step[1] is None or step[0] not in STEP_LABELS:
            continue
        what, due, side = step
        level = _threshold(due, today)
        if level is None:
            continue
        key = f"{what}:{due.isoformat()}:{level}"
        try:
            with transaction.atomic():
                Reminder.objects.create(adjudication=a, key=key)
                app = getattr(a, "enforcement", None) if side == "court" else None
                people = services.court_people(app) if app is not None else services.office_people(a)
                if level == "overdue":
                    people += _admins(app.court_id if app is not None else a.office_id)
                label = STEP_LABELS[what]
                if level == "overdue":
                    title = _("已逾期：%(n)s %(w)s（期限 %(d)s）") % {"n": a.number, "w": label, "d": due.isoformat()}
                else:
                    title = _("即将到期：%(n)s %(w)s（期限 %(d)s）") % {"n": a.number, "w": label, "d": due.isoformat()}
                for user in {u.pk: u for u in people}.values():
                    notify(
                        recipient=user,
                        code=f"adjudication.reminder.{level}",
                        title=title,
                        body=a.title,
                        link=services.link_of(a),
                        dedupe_key=f"adjudication:{a.pk}:remind:{key}:{user.pk}",
                    )
                services.log(a, title, on=today, kind=LogKind.REMINDER)
        except IntegrityError:
            continue
        sent += 1
    return sent
