"""Background tasks of alerts (django-tasks)."""

from django_tasks import task


@task()
def catch_up_watches():
    """Match the proceedings created since each saved search's cursor; alert each match once
    (idempotent; from the schedule table, every 15 minutes)."""
    from .alerting import catch_up

    return catch_up()
