"""The task worker of a deployment: django_tasks_db's `db_worker` plus a scheduler for recurring sweeps.

Recurring sweeps are listed in settings::

    RECURRING_TASKS = [
        {"task": "ipcollab.orgs.tasks.remind_missing_liaisons", "every": 24 * 3600},
    ]

`task` is the dotted path of a django-tasks `Task`; `every` is its period in seconds. Time is cut
into slots of `every` seconds counted from the Unix epoch; a sweep is enqueued when no run of it
was enqueued in the current slot. The check reads the task queue itself (django_tasks_db's
`DBTaskResult`), inside one transaction that holds the database write lock (SQLite `IMMEDIATE`,
an advisory lock on PostgreSQL), so several schedulers, restarts and crashes neither lose nor
double a run. The sweeps are idempotent themselves, so a retry is always safe.

    manage.py run_worker                  # worker + scheduler (what `make run` starts)
    manage.py run_worker --enqueue-due    # enqueue what is due, then exit (for cron)
    manage.py run_worker --no-scheduler   # a plain worker (extra workers of a large deployment)
"""

import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string


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


def _lock(task_path):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(task_path.encode())])
    # SQLite: the local profile opens transactions with BEGIN IMMEDIATE, which takes the write lock.


_memory = {}  # non-database task backends: last slot enqueued by this process


def enqueue_due(now=None):
    """Enqueues every recurring task that has no run in its current slot; returns their paths."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    enqueued = []
    for spec in recurring_tasks():
        task = import_string(spec.task_path)
        start = slot_start(now, spec.every)
        backend = task.get_backend()
        if isinstance(backend, DatabaseBackend):
            with transaction.atomic():
                _lock(task.module_path)
                if DBTaskResult.objects.filter(task_path=task.module_path, backend_name=backend.alias, enqueued_at__gte=start).exists():
                    continue
                task.enqueue()
        else:
            if _memory.get(spec.task_path) == start:
                continue
            task.enqueue()
            _memory[spec.task_path] = start
        enqueued.append(spec.task_path)
    return enqueued


class Scheduler(threading.Thread):
    def __init__(self, period, write):
        super().__init__(name="recurring-scheduler", daemon=True)
        self.period = period
        self.write = write
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                for path in enqueue_due():
                    self.write(f"scheduler: enqueued {path}")
            except Exception as exc:  # keep the scheduler alive; the next tick retries
                self.write(f"scheduler: {type(exc).__name__}: {exc}")
            finally:
                connections.close_all()
            self.stopped.wait(self.period)


class Command(BaseCommand):
    help = "Runs the database task worker and enqueues the recurring sweeps of RECURRING_TASKS when due."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="queues to process, comma-separated, or '*'")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
        parser.add_argument("--schedule-every", type=int, default=60, help="seconds between checks for due recurring tasks")
        parser.add_argument("--no-scheduler", action="store_true", help="run the worker only")
        parser.add_argument("--enqueue-due", action="store_true", help="enqueue the due recurring tasks once and exit")

    def handle(self, *args, **options):
        try:
            specs = recurring_tasks()
            for spec in specs:
                import_string(spec.task_path)
        except (ImproperlyConfigured, ImportError) as exc:
            raise CommandError(str(exc)) from exc

        def write(line):
            self.stdout.write(line)
            self.stdout.flush()

        if options["enqueue_due"]:
            for path in enqueue_due():
                write(f"enqueued {path}")
            return

        if not options["no_scheduler"] and options["schedule_every"] < 1:
            raise CommandError("--schedule-every must be at least 1 second")
        if not options["no_scheduler"]:
            Scheduler(options["schedule_every"], write).start()
            write(f"scheduler: {len(specs)} recurring task(s), checked every {options['schedule_every']} s")
        call_command(
            "db_worker",
            queue_name=options["queue_name"],
            interval=options["interval"],
            reload=False,
            verbosity=options["verbosity"],
        )
