"""Each rate's interval and its class against similar councils (decisions.statistics.uncertainty),
worked by hand, and where they appear: the API rows and schema, the CSV, published years."""

import csv
import io

import pytest

from decisions.api.renderers import COLUMNS
from decisions.api.schema import CouncilFiguresSerializer
from decisions.statistics.figures import FIGURE, RATES
from decisions.statistics.formulas import figures_from_counts
from decisions.statistics.uncertainty import (
    HIGHER,
    LOWER,
    SIMILAR,
    annotate,
    bound_fields,
    classify,
    group_targets,
    interval,
    rounded,
)

UPHELD = FIGURE["upheld_rate"]
PER_HEAD = FIGURE["upheld_per_100k"]


def _row(**counts):
    return {"authority_type": "district", **figures_from_counts(counts), "outcomes": {}}


# 36 of 40 upheld by hand: z = 1.96, z² = 3.8415; divisor 1 + z²/n = 1.0960; centre
# (0.9 + z²/2n) / 1.0960 = 0.8650; half z·√(0.9·0.1/40 + z²/4n²) / 1.0960 = 0.0955:
# 76.9% to 96.0%.
@pytest.mark.parametrize(
    ("average", "expected"),
    [
        (60.0, HIGHER),
        (76.8, HIGHER),
        (77.0, SIMILAR),
        (90.0, SIMILAR),
        (95.9, SIMILAR),
        (96.1, LOWER),
        (99.0, LOWER),
    ],
)
def test_a_proportion_is_classed_by_whether_the_average_lies_outside_its_interval(
    average, expected
):
    counts = {"upheld": 36, "investigations": 40}
    low, high = interval(UPHELD, counts)
    assert (round(low, 1), round(high, 1)) == (76.9, 96.0)
    assert classify(UPHELD, counts, average) == expected


def test_four_cases_cannot_be_told_from_the_average():
    # Hertsmere's kind of case: 3 of 4 upheld (30.1% to 95.4%) against an average near 75%.
    counts = {"upheld": 3, "investigations": 4}
    assert classify(UPHELD, counts, 74.9) == SIMILAR
    assert classify(UPHELD, counts, 30.0) == HIGHER
    assert classify(UPHELD, counts, 96.0) == LOWER


# 10 upheld among 100,000 residents: exact Poisson 4.795 to 18.390 upheld, so 4.8 to 18.4 per
# 100,000.
@pytest.mark.parametrize(
    ("average", "expected"),
    [(3.0, HIGHER), (4.7, HIGHER), (4.9, SIMILAR), (10.0, SIMILAR), (18.3, SIMILAR), (18.5, LOWER)],
)
def test_a_rate_per_head_is_classed_by_its_exact_poisson_interval(average, expected):
    counts = {"upheld": 10, "population": 100_000}
    low, high = interval(PER_HEAD, counts)
    assert (round(low, 2), round(high, 2)) == (4.80, 18.39)
    assert classify(PER_HEAD, counts, average) == expected


def test_no_rate_or_no_average_has_no_class():
    assert interval(UPHELD, {"upheld": 0, "investigations": 0}) is None
    assert classify(UPHELD, {"upheld": 0, "investigations": 0}, 50.0) is None
    assert classify(UPHELD, {"upheld": 1, "investigations": 2}, None) is None
    assert interval(PER_HEAD, {"upheld": 2, "population": None}) is None


def test_zero_and_all_upheld_reach_the_ends():
    assert interval(UPHELD, {"upheld": 0, "investigations": 12})[0] == 0.0
    assert interval(UPHELD, {"upheld": 12, "investigations": 12})[1] == 100.0
    assert interval(PER_HEAD, {"upheld": 0, "population": 50_000})[0] == 0.0


