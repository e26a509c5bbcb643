import sys

from django.core.management.base import BaseCommand, CommandError

from councils.services.errors import DataImportError
from decisions.services.imports import decisions_import


class Command(BaseCommand):
    help = (
        "Import decisions and recommendations from CSV or XLSX (sheets 'decisions' and "
        "'recommendations'). All rows go in or none do; every bad row is reported. A decision "
        "already stored is updated in the columns the file has and keeps the others; an empty "
        "published_on or 'never' means not to be published. The recommendations given for a "
        "decision replace the ones it had."
    )

    def add_arguments(self, parser):
        parser.add_argument("decisions", help="CSV file, or XLSX workbook with both sheets.")
        parser.add_argument("--recommendations", help="CSV file of recommendations.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, keep nothing."
        )

    def handle(self, *args, decisions, recommendations, dry_run, **options):
        def progress(kind: str, rows: int) -> None:
            # Called once a batch (see decisions.services.imports.core.BATCH_SIZE).
            sys.stderr.write(f"\r{kind}: {rows:,} rows")
            sys.stderr.flush()

        try:
            summary = decisions_import(
                decisions_path=decisions,
                recommendations_path=recommendations,
                dry_run=dry_run,
                progress=progress if options["verbosity"] > 0 else None,
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if options["verbosity"] > 0:
                sys.stderr.write("\n")
        self.stdout.write(str(summary))
