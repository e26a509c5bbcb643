from django.core.management.base import BaseCommand, CommandError

from decisions.services.letters import LetterError, letters_generate
from ombudsman.years import year_argument


class Command(BaseCommand):
    help = "Draft the annual review letters for a reporting year, one per council."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, type=year_argument, help="Reporting year, e.g. 2022-23."
        )
        parser.add_argument(
            "--redraft", action="store_true", help="Rewrite drafts not yet sent from the figures."
        )

    def handle(self, *args, year, redraft, **options):
        try:
            summary = letters_generate(year=year, redraft=redraft)
        except LetterError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
