"""Background tasks of events (django-tasks)."""

from django_tasks import task


@task()
def dispatch_events():
    """Fan out new domain events and attempt the deliveries that are due (idempotent)."""
    from .services import dispatch

    return dispatch()


@task()
def run_scheduled_job(run_id: int):
    """Run one claimed row of the schedule table and record its outcome there."""
    from .schedule import execute

    return execute(run_id)
