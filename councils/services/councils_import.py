"""Importing England's councils from mySociety's register of local authorities.

Two layouts are read: the register as published (`uk_local_authorities.csv`, hyphenated headers,
every UK body) and the project's derived England list (`england_councils_2019_2025.csv`,
underscore headers, with label points inside the ONS polygons). Headers are normalised, so both
go through one path.

Dates: the register records some abolitions as the successor's first day (Northamptonshire's
districts "end" on 2021-04-01, the day the new unitaries began) and others as the last day
(Buckinghamshire's on 2020-03-31). `Council.end_date` is the last day a council existed, so an end
date of 1 April is stored as 31 March. Reporting years start on 1 April, so this is exactly what
makes `Council.objects.active_in` agree with the register's own year flags.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from councils import geo
from councils.models import GSS_CODE_RE, Council, Population
from councils.querysets import AuthorityType
from ombudsman.years import ReportingYear

from .csvfiles import csv_open, csv_rows
from .errors import DataImportError
from .names import alt_names_merge

COUNCIL_TYPES = {
    "CTY": AuthorityType.COUNTY,
    "NMD": AuthorityType.DISTRICT,
    "MD": AuthorityType.METROPOLITAN_BOROUGH,
    "UA": AuthorityType.UNITARY,  # includes the Isles of Scilly
    "LBO": AuthorityType.LONDON_BOROUGH,
    # The City of London Corporation is compared with the London boroughs.
    "CC": AuthorityType.LONDON_BOROUGH,
}
# Bodies in the register that are not councils the Ombudsman compares in England: combined and
# strategic authorities, and the councils of the other nations. Their rows are skipped quietly;
# any other type is an error, because it means the file is not what we think it is.
OTHER_TYPES = {"COMB", "SRA", "SCO", "WPA", "NID"}
# The register gives one population (mid-2020); it stands for every year we show.
POPULATION_YEARS = range(2019, 2025)
POPULATION_SOURCE = "mySociety pop-2020 (ONS mid-2020 estimate)"
# Suffix that tells apart two councils with the same everyday name (Somerset the county and
# Somerset the unitary that replaced it).
SLUG_SUFFIX = {
    AuthorityType.COUNTY: "county",
    AuthorityType.DISTRICT: "district",
    AuthorityType.METROPOLITAN_BOROUGH: "metropolitan-borough",
    AuthorityType.UNITARY: "unitary",
    AuthorityType.LONDON_BOROUGH: "london-borough",
}
ALIASES = {
    "authority_type": ("la_type", "local_authority_type"),
    "county": ("county_la_code", "county_la"),
    "label_lat": ("bsc_label_lat", "lat"),
    "label_lon": ("bsc_label_long", "long"),
}
REQUIRED = ("local_authority_code", "official_name", "nice_name", "gss_code", "start_date")


@dataclass
class CouncilRow:
    line: int
    gss_code: str
    registry_code: str
    name: str
    short_name: str
    authority_type: str
    region: str
    county_code: str
    start_date: dt.date | None
    end_date: dt.date | None
    replaced_by: list[str]
    alt_names: list[str]
    website_slug: str
    label_lat: float | None
    label_lon: float | None
    population: int | None
    slug: str = ""

    def exists_in(self, year: ReportingYear) -> bool:
        day = year.first_day
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )


@dataclass
class CouncilImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    populations_written: int = 0
    populations_kept: int = 0
    names_added: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


def _first(row: dict, key: str) -> str:
    for name in ALIASES.get(key, (key,)):
        if row.get(name):
            return row[name]
    return ""


def _date(text: str, column: str, problems: list[str], line: int) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"line {line}: {column} {text!r} is not a date like 2021-04-01")
        return None


def _number(text: str, column: str, problems: list[str], line: int) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems.append(f"line {line}: {column} {text!r} is not a number")
        return None


def _split_names(text: str) -> list[str]:
    # The register joins names with bare commas; a comma followed by a space belongs to a name
    # ("Kingston upon Hull, City of").
    return [n.strip() for n in re.split(r",(?! )", text or "") if n.strip()]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _parse_row(line: int, row: dict, problems: list[str]) -> CouncilRow | None:
    """One register row as a CouncilRow, None if it is not an English council (skipped)."""
    nation = row.get("nation", "England")
    code = _first(row, "authority_type").upper()
    if nation and nation != "England":
        return None
    if not code:
        problems.append(f"line {line}: no authority type (la_type or local-authority-type)")
        return None
    if code not in COUNCIL_TYPES:
        if code not in OTHER_TYPES:
            known = ", ".join([*COUNCIL_TYPES, *sorted(OTHER_TYPES)])
            problems.append(f"line {line}: unknown authority type {code!r} (known: {known})")
        return None
    before = len(problems)
    gss = row.get("gss_code", "").upper()
    if not re.match(GSS_CODE_RE, gss):
        problems.append(f"line {line}: GSS code {gss!r} is not E followed by eight digits")
    name, short = _clean(row.get("official_name", "")), _clean(row.get("nice_name", ""))
    if not name or not short:
        problems.append(f"line {line}: official and nice names are both needed")
    start = _date(row.get("start_date", ""), "start date", problems, line)
    end = _date(row.get("end_date", ""), "end date", problems, line)
    if end and end.month == 4 and end.day == 1:
        end -= dt.timedelta(days=1)  # see the module docstring
    if start and end and end < start:
        problems.append(f"line {line}: ends ({end}) before it starts ({start})")
    pop = _number(row.get("pop_2020", ""), "pop_2020", problems, line)
    if pop is not None and (pop <= 0 or pop != int(pop)):
        problems.append(f"line {line}: pop_2020 {pop:g} is not a positive whole number")
    lat = _number(_first(row, "label_lat"), "latitude", problems, line)
    lon = _number(_first(row, "label_lon"), "longitude", problems, line)
    if (lat is None) != (lon is None) or (
        lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
    ):
        problems.append(f"line {line}: the label point needs a latitude and a longitude")
    if len(problems) > before:
        return None
    return CouncilRow(
        line=line,
        gss_code=gss,
        registry_code=row.get("local_authority_code", "").upper(),
        name=name,
        short_name=short,
        authority_type=COUNCIL_TYPES[code],
        region=row.get("region", ""),
        county_code=_first(row, "county").upper(),
        start_date=start,
        end_date=end,
        replaced_by=[c.strip().upper() for c in row.get("replaced_by", "").split(",") if c.strip()],
        alt_names=_split_names(row.get("alt_names", "")),
        website_slug=row.get("gov_uk_slug", ""),
        label_lat=lat,
        label_lon=lon,
        population=int(pop) if pop else None,
    )


def _read_councils(path: Path) -> tuple[list[CouncilRow], int, list[str]]:
    problems: list[str] = []
    rows: list[CouncilRow] = []
    skipped = 0
    with csv_open(path) as handle:
        for line, raw in csv_rows(handle, required=REQUIRED, label=str(path)):
            parsed = _parse_row(line, raw, problems)
            if parsed is None:
                skipped += 1
            else:
                rows.append(parsed)
    seen: dict[str, int] = {}
    for key in ("gss_code", "registry_code"):
        seen.clear()
        for r in rows:
            value = getattr(r, key)
            if value and value in seen:
                problems.append(f"line {r.line}: {key} {value} already on line {seen[value]}")
            seen.setdefault(value, r.line)
    return rows, skipped, problems


def _read_names(path: Path, known_gss: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The Ombudsman's own spellings of council names, keyed by GSS code."""
    names: dict[str, list[str]] = {}
    problems: list[str] = []
    with csv_open(path) as handle:
        rows = csv_rows(handle, required=("lgsco_authority_name", "gss_code"), label=str(path))
        for line, row in rows:
            gss, name = row["gss_code"].upper(), _clean(row["lgsco_authority_name"])
            if not name:
                problems.append(f"{path.name} line {line}: no name")
            elif gss not in known_gss:
                problems.append(f"{path.name} line {line}: GSS code {gss!r} is not a council")
            else:
                names.setdefault(gss, []).append(name)
    return names, problems


