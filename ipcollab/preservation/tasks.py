"""Background tasks of the freeze register (django-tasks)."""

from django_tasks import task


@task()
def sweep_freezes():
    """Lapse expired freezes and promote their queues (idempotent; from the schedule table)."""
    from .services import sweep

    return sweep()
