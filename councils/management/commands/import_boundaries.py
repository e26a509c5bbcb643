"""Import council boundaries from vector files (see councils.services.boundaries_import)."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.boundaries_import import DEFAULT_TOLERANCE, boundaries_import
from councils.services.errors import DataImportError

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Store simplified boundaries on the councils whose GSS codes the files hold. Give the "
        "lower and upper tier files (or TopoJSON layers) in one run so their borders match."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--layer",
            action="append",
            dest="layers",
            help="Layer to read from each file; repeat for several: --layer ltla --layer cty.",
        )
        parser.add_argument("--code-field", help="Field of GSS codes (found by itself if omitted).")
        parser.add_argument("--name-field", help="Field of names, used only in the report.")
        parser.add_argument("--source", default="", help="Provenance stored with each boundary.")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help=f"Simplification for the map in degrees (default {DEFAULT_TOLERANCE}; 0 keeps "
            "every point).",
        )
        parser.add_argument(
            "--lookup-tolerance",
            type=float,
            default=0.0,
            help="Simplification of the boundary used to find the council of a point (default 0: "
            "every point of the source).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; keep nothing."
        )

    def handle(self, *args, **options):
        try:
            result = boundaries_import(
                paths=options["files"],
                layers=options["layers"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                source=options["source"],
                tolerance=options["tolerance"],
                lookup_tolerance=options["lookup_tolerance"],
                dry_run=options["dry_run"],
            )
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "Dry run, nothing kept: " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{len(result.matched)} council boundaries stored from {result.features} "
            f"features; {result.labels_placed} label point(s) placed inside their council."
        )
        for note in result.notes:
            self.stdout.write(f"Note: {note}")
        if result.unmatched:
            listed = ", ".join(f"{c} {n}".strip() for c, n in result.unmatched[:SHOWN])
            more = " ..." if len(result.unmatched) > SHOWN else ""
            self.stdout.write(f"{len(result.unmatched)} code(s) are not councils: {listed}{more}")
        if result.without_boundary:
            listed = ", ".join(result.without_boundary[:SHOWN])
            more = " ..." if len(result.without_boundary) > SHOWN else ""
            self.stdout.write(
                f"{len(result.without_boundary)} council(s) have no boundary: {listed}{more}"
            )
        for tier, (count, size) in result.sizes.items():
            self.stdout.write(
                f"This year's {tier} tier: {count} councils, {size / 1000:.0f} KB as GeoJSON."
            )
