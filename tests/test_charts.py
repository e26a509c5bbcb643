"""The map's colour classes and the chart geometry: pure functions, no database."""

import pytest

from decisions.charts import (
    BAR_WIDTH,
    CHART_HEIGHT,
    MAP_STATS,
    NO_DATA_COLOUR,
    PALETTE,
    boundary_outline,
    format_value,
    line_chart,
    map_class,
    map_config,
    map_legend,
    nice_ceiling,
    outcome_bars,
)


@pytest.mark.parametrize(
    ("stat", "value", "expected"),
    [
        ("upheld_rate", None, None),
        ("upheld_rate", 0.0, 0),
        ("upheld_rate", 49.9, 0),
        ("upheld_rate", 50.0, 1),  # a break belongs to the class above it
        ("upheld_rate", 79.9, 2),
        ("upheld_rate", 80.0, 3),
        ("upheld_rate", 90.0, 4),
        ("upheld_rate", 100.0, 4),
        ("satisfactory_remedy_rate", 0.0, 0),
        ("satisfactory_remedy_rate", 13.0, 2),
        ("compliance_rate", 99.9, 3),
        ("compliance_rate", 100.0, 4),
        ("upheld_per_100k", 0.9, 0),
        ("upheld_per_100k", 1.9, 1),
        ("upheld_per_100k", 6.0, 4),
        ("upheld_per_100k", 250.0, 4),
    ],
)
def test_map_class(stat, value, expected):
    assert map_class(stat, value) == expected


def test_every_statistic_has_five_classes_in_rising_order():
    assert len(PALETTE) == 5
    assert NO_DATA_COLOUR not in PALETTE
    for spec in MAP_STATS.values():
        assert len(spec.map.breaks) == len(PALETTE) - 1
        assert list(spec.map.breaks) == sorted(set(spec.map.breaks))


def test_legend_words():
    assert [row["label"] for row in map_legend("upheld_rate")] == [
        "under 50%",
        "50% to under 65%",
        "65% to under 80%",
        "80% to under 90%",
        "90% or more",
    ]
    assert map_legend("compliance_rate")[-1]["label"] == "100%"
    assert map_legend("upheld_per_100k")[0]["label"] == "under 1"
    assert [row["colour"] for row in map_legend("upheld_rate")] == list(PALETTE)


def test_map_config_is_what_the_script_needs():
    config = map_config()
    assert set(config) == set(MAP_STATS)
    upheld = config["upheld_rate"]
    assert upheld["breaks"] == [50, 65, 80, 90]
    assert upheld["colours"] == list(PALETTE)
    assert upheld["none_label"] == "No detailed investigations"
    assert upheld["unit"] == "%"


def test_format_value():
    assert format_value(None, "%") == "–"
    assert format_value(75.0, "%") == "75.0%"
    assert format_value(2.0, "") == "2.0"
    assert format_value(1234.5, "") == "1,234.5"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (0.7, 1), (1.2, 2), (3, 5), (5, 5), (7.5, 10), (42, 50)]
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


def test_line_chart_breaks_lines_at_missing_values():
    chart = line_chart(
        labels=["2019-20", "2020-21", "2021-22"],
        lines={"council": [50.0, None, 100.0], "average": [60.0, 65.0, 70.0]},
        percent=True,
    )
    council, average = chart["series"]
    assert council["name"] == "council"
    assert len(council["segments"]) == 2  # no line drawn through the missing year
    assert [d["value"] for d in council["dots"]] == [50.0, 100.0]
    assert len(average["segments"]) == 1 and len(average["segments"][0].split()) == 3
    assert [t["label"] for t in chart["y_ticks"]] == ["0%", "25%", "50%", "75%", "100%"]
    # 100% sits at the top of the plot, 0% at the bottom, and x runs left to right.
    top = chart["y_ticks"][-1]["y"]
    assert council["dots"][1]["y"] == top
    assert chart["y_ticks"][0]["y"] == chart["bottom"] < CHART_HEIGHT
    assert [x["x"] for x in chart["x_labels"]] == sorted(x["x"] for x in chart["x_labels"])
    assert chart["x_labels"][0]["x"] == chart["left"]


def test_line_chart_scales_a_rate_per_head():
    lines = {"council": [3.2], "average": [None]}
    chart = line_chart(labels=["2022-23"], lines=lines, percent=False)
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "2.5", "5"]
    assert chart["series"][1]["segments"] == []
    # A single year sits in the middle rather than on the axis.
    assert chart["left"] < chart["series"][0]["dots"][0]["x"] < chart["right"]


def test_outcome_bars():
    rows = outcome_bars(
        counts={"upheld": 3, "not_upheld": 1},
        labels={"upheld": "Upheld", "not_upheld": "Not upheld", "advice_given": "Advice given"},
        average={"upheld": 1, "not_upheld": 1},
    )
    assert [(r["count"], r["share"], r["average_share"]) for r in rows] == [
        (3, 75.0, 50.0),
        (1, 25.0, 50.0),
        (0, 0.0, 0.0),
    ]
    assert rows[0]["bar"] == 0.75 * BAR_WIDTH
    empty = outcome_bars(counts={}, labels={"upheld": "Upheld"}, average={})
    assert empty[0]["share"] is None and empty[0]["bar"] == 0


def test_boundary_outline_fits_the_box_and_keeps_holes():
    square = [[[0.0, 52.0], [1.0, 52.0], [1.0, 53.0], [0.0, 53.0], [0.0, 52.0]]]
    hole = [[0.4, 52.4], [0.6, 52.4], [0.6, 52.6], [0.4, 52.6], [0.4, 52.4]]
    outline = boundary_outline({"type": "Polygon", "coordinates": [square[0], hole]}, size=100)
    assert outline["height"] == 100  # tall: a degree of longitude is shorter than one of latitude
    assert outline["width"] < outline["height"]
    assert outline["d"].count("M") == 2 and outline["d"].count("Z") == 2
    multi = boundary_outline({"type": "MultiPolygon", "coordinates": [square, square]}, size=100)
    assert multi["d"].count("M") == 2
    assert boundary_outline(None) is None
    assert boundary_outline({"type": "Point", "coordinates": [0, 52]}) is None
