"""manage.py generate_sample_letters: synthetic sent letters for the sample data's finished
years (decisions/sample/letters.py)."""

from django.core.management.base import BaseCommand, CommandError

from decisions.sample.letters import sample_letters_make
from decisions.services.letters import LetterError, site_url_for
from decisions.statistics import years_with_data
from ombudsman.years import ReportingYear, year_argument


class Command(BaseCommand):
    help = (
        "Draft the annual letters of finished years that have none, from their figures, and "
        "mark them sent as labelled synthetic samples."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=3,
            help="How many of the latest finished years with figures (default 3).",
        )
        parser.add_argument("--year", type=year_argument, help="One year instead, e.g. 2022-23.")

    def handle(self, *args, years, year, **options):
        current = ReportingYear.current()
        if year is not None:
            chosen = [year]
        else:
            finished = [y for y in years_with_data() if y < current]
            chosen = sorted(finished)[-years:] if years > 0 else []
        try:
            summary = sample_letters_make(years=chosen, site_url=site_url_for())
        except LetterError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
