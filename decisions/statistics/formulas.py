"""The site's formulas (defined for readers on the data page, /about/data/) as pure functions
over counts.

Every figure the site shows comes from here through `decisions.statistics.tables`: the API, the
map, the pages, the CSV and the letters. Rates are percentages rounded half up to one decimal and
`None` (null) when the denominator is zero. A rate whose denominator is under
`SMALL_NUMBER_THRESHOLD` is listed in `small_numbers`: it is shown, with a caution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter

from councils.querysets import TIER_TYPES
from decisions.choices import Outcome

from .figures import COUNT_FIELDS, RATES, SMALL_NUMBER_THRESHOLD

LOWER_TIER = frozenset(TIER_TYPES["lower"])
OUTCOME_CODES = [code for code, _ in Outcome.choices]

METHOD = (
    "Averages are pooled: for each rate, the sum of the numerators over all councils of the "
    "group that existed in the year, divided by the sum of the denominators (not the mean of "
    "the councils' rates). upheld_per_100k is pooled over the councils with a population figure; "
    "England's counts every case, over its residents counted once (in the lower tier: "
    "districts, unitaries, metropolitan and London boroughs)."
)


def rate(numerator: int | None, denominator: int | None, multiplier: int = 100) -> float | None:
    """numerator / denominator × multiplier, rounded half up to one decimal; None for 0/0."""
    if not denominator or numerator is None:
        return None
    # In whole numbers, so exact: tenths = floor(n × m × 10 / d + ½). Dividing by 10 gives the
    # same float as the decimal it stands for (both are the nearest double to tenths / 10).
    tenths = (20 * numerator * multiplier + denominator) // (2 * denominator)
    return tenths / 10


def figures_from_counts(counts: Mapping[str, int | None]) -> dict:
    """The counts plus every rate and the small-number flags, in the API's field order."""
    row = {field: counts.get(field) or 0 for field in COUNT_FIELDS}
    row["population"] = counts.get("population")
    values = dict(row)
    small = []
    for name, numerator, denominator, multiplier, base in _RATE_TERMS:
        value = rate(sum(values[term] for term in numerator), values[denominator], multiplier)
        row[name] = value
        if value is not None and values[base] < SMALL_NUMBER_THRESHOLD:
            small.append(name)
    row["small_numbers"] = small
    return row


# The rates' terms as plain tuples, walked once per row (the map and the tables compute
# thousands of rows after every change).
_RATE_TERMS = tuple(
    (key, f.numerator, f.denominator, f.multiplier, f.small_base) for key, f in RATES.items()
)
# Rates per head: pooled over the councils that have a population figure only.
PER_HEAD = tuple(f for f in RATES.values() if f.denominator == "population")


def pooled(rows: Iterable[Mapping]) -> dict:
    """The pooled figures of a group of council rows (see METHOD)."""
    rows = list(rows)
    # Column sums through itemgetter and zip: the whole year's averages are computed on every
    # change of the data, and a loop per field and row was a third of that time.
    totals = dict(zip(COUNT_FIELDS, _column_sums(map(_counts, rows), COUNT_FIELDS), strict=True))
    outcomes = dict(
        zip(
            OUTCOME_CODES,
            _column_sums((_outcomes(row["outcomes"]) for row in rows), OUTCOME_CODES),
            strict=True,
        )
    )
    population = sum(row["population"] for row in rows if row["population"])
    figures = figures_from_counts({**totals, "population": population or None})
    for figure in PER_HEAD:
        figures[figure.key] = rate(*pooled_terms(rows, figure), figure.multiplier)
    return {"councils": len(rows), **figures, "outcomes": outcomes}


def pooled_terms(rows: Iterable[Mapping], figure) -> tuple[int, int]:
    """A rate's pooled numerator and denominator over council rows (see METHOD): a rate per head
    over the councils with a population figure only."""
    if figure.denominator == "population":
        rows = [row for row in rows if row["population"]]
    numerator = denominator = 0
    for row in rows:
        numerator += figure.numerator_value(row)
        denominator += row[figure.denominator] or 0
    return numerator, denominator


def england_pooled(rows: list[Mapping], unattributed: Mapping | None = None) -> dict:
    """England's figures: every case, over every resident once.

    The counts are those of every council row plus the cases no single council answers for
    (`unattributed`, see `decisions.statistics.queries.year_rows`). Residents are counted in the
    lower tier only (districts, unitaries, metropolitan and London boroughs): everyone lives in
    exactly one of those, and a county's residents are its districts' residents again.
    upheld_per_100k is every upheld case over those residents.
    """
    figures = pooled([*rows, unattributed] if unattributed else rows)
    figures["councils"] = len(rows)
    residents = [row["population"] for row in rows if row["authority_type"] in LOWER_TIER]
    population = sum(p for p in residents if p) or None
    figures["population"] = population
    for figure in PER_HEAD:
        figures[figure.key] = rate(figure.numerator_value(figures), population, figure.multiplier)
    return figures


_counts = itemgetter(*COUNT_FIELDS)
_outcomes = itemgetter(*OUTCOME_CODES)


def _column_sums(tuples: Iterable[tuple], fields) -> list[int]:
    return [sum(column) for column in zip(*tuples, strict=True)] or [0] * len(fields)
