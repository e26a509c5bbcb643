"""Import postcode points from an ONSPD CSV (councils.services.postcodes_import)."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.errors import DataImportError
from councils.services.postcodes_import import postcodes_import


class Command(BaseCommand):
    help = (
        "Create or update postcodes from an ONSPD-layout CSV (pcds, lat, long; other columns "
        "ignored). Streams the file, so the full directory fits in bounded memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per insert.")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(rows: int) -> None:
            self.stderr.write(f"{rows:,} rows read")

        try:
            result = postcodes_import(
                path=options["file"], batch_size=options["batch_size"], progress=progress
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.written:,} postcode(s) stored from {result.rows:,} rows; "
            f"{result.no_coordinates:,} without coordinates skipped."
        )
