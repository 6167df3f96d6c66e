"""Background tasks of the mediation workflow (django-tasks), from the schedule table in settings.
Both are idempotent: a reminder goes once per case and day (not accepted) or once per due date and
kind (due soon, overdue)."""

from django_tasks import task


@task()
def remind_unaccepted_mediations():
    """Tell the organisation's liaison of assigned cases not accepted by the end of the working day."""
    from .services import remind_unaccepted

    return remind_unaccepted()


@task()
def remind_mediation_periods():
    """Tell the mediator 5 days before the period runs out; the liaison and the court once it has."""
    from .services import remind_periods

    return remind_periods()
