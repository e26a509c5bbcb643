"""Figures by category (service area): decisions, detailed investigations, upheld and the upheld
rate of each heading of the controlled list (decisions.service_areas), for a council, for each
authority type (similar councils) and for England, in a reporting year.

The formulas are the site's own (`figures.FIGURE["upheld_rate"]`, `formulas.rate`), the interval
the Wilson interval and the comparison `uncertainty.classify`, against the type's pooled rate
for the same category, as the headline figures are (docs/architecture.md, "One definition of
each figure"). The per-council tallies hold no category, so these are counted from the decisions
by one grouped query per year (the `decision_year_category_idx` index), kept per data version,
and one indexed query for a council's own counts. They are always live: publishing a year
freezes its headline figures, not these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django.db.models import BooleanField, Case, Count, Q, Value, When

from councils.models import Council
from councils.querysets import AuthorityType
from decisions.choices import INVESTIGATED, Outcome
from decisions.models import Decision
from decisions.service_areas import HEADINGS
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .figures import FIGURE, SMALL_NUMBER_THRESHOLD
from .formulas import rate
from .uncertainty import bound_fields, classify, interval, rounded

UPHELD_RATE = FIGURE["upheld_rate"]
COUNTS = ("decisions", "investigations", "upheld", "not_upheld")
FIELDS = (*COUNTS, "upheld_rate", *bound_fields("upheld_rate"), "small_numbers")
ENGLAND = "england"
_tables = Derived("areas:year", size=16, shared=True)
_councils = Derived("areas:councils", size=8, shared=True)


def category_counts(outcomes: Mapping[str, int]) -> dict:
    """The counts of one category from its decisions per outcome code."""
    return {
        "decisions": sum(outcomes.values()),
        "investigations": sum(outcomes.get(code, 0) for code in INVESTIGATED),
        "upheld": outcomes.get(Outcome.UPHELD, 0),
        "not_upheld": outcomes.get(Outcome.NOT_UPHELD, 0),
    }


def category_figures(counts: Mapping[str, int]) -> dict:
    """The counts with the upheld rate, its 95% interval (one decimal) and the small-number
    flag, as `formulas.figures_from_counts` and `uncertainty.annotate` give the headline rate."""
    row = {key: counts[key] for key in COUNTS}
    numerator, denominator = UPHELD_RATE.numerator_value(row), row[UPHELD_RATE.denominator]
    row["upheld_rate"] = rate(numerator, denominator, UPHELD_RATE.multiplier)
    bounds = interval(UPHELD_RATE, row)
    low, high = bound_fields("upheld_rate")
    row[low] = rounded(bounds[0]) if bounds else None
    row[high] = rounded(bounds[1]) if bounds else None
    small = row["upheld_rate"] is not None and row[UPHELD_RATE.small_base] < SMALL_NUMBER_THRESHOLD
    row["small_numbers"] = ["upheld_rate"] if small else []
    return row


def _target(counts: Mapping[str, int]) -> float | None:
    """The pooled upheld rate unrounded: the benchmark a council is classed against."""
    denominator = counts[UPHELD_RATE.denominator]
    if not denominator:
        return None
    return UPHELD_RATE.numerator_value(counts) * UPHELD_RATE.multiplier / denominator


def _nested() -> defaultdict:
    return defaultdict(lambda: defaultdict(int))


def _tables_of(grouped) -> dict[str, dict[str, dict]]:
    """{group: {category: counts}} from {group: {category: {outcome: n}}}, every heading."""
    return {
        group: {
            category: category_counts(by_category.get(category, {}))
            for category in (*HEADINGS, *sorted(set(by_category) - set(HEADINGS)))
        }
        for group, by_category in grouped.items()
    }


def year_category_counts(year: ReportingYear) -> dict[str, dict[str, dict]]:
    """{group: {category: counts}} for the year, the groups being each authority type (its
    councils that existed in the year, as the headline averages pool) and `england` (every
    decision of the year, as England's headline figures count every case). One query, kept
    per data version and year."""

    def compute() -> dict:
        existed = Case(
            When(_council_existed(year), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        rows = (
            Decision.objects.in_year(year)
            .order_by()
            .annotate(existed=existed)
            .values_list("council__authority_type", "existed", "category", "outcome")
            .annotate(n=Count("*"))
        )
        grouped: dict = {value: _nested() for value in AuthorityType.values}
        grouped[ENGLAND] = _nested()
        for authority_type, was, category, outcome, n in rows:
            grouped[ENGLAND][category][outcome] += n
            if was:
                grouped[authority_type][category][outcome] += n
        return _tables_of(grouped)

    return _tables.get(year.start_year, compute=compute)


def _council_existed(year: ReportingYear) -> Q:
    """`Council.objects.active_q(year)` seen from a decision, through its council (the join the
    authority type needs anyway, rather than a subquery)."""
    return _through_council(Council.objects.active_q(year))


def _through_council(q: Q) -> Q:
    copy = Q(_connector=q.connector, _negated=q.negated)
    for child in q.children:
        if isinstance(child, Q):
            copy.children.append(_through_council(child))
        else:
            lookup, value = child
            copy.children.append((f"council__{lookup}", value))
    return copy


def year_council_category_counts(year: ReportingYear) -> dict[str, dict[str, dict]]:
    """{gss_code: {category: counts}} for every council with decisions in the year: what the
    map colours by category. One grouped query (council, category, outcome) for all councils,
    kept per data version and year, never a query per council."""

    def compute() -> dict:
        rows = (
            Decision.objects.in_year(year)
            .order_by()
            .values_list("council__gss_code", "category", "outcome")
            .annotate(n=Count("*"))
        )
        grouped: dict = defaultdict(_nested)
        for code, category, outcome, n in rows:
            grouped[code][category][outcome] += n
        return _tables_of(grouped)

    return _councils.get(year.start_year, compute=compute)


def compared_with(counts: Mapping[str, int], similar: Mapping[str, int]) -> str | None:
    """The class of a council's upheld rate in a category against its type's pooled rate in the
    same category (higher, similar or lower; None without a rate)."""
    return classify(UPHELD_RATE, counts, _target(similar))


def council_category_counts(*, council: Council, year: ReportingYear) -> dict[str, dict]:
    """{category: counts} of the council's decisions in the year (one indexed query)."""
    grouped: dict = {"council": _nested()}
    rows = (
        Decision.objects.in_year(year)
        .filter(council=council)
        .order_by()
        .values_list("category", "outcome")
        .annotate(n=Count("*"))
    )
    for category, outcome, n in rows:
        grouped["council"][category][outcome] += n
    return _tables_of(grouped)["council"]


def council_service_areas(*, council: Council, year: ReportingYear) -> list[dict]:
    """Each category the council or its type had decisions in during the year, in the list's
    order: the council's figures, those of all councils of its type (`similar`) and the class of
    its upheld rate against theirs (`compared`: higher, similar or lower, by significance)."""
    own = council_category_counts(council=council, year=year)
    similar = year_category_counts(year).get(council.authority_type, {})
    rows = []
    for category in dict.fromkeys([*own, *similar]):
        counts = own.get(category) or category_counts({})
        theirs = similar.get(category) or category_counts({})
        if not counts["decisions"] and not theirs["decisions"]:
            continue
        rows.append(
            {
                "category": category,
                **category_figures(counts),
                "similar": category_figures(theirs),
                "compared": compared_with(counts, theirs),
            }
        )
    return rows


def england_service_areas(year: ReportingYear) -> list[dict]:
    """England's figures for each category in the year, in the list's order."""
    england = year_category_counts(year)[ENGLAND]
    return [{"category": c, **category_figures(counts)} for c, counts in england.items()]


def national_service_areas(years: list[ReportingYear]) -> list[dict]:
    """For each category, England's figures in each of the years (oldest first): the national
    page. Built from the same year tables, so a year costs one query the first time only."""
    by_year = {year: year_category_counts(year)[ENGLAND] for year in years}
    categories = dict.fromkeys(c for counts in by_year.values() for c in counts)
    return [
        {
            "category": category,
            "years": [
                {
                    "year": year.label,
                    **category_figures(by_year[year].get(category) or category_counts({})),
                }
                for year in years
            ],
        }
        for category in categories
    ]
