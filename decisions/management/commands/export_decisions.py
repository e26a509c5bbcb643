from django.core.management.base import BaseCommand

from decisions.services.exports import decisions_export


class Command(BaseCommand):
    help = (
        "Export every decision and recommendation in the import format: an .xlsx path gets "
        "both sheets; for CSV give --recommendations for the second file. A decision not to be "
        "published has 'never' in published_on; 'sample' flags the generated sample data. "
        "Imported into an empty database with the same councils, it gives everything back."
    )

    def add_arguments(self, parser):
        parser.add_argument("decisions", help="Output path (.csv or .xlsx).")
        parser.add_argument("--recommendations", help="Output CSV path for recommendations.")

    def handle(self, *args, decisions, recommendations, **options):
        count, recs = decisions_export(
            decisions_path=decisions, recommendations_path=recommendations
        )
        self.stdout.write(f"Exported {count} decisions and {recs} recommendations.")
