"""Funnel plots and early warnings (decisions.statistics.funnel, .warnings) on year tables made by
hand, worked by hand; then the pages and the API on the test world."""

import pytest

from decisions.statistics.figures import RATES
from decisions.statistics.formulas import OUTCOME_CODES, figures_from_counts, pooled
from decisions.statistics.funnel import funnel_of
from decisions.statistics.intervals import LEVEL_95, LEVEL_998, proportion_limits
from decisions.statistics.uncertainty import HIGHER, LOWER, SIMILAR, annotate
from decisions.statistics.warnings import warnings_of


def _table(councils: dict[str, tuple[int, int, int | None]], year="2023-24") -> dict:
    """A year table of districts from (upheld, investigations, population) per council name."""
    rows = []
    for name, (upheld, investigations, population) in councils.items():
        counts = {
            "upheld": upheld,
            "not_upheld": investigations - upheld,
            "investigations": investigations,
            "decisions": investigations,
            "population": population,
        }
        rows.append(
            {
                "gss_code": f"E0799{name}",
                "name": name,
                "slug": name.lower(),
                "authority_type": "district",
                **figures_from_counts(counts),
                "outcomes": dict.fromkeys(OUTCOME_CODES, 0),
            }
        )
    groups = {"district": rows}
    return {
        "year": year,
        "status": "provisional",
        "councils": annotate(rows, groups),
        "averages": {"district": pooled(rows)},
    }


# Pooled 98 of 154 = 63.6%. By hand (z = 1.96 and 3.09): 45 of 50 is 78.6% to 95.7% (99.8%:
# 70.0% to 97.2%), clear of it both ways; 20 of 50 is 27.6% to 53.8% (99.8%: 21.9% to 61.3%);
# 30 of 50 (47.5% to 71.5%) and 3 of 4 hold it.
THIS_YEAR = {"Aston": (45, 50, None), "Brill": (20, 50, None), "Cole": (30, 50, None),
             "Dent": (3, 4, None)}  # fmt: skip
# Pooled 82 of 154 = 53.2%: 44 of 50 (76.2% to 93.5%) is clearly above it; 25 of 50 (36.6% to
# 63.4%) is not; 10 of 50 (11.2% to 33.0%) is clearly below.
LAST_YEAR = {"Aston": (44, 50, None), "Brill": (25, 50, None), "Cole": (10, 50, None),
             "Dent": (3, 4, None)}  # fmt: skip


def test_funnel_points_classes_and_outside_lists_by_hand():
    data = funnel_of(_table(THIS_YEAR), key="upheld_rate", authority_type="district")
    assert data["target"] == pytest.approx(98 / 154 * 100)
    classes = {p["name"]: p["classes"] for p in data["points"]}
    assert classes == {
        "Aston": {"95": HIGHER, "99.8": HIGHER},
        "Brill": {"95": LOWER, "99.8": LOWER},
        "Cole": {"95": SIMILAR, "99.8": SIMILAR},
        "Dent": {"95": SIMILAR, "99.8": SIMILAR},
    }
    assert [p["name"] for p in data["points"]] == ["Aston", "Dent", "Cole", "Brill"]
    assert [p["name"] for p in data["outside"]["95"][HIGHER]] == ["Aston"]
    assert [p["name"] for p in data["outside"]["99.8"][LOWER]] == ["Brill"]


def test_a_point_is_outside_the_drawn_limits_exactly_when_it_is_classed_outside():
    data = funnel_of(_table(THIS_YEAR), key="upheld_rate", authority_type="district")
    p0 = data["target"] / 100
    for point in data["points"]:
        for name, level in (("95", LEVEL_95), ("99.8", LEVEL_998)):
            low, high = proportion_limits(p0, point["base"], level)
            share = point["numerator"] / point["base"]
            expected = HIGHER if share > high else LOWER if share < low else SIMILAR
            assert point["classes"][name] == expected
    # The limits run from the smallest base plotted to the largest, and narrow as it grows.
    limits = data["limits"]["95"]
    assert limits[0][0] == 4 and limits[-1][0] == 50
    widths = [high - low for _, low, high in limits]
    assert widths == sorted(widths, reverse=True)


