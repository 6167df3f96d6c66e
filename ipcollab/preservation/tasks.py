"""Background tasks of the freeze register (django-tasks)."""

from django_tasks import task


@task()
def sweep_freezes():
    """Lapse expired freezes and promote their queues (idempotent; from the schedule table)."""
    from .services import sweep

    return sweep()


@task()
def remind_expiring_freezes():
    """Remind the holding courts 30, 7 and 1 days before a freeze ends (daily; idempotent, catches
    up a missed threshold once)."""
    from .delivery import send_reminders

    return send_reminders()
