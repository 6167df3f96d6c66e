"""Scheduled reminders of judicial confirmation (django-tasks): the court's judge (or its judges
and clerks) the day before and on the last day to decide acceptance and to rule, and once when the
day has passed. Idempotent (notification dedupe keys)."""

from django_tasks import task


@task()
def remind_confirmation_deadlines():
    from .confirmation import send_court_reminders

    return send_court_reminders()
