"""Confidence intervals and tests, as pure functions of whole counts (explained for readers on
the data page, /about/data/, "How sure are these figures?").

- `wilson(k, n)`: the Wilson score interval for a proportion k of n. It is the set of
  proportions p that a score test would not reject, so a benchmark p0 lies outside it exactly
  when |k/n - p0| > z * sqrt(p0 * (1 - p0) / n): the funnel plot's control limits around p0
  (`proportion_limits`) put a council outside them in the very same cases.
- `poisson(k)`: the exact (Garwood, "exact chi-square") interval for the expected count behind
  an observed count k, for rates per head. It is the inversion of the exact equal-tailed test, so
  again an expected count lies outside it exactly when the test rejects it.
- `two_proportions(k1, n1, k2, n2)`: the pooled two-proportion z statistic (a rise or fall
  between two years).

Levels are two-sided: 0.95 and 0.998 (the funnel plots' two pairs of limits).
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

LEVEL_95 = 0.95
LEVEL_998 = 0.998


@lru_cache(maxsize=8)
def z_value(level: float) -> float:
    """The standard normal quantile that leaves (1 - level) / 2 in each tail (1.96 for 95%)."""
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def wilson(k: int, n: int, level: float = LEVEL_95) -> tuple[float, float] | None:
    """The Wilson score interval for k successes in n trials, as proportions; None for n = 0."""
    if n <= 0:
        return None
    z = z_value(level)
    p = k / n
    z2 = z * z
    divisor = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / divisor
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / divisor
    # At 0 of n and n of n the interval touches the end exactly; floating point would leave a
    # trace of a digit on the wrong side.
    lower = 0.0 if k == 0 else max(0.0, centre - half)
    upper = 1.0 if k == n else min(1.0, centre + half)
    return lower, upper


def proportion_limits(p0: float, n: int, level: float = LEVEL_95) -> tuple[float, float]:
    """The funnel plot's control limits for a benchmark proportion p0 at n cases (normal
    approximation under the benchmark: the score test that `wilson` inverts)."""
    half = z_value(level) * math.sqrt(p0 * (1 - p0) / n)
    return max(0.0, p0 - half), min(1.0, p0 + half)


@lru_cache(maxsize=4096)
def poisson(k: int, level: float = LEVEL_95) -> tuple[float, float]:
    """The exact interval (lower, upper) for the expected count behind an observed count k.

    lower solves P(X >= k; mu) = alpha / 2 (0 when k = 0) and upper solves P(X <= k; mu) =
    alpha / 2: the chi-square quantiles chi2(alpha/2, 2k) / 2 and chi2(1 - alpha/2, 2k + 2) / 2.
    Cached: it depends on the count alone, and the same small counts recur in every year.
    """
    if k < 0:
        raise ValueError("a count cannot be negative")
    alpha = 1 - level
    upper = _solve(k, alpha / 2, start=_byar_upper(k, level))
    if k == 0:
        return 0.0, upper
    lower = _solve(k - 1, 1 - alpha / 2, start=_byar_lower(k, level))
    return lower, upper


def two_proportions(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """The pooled z statistic of k2/n2 against k1/n1 (positive when the second is higher); None
    when either base is 0 or the pooled proportion is 0 or 1 (nothing varies)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    spread = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if spread <= 0:
        return None
    return (k2 / n2 - k1 / n1) / math.sqrt(spread)


def _pmf(k: int, mu: float) -> float:
    return math.exp(k * math.log(mu) - mu - math.lgamma(k + 1))


def _cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu): from the k-th term down, each the one above times i / mu
    (exp(-mu), the first term, underflows past mu = 745)."""
    if mu <= 0:
        return 1.0
    term = _pmf(k, mu)
    if term == 0.0:  # so far from k that the whole mass lies on one side of it
        return 1.0 if mu < k else 0.0
    total = term
    for i in range(k, 0, -1):
        term *= i / mu
        total += term
    return min(1.0, total)


def _solve(k: int, target: float, *, start: float) -> float:
    """The mean mu where P(X <= k; mu), decreasing in mu, equals target.

    Newton's method (the derivative is -P(X = k; mu)) from Byar's approximation, which is close,
    so three or four steps reach the last digit; a step that leaves the bracket known to hold
    the answer is replaced by halving it, so it always converges."""
    low, high = 0.0, max(start, 1.0)
    while _cdf(k, high) > target:
        low, high = high, high * 2
    mu = min(max(start, low), high)
    for _ in range(100):
        excess = _cdf(k, mu) - target
        if abs(excess) <= 1e-15:
            break
        if excess > 0:
            low = mu
        else:
            high = mu
        slope = _pmf(k, mu)
        step = mu + excess / slope if slope > 0 else low
        mu = step if low < step < high else (low + high) / 2
        if high - low <= 1e-13 * high:
            break
    return mu


def _byar_upper(k: int, level: float) -> float:
    z = z_value(level)
    m = k + 1
    return m * (1 - 1 / (9 * m) + z / (3 * math.sqrt(m))) ** 3


def _byar_lower(k: int, level: float) -> float:
    z = z_value(level)
    return max(1e-9, k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3)
