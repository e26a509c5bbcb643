"""Import population figures per council and year (councils.services.population_import)."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.errors import DataImportError
from councils.services.population_import import population_import
from ombudsman.years import DATA_FIRST_YEAR, ReportingYear, year_argument


class Command(BaseCommand):
    help = (
        "Create or update populations from a CSV with columns council (GSS code), year (2023-24) "
        "and population, or from ONS mid-year estimates with columns gss_code, year (the "
        "mid-year, 2023) and population."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="", help="Provenance stored with each figure.")
        parser.add_argument(
            "--fill-through",
            type=year_argument,
            metavar="YEAR",
            help="ONS layout: give each council the file's latest estimate for the reporting "
            "years after it, up to and including this one (2026-27).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; keep nothing."
        )

    def handle(self, *args, **options):
        try:
            result = population_import(
                path=options["file"],
                source=options["source"],
                dry_run=options["dry_run"],
                fill_through=options["fill_through"],
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing kept: " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.created} population figure(s) created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        if result.latest_mid_year is not None:
            self.stdout.write(
                f"Skipped {result.skipped_early} row(s) before "
                f"{ReportingYear(DATA_FIRST_YEAR).label} and {result.skipped_absent} for "
                f"years the council did not exist; {result.filled} figure(s) carried forward "
                f"from mid-{result.latest_mid_year}, the latest in the file."
            )
        for note in result.notes:
            self.stdout.write(f"Note: {note}")