def _assign_slugs(rows: list[CouncilRow], taken: set[str]) -> None:
    """Slug from the everyday name; when two councils share it, the one still in existence keeps
    the plain slug and the others get their type appended. Deterministic, so re-imports agree."""
    groups: dict[str, list[CouncilRow]] = {}
    for r in rows:
        groups.setdefault(slugify(r.short_name), []).append(r)
    used = set(taken)
    for base, group in sorted(groups.items()):
        group.sort(key=lambda r: (r.end_date is not None, r.end_date or dt.date.max, r.gss_code))
        for i, r in enumerate(group):
            plain_ok = i == 0 and (len(group) == 1 or group[0].end_date is None)
            candidates = [base] if plain_ok else []
            candidates += [
                f"{base}-{SLUG_SUFFIX[r.authority_type]}",
                f"{base}-{r.gss_code.lower()}",
            ]
            r.slug = next(c for c in candidates if c not in used)
            used.add(r.slug)


def _check_links(rows: list[CouncilRow], db_codes: dict[str, str], problems: list[str]) -> None:
    types = {r.registry_code: r.authority_type for r in rows if r.registry_code}
    types = {**db_codes, **types}
    for r in rows:
        if r.county_code and types.get(r.county_code) != AuthorityType.COUNTY:
            problems.append(f"line {r.line}: county {r.county_code!r} is not a county council")
        for code in r.replaced_by:
            if code not in types:
                problems.append(f"line {r.line}: replaced by {code!r}, which is not a council")


