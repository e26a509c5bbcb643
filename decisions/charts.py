"""Numbers for the pictures: the map's colour classes, and the geometry of the SVG charts the
council page draws on the server. Pure functions over plain values (no database), so that the
colours a reader sees are decided, and tested, in this one place.

Colour classes. Each statistic has fixed class breaks, the same in every year and tier, so that a
colour always means the same range of values: a reader comparing 2019-20 with 2023-24 compares
like with like, which data-driven breaks (quantiles of each year) would not allow. The breaks sit
around the national figures the Ombudsman publishes (upheld rates of 60-80%, about 13% remedied
by the council, compliance near 100%, a few upheld complaints per 100,000 residents) and spread
the councils of the sample data over all five classes in recent years. The map
script receives `map_config()` and applies the same rule as `map_class`: the class of a value is
the number of breaks at or below it.
"""

from __future__ import annotations

import math
from bisect import bisect_right

import shapely
import shapely.geometry

from decisions.statistics.figures import HEADLINE_RATES, RATES, Figure
from decisions.statistics.formulas import rate

# Viridis in five steps, light (low) to dark (high): perceptually even and readable with the
# common colour-vision deficiencies, and it keeps its order when printed in grey.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
# No figure (nothing to divide by) is grey with a hatch, so it never reads as a low value.
NO_DATA_COLOUR = "#d9d9d9"


# The three classes against similar councils (decisions.statistics.uncertainty), in Okabe and
# Ito's colour-blind-safe blue and orange with a pale neutral between: the map's "compared"
# colouring and the funnel plots' points. Lowest first, as the map's classes go.
COMPARED_COLOURS = {"lower": "#0062a3", "similar": "#ece6d6", "higher": "#b84a00"}
COMPARED_LABELS = {
    "lower": "Clearly lower than similar councils",
    "similar": "Not clearly different",
    "higher": "Clearly higher than similar councils",
}
MAP_MODES = {"value": "The figure", "compared": "Compared with similar councils"}

# The rates the map can show, from the one list of figures (`decisions.statistics.figures`).
MAP_STATS: dict[str, Figure] = {key: RATES[key] for key in HEADLINE_RATES}
DEFAULT_STAT = HEADLINE_RATES[0]


DECIMALS = 1  # a rate is printed to one decimal place


def shown_value(value: float) -> float:
    """A rate as far as a reader can see it: rounded as `format_value` prints it."""
    return round(value, DECIMALS)


def format_value(value: float | None, unit: str) -> str:
    """A rate as the site prints it: one decimal, thousands separated; a dash for no figure."""
    if value is None:
        return "–"
    return f"{value:,.{DECIMALS}f}{unit}"


def _bound(value: float, unit: str) -> str:
    """A class break or axis tick: whole numbers without decimals (50%, 2.5)."""
    text = f"{int(value):,}" if value == int(value) else f"{value:,g}"
    return f"{text}{unit}"


def map_class(stat: str, value: float | None) -> int | None:
    """The colour class (0 = lightest) of a value, None when there is no figure."""
    if value is None:
        return None
    return bisect_right(MAP_STATS[stat].map.breaks, value)


def map_legend(stat: str) -> list[dict]:
    """The legend's rows, lowest first, each with its colour and its range in words."""
    spec = MAP_STATS[stat]
    breaks = spec.map.breaks
    rows = []
    for index, colour in enumerate(PALETTE):
        low = breaks[index - 1] if index else None
        high = breaks[index] if index < len(breaks) else None
        if low is None:
            text = f"under {_bound(high, spec.unit)}"
        elif high is None:
            at_most = spec.unit == "%" and low == 100
            text = "100%" if at_most else f"{_bound(low, spec.unit)} or more"
        else:
            text = f"{_bound(low, spec.unit)} to under {_bound(high, spec.unit)}"
        rows.append({"class": index, "colour": colour, "label": text})
    return rows


def compared_config() -> dict:
    """The map's "compared" colouring: a class is a value 0-2 (lower, similar, higher) coloured
    by the same rule as a figure, with one break between each."""
    return {
        "breaks": [1, 2],
        "colours": list(COMPARED_COLOURS.values()),
        "values": {name: index for index, name in enumerate(COMPARED_COLOURS)},
        "legend": compared_legend(),
        "none_label": "No figure",
    }


def compared_legend() -> list[dict]:
    return [
        {"class": index, "colour": colour, "label": COMPARED_LABELS[name]}
        for index, (name, colour) in enumerate(COMPARED_COLOURS.items())
    ]


def map_config() -> dict:
    """Everything the map script needs to colour and explain each statistic."""
    return {
        name: {
            "label": spec.label,
            "unit": spec.unit,
            "breaks": list(spec.map.breaks),
            "colours": list(PALETTE),
            "legend": map_legend(name),
            "none_label": spec.none_text,
            "none_colour": NO_DATA_COLOUR,
            # What the tooltip says of the counts behind the rate (see MapClasses.counts).
            "counts": spec.map.counts,
            "numerator": list(spec.numerator),
            "denominator": spec.denominator,
        }
        for name, spec in MAP_STATS.items()
    }


# --- Year-by-year line charts -------------------------------------------------------------

