"""Import population figures per council and year (councils.services.population_import)."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.errors import DataImportError
from councils.services.population_import import population_import


class Command(BaseCommand):
    help = (
        "Create or update populations from a CSV with columns council (GSS code), "
        "year (2023-24) and population."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="", help="Provenance stored with each figure.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; keep nothing."
        )

    def handle(self, *args, **options):
        try:
            result = population_import(
                path=options["file"], source=options["source"], dry_run=options["dry_run"]
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing kept: " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.created} population figure(s) created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
