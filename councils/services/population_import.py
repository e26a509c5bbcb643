"""Importing population figures: one per council and reporting year, the divisor of
`upheld_per_100k`.

Two layouts are read, told apart by their header:

- `council, year, population[, source]`: `year` is a reporting year (`2023-24`), and each row is
  stored as it stands.
- ONS mid-year estimates, `gss_code, year, population[, source]` (the layout of
  `population/england_population_by_authority_year.csv`): `year` is the mid-year, a calendar
  year. The estimate for 30 June 2023 falls inside reporting year 2023-24, so mid-year Y is the
  figure for reporting year Y-(Y+1). A council gets figures only for the reporting years in which
  it existed (on the year's first day, as `Council.exists_in` decides), so the file's rows for a
  newer council's area in years before that council was created ("recast" rows), and any row for
  a year the council did not exist, are skipped. Reporting years after the latest mid-year in the
  file can be given that latest estimate (`fill_through`), with a source that says so.

Either way every bad row is reported with its line number and nothing is changed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from councils.models import Council, Population
from ombudsman.dataversion import data_changed
from ombudsman.years import DATA_FIRST_YEAR, FIRST_YEAR, LAST_YEAR, ReportingYear, YearFormatError

from .csvfiles import csv_open, csv_rows, header_normalise
from .errors import DataImportError

# The site's reporting years start at DATA_FIRST_YEAR (2019-20). The ONS file reaches back to
# mid-2014 for comparisons this site does not make, and some of those early rows are for councils
# created later, so they are left out.
# How the ONS file marks a figure for a newer council's area in a year before it existed.
RECAST_MARK = "[area recast to later boundaries"
SOURCE_LENGTH = Population._meta.get_field("source").max_length


@dataclass
class PopulationImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # ONS layout only: rows left out, and figures carried forward from the latest mid-year.
    skipped_early: int = 0
    skipped_absent: int = 0
    filled: int = 0
    latest_mid_year: int | None = None
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


# (council pk, reporting year start) -> (population, source, line)
Figures = dict[tuple[int, int], tuple[int, str, int]]


def population_import(
    *,
    path: str | Path,
    source: str = "",
    dry_run: bool = False,
    fill_through: ReportingYear | None = None,
) -> PopulationImportResult:
    """Upsert Population rows from a CSV in either layout (see the module docstring). A `source`
    column, if present, overrides the `source` argument per row. `fill_through` (ONS layout only)
    gives each council that exists in a reporting year after the file's latest mid-year, up to
    and including `fill_through`, that latest estimate."""
    path = Path(path)
    result = PopulationImportResult(dry_run=dry_run)
    if _is_ons_layout(path):
        figures = _read_ons(path, source, fill_through, result)
    elif fill_through is not None:
        raise DataImportError(
            f"{path.name}: carrying the latest estimate forward needs the ONS layout "
            "(gss_code, year as a mid-year like 2023, population)."
        )
    else:
        figures = _read_reporting_years(path, source)
    _write(figures, result)
    return result


def _is_ons_layout(path: Path) -> bool:
    with csv_open(path) as handle:
        header = next(csv.reader(handle), [])
    names = {header_normalise(n) for n in header}
    return "gss_code" in names and "council" not in names


def _population(text: str, line: int, problems: list[str]) -> int | None:
    digits = text.replace(",", "")
    if not re.fullmatch(r"[0-9]+", digits) or int(digits) <= 0:
        problems.append(f"line {line}: population {text!r} is not a positive whole number")
        return None
    return int(digits)


def _fit(text: str) -> str:
    """The source as the column can hold it. A few ONS-derived descriptions (a county summed
    from seven districts, each named by code) run past the column's width; the full text stays
    in the source file, so the end is cut and marked rather than the import refused."""
    return text if len(text) <= SOURCE_LENGTH else text[: SOURCE_LENGTH - 1] + "…"


def _fail(path: Path, problems: list[str]) -> None:
    if problems:
        raise DataImportError(
            f"{path.name}: {len(problems)} problem(s); nothing was imported.", problems
        )


def _read_reporting_years(path: Path, source: str) -> Figures:
    councils = dict(Council.objects.values_list("gss_code", "pk"))
    problems: list[str] = []
    figures: Figures = {}
    with csv_open(path) as handle:
        for line, row in csv_rows(
            handle, required=("council", "year", "population"), label=path.name
        ):
            before = len(problems)
            code = row["council"].upper()
            if code not in councils:
                problems.append(f"line {line}: {row['council']!r} is not the GSS code of a council")
            try:
                year = ReportingYear.parse(row["year"])
            except YearFormatError as exc:
                problems.append(f"line {line}: {exc}")
            value = _population(row["population"], line, problems)
            if len(problems) > before:
                continue
            key = (councils[code], year.start_year)
            if key in figures:
                problems.append(
                    f"line {line}: {code} {year.label} is already on line {figures[key][2]}"
                )
            figures[key] = (value, _fit(row.get("source") or source), line)
    _fail(path, problems)
    return figures


def _read_ons(
    path: Path, source: str, fill_through: ReportingYear | None, result: PopulationImportResult
) -> Figures:
    # In primary-key order, so that the carried-forward rows are created in the same order on
    # every run (the fixture build relies on it).
    councils = {
        c.gss_code: c
        for c in Council.objects.only("gss_code", "start_date", "end_date").order_by("pk")
    }
    problems: list[str] = []
    seen: dict[tuple[str, int], int] = {}
    rows: list[tuple[Council, int, int, str, int]] = []
    with csv_open(path) as handle:
        for line, row in csv_rows(
            handle, required=("gss_code", "year", "population"), label=path.name
        ):
            before = len(problems)
            code = row["gss_code"].upper()
            council = councils.get(code)
            if council is None:
                problems.append(
                    f"line {line}: {row['gss_code']!r} is not the GSS code of a council"
                )
            text = row["year"]
            if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
                problems.append(
                    f"line {line}: year {text!r} is not a mid-year between {FIRST_YEAR} and "
                    f"{LAST_YEAR} (this layout gives the calendar year of the estimate, 2023 "
                    "for 30 June 2023)"
                )
            value = _population(row["population"], line, problems)
            if len(problems) > before:
                continue
            mid_year = int(text)
            if (code, mid_year) in seen:
                problems.append(
                    f"line {line}: {code} mid-{mid_year} is already on line {seen[code, mid_year]}"
                )
                continue
            seen[code, mid_year] = line
            text = row.get("source") or source
            if RECAST_MARK in text and council.exists_in(ReportingYear(mid_year)):
                # The file says the council did not exist yet; our dates say it did. One of the
                # two is wrong, and guessing which would put a figure on the wrong area.
                problems.append(
                    f"line {line}: {code} mid-{mid_year} is marked as recast to later "
                    f"boundaries, but the council existed on 1 April {mid_year}"
                )
                continue
            rows.append((council, mid_year, value, text, line))
    _fail(path, problems)
    figures: Figures = {}
    latest: dict[int, tuple[int, str, int]] = {}
    result.latest_mid_year = max((r[1] for r in rows), default=None)
    for council, mid_year, value, text, line in rows:
        if mid_year < DATA_FIRST_YEAR:
            result.skipped_early += 1
        elif not council.exists_in(ReportingYear(mid_year)):
            result.skipped_absent += 1  # recast rows, and years after an abolition
        else:
            figures[council.pk, mid_year] = (value, _fit(text), line)
            if mid_year == result.latest_mid_year:
                latest[council.pk] = (value, text, line)
    if fill_through is not None and result.latest_mid_year is not None:
        _fill(councils.values(), latest, result.latest_mid_year, fill_through, figures, result)
    return figures


def _fill(councils, latest, mid_year: int, through: ReportingYear, figures: Figures, result):
    """The latest estimate for each later reporting year a council exists in. ONS publishes a
    mid-year estimate about a year after its date, so the years just after it would otherwise
    have no per-head figures at all; the source says which estimate stands in."""
    for start in range(max(mid_year + 1, DATA_FIRST_YEAR), through.start_year + 1):
        year = ReportingYear(start)
        for council in councils:
            if not council.exists_in(year):
                continue
            if council.pk not in latest:
                result.notes.append(
                    f"{council.gss_code} exists in {year.label} but has no mid-{mid_year} "
                    "estimate to carry forward"
                )
                continue
            value, text, line = latest[council.pk]
            note = f"ONS mid-{mid_year} estimate, the latest available, used for {year.label}"
            figures[council.pk, start] = (value, _fit(f"{note}: {text}" if text else note), line)
            result.filled += 1


def _write(figures: Figures, result: PopulationImportResult) -> None:
    with transaction.atomic():
        existing = {
            (p.council_id, p.year): p
            for p in Population.objects.filter(council_id__in={k[0] for k in figures})
        }
        new, changed = [], []
        for (council_id, year), (value, text, _line) in figures.items():
            current = existing.get((council_id, year))
            if current is None:
                new.append(
                    Population(council_id=council_id, year=year, population=value, source=text)
                )
            elif (current.population, current.source) == (value, text):
                result.unchanged += 1
            else:
                current.population, current.source = value, text
                changed.append(current)
        Population.objects.bulk_create(new)
        Population.objects.bulk_update(changed, ["population", "source"])
        data_changed()  # bulk writes send no signals; the per-head figures depend on these
        result.created, result.updated = len(new), len(changed)
        if result.dry_run:
            transaction.set_rollback(True)
