from django.core.management.base import BaseCommand

from ipcollab.orgs.tasks import remind_missing_liaisons, run_reminder


class Command(BaseCommand):
    help = "Remind agency admins whose agency has no current primary liaison (once per ISO week)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing the task")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(self.style.SUCCESS(f"notifications created: {run_reminder()}"))
            return
        result = remind_missing_liaisons.enqueue()
        self.stdout.write(self.style.SUCCESS(f"task enqueued: {result.id} ({result.status})"))
