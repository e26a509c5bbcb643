"""Each council's rates with their 95% confidence intervals, and each rate compared with its
authority type's pooled average by significance (the data page, "How sure are these figures?").

A proportion (the percentages) gets the Wilson score interval of its numerator over its
denominator; a rate per head the exact Poisson interval of its count, over the population.
A council is `higher` than similar councils when the type's pooled average lies below its
interval, `lower` when it lies above it, and `similar` (not clearly different) otherwise: the
same councils that fall outside the funnel plot's limits (`decisions.statistics.intervals`).
The average is the type's own, the council included, as shown beside the council's rate.

`annotate(rows, groups)` is what the year tables, and so publishing, store: a published year
freezes its intervals and classes with its figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from .figures import RATES, Figure
from .formulas import pooled_terms
from .intervals import LEVEL_95, poisson, wilson

HIGHER, SIMILAR, LOWER = "higher", "similar", "lower"
CLASSES = (HIGHER, SIMILAR, LOWER)
# What each class says, in words that do not overclaim: "similar" is only "not clearly
# different", and the figures never say better or worse by themselves.
CLASS_TEXT = {
    HIGHER: "higher than",
    SIMILAR: "not clearly different from",
    LOWER: "lower than",
}
BOUND_SUFFIXES = ("lower", "upper")


def bound_fields(key: str) -> tuple[str, str]:
    """The row fields holding a rate's interval: `upheld_rate_lower`, `upheld_rate_upper`."""
    return tuple(f"{key}_{suffix}" for suffix in BOUND_SUFFIXES)


def interval(
    figure: Figure, counts: Mapping, level: float = LEVEL_95
) -> tuple[float, float] | None:
    """The rate's interval in its own units (a percentage, or per so many residents), unrounded;
    None where the rate is (no denominator)."""
    numerator = figure.numerator_value(counts)
    denominator = counts.get(figure.denominator)
    if not denominator:
        return None
    if figure.percent:
        low, high = wilson(numerator, denominator, level)
    else:
        low, high = (bound / denominator for bound in poisson(numerator, level))
    return low * figure.multiplier, high * figure.multiplier


def classify(
    figure: Figure, counts: Mapping, target: float | None, level: float = LEVEL_95
) -> str | None:
    """`higher`, `similar` or `lower` than the benchmark `target` (in the rate's units); None when
    the council has no rate or the group no average."""
    if target is None:
        return None
    bounds = interval(figure, counts, level)
    if bounds is None:
        return None
    low, high = bounds
    if target < low:
        return HIGHER
    if target > high:
        return LOWER
    return SIMILAR


def group_targets(rows: Iterable[Mapping]) -> dict[str, float | None]:
    """Each rate's pooled average over a group of council rows, unrounded (the benchmark the
    classes are drawn against; `formulas.pooled` rounds the same terms for display)."""
    rows = list(rows)
    targets = {}
    for key, figure in RATES.items():
        numerator, denominator = pooled_terms(rows, figure)
        targets[key] = numerator * figure.multiplier / denominator if denominator else None
    return targets


def rounded(value: float) -> float:
    """One decimal, half up, as the rates are shown."""
    return math.floor(value * 10 + 0.5) / 10


def annotate(rows: list[dict], groups: Mapping[str, list[dict]]) -> list[dict]:
    """The rows again, each with its rates' bounds (one decimal) next to each rate and
    `compared` (each rate's class against its type's pooled average). `groups` holds the rows
    of each authority type. New dicts: the rows may be a shared, read-only snapshot."""
    targets = {kind: group_targets(members) for kind, members in groups.items()}
    annotated = []
    for row in rows:
        target = targets.get(row["authority_type"], {})
        out = {}
        for field, value in row.items():
            if field in ("compared", *_ALL_BOUNDS):
                continue  # recomputed below, in place
            out[field] = value
            figure = RATES.get(field)
            if figure is not None:
                bounds = interval(figure, row)
                low_field, high_field = bound_fields(field)
                out[low_field] = rounded(bounds[0]) if bounds else None
                out[high_field] = rounded(bounds[1]) if bounds else None
        out["compared"] = {
            key: classify(figure, row, target.get(key)) for key, figure in RATES.items()
        }
        annotated.append(out)
    return annotated


_ALL_BOUNDS = frozenset(field for key in RATES for field in bound_fields(key))