def test_targets_are_pooled_and_per_head_only_over_councils_with_a_population():
    rows = [
        _row(upheld=3, not_upheld=1, investigations=4, population=100_000),
        _row(upheld=1, not_upheld=5, investigations=6, population=None),
    ]
    targets = group_targets(rows)
    assert targets["upheld_rate"] == pytest.approx(40.0)
    # The second council's upheld case is not set against residents nobody counted.
    assert targets["upheld_per_100k"] == pytest.approx(3.0)
    assert targets["compliance_rate"] is None


def test_annotate_puts_each_rates_bounds_after_it_and_a_class_for_each_rate():
    big = _row(upheld=90, not_upheld=10, investigations=100, population=1_000_000)
    small = _row(upheld=2, not_upheld=8, investigations=10, population=1_000_000)
    out = annotate([big, small], {"district": [big, small]})
    keys = list(out[0])
    for key in RATES:
        assert keys[keys.index(key) + 1 : keys.index(key) + 3] == list(bound_fields(key))
    # Pooled 92 of 110 = 83.6%: 90 of 100 is not clearly above it; 2 of 10 is clearly below.
    assert out[0]["compared"]["upheld_rate"] == SIMILAR
    assert out[1]["compared"]["upheld_rate"] == LOWER
    assert out[1]["upheld_rate_lower"] == 5.7 and out[1]["upheld_rate_upper"] == 51.0
    assert out[0]["compared"]["compliance_rate"] is None
    assert out[0]["compliance_rate_lower"] is None
    # Annotating again (a published year read twice) gives the same rows, not doubled fields.
    assert annotate(out, {"district": out}) == out
    assert "compared" not in big  # the rows given are not changed


def test_rounding_is_half_up_to_one_decimal():
    assert rounded(30.05) == 30.1
    assert rounded(95.44127) == 95.4
    assert rounded(0.0) == 0.0


def test_the_schema_documents_the_bounds_in_the_rows_order():
    (row,) = annotate([_row(upheld=1, investigations=2)], {"district": [_row()]})
    documented = [name for name in CouncilFiguresSerializer().fields if name in row]
    assert documented == [key for key in row if key in documented]
    expected = {field for key in RATES for field in (key, *bound_fields(key))}
    assert expected <= set(documented)
    assert set(CouncilFiguresSerializer().fields["compared"].fields) == set(RATES)


def test_the_csv_carries_each_bound_and_class(world, api):
    for key in RATES:
        for field in (*bound_fields(key), f"compared_{key}"):
            assert field in COLUMNS
    body = api.get("/api/statistics/?year=2022-23&format=csv").content.decode()
    felpersham = next(r for r in csv.DictReader(io.StringIO(body)) if r["name"] == "Felpersham")
    assert (felpersham["upheld_rate_lower"], felpersham["upheld_rate_upper"]) == ("30.1", "95.4")
    assert felpersham["compared_upheld_rate"] == SIMILAR


@pytest.mark.django_db
def test_a_published_year_keeps_its_intervals(world, api):
    from decisions.models import StatisticsSnapshot
    from decisions.services.publishing import statistics_publish
    from ombudsman.cache import derived_clear
    from ombudsman.years import ReportingYear

    statistics_publish(year=ReportingYear(2022))
    frozen = StatisticsSnapshot.objects.get(year=2022).figures
    row = next(r for r in frozen["councils"] if r["name"] == "Felpersham")
    assert (row["upheld_rate_lower"], row["upheld_rate_upper"]) == (30.1, 95.4)
    assert row["compared"]["upheld_rate"] == SIMILAR

    # A year published before the intervals existed gets them from its frozen counts.
    for council in frozen["councils"]:
        for key in RATES:
            for field in bound_fields(key):
                council.pop(field)
        council.pop("compared")
    StatisticsSnapshot.objects.filter(year=2022).update(figures=frozen)
    derived_clear()  # the frozen figures are kept per process by their publication time
    shown = api.get("/api/statistics/?year=2022-23").json()["results"]
    again = next(r for r in shown if r["name"] == "Felpersham")
    assert (again["upheld_rate_lower"], again["upheld_rate_upper"]) == (30.1, 95.4)
    assert again["compared"]["upheld_rate"] == SIMILAR
