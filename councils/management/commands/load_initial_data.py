"""First-run data for `make run`: councils, boundaries, populations, postcodes, sample decisions.

Each part is loaded only into an empty table, so running this again (every `make run` does)
keeps whatever is there, including staff edits.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from councils.geo import boundary_index_clear
from councils.models import Council, Postcode
from councils.services.errors import DataImportError
from councils.services.postcodes_import import postcodes_import

SAMPLE_COMMAND = "generate_sample_data"
SAMPLE_LETTERS_COMMAND = "generate_sample_letters"


class Command(BaseCommand):
    help = (
        "Load fixtures/councils.json, fixtures/postcodes.csv and sample decisions, each only "
        "into an empty table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixtures-dir", default=str(Path(settings.BASE_DIR) / "fixtures"))

    def handle(self, *args, **options):
        fixtures = Path(options["fixtures_dir"])
        self._councils(fixtures / "councils.json")
        self._postcodes(fixtures / "postcodes.csv")
        self._decisions()
        self._letters()

    def _councils(self, path: Path) -> None:
        if Council.objects.exists():
            self.stdout.write(f"Councils: {Council.objects.count()} already there, skipped.")
            return
        if not path.is_file():
            raise CommandError(f"{path} is missing; run `make fixtures` to build it.")
        started = time.monotonic()
        call_command("loaddata", str(path), verbosity=0)
        boundary_index_clear()  # other processes may have indexed an empty table
        self.stdout.write(
            f"Councils: loaded {Council.objects.count()} with boundaries and populations from "
            f"{path.name} in {time.monotonic() - started:.1f} s."
        )

    def _postcodes(self, path: Path) -> None:
        if Postcode.objects.exists():
            self.stdout.write(f"Postcodes: {Postcode.objects.count()} already there, skipped.")
            return
        try:
            result = postcodes_import(path=path)
        except DataImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Postcodes: loaded {result.written} from {path.name}.")

    def _decisions(self) -> None:
        from decisions.models import Decision

        if Decision.objects.exists():
            self.stdout.write(f"Decisions: {Decision.objects.count()} already there, skipped.")
            return
        if SAMPLE_COMMAND not in get_commands():
            self.stdout.write(
                f"Decisions: none yet, and there is no `{SAMPLE_COMMAND}` command to make "
                "sample ones; skipped."
            )
            return
        self.stdout.write("Decisions: none yet, generating the labelled synthetic sample.")
        call_command(SAMPLE_COMMAND)

    def _letters(self) -> None:
        from decisions.models import AnnualLetter, Decision

        if AnnualLetter.objects.exists():
            self.stdout.write(f"Letters: {AnnualLetter.objects.count()} already there, skipped.")
            return
        if not Decision.objects.filter(is_sample=True).exists():
            self.stdout.write("Letters: none, and no sample decisions to write them from.")
            return
        if SAMPLE_LETTERS_COMMAND not in get_commands():
            return
        started = time.monotonic()
        self.stdout.write("Letters: none yet, writing labelled synthetic sent letters.")
        try:
            call_command(SAMPLE_LETTERS_COMMAND, stdout=self.stdout)
        except CommandError as error:
            # No public address to link to (SITE_URL): the rest of the first-run data stands.
            self.stdout.write(f"Letters: none written. {error}")
            return
        self.stdout.write(f"Letters: done in {time.monotonic() - started:.1f} s.")
