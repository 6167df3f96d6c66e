"""Import patents or trademarks from a JSONL, CSV or XLSX file (docs/registry.md "Bulk exchange").

    manage.py import_rights FILE --kind patent|trademark [--dry-run] [--all-or-nothing]
                            [--format jsonl|csv|xlsx] [--source cnipa|import|court]
                            [--user USERNAME] [--agency CODE]

Prints each bad row as ``line N: code (field): message`` and the counts. Exit status: 0 when every
row was taken (or unchanged), 3 when some rows were reported, 1 when the file could not be read.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ipcollab.core.errors import ServiceError
from ipcollab.orgs.models import Agency
from ipcollab.registry.imports import IMPORT_SOURCES, import_file
from ipcollab.registry.models import ImportStatus


class Command(BaseCommand):
    help = "Imports rights (patents or trademarks) from a JSONL, CSV or XLSX file: upsert by number and source version."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=["patent", "trademark"])
        parser.add_argument("--format", choices=["jsonl", "csv", "xlsx"], help="default: from the file name")
        parser.add_argument("--dry-run", action="store_true", help="validate and compare only; write nothing")
        parser.add_argument("--all-or-nothing", action="store_true", help="write nothing unless every row is valid")
        parser.add_argument("--source", default="import", choices=list(IMPORT_SOURCES))
        parser.add_argument("--user", help="username recorded as the importer (default: none, 'system')")
        parser.add_argument("--agency", default="cnipa", help="code of the agency of record (default: cnipa)")
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args, **options):
        translation.activate("zh-hans")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['user']!r}")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency with code {options['agency']!r}")

        def progress(counts):
            if not options["quiet"]:
                self.stderr.write(f"{counts.rows} rows: {counts.created} new, {counts.updated} updated, {counts.unchanged} unchanged, {counts.failed} bad")

        try:
            job = import_file(
                path=options["file"],
                kind=options["kind"],
                actor=actor,
                agency=agency,
                fmt=options["format"],
                dry_run=options["dry_run"],
                all_or_nothing=options["all_or_nothing"],
                source=options["source"],
                progress=progress,
            )
        except FileNotFoundError as exc:
            raise CommandError(f"file not found: {options['file']}") from exc
        except ServiceError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        for error in job.row_errors.order_by("line", "pk").iterator():
            field = f" ({error.field})" if error.field else ""
            self.stdout.write(f"line {error.line}: {error.code}{field}: {error.message}")
        mode = " (dry run: nothing written)" if job.dry_run else ""
        if job.all_or_nothing and job.failed:
            mode = " (all or nothing: nothing written)"
        self.stdout.write(
            f"job {job.pk} {job.status}{mode}: {job.rows} rows, {job.created} new, {job.updated} updated, "
            f"{job.unchanged} unchanged, {job.failed} bad, {job.events_added} events, {job.reconciliation_opened} to reconcile"
        )
        if job.status == ImportStatus.FAILED:
            raise CommandError(f"{job.error_code}: {job.error_message}")
        if job.failed:
            sys.exit(3)
