"""Background tasks of the register (django-tasks)."""

from django_tasks import task


@task()
def run_import(job_id: int):
    """Run one queued import job (idempotent: a job already claimed is left alone)."""
    from .imports import run_queued

    return run_queued(job_id)
