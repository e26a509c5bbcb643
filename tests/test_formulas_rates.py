"""The formulas (decisions.statistics.formulas) at their edges: `rate` and its rounding, the
figures of a row of counts with their small-number flags, and the pooled and England figures;
the exact values a mutation of the code would change (see `make mutate`)."""

import pytest

from decisions.statistics import formulas
from decisions.statistics.figures import COUNT_FIELDS, RATES, SMALL_NUMBER_THRESHOLD
from decisions.statistics.formulas import (
    OUTCOME_CODES,
    england_pooled,
    figures_from_counts,
    pooled,
    rate,
)

RATE_NAMES = list(RATES)

# --- rate -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 4, 25.0),
        (0, 7, 0.0),
        (7, 7, 100.0),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 8, 12.5),
        # 0.05 boundaries, half up: 1/2000 is exactly 0.05 %, 3/2000 exactly 0.15 % (which
        # round() on the float would take down to 0.1)
        (1, 2000, 0.1),
        (3, 2000, 0.2),
        (1, 2001, 0.0),
        (1999, 2000, 100.0),
        (1, 1999, 0.1),
        (5, 4, 125.0),
    ],
)
def test_rate_rounds_half_up_to_one_decimal(numerator, denominator, expected):
    assert rate(numerator, denominator) == expected


def test_rate_just_under_and_over_a_half():
    # 0.0499…% -> 0.0 and 0.0500…% -> 0.1, with 10_000 as the base
    assert rate(4999, 10_000_000) == 0.0
    assert rate(5000, 10_000_000) == 0.1
    assert rate(5001, 10_000_000) == 0.1
    assert rate(14_999, 10_000_000) == 0.1
    assert rate(15_000, 10_000_000) == 0.2


def test_rate_with_a_multiplier():
    assert rate(1, 100_000, 100_000) == 1.0
    assert rate(1, 200_000, 100_000) == 0.5
    assert rate(3, 150_000, 100_000) == 2.0
    assert rate(1, 3, multiplier=1) == 0.3


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(0, 0), (5, 0), (None, 5), (None, None), (3, None), (None, 0)]
)
def test_rate_is_none_without_both_terms(numerator, denominator):
    assert rate(numerator, denominator) is None


def test_rate_returns_a_float():
    assert isinstance(rate(1, 1), float)


# --- figures_from_counts ----------------------------------------------------------------------


def counts(base: int, **overrides) -> dict:
    """Counts in which every rate's base is `base`."""
    row = {
        "complaints_received": base,
        "decisions": base,
        "investigations": base,
        "upheld": base,
        "not_upheld": 0,
        "satisfactory_remedies": base,
        "compliance_outcomes": base,
        "complied": base,
        "complied_late": 0,
        "not_complied": 0,
        "population": 100_000,
    }
    row.update(overrides)
    return row


def test_threshold_is_ten():
    assert SMALL_NUMBER_THRESHOLD == 10


def test_nine_cases_are_small_for_every_rate():
    assert figures_from_counts(counts(9))["small_numbers"] == RATE_NAMES


def test_ten_cases_are_not_small_for_any_rate():
    assert figures_from_counts(counts(10))["small_numbers"] == []


@pytest.mark.parametrize(
    ("base", "flagged"),
    [
        ("investigations", ["upheld_rate"]),
        ("upheld", ["satisfactory_remedy_rate", "upheld_per_100k"]),
        ("compliance_outcomes", ["compliance_rate", "complied_late_rate"]),
    ],
)
def test_each_rate_base_at_nine_and_ten(base, flagged):
    """All other bases well above the threshold; only this base at exactly 9, then exactly 10."""
    many = counts(100)
    nine = figures_from_counts({**many, base: 9})
    assert nine["small_numbers"] == flagged
    ten = figures_from_counts({**many, base: 10})
    assert ten["small_numbers"] == []
    assert figures_from_counts({**many, base: 11})["small_numbers"] == []


def test_small_number_base_of_each_rate():
    assert {key: figure.small_base for key, figure in RATES.items()} == {
        "upheld_rate": "investigations",
        "satisfactory_remedy_rate": "upheld",
        "compliance_rate": "compliance_outcomes",
        "complied_late_rate": "compliance_outcomes",
        "upheld_per_100k": "upheld",
    }


def test_a_rate_that_is_none_is_not_flagged():
    row = figures_from_counts({})
    assert row["small_numbers"] == []
    assert all(row[name] is None for name in RATE_NAMES)
    assert all(row[field] == 0 for field in COUNT_FIELDS)
    assert row["population"] is None


def test_no_population_no_rate_per_head_and_no_flag():
    row = figures_from_counts(counts(5, population=None))
    assert row["upheld_per_100k"] is None
    assert "upheld_per_100k" not in row["small_numbers"]
    assert row["small_numbers"] == RATE_NAMES[:-1]


def test_every_figure_of_a_row():
    row = figures_from_counts(
        {
            "complaints_received": 30,
            "decisions": 25,
            "investigations": 20,
            "upheld": 12,
            "not_upheld": 8,
            "satisfactory_remedies": 3,
            "compliance_outcomes": 10,
            "complied": 6,
            "complied_late": 3,
            "not_complied": 1,
            "population": 150_000,
            "ignored": 99,
        }
    )
    assert row == {
        "complaints_received": 30,
        "decisions": 25,
        "investigations": 20,
        "upheld": 12,
        "not_upheld": 8,
        "satisfactory_remedies": 3,
        "compliance_outcomes": 10,
        "complied": 6,
        "complied_late": 3,
        "not_complied": 1,
        "population": 150_000,
        "upheld_rate": 60.0,
        "satisfactory_remedy_rate": 25.0,
        # compliant = complied + complied late
        "compliance_rate": 90.0,
        "complied_late_rate": 30.0,
        "upheld_per_100k": 8.0,
        "small_numbers": [],
    }
    assert list(row) == [
        *COUNT_FIELDS,
        "population",
        *RATE_NAMES,
        "small_numbers",
    ]


