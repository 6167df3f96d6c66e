"""Recurring jobs from the schedule table (ScheduledRun).

RECURRING_TASKS (settings) lists ``{"task": dotted path of a django-tasks Task, "every": seconds}``.
Time is cut into slots of ``every`` seconds counted from the Unix epoch; the start of the current
slot is the run's due time. Each tick of the scheduler:

1. creates the row (job, due_at) of every job's current slot with get_or_create: the unique key
   means two schedulers, restarts and crashes never double a run;
2. claims the rows that are due (pending with no retry time or one that has passed, or running
   with a lease that expired because a worker died) with SELECT … FOR UPDATE SKIP LOCKED on
   PostgreSQL (SQLite: the IMMEDIATE transaction serialises), marks them running and enqueues
   ``run_scheduled_job(run_id)``;
3. the task runs the job and records the outcome. A failure is retried with backoff
   (SCHEDULE_RETRY_BACKOFF) up to SCHEDULE_MAX_ATTEMPTS, then stays ``failed`` on the admin page.
"""

import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import RunStatus, ScheduledRun
from .services import claim

DEFAULT_RETRY_BACKOFF = [60, 300, 1800, 7200]
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LEASE = 3600  # seconds a run may stay "running" before it is presumed lost


@dataclass(frozen=True)
class Recurring:
    task_path: str
    every: int


def recurring_tasks():
    """The RECURRING_TASKS setting, validated: a list of {"task": dotted path, "every": seconds}."""
    specs = []
    for item in getattr(settings, "RECURRING_TASKS", []):
        if isinstance(item, dict):
            path, every = item.get("task"), item.get("every")
        else:
            path, every = item
        if not isinstance(path, str) or not isinstance(every, int) or every < 60:
            raise ImproperlyConfigured(f"RECURRING_TASKS entry {item!r}: needs a dotted task path and 'every' >= 60 seconds")
        specs.append(Recurring(path, every))
    return specs


def slot_start(now, every):
    """Start of the slot of `every` seconds (counted from the epoch) that contains `now`."""
    seconds = int(now.timestamp()) // every * every
    return datetime.fromtimestamp(seconds, tz=UTC)


def _setting(name, default):
    return getattr(settings, name, default)


def create_due_runs(now):
    """The row of each job's current slot; returns the rows created by this call."""
    created = []
    for spec in recurring_tasks():
        due = slot_start(now, spec.every)
        try:
            run, made = ScheduledRun.objects.get_or_create(job=spec.task_path, due_at=due)
        except IntegrityError:  # another scheduler created it at the same moment
            continue
        if made:
            created.append(run)
    return created


def claim_due_runs(now, limit=50):
    """Mark the due runs running (attempts + 1) and return them."""
    lease = timedelta(seconds=_setting("SCHEDULE_RUN_LEASE", DEFAULT_LEASE))
    due = Q(status=RunStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stale = Q(status=RunStatus.RUNNING, started_at__lt=now - lease)
    with transaction.atomic():
        runs = list(claim(ScheduledRun.objects.filter(due | stale).order_by("due_at", "id"))[:limit])
        for run in runs:
            if run.status == RunStatus.RUNNING:
                run.last_error = (run.last_error + "\n" if run.last_error else "") + "lease expired: the worker did not report back"
            run.status = RunStatus.RUNNING
            run.attempts += 1
            run.started_at = now
            run.finished_at = None
            run.next_attempt_at = None
            run.save(update_fields=["status", "attempts", "started_at", "finished_at", "next_attempt_at", "last_error"])
    return runs


def _clock(run):
    """Now, but never before the run's start (a scheduler may run with an explicit time)."""
    now = timezone.now()
    return max(now, run.started_at) if run.started_at else now


def _failed(run, error):
    now = _clock(run)
    run.finished_at = now
    run.last_error = error[-4000:]
    if run.attempts >= _setting("SCHEDULE_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS):
        run.status = RunStatus.FAILED
        run.next_attempt_at = None
    else:
        schedule = list(_setting("SCHEDULE_RETRY_BACKOFF", DEFAULT_RETRY_BACKOFF)) or [60]
        run.status = RunStatus.PENDING
        run.next_attempt_at = now + timedelta(seconds=schedule[min(run.attempts - 1, len(schedule) - 1)])
    run.save(update_fields=["status", "finished_at", "last_error", "next_attempt_at"])


def enqueue_due(now=None):
    """One scheduler tick: create the due rows, claim them and enqueue their runs. Returns the
    dotted paths of the jobs enqueued."""
    from .tasks import run_scheduled_job

    now = now or timezone.now()
    create_due_runs(now)
    enqueued = []
    for run in claim_due_runs(now):
        try:
            run_scheduled_job.enqueue(run.pk)
        except Exception as exc:  # the queue refused it: retry from the table later
            _failed(run, f"enqueue failed: {type(exc).__name__}: {exc}")
            continue
        enqueued.append(run.job)
    return enqueued


def execute(run_id):
    """Run one claimed run (called by the run_scheduled_job task)."""
    run = ScheduledRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.RUNNING:
        return "skipped"
    try:
        job = import_string(run.job)
        result = job.call() if hasattr(job, "call") else job()
    except Exception:
        _failed(run, traceback.format_exc())
        return "failed"
    run.status = RunStatus.SUCCEEDED
    run.finished_at = _clock(run)
    run.result = repr(result)[:200] if result is not None else ""
    run.save(update_fields=["status", "finished_at", "result"])
    return "succeeded"
