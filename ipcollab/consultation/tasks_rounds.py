"""Daily sweep of comment rounds (django-tasks; schedule in config/settings/base.py): rounds past
their deadline day are closed; invitees that have neither commented nor answered "no comments" are
reminded once, from three days before the deadline. Idempotent (state checks, dedupe keys)."""

from django_tasks import task


@task()
def sweep_comment_rounds():
    from . import rounds

    return {"closed": rounds.close_overdue_rounds(), "reminded": rounds.remind_invitees()}
