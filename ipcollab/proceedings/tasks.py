"""Background tasks of proceedings (django-tasks)."""

from django_tasks import task


@task()
def link_awaited_rights():
    """Link the rights that cases and CNIPA proceedings named before the register had them
    (idempotent; from the schedule table)."""
    from .linking import resolve_awaited_rights

    return resolve_awaited_rights()
