"""The worker's scheduler runs recurring jobs from the schedule table (events.ScheduledRun)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from ipcollab.events.models import ScheduledRun
from ipcollab.events.schedule import enqueue_due, slot_start

PATH = "tests.worker.tasks.count_sweep"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RUNNER = "ipcollab.events.tasks.run_scheduled_job"


@pytest.fixture
def db_tasks(settings, db):
    settings.TASKS = DB_TASKS
    settings.RECURRING_TASKS = [{"task": PATH, "every": 3600}]
    return settings


def test_slot_start_is_aligned_to_the_period():
    now = datetime(2026, 11, 25, 10, 42, 7, tzinfo=UTC)
    assert slot_start(now, 3600) == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert slot_start(now, 86400) == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def test_a_due_task_is_enqueued_once_per_slot(db_tasks):
    assert enqueue_due() == [PATH]
    assert enqueue_due() == []
    assert ScheduledRun.objects.filter(job=PATH).count() == 1
    assert DBTaskResult.objects.filter(task_path=RUNNER).count() == 1


def test_the_next_slot_enqueues_again(db_tasks):
    now = datetime.now(UTC)
    assert enqueue_due(now) == [PATH]
    assert enqueue_due(now + timedelta(hours=1)) == [PATH]
    assert ScheduledRun.objects.filter(job=PATH).count() == 2


def test_enqueue_due_command_and_a_worker_run_the_sweep(db_tasks, capsys, monkeypatch):
    import django_tasks_db.management.commands.db_worker as db_worker

    # The worker drops stale connections between tasks; inside the test's transaction that
    # would close the test's own connection (PostgreSQL), so keep it for this test.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    from django.core.cache import cache

    cache.delete("count_sweep")
    call_command("run_worker", "--enqueue-due")
    assert f"enqueued {PATH}" in capsys.readouterr().out
    call_command("db_worker", batch=True, reload=False, verbosity=0, startup_delay=False)
    assert DBTaskResult.objects.get(task_path=RUNNER).status == "SUCCESSFUL"
    run = ScheduledRun.objects.get(job=PATH)
    assert run.status == "succeeded" and run.attempts == 1 and run.finished_at is not None
    assert run.result == "'swept'"
    assert cache.get("count_sweep") == 1


@pytest.mark.parametrize(
    "bad",
    [
        [{"task": PATH, "every": 10}],
        [{"task": "tests.worker.tasks.no_such_task", "every": 3600}],
        [{"every": 3600}],
    ],
)
def test_a_bad_schedule_is_a_clear_command_error(settings, db, bad):
    settings.RECURRING_TASKS = bad
    with pytest.raises(CommandError):
        call_command("run_worker", "--enqueue-due")


def test_with_the_immediate_backend_the_table_remembers_the_slot(settings, db):
    from django.core.cache import cache

    settings.RECURRING_TASKS = [{"task": PATH, "every": 7200}]
    cache.delete("count_sweep")
    now = datetime(2030, 1, 1, 1, 0, tzinfo=UTC)
    assert enqueue_due(now) == [PATH]  # the immediate backend of the test settings runs it at once
    assert enqueue_due(now) == []
    assert cache.get("count_sweep") == 1
    assert ScheduledRun.objects.get(job=PATH).status == "succeeded"
