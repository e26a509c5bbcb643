"""Regenerate fixtures/councils.json, postcodes.csv and places.csv from the shared source data.

The imports run in a throwaway SQLite database (a child `manage.py` per step, pointed at it with
DATABASE_URL), never in the database this command was started with. Fresh primary keys make the
output the same on every run: councils in file order, then their populations.

Populations are the ONS mid-year estimates (`population/`), imported after the councils. The
register's single 2020 figure, which `import_councils` writes for every year, is overwritten by
them; the build fails if any of it is left, so the fixture never mixes the two.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councils.services.councils_import import POPULATION_SOURCE as REGISTER_POPULATION_SOURCE
from councils.services.places_fixture import places_fixture_write
from ombudsman.years import ReportingYear

COUNCILS = "local_authorities/england_councils_2019_2025.csv"
NAMES = "lgsco/lgsco_observed_authority_names.csv"
LTLA = "boundaries/ons_ltla_england_2014_2025_bsc.geojson"
CTY = "boundaries/ons_cty_england_2014_2025_bsc.geojson"
POSTCODES = "postcodes/postcode_sample_england_onspd_feb2021.csv"
POPULATION = "population/england_population_by_authority_year.csv"
PLACES = "places/england_places.csv"
# The latest estimate in POPULATION is mid-2024 (2024-25); the years after it get that figure, up
# to and including 2026-27, the current reporting year when this was decided and so the last one
# the site shows (no year after the one containing today). A fixed year rather than the clock's,
# so that a rebuild gives the same file whenever it runs; and no further, because a year nobody
# can ask for yet would only carry an ever older figure. Move it on (or add the newer ONS
# estimate) when 2027-28 begins, or that year has no per-head figures.
POPULATION_FILL_THROUGH = "2026-27"
BOUNDARY_SOURCE = (
    "ONS BSC local authority boundaries 2014-2025 (ONSvisual/uk-topojson), Open Government "
    "Licence v3.0; simplified by this project"
)


class Command(BaseCommand):
    help = "Rebuild fixtures/councils.json and fixtures/postcodes.csv from ../shared/data."

    def add_arguments(self, parser):
        parser.add_argument("--source-dir", default="../shared/data")
        parser.add_argument("--out-dir", default="fixtures")

    def handle(self, *args, **options):
        source, out = Path(options["source_dir"]).resolve(), Path(options["out_dir"])
        files = (COUNCILS, NAMES, LTLA, CTY, POSTCODES, POPULATION, PLACES)
        missing = [p for p in files if not (source / p).is_file()]
        if missing:
            raise CommandError(f"Not found in {source}: {', '.join(missing)}")
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'build.sqlite3'}"}
            self._manage(env, "migrate", "--noinput", "-v", "0")
            self._manage(
                env, "import_councils", str(source / COUNCILS), "--names", str(source / NAMES)
            )
            self._manage(
                env,
                "import_population",
                str(source / POPULATION),
                "--fill-through",
                POPULATION_FILL_THROUGH,
            )
            self._manage(
                env,
                "import_boundaries",
                str(source / LTLA),
                str(source / CTY),
                "--source",
                BOUNDARY_SOURCE,
            )
            dump = Path(tmp) / "dump.json"
            self._manage(
                env, "dumpdata", "councils.Council", "councils.Population", "-o", str(dump)
            )
            objects = json.loads(dump.read_text(encoding="utf-8"))
        lacking = [
            o["fields"]["gss_code"]
            for o in objects
            if o["model"] == "councils.council" and not o["fields"]["boundary"]
        ]
        if lacking:
            raise CommandError(f"Councils without a boundary: {', '.join(lacking)}")
        codes = {
            o["pk"]: o["fields"]["gss_code"] for o in objects if o["model"] == "councils.council"
        }
        stale = sorted(
            f"{codes[o['fields']['council']]} {ReportingYear(o['fields']['year'])}"
            for o in objects
            if o["model"] == "councils.population"
            and o["fields"]["source"].startswith(REGISTER_POPULATION_SOURCE)
        )
        if stale:
            raise CommandError(
                "Populations the ONS file does not give, left from the register: "
                + ", ".join(stale)
            )
        # One object per line: valid JSON for loaddata, and a regenerated file diffs line by line.
        lines = [json.dumps(o, ensure_ascii=False, separators=(",", ":")) for o in objects]
        target = out / "councils.json"
        target.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
        self.stdout.write(
            f"Wrote {target} ({len(objects)} objects, {target.stat().st_size / 1e6:.2f} MB)."
        )
        self._postcodes(source / POSTCODES, out / "postcodes.csv")
        written = places_fixture_write(source=source / PLACES, target=out / "places.csv")
        self.stdout.write(f"Wrote {out / 'places.csv'} ({written} places).")

    def _manage(self, env: dict, *args: str) -> None:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise CommandError(f"{' '.join(args[:2])} failed:\n{done.stderr or done.stdout}")
        if done.stdout.strip():
            self.stdout.write(done.stdout.strip())

    def _postcodes(self, source: Path, target: Path) -> None:
        """The sample's postcodes and points only, in the ONSPD column names the importer reads."""
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = [(r["postcode"], r["lat"], r["long"]) for r in csv.DictReader(handle)]
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["pcds", "lat", "long"])
            writer.writerows(rows)
        self.stdout.write(f"Wrote {target} ({len(rows)} postcodes).")
