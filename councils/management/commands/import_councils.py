"""Import England's councils from a mySociety register CSV (councils.services.councils_import)."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.councils_import import POPULATION_SOURCE, councils_import
from councils.services.errors import DataImportError


class Command(BaseCommand):
    help = (
        "Create or update English councils (and their 2020 populations) from mySociety's "
        "uk_local_authorities.csv or the derived england_councils_2019_2025.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--names",
            help="CSV of the Ombudsman's spellings (lgsco_authority_name, gss_code) to add as "
            "alternative names.",
        )
        parser.add_argument(
            "--source", default=POPULATION_SOURCE, help="Provenance stored with the populations."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; keep nothing."
        )

    def handle(self, *args, **options):
        try:
            result = councils_import(
                path=options["file"],
                names_path=options["names"],
                source=options["source"],
                dry_run=options["dry_run"],
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing kept: " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{result.created} council(s) created, {result.updated} updated, "
            f"{result.skipped} row(s) skipped (other nations or bodies); "
            f"{result.populations_written} population figure(s) written, "
            f"{result.populations_kept} from other sources kept; "
            f"{result.names_added} alternative name(s) added."
        )