def _populations(rows: list[CouncilRow], source: str) -> dict[str, tuple[int, str]]:
    """Population per GSS code with its source text. An abolished county the register gives no
    figure for gets the sum of its successors' (they cover the same ground); abolished districts
    without a figure get none rather than a guess."""
    by_registry = {r.registry_code: r for r in rows}
    result = {r.gss_code: (r.population, source) for r in rows if r.population}
    for r in rows:
        if r.population or r.authority_type != AuthorityType.COUNTY or not r.replaced_by:
            continue
        successors = [by_registry.get(code) for code in r.replaced_by]
        if all(s and s.population for s in successors):
            names = " + ".join(s.short_name for s in successors)
            total = sum(s.population for s in successors)
            result[r.gss_code] = (total, f"{source}: sum of successors {names}")
    return result


def councils_import(
    *,
    path: str | Path,
    names_path: str | Path | None = None,
    source: str = POPULATION_SOURCE,
    dry_run: bool = False,
) -> CouncilImportResult:
    """Create or update the English councils in a mySociety register CSV.

    Idempotent: councils are matched by GSS code and updated in place; populations are upserted
    per (council, year). Alternative names are merged with those already stored, so names staff
    added by hand survive a re-import. A population that a different source put there (e.g.
    `import_population`) is kept. Any bad row stops the import with every problem listed.
    """
    rows, skipped, problems = _read_councils(Path(path))
    db = {c.registry_code: c.authority_type for c in Council.objects.exclude(registry_code="")}
    _check_links(rows, db, problems)
    names: dict[str, list[str]] = {}
    if names_path:
        known = {r.gss_code for r in rows} | set(Council.objects.values_list("gss_code", flat=True))
        names, name_problems = _read_names(Path(names_path), known)
        problems += name_problems
    if problems:
        raise DataImportError(
            f"{Path(path).name}: {len(problems)} problem(s); nothing was imported.", problems
        )
    if not rows:
        raise DataImportError(f"{Path(path).name} has no English councils in it.")
    taken = set(
        Council.objects.exclude(gss_code__in=[r.gss_code for r in rows]).values_list(
            "slug", flat=True
        )
    )
    _assign_slugs(rows, taken)
    result = CouncilImportResult(skipped=skipped, dry_run=dry_run)
    try:
        with transaction.atomic():
            _write(rows, names, source, result)
            if dry_run:
                transaction.set_rollback(True)
            else:
                # The point lookup's index holds each council's dates.
                transaction.on_commit(geo.boundary_index_clear)
    except IntegrityError as exc:
        raise DataImportError(f"The database refused the import: {exc}") from exc
    return result


def _write(rows: list[CouncilRow], names: dict[str, list[str]], source: str, result) -> None:
    existing = {
        c.gss_code: c for c in Council.objects.filter(gss_code__in=[r.gss_code for r in rows])
    }
    councils: dict[str, Council] = {}
    for r in rows:
        council = existing.get(r.gss_code) or Council(gss_code=r.gss_code)
        before = council.alt_name_list
        alt = alt_names_merge(
            before, r.alt_names, names.get(r.gss_code, []), exclude=(r.name, r.short_name)
        )
        result.names_added += len(alt) - len(before)
        for attr in ("registry_code", "name", "short_name", "slug", "authority_type", "region"):
            setattr(council, attr, getattr(r, attr))
        council.start_date, council.end_date = r.start_date, r.end_date
        council.website_slug = r.website_slug
        council.alt_names = "\n".join(alt)
        if r.label_lat is not None:
            council.label_lat, council.label_lon = r.label_lat, r.label_lon
        if council.pk:
            result.updated += 1
        else:
            result.created += 1
        council.save()
        councils[r.gss_code] = council
    by_registry = {c.registry_code: c for c in Council.objects.exclude(registry_code="")}
    by_registry.update({c.registry_code: c for c in councils.values() if c.registry_code})
    for r in rows:
        council = councils[r.gss_code]
        county = by_registry[r.county_code] if r.county_code else None
        if council.county_id != (county.pk if county else None):
            council.county = county
            council.save(update_fields=["county"])
        council.replaced_by.set([by_registry[code] for code in r.replaced_by])
    _write_populations(rows, councils, _populations(rows, source), source, result)


def _write_populations(rows, councils, figures, source: str, result) -> None:
    existing = {
        (p.council_id, p.year): p
        for p in Population.objects.filter(council__in=list(councils.values()))
    }
    new, changed = [], []
    for r in rows:
        if r.gss_code not in figures:
            continue
        value, text = figures[r.gss_code]
        council = councils[r.gss_code]
        for year in POPULATION_YEARS:
            if not r.exists_in(ReportingYear(year)):
                continue
            current = existing.get((council.pk, year))
            if current is None:
                new.append(Population(council=council, year=year, population=value, source=text))
            elif not current.source.startswith(source):
                result.populations_kept += 1
            elif (current.population, current.source) != (value, text):
                current.population, current.source = value, text
                changed.append(current)
    Population.objects.bulk_create(new)
    Population.objects.bulk_update(changed, ["population", "source"])
    result.populations_written = len(new) + len(changed)
