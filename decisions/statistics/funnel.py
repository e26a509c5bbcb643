"""Funnel plots: for a year, a headline rate and an authority type, every council as a point (its
rate against the number it rests on) with the type's pooled average and the 95% and 99.8%
control limits around it (the data page, "How sure are these figures?").

A percentage's limits are the score test's, p0 ± z·√(p0(1-p0)/n), continuous in n. A rate per
head's are the exact Poisson test's: for each whole count k, the population at which k upheld
cases stop (or start) being clearly different from the average; the limit is drawn through those
points. Either way a council lies outside a limit exactly when its own interval at that level
excludes the average (decisions.statistics.intervals), so the plot, its table and the classes in
the API agree.
"""

from __future__ import annotations

from ombudsman.years import ReportingYear

from .figures import HEADLINE_RATES, RATES
from .intervals import LEVEL_95, LEVEL_998, poisson, proportion_limits
from .tables import year_table
from .uncertainty import HIGHER, LOWER, classify, group_targets

FUNNEL_RATES = HEADLINE_RATES
LEVELS = {"95": LEVEL_95, "99.8": LEVEL_998}
CURVE_POINTS = 80


def funnel(*, year: ReportingYear, key: str, authority_type: str) -> dict:
    """The plot's data for a year as the site shows it (see `funnel_of`)."""
    return funnel_of(year_table(year), key=key, authority_type=authority_type)


def funnel_of(table: dict, *, key: str, authority_type: str) -> dict:
    """The plot's data: `target` (the pooled average, unrounded), `points` (each council with a
    rate: name, slug, base, rate, and its class at each level), `limits` (by level, a list of
    (base, low, high) from the smallest base to the largest) and `outside` (by level and side,
    the councils beyond each limit, highest rate first)."""
    figure = RATES[key]
    rows = [row for row in table["councils"] if row["authority_type"] == authority_type]
    target = group_targets(rows)[key]
    points = []
    for row in rows:
        base = row.get(figure.denominator)
        if not base or row[key] is None or target is None:
            continue
        points.append(
            {
                "gss_code": row["gss_code"],
                "name": row["name"],
                "slug": row["slug"],
                "base": base,
                "numerator": figure.numerator_value(row),
                "rate": row[key],
                "classes": {
                    name: classify(figure, row, target, level) for name, level in LEVELS.items()
                },
            }
        )
    points.sort(key=lambda point: (-point["rate"], point["name"]))
    outside = {
        name: {side: [p for p in points if p["classes"][name] == side] for side in (HIGHER, LOWER)}
        for name in LEVELS
    }
    limits = {}
    if points:
        largest = max(p["base"] for p in points)
        smallest = min(p["base"] for p in points)
        limits = {
            name: _limits(figure, target, smallest, largest, level)
            for name, level in LEVELS.items()
        }
    return {
        "year": table["year"],
        "status": table["status"],
        "measure": key,
        "authority_type": authority_type,
        "target": target,
        "points": points,
        "limits": limits,
        "outside": outside,
    }


def _limits(figure, target: float, smallest: int, largest: int, level: float) -> list[tuple]:
    if figure.percent:
        p0 = target / figure.multiplier
        bases = _spread(max(1, smallest), largest)
        return [
            (n, *(bound * figure.multiplier for bound in proportion_limits(p0, n, level)))
            for n in bases
        ]
    return _per_head_limits(figure, target / figure.multiplier, smallest, largest, level)


def _spread(smallest: int, largest: int) -> list[int]:
    """Whole bases from smallest to largest, closer together where the funnel bends (small n)."""
    if largest <= smallest:
        return [smallest]
    ratio = (largest / smallest) ** (1 / (CURVE_POINTS - 1))
    bases = sorted({round(smallest * ratio**i) for i in range(CURVE_POINTS)} | {largest})
    return bases


def _per_head_limits(figure, per_person: float, smallest: int, largest: int, level: float):
    """Through each whole count k: the upper limit where the exact interval's lower end meets
    the expected count (population = lower(k) / per_person), the lower limit where its upper end
    does. Rates per head are drawn between those points, in the plot's population range."""
    if per_person <= 0:
        return [(smallest, 0.0, 0.0), (largest, 0.0, 0.0)]
    upper_nodes, lower_nodes = [], []
    k = 0
    while True:
        low, high = poisson(k, level)
        if k:
            upper_nodes.append((low / per_person, k / (low / per_person)))
        lower_nodes.append((high / per_person, k / (high / per_person)))
        if k and low / per_person > largest:  # both limits now reach past the largest council
            break
        k += 1
    bases = _spread(max(1, smallest), largest)
    return [
        (
            p,
            max(0.0, _between(lower_nodes, p)) * figure.multiplier,
            _between(upper_nodes, p) * figure.multiplier,
        )
        for p in bases
    ]


def _between(nodes: list[tuple[float, float]], population: float) -> float:
    """The limit at a population, read off the line through the nodes (population, rate)."""
    first_population, first_rate = nodes[0]
    if population < first_population:
        # Fewer residents than the first node: for the upper limit, one case is already clearly
        # high, so the line goes on as one case's rate; there is no lower limit (0).
        return first_rate * first_population / population
    for (p1, r1), (p2, r2) in zip(nodes, nodes[1:], strict=False):
        if p1 <= population <= p2:
            return r1 + (r2 - r1) * (population - p1) / (p2 - p1)
    return nodes[-1][1]