def test_none_counts_are_zero():
    row = figures_from_counts({"investigations": None, "upheld": None, "population": None})
    assert row["investigations"] == 0 and row["upheld"] == 0
    assert row["upheld_rate"] is None


# --- pooled and england_pooled ----------------------------------------------------------------


def council_row(authority_type="district", population=None, **values) -> dict:
    row = dict.fromkeys(COUNT_FIELDS, 0)
    row.update(values)
    row["population"] = population
    row["authority_type"] = authority_type
    outcomes = dict.fromkeys(OUTCOME_CODES, 0)
    outcomes[OUTCOME_CODES[0]] = values.get("upheld", 0)
    row["outcomes"] = outcomes
    return row


ROWS = [
    council_row(
        "district",
        100_000,
        investigations=8,
        upheld=6,
        satisfactory_remedies=3,
        compliance_outcomes=4,
        complied=2,
        complied_late=1,
        decisions=10,
    ),
    council_row(
        "county",
        300_000,
        investigations=4,
        upheld=2,
        compliance_outcomes=2,
        complied=2,
        decisions=5,
    ),
    council_row("unitary", None, investigations=3, upheld=3, decisions=3),
]


def test_pooled_sums_numerators_and_denominators():
    figures = pooled(ROWS)
    assert figures["councils"] == 3
    assert figures["decisions"] == 18
    assert figures["investigations"] == 15
    assert figures["upheld"] == 11
    assert figures["upheld_rate"] == 73.3  # 11 / 15, not the mean of 75, 50 and 100
    assert figures["satisfactory_remedy_rate"] == 27.3  # 3 / 11
    assert figures["compliance_rate"] == 83.3  # 5 / 6
    assert figures["complied_late_rate"] == 16.7
    # per head over the councils with a population only: 8 upheld over 400 000
    assert figures["population"] == 400_000
    assert figures["upheld_per_100k"] == 2.0
    assert figures["outcomes"][OUTCOME_CODES[0]] == 11
    assert all(figures["outcomes"][code] == 0 for code in OUTCOME_CODES[1:])
    assert list(figures["outcomes"]) == OUTCOME_CODES
    assert list(figures)[0] == "councils"
    assert list(figures)[-1] == "outcomes"
    # 6 compliance outcomes are few; the flag of the rate per head goes by all 11 upheld
    assert figures["small_numbers"] == ["compliance_rate", "complied_late_rate"]


def test_pooled_of_nothing():
    figures = pooled([])
    assert figures["councils"] == 0
    assert all(figures[field] == 0 for field in COUNT_FIELDS)
    assert figures["population"] is None
    assert figures["upheld_per_100k"] is None
    assert figures["outcomes"] == dict.fromkeys(OUTCOME_CODES, 0)
    assert figures["small_numbers"] == []


def test_pooled_without_any_population():
    figures = pooled([council_row(investigations=20, upheld=12)])
    assert figures["population"] is None
    assert figures["upheld_per_100k"] is None


def test_england_counts_every_case_and_lower_tier_residents():
    unattributed = council_row("", None, investigations=5, upheld=5, decisions=5)
    figures = england_pooled(ROWS, unattributed)
    assert figures["councils"] == 3  # the unattributed cases are not a council
    assert figures["investigations"] == 20
    assert figures["upheld"] == 16
    assert figures["decisions"] == 23
    # residents: the district (lower tier) and the unitary, which has no figure; not the county
    assert figures["population"] == 100_000
    assert figures["upheld_per_100k"] == 16.0  # every upheld case over those residents
    assert figures["outcomes"][OUTCOME_CODES[0]] == 16


def test_england_without_unattributed_cases():
    figures = england_pooled(ROWS)
    assert figures["councils"] == 3
    assert figures["upheld"] == 11
    assert figures["upheld_per_100k"] == 11.0
    assert england_pooled(ROWS, None) == figures


def test_england_without_lower_tier_population():
    figures = england_pooled([council_row("county", 300_000, upheld=3)])
    assert figures["population"] is None
    assert figures["upheld_per_100k"] is None


def test_england_of_lower_tier_types():
    for kind in ("district", "unitary", "metropolitan_borough", "london_borough"):
        if kind in formulas.LOWER_TIER:
            figures = england_pooled([council_row(kind, 50_000, upheld=1)])
            assert figures["population"] == 50_000
            assert figures["upheld_per_100k"] == 2.0
    assert "county" not in formulas.LOWER_TIER


def test_pooled_and_england_rate_per_head_at_a_rounding_edge():
    """1 upheld over 2 000 001 residents is 0.0499… per 100 000: 0.0, while over 2 000 000 it is
    0.05, rounded up to 0.1 (a multiplier a little off would cross the edge)."""
    just_under = [council_row("district", 2_000_001, upheld=1)]
    assert pooled(just_under)["upheld_per_100k"] == 0.0
    assert england_pooled(just_under)["upheld_per_100k"] == 0.0
    exactly = [council_row("district", 2_000_000, upheld=1)]
    assert pooled(exactly)["upheld_per_100k"] == 0.1
    assert england_pooled(exactly)["upheld_per_100k"] == 0.1
