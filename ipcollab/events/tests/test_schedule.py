"""The schedule table: one row per (job, due time), claimed once, failures retried with backoff."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction

from ipcollab.events.models import ScheduledRun
from ipcollab.events.schedule import claim_due_runs, create_due_runs, enqueue_due

FLAKY = "tests.worker.tasks.flaky_sweep"
NOW = datetime(2030, 3, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def flaky(settings, db):
    settings.RECURRING_TASKS = [{"task": FLAKY, "every": 3600}]
    settings.SCHEDULE_RETRY_BACKOFF = [60, 300]
    settings.SCHEDULE_MAX_ATTEMPTS = 3
    cache.delete("flaky_sweep")
    return settings


def test_one_row_per_job_and_due_time(flaky):
    assert len(create_due_runs(NOW)) == 1
    assert create_due_runs(NOW + timedelta(minutes=20)) == []  # same slot
    run = ScheduledRun.objects.get()
    assert run.due_at == datetime(2030, 3, 1, 8, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(job=FLAKY, due_at=run.due_at)


def test_a_claimed_run_is_not_claimed_again(flaky):
    create_due_runs(NOW)
    assert len(claim_due_runs(NOW)) == 1
    assert claim_due_runs(NOW) == []


def test_a_failed_run_is_retried_with_backoff_and_then_succeeds(flaky):
    assert enqueue_due(NOW) == [FLAKY]  # the immediate backend runs it: the first call fails
    run = ScheduledRun.objects.get()
    assert run.status == "pending" and run.attempts == 1 and "first run fails" in run.last_error
    assert run.next_attempt_at == NOW + timedelta(seconds=60)
    assert enqueue_due(NOW + timedelta(seconds=30)) == []  # not due before its retry time
    assert enqueue_due(run.next_attempt_at + timedelta(seconds=1)) == [FLAKY]
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2 and run.result == "2"
    assert ScheduledRun.objects.count() == 1


def test_a_run_that_keeps_failing_ends_failed_after_the_last_attempt(flaky, settings):
    settings.RECURRING_TASKS = [{"task": "tests.worker.tasks.no_such_task", "every": 3600}]
    moment = NOW
    for _ in range(3):
        enqueue_due(moment)
        moment += timedelta(minutes=6)
    run = ScheduledRun.objects.get()
    assert run.status == "failed" and run.attempts == 3 and run.next_attempt_at is None
    assert enqueue_due(moment) == []  # stays failed: shown on the schedule page, never silently dropped


def test_a_run_whose_worker_died_is_reclaimed_after_the_lease(flaky, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert enqueue_due(NOW) == [FLAKY]
    assert ScheduledRun.objects.get().status == "running"
    assert enqueue_due(NOW + timedelta(minutes=20)) == []
    assert enqueue_due(NOW + timedelta(hours=2)) == [FLAKY, FLAKY]  # the lost run again, and the new slot
    stale = ScheduledRun.objects.get(due_at=datetime(2030, 3, 1, 8, 0, tzinfo=UTC))
    assert stale.attempts == 2 and "lease expired" in stale.last_error


def test_the_schedule_page_is_for_platform_admins(world, login, flaky):
    enqueue_due(NOW)
    response = login(world.platform_admin).get("/events/schedule/?status=pending")
    assert response.status_code == 200
    assert FLAKY in response.content.decode()
    assert login(world.admin_a).get("/events/schedule/").status_code == 403
