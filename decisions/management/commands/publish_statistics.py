from django.core.management.base import BaseCommand, CommandError

from decisions.services.publishing import PublishError, statistics_publish
from ombudsman.years import ReportingYear, YearFormatError


class Command(BaseCommand):
    help = "Freeze a finished reporting year's statistics as published."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Reporting year, e.g. 2022-23.")
        parser.add_argument(
            "--replace", action="store_true", help="Publish again, replacing the frozen figures."
        )

    def handle(self, *args, year, replace, **options):
        try:
            snapshot = statistics_publish(year=ReportingYear.parse(year), replace=replace)
        except YearFormatError as exc:
            raise CommandError(f"--year: {exc}") from exc
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        councils = len(snapshot.figures["councils"])
        self.stdout.write(
            f"Published {snapshot.year_label}: figures of {councils} councils frozen."
        )
