"""The confidence intervals and tests (decisions.statistics.intervals) pinned to published
reference values and, across the range, to scipy (a test-only dependency: the site computes its
own, see pyproject.toml)."""

import math

import pytest
from scipy.stats import binomtest, chi2

from decisions.statistics.intervals import (
    LEVEL_95,
    LEVEL_998,
    poisson,
    proportion_limits,
    two_proportions,
    wilson,
    z_value,
)

# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
# Medicine 17, Table I, method 3 (the Wilson score interval), to four decimals.
NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Exact Poisson limits for an observed count, 95%: the classic tables (e.g. Documenta Geigy,
# and the chi-square quantiles they come from), to two or three decimals.
GARWOOD_95 = [
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.242, 7.225),
    (5, 1.623, 11.668),
    (10, 4.795, 18.390),
]


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE)
def test_wilson_matches_newcombes_table(k, n, low, high):
    lower, upper = wilson(k, n)
    assert (round(lower, 4), round(upper, 4)) == (low, high)


@pytest.mark.parametrize(("k", "low", "high"), GARWOOD_95)
def test_poisson_matches_the_exact_tables(k, low, high):
    lower, upper = poisson(k)
    digits = len(str(high).split(".")[1])
    assert round(upper, digits) == high
    assert round(lower, len(str(low).split(".")[1])) == low


@pytest.mark.parametrize("level", [LEVEL_95, LEVEL_998])
@pytest.mark.parametrize(
    ("k", "n"),
    [
        (0, 1),
        (1, 1),
        (0, 4),
        (4, 4),
        (3, 4),
        (1, 9),
        (9, 10),
        (0, 10),
        (10, 10),
        (437, 600),
        (0, 50_000),
        (50_000, 50_000),
        (12_345, 50_000),
    ],
)
def test_wilson_agrees_with_scipy_at_the_edges(k, n, level):
    expected = binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    lower, upper = wilson(k, n, level)
    assert lower == pytest.approx(expected.low, abs=1e-12)
    assert upper == pytest.approx(expected.high, abs=1e-12)


def test_wilson_edges_are_exact_and_none_without_cases():
    assert wilson(0, 7)[0] == 0.0
    assert wilson(7, 7)[1] == 1.0
    assert wilson(1, 1) == (pytest.approx(0.2065, abs=1e-4), 1.0)
    assert wilson(0, 0) is None
    for k in range(0, 11):
        low, high = wilson(k, 10)
        assert 0.0 <= low <= k / 10 <= high <= 1.0


@pytest.mark.parametrize("level", [LEVEL_95, LEVEL_998])
@pytest.mark.parametrize("k", [*range(0, 40), 99, 100, 101, 500, 2_000, 10_000])
def test_poisson_agrees_with_the_chi_square_quantiles(k, level):
    alpha = 1 - level
    lower, upper = poisson(k, level)
    expected_lower = chi2.ppf(alpha / 2, 2 * k) / 2 if k else 0.0
    assert lower == pytest.approx(expected_lower, rel=1e-9, abs=1e-12)
    assert upper == pytest.approx(chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2, rel=1e-9)
    assert lower <= k <= upper


def test_poisson_refuses_a_negative_count():
    with pytest.raises(ValueError):
        poisson(-1)


def test_z_values():
    assert z_value(LEVEL_95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(LEVEL_998) == pytest.approx(3.090232, abs=1e-6)


def test_funnel_limits_put_outside_exactly_the_councils_whose_interval_excludes_the_average():
    # The score test that Wilson inverts: the same verdict for every count, at both levels.
    p0 = 0.62
    for level in (LEVEL_95, LEVEL_998):
        for n in (1, 4, 9, 10, 37, 200):
            low_limit, high_limit = proportion_limits(p0, n, level)
            for k in range(n + 1):
                low, high = wilson(k, n, level)
                outside_interval = p0 < low or p0 > high
                outside_funnel = k / n < low_limit or k / n > high_limit
                assert outside_interval == outside_funnel, (level, n, k)


def test_two_proportions_by_hand():
    # 30 of 100 then 45 of 100: pooled 0.375, se = sqrt(0.375 * 0.625 * 0.02) = 0.068465.
    z = two_proportions(30, 100, 45, 100)
    assert z == pytest.approx(0.15 / math.sqrt(0.375 * 0.625 * 0.02))
    assert z == pytest.approx(2.1909, abs=1e-4)
    assert two_proportions(45, 100, 30, 100) == pytest.approx(-z)
    assert two_proportions(0, 0, 3, 4) is None
    assert two_proportions(0, 5, 0, 7) is None  # nothing upheld in either year
    assert two_proportions(5, 5, 7, 7) is None
