"""The task worker of a deployment: django_tasks_db's `db_worker` plus the scheduler of recurring
jobs, which runs from the schedule table (ipcollab.events.schedule, model ScheduledRun).

Recurring jobs are listed in settings::

    RECURRING_TASKS = [
        {"task": "ipcollab.orgs.tasks.remind_missing_liaisons", "every": 24 * 3600},
    ]

`task` is the dotted path of a django-tasks `Task`; `every` is its period in seconds (>= 60).
Every tick creates the row (job, due time) of each job's current slot — unique, so several
schedulers, restarts and crashes neither lose nor double a run — claims the due rows and
enqueues them; a failed run is retried with backoff (see ipcollab/events/schedule.py and
docs/events.md). The jobs are idempotent themselves, so a retry is always safe.

    manage.py run_worker                  # worker + scheduler (what `make run` starts)
    manage.py run_worker --enqueue-due    # enqueue what is due, then exit (for cron)
    manage.py run_worker --no-scheduler   # a plain worker (extra workers of a large deployment)
"""

import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.module_loading import import_string

from ipcollab.events.schedule import enqueue_due, recurring_tasks


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
    help = "Runs the database task worker and the recurring jobs of RECURRING_TASKS from the schedule table."

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