CHART_WIDTH = 320
CHART_HEIGHT = 190
MARGIN = {"top": 12, "right": 26, "bottom": 28, "left": 42}


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above value (an axis maximum people read)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power


def line_chart(
    *,
    labels: list[str],
    lines: dict[str, list[float | None]],
    percent: bool,
    whiskers: list[tuple[float, float] | None] = (),
) -> dict:
    """Geometry of a small line chart: one x position per year label, one line per series, and
    a whisker per year for the first series' 95% interval (`whiskers`, its ends or None).

    A missing value (None) breaks the line rather than drawing it at zero. Percentages use a
    fixed 0-100 axis so the council charts can be compared at a glance; other rates scale to the
    largest value, whisker ends included.
    """
    plot_w = CHART_WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = CHART_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    values = [v for series in lines.values() for v in series if v is not None]
    values += [ends[1] for ends in whiskers if ends]
    top = 100 if percent else nice_ceiling(max(values, default=0))
    count = len(labels)

    def x(i: int) -> float:
        step = plot_w / (count - 1) if count > 1 else 0
        return round(MARGIN["left"] + (i * step if count > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(MARGIN["top"] + plot_h - (v / top) * plot_h, 1)

    series = []
    for name, points in lines.items():
        segments, current, dots = [], [], []
        for i, value in enumerate(points):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(f"{x(i)},{y(value)}")
            dots.append({"x": x(i), "y": y(value), "value": value, "label": labels[i]})
        if current:
            segments.append(current)
        series.append({"name": name, "segments": [" ".join(s) for s in segments], "dots": dots})
    steps = 4 if percent else 2
    ticks = [top * k / steps for k in range(steps + 1)]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": MARGIN["left"],
        "right": CHART_WIDTH - MARGIN["right"],
        "bottom": MARGIN["top"] + plot_h,
        "label_y": CHART_HEIGHT - 8,
        "y_ticks": [{"y": y(t), "label": _bound(t, "%" if percent else "")} for t in ticks],
        # The axis names a year by its short form (19-20): at the 12 px the tick labels need to
        # be read (static/css/site.css) seven "2019-20"s overlap. The dots' titles and the
        # table under the charts keep the full label.
        "x_labels": [
            {"x": x(i), "label": label, "short": label[2:]} for i, label in enumerate(labels)
        ],
        "series": series,
        "whiskers": [
            {"x": x(i), "y1": y(ends[0]), "y2": y(ends[1]), "label": labels[i]}
            for i, ends in enumerate(whiskers)
            if ends
        ],
    }


# --- Outcome bars ---------------------------------------------------------------------------

BAR_WIDTH = 160


def outcome_bars(
    *, counts: dict[str, int], labels: dict[str, str], average: dict[str, int]
) -> list[dict]:
    """One row per outcome: the council's count and share of its decisions, the share among
    similar councils, and bar lengths (in SVG units out of BAR_WIDTH) for both shares."""
    total = sum(counts.values())
    average_total = sum(average.values())
    rows = []
    for code, label in labels.items():
        count = counts.get(code, 0)
        # Shown shares go through the site's one rounding (half up, `rate`); bar lengths are
        # drawing coordinates, not figures.
        share = rate(count, total)
        average_share = rate(average.get(code, 0), average_total)
        rows.append(
            {
                "code": code,
                "label": label,
                "count": count,
                "share": share,
                "average_share": average_share,
                "bar": round(count / total * BAR_WIDTH, 1) if total else 0,
                "average_bar": (
                    round(average.get(code, 0) / average_total * BAR_WIDTH, 1)
                    if average_total
                    else 0
                ),
            }
        )
    return rows


# --- Boundary outline -----------------------------------------------------------------------


def boundary_outline(geometry: dict | None, *, size: int = 220, pad: int = 6) -> dict | None:
    """An SVG path of a GeoJSON Polygon or MultiPolygon, fitted into a size × size box.

    Longitude is shrunk by the cosine of the middle latitude (an equirectangular projection),
    which is true to shape at the scale of one council. Holes draw with fill-rule evenodd.
    The geometry is first simplified to about a pixel of the drawing, so a detailed boundary
    keeps its shape without sending thousands of points.
    """
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    shape = shapely.geometry.shape(geometry)
    west_, south_, east_, north_ = shape.bounds
    pixel = max(east_ - west_, north_ - south_) / size
    geometry = shapely.geometry.mapping(shape.simplify(pixel, preserve_topology=True))
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    points = [pt for polygon in polygons for ring in polygon for pt in ring]
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    west, east = min(lons) * shrink, max(lons) * shrink
    south, north = min(lats), max(lats)
    span = max(east - west, north - south) or 1
    scale = (size - 2 * pad) / span
    width = round((east - west) * scale + 2 * pad)
    height = round((north - south) * scale + 2 * pad)
    parts = []
    for polygon in polygons:
        for ring in polygon:
            coords = [
                f"{(lon * shrink - west) * scale + pad:.1f},{(north - lat) * scale + pad:.1f}"
                for lon, lat, *_ in ring
            ]
            parts.append("M" + "L".join(coords) + "Z")
    return {"width": width, "height": height, "d": "".join(parts)}
