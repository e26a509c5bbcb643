"""Two to six councils side by side: which councils a request names, and their figures, year by
year, with the average of each one's authority type. The compare page, its API endpoint and
its CSV all read this; the figures themselves are `decisions.statistics.council_series` and
the year tables' averages, the same rows the council pages, the map and the statistics API show
(docs/architecture.md, "One definition of each figure")."""

from __future__ import annotations

import re

from councils.groups import COMPARE_MAX, COMPARE_MIN, FIELDS
from councils.models import Council
from ombudsman.years import ReportingYear

from .statistics import council_series, year_table

PARAMETER = "councils"
# A page name (slug) or a GSS code: anything else names no council, and is refused before it
# reaches the database (a NUL, say, which PostgreSQL would refuse with an error).
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,139}$")
IDENTIFIER_HINT = "a council's page name (hertsmere) or GSS code (E07000098)"


class ComparisonError(Exception):
    """A request that names no valid comparison: shown as a 400 naming `parameter`."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def councils_named(value: str, *, parameter: str = PARAMETER) -> list[Council]:
    """The councils a comma-separated list of slugs or GSS codes names, in its order; any name
    that is no council, an empty name or a council named twice is a ComparisonError."""
    names = [name.strip() for name in value.split(",")]
    if not value.strip() or any(not name for name in names):
        raise ComparisonError(
            parameter,
            f"{parameter} is a list of councils separated by commas, each {IDENTIFIER_HINT}.",
        )
    if len(names) > COMPARE_MAX:  # before any lookup: a list of thousands is refused unread
        councils_check_count(names, parameter=parameter)
    unknown = [name for name in names if not IDENTIFIER.match(name)]
    if unknown:
        raise ComparisonError(
            parameter,
            f"{', '.join(repr(n[:40]) for n in unknown)} is not {IDENTIFIER_HINT}.",
        )
    codes = {name.upper() for name in names}
    slugs = {name.lower() for name in names}
    found = Council.objects.filter(gss_code__in=codes) | Council.objects.filter(slug__in=slugs)
    by_name = {}
    for council in found.only(*FIELDS):
        by_name[council.gss_code.lower()] = council
        by_name[council.slug.lower()] = council
    unknown = [name for name in names if name.lower() not in by_name]
    if unknown:
        raise ComparisonError(
            parameter,
            f"No council is called {', '.join(repr(n) for n in unknown)}: use {IDENTIFIER_HINT}.",
        )
    councils = [by_name[name.lower()] for name in names]
    seen = set()
    for name, council in zip(names, councils, strict=True):
        if council.pk in seen:
            raise ComparisonError(parameter, f"{council.short_name} is named twice ({name!r}).")
        seen.add(council.pk)
    return councils


def councils_check_count(councils: list, *, parameter: str = PARAMETER) -> None:
    if not COMPARE_MIN <= len(councils) <= COMPARE_MAX:
        raise ComparisonError(
            parameter,
            f"A comparison takes {COMPARE_MIN} to {COMPARE_MAX} councils; {parameter} names "
            f"{len(councils)}.",
        )


def councils_param(value: str | None) -> list[Council]:
    """The councils of the `councils` parameter: two to six, each named once."""
    if value is None:
        raise ComparisonError(
            PARAMETER, f"Name {COMPARE_MIN} to {COMPARE_MAX} councils, each {IDENTIFIER_HINT}."
        )
    councils = councils_named(value)
    councils_check_count(councils)
    return councils


def comparison_build(*, councils: list[Council]) -> dict:
    """Each council's rows by year label (`council_series`: the council page's rows, each with
    its type's `average`), every year any of them existed, oldest first, and each type's
    average in each of those years (the year table's, as in the rows)."""
    entries = [
        {"council": council, "rows": {row["year"]: row for row in council_series(council)}}
        for council in councils
    ]
    labels = sorted({label for entry in entries for label in entry["rows"]})
    types = list(dict.fromkeys(council.authority_type for council in councils))
    averages = {t: {} for t in types}
    for label in labels:
        table = year_table(ReportingYear.parse(label))
        for t in types:
            averages[t][label] = table["averages"][t]
    return {"years": labels, "councils": entries, "types": types, "averages": averages}
