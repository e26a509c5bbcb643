"""manage.py generate_sample_data: fill the database with calibrated synthetic decisions."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from decisions.sample import SampleDataError, sample_data_generate, sample_years_parse
from decisions.sample.generator import YEARS_HINT


class Command(BaseCommand):
    help = (
        "Make synthetic sample decisions and recommendations for every council, calibrated to "
        "the Ombudsman's published national figures. All are marked as sample data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--years",
            default="2019-20:2024-25",
            help=f"Reporting years: {YEARS_HINT} (default 2019-20:2024-25).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies the national volumes; 0.01 makes a small set (default 1.0).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete existing sample decisions first."
        )
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="YYYY-MM-DD: compliance due to be recorded after this date stays pending "
            "(default today).",
        )

    def handle(self, *args, **options):
        try:
            years = sample_years_parse(options["years"])
        except SampleDataError as error:
            raise CommandError(f"--years: {error}") from error
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a date written like 2025-06-30."
                ) from error
        try:
            summary = sample_data_generate(
                seed=options["seed"],
                years=years,
                scale=options["scale"],
                replace=options["replace"],
                as_of=as_of,
            )
        except SampleDataError as error:
            raise CommandError(str(error)) from error
        if summary.deleted:
            self.stdout.write(f"Deleted {summary.deleted} earlier sample decisions.")
        self.stdout.write(
            f"{'year':8} {'received':>8} {'decided':>8} {'investig.':>9} {'upheld':>7} "
            f"{'remedied':>8} {'reports':>7} {'recs':>6} {'improv.':>7}"
        )
        for label, n in summary.per_year.items():
            self.stdout.write(
                f"{label:8} {n.get('received', 0):>8} {n.get('decisions', 0):>8} "
                f"{n.get('investigations', 0):>9} {n.get('upheld', 0):>7} "
                f"{n.get('remedied', 0):>8} {n.get('reports', 0):>7} "
                f"{n.get('recommendations', 0):>6} {n.get('service_improvements', 0):>7}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {summary.decisions} sample decisions and {summary.recommendations} "
                f"recommendations for {', '.join(summary.years)} in {summary.seconds:.1f} s."
            )
        )
