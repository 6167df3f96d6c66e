"""Scheduled reminders of action items (django-tasks): the owner 7 days and 1 day before the due
date; once overdue, one escalation per item and due date to the current liaisons of the
responsible agency and of the meeting's organiser. Idempotent (notification dedupe keys)."""

from django_tasks import task


@task()
def remind_action_items():
    from .actions import send_action_reminders

    return send_action_reminders()
