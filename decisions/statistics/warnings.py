"""Early warnings: the councils whose upheld rate or upheld complaints per 100,000 residents
stand out from similar councils by more than chance would explain, and the reverse (the data
page, "Early warnings").

A council is flagged `above` for a measure when, in the year,
- its rate is above the 99.8% funnel limit (`outside_998`), or
- it is above the 95% limit this year and was last year too (`outside_95_twice`), or
- (upheld rate only) it rose on last year by a statistically significant amount: the pooled
  two-proportion test at the 5% level (`rose`);
and `below` for the same tests the other way (`outside_998`, `outside_95_twice`, `fell`).
Higher is worse for both measures, so `below` is the good list.

Computed from the year tables as the site shows them (published figures once a year is
published), cached per data version.
"""

from __future__ import annotations

from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .figures import RATES
from .intervals import LEVEL_95, LEVEL_998, two_proportions, z_value
from .queries import years_with_data
from .tables import year_table
from .uncertainty import HIGHER, LOWER, classify, group_targets

WARNING_RATES = ("upheld_rate", "upheld_per_100k")
ABOVE, BELOW = "above", "below"
DIRECTIONS = {ABOVE: HIGHER, BELOW: LOWER}
# Each reason in words, by direction; {measure} is the measure's label in lower case.
REASONS = {
    "outside_998": {
        ABOVE: "above the 99.8% limit: far higher than similar councils",
        BELOW: "below the 99.8% limit: far lower than similar councils",
    },
    "outside_95_twice": {
        ABOVE: "above the 95% limit this year and last year",
        BELOW: "below the 95% limit this year and last year",
    },
    "rose": {ABOVE: "rose on last year by more than chance would explain"},
    "fell": {BELOW: "fell on last year by more than chance would explain"},
}

_warnings = Derived("stats:warnings", size=12, shared=True)


def early_warnings(year: ReportingYear) -> list[dict]:
    """Every warning of the year: one entry per council, measure and direction, with its
    reasons (codes, in the order above), the council's highest rate first within a measure."""
    return _warnings.get(year.start_year, compute=lambda: _compute(year))


def council_warnings(year: ReportingYear, gss_code: str) -> list[dict]:
    return [w for w in early_warnings(year) if w["gss_code"] == gss_code]


def _compute(year: ReportingYear) -> list[dict]:
    previous = year.previous
    last = year_table(previous) if previous in years_with_data() else None
    return warnings_of(year_table(year), last)


def warnings_of(table: dict, last_table: dict | None) -> list[dict]:
    """The warnings of a year's table, given last year's (None when there is none)."""
    last = {row["gss_code"]: row for row in last_table["councils"]} if last_table else {}
    groups: dict[str, list[dict]] = {}
    for row in table["councils"]:
        groups.setdefault(row["authority_type"], []).append(row)
    targets = {kind: group_targets(rows) for kind, rows in groups.items()}
    found = []
    for key in WARNING_RATES:
        figure = RATES[key]
        for row in sorted(table["councils"], key=lambda r: -(r[key] or 0)):
            target = targets[row["authority_type"]][key]
            strict = classify(figure, row, target, LEVEL_998)
            before = last.get(row["gss_code"])
            for direction, side in DIRECTIONS.items():
                reasons = []
                if strict == side:
                    reasons.append("outside_998")
                twice = before is not None and before["compared"].get(key) == side
                if twice and row["compared"].get(key) == side:
                    reasons.append("outside_95_twice")
                if key == "upheld_rate" and before is not None:
                    change = _significant_change(figure, before, row)
                    if change == side:
                        reasons.append("rose" if direction == ABOVE else "fell")
                if reasons:
                    found.append(
                        {
                            "gss_code": row["gss_code"],
                            "name": row["name"],
                            "slug": row["slug"],
                            "authority_type": row["authority_type"],
                            "measure": key,
                            "direction": direction,
                            "reasons": reasons,
                            "rate": row[key],
                            "rate_last_year": before[key] if before else None,
                            "average": table["averages"][row["authority_type"]][key],
                        }
                    )
    return found


def _significant_change(figure, before: dict, now: dict) -> str | None:
    """HIGHER or LOWER when the rate moved between the years by more than chance would explain
    (the two-proportion z test, two-sided at 5%), None otherwise."""
    z = two_proportions(
        figure.numerator_value(before),
        before[figure.denominator] or 0,
        figure.numerator_value(now),
        now[figure.denominator] or 0,
    )
    if z is None or abs(z) <= z_value(LEVEL_95):
        return None
    return HIGHER if z > 0 else LOWER


def reason_text(code: str, direction: str) -> str:
    return REASONS[code][direction]
