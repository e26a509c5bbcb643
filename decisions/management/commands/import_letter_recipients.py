"""manage.py import_letter_recipients FILE: who each council's annual letter goes to."""

from django.core.management.base import BaseCommand, CommandError

from councils.services.errors import DataImportError
from decisions.services.letter_recipients_import import PEOPLE_COLUMNS, recipients_import


class Command(BaseCommand):
    help = (
        "Import the annual letters' recipients from a CSV file with the columns council (GSS "
        f"code), year (e.g. 2023-24) and {', '.join(PEOPLE_COLUMNS)}. Every row is checked "
        "first: any problem and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file.")

    def handle(self, *args, path, **options):
        try:
            summary = recipients_import(path=path)
        except DataImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
