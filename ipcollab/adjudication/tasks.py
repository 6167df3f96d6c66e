"""Background tasks of administrative adjudication (django-tasks)."""

from django_tasks import task


@task()
def remind_adjudication_deadlines():
    """Remind whoever must act (office or court) 2 days before and on each due date; escalate once
    when overdue (idempotent; from the schedule table)."""
    from .reminders import send_reminders

    return send_reminders()
