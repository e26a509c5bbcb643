from django.core.management.base import BaseCommand, CommandError

from decisions.services.letters import letters_generate
from ombudsman.years import ReportingYear, YearFormatError


class Command(BaseCommand):
    help = "Draft the annual review letters for a reporting year, one per council."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Reporting year, e.g. 2022-23.")
        parser.add_argument(
            "--redraft", action="store_true", help="Rewrite drafts not yet sent from the figures."
        )

    def handle(self, *args, year, redraft, **options):
        try:
            reporting_year = ReportingYear.parse(year)
        except YearFormatError as exc:
            raise CommandError(f"--year: {exc}") from exc
        self.stdout.write(str(letters_generate(year=reporting_year, redraft=redraft)))
