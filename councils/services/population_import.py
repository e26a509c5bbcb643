"""Importing population figures: one per council and reporting year, the divisor of
`upheld_per_100k`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from councils.models import Council, Population
from ombudsman.dataversion import data_changed
from ombudsman.years import ReportingYear, YearFormatError

from .csvfiles import csv_open, csv_rows
from .errors import DataImportError


@dataclass
class PopulationImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False


def population_import(
    *, path: str | Path, source: str = "", dry_run: bool = False
) -> PopulationImportResult:
    """Upsert Population rows from a CSV with columns `council` (GSS code), `year` (`2023-24`)
    and `population`. A `source` column, if present, overrides the `source` argument per row.
    Every bad row is reported with its line number and nothing is changed."""
    path = Path(path)
    councils = dict(Council.objects.values_list("gss_code", "pk"))
    problems: list[str] = []
    figures: dict[tuple[int, int], tuple[int, str, int]] = {}
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
            text = row["population"].replace(",", "")
            if not re.fullmatch(r"\d+", text) or int(text) <= 0:
                problems.append(
                    f"line {line}: population {row['population']!r} is not a positive whole number"
                )
            if len(problems) > before:
                continue
            key = (councils[code], year.start_year)
            if key in figures:
                problems.append(
                    f"line {line}: {code} {year.label} is already on line {figures[key][2]}"
                )
            figures[key] = (int(text), row.get("source") or source, line)
    if problems:
        raise DataImportError(
            f"{path.name}: {len(problems)} problem(s); nothing was imported.", problems
        )
    result = PopulationImportResult(dry_run=dry_run)
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
        if dry_run:
            transaction.set_rollback(True)
    return result
