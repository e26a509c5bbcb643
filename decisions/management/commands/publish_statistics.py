from django.core.management.base import BaseCommand, CommandError

from decisions.services.publishing import PublishError, statistics_publish
from ombudsman.years import year_argument


class Command(BaseCommand):
    help = "Freeze a finished reporting year's statistics as published."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, type=year_argument, help="Reporting year, e.g. 2022-23."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Publish again, replacing the frozen figures."
        )

    def handle(self, *args, year, replace, **options):
        try:
            snapshot = statistics_publish(year=year, replace=replace)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        councils = len(snapshot.figures["councils"])
        self.stdout.write(
            f"Published {snapshot.year_label}: figures of {councils} councils frozen."
        )