def test_per_head_funnel_limits_meet_the_exact_test_at_each_count():
    # Three councils of 100,000 with 2, 10 and 30 upheld: pooled 14 per 100,000.
    table = _table({"Aston": (2, 4, 100_000), "Brill": (10, 12, 100_000),
                    "Cole": (30, 40, 100_000)})  # fmt: skip
    data = funnel_of(table, key="upheld_per_100k", authority_type="district")
    assert data["target"] == pytest.approx(14.0)
    classes = {p["name"]: p["classes"]["95"] for p in data["points"]}
    # Exact Poisson: 2 upheld is 0.24 to 7.2 expected, below the 14 expected; 30 is 20.2 to
    # 42.8, above; 10 is 4.8 to 18.4, which holds 14.
    assert classes == {"Aston": LOWER, "Brill": SIMILAR, "Cole": HIGHER}


def test_early_warnings_by_hand():
    found = warnings_of(_table(THIS_YEAR), _table(LAST_YEAR, "2022-23"))
    by_council = {(w["name"], w["measure"], w["direction"]): w["reasons"] for w in found}
    assert by_council == {
        # Far above the average this year, and above it last year too.
        ("Aston", "upheld_rate", "above"): ["outside_998", "outside_95_twice"],
        # Far below this year; last year 25 of 50 held the average, so not twice.
        ("Brill", "upheld_rate", "below"): ["outside_998"],
        # From 10 to 30 of 50: z = 0.4 / sqrt(0.4 x 0.6 x 0.04) = 4.08, a significant rise,
        # though this year's 60% is not clearly different from the average.
        ("Cole", "upheld_rate", "above"): ["rose"],
    }
    aston = next(w for w in found if w["name"] == "Aston")
    assert (aston["rate"], aston["rate_last_year"], aston["average"]) == (90.0, 88.0, 63.6)


def test_no_last_year_means_only_this_years_limit():
    found = warnings_of(_table(THIS_YEAR), None)
    assert {(w["name"], tuple(w["reasons"])) for w in found} == {
        ("Aston", ("outside_998",)),
        ("Brill", ("outside_998",)),
    }


def test_a_council_new_this_year_is_not_warned_for_last_year():
    last = dict(LAST_YEAR)
    del last["Aston"]
    found = warnings_of(_table(THIS_YEAR), _table(last, "2022-23"))
    aston = next(w for w in found if w["name"] == "Aston")
    assert aston["reasons"] == ["outside_998"]


# --- Pages and API on the test world -----------------------------------------------------------


def test_funnel_page_api_and_statistics_filter_agree(world, api, client):
    for key in ("upheld_rate", "upheld_per_100k"):
        body = api.get(f"/api/funnels/?year=2022-23&measure={key}&authority_type=district").json()
        page = client.get(f"/funnel-plots/?year=2022-23&measure={key}&type=district")
        assert page.status_code == 200
        html = page.content.decode()
        outside = [p for p in body["points"] if p["classes"]["95"] != SIMILAR]
        for point in body["points"]:
            assert (f'data-gss="{point["gss_code"]}"' in html) == (point in outside)
        assert f"{len(outside)} of {len(body['points'])}" in html
    warnings = api.get("/api/early-warnings/?year=2022-23").json()
    for direction in ("above", "below"):
        rows = api.get(f"/api/statistics/?year=2022-23&warning={direction}").json()["results"]
        expected = {w["gss_code"] for w in warnings["results"] if w["direction"] == direction}
        assert {row["gss_code"] for row in rows} == expected


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/funnels/?measure=decisions", "measure"),
        ("/api/funnels/?authority_type=parish", "authority_type"),
        ("/api/early-warnings/?direction=sideways", "direction"),
        ("/api/early-warnings/?measure=compliance_rate", "measure"),
        ("/api/statistics/?warning=maybe", "warning"),
        ("/api/funnels/?year=2019-21", "year"),
    ],
)
def test_bad_parameters_are_400s_naming_them(world, api, url, parameter):
    response = api.get(url)
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/funnel-plots/?measure=decisions",
        "/funnel-plots/?type=parish",
        "/early-warnings/?year=2019-21",
    ],  # fmt: skip
)
def test_bad_page_parameters_are_400s(world, client, url):
    assert client.get(url).status_code == 400


def test_each_funnel_measure_draws_for_each_type(world, client):
    for key in RATES:
        if not RATES[key].is_headline:
            continue
        for kind in ("district", "county", "unitary", "london_borough", "metropolitan_borough"):
            assert client.get(f"/funnel-plots/?measure={key}&type={kind}").status_code == 200
