"""The compare page's overlaid line charts: two to six councils and their types' averages on one
pair of axes, year by year (docs/architecture.md, "One definition of each figure": the values
come from the statistics, the geometry from `decisions.charts.line_chart`).

Telling the lines apart does not rest on colour alone: each council has its colour and its own
marker shape, and each authority type's average is a dark grey line with a dash pattern of its
own; the key above the charts draws the same line, marker or dash beside each name, and the
numbers are in the tables under the charts. The colours are Okabe and Ito's colour-blind-safe
set, darkened where needed to keep at least 3:1 against white (WCAG 1.4.11).
"""

from __future__ import annotations

from .charts import line_chart

COLOURS = ("#0072b2", "#c24e00", "#00805f", "#b5478f", "#6a4fa0", "#8a6d00")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
AVERAGE_COLOUR = "#3d3d3d"
AVERAGE_DASHES = ("6 4", "2 3", "9 3 2 3", "4 2 1 2 1 2", "12 4")
MARKER_SIZE = 4.0


def marker_path(kind: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """An SVG path of a marker centred on (x, y): a polygon (a circle drawn as two arcs)."""
    s = size
    if kind == "circle":
        arc = f"a{s:.1f},{s:.1f} 0 1,0"
        return f"M{x - s:.1f},{y:.1f}{arc} {2 * s:.1f},0{arc} -{2 * s:.1f},0Z"
    points = {
        "square": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        "triangle": [(0, -1.1), (1, 0.8), (-1, 0.8)],
        "triangle-down": [(0, 1.1), (1, -0.8), (-1, -0.8)],
        "diamond": [(0, -1.15), (1.15, 0), (0, 1.15), (-1.15, 0)],
        "cross": [
            (-0.35, -1), (0.35, -1), (0.35, -0.35), (1, -0.35), (1, 0.35), (0.35, 0.35),
            (0.35, 1), (-0.35, 1), (-0.35, 0.35), (-1, 0.35), (-1, -0.35), (-0.35, -0.35),
        ],
    }[kind]  # fmt: skip
    return "M" + "L".join(f"{x + dx * s:.1f},{y + dy * s:.1f}" for dx, dy in points) + "Z"


def council_styles(count: int) -> list[dict]:
    """The colour and marker of each of `count` councils, in the order they are listed."""
    return [
        {"colour": COLOURS[i], "marker": MARKERS[i], "key": marker_path(MARKERS[i], 14, 7)}
        for i in range(count)
    ]


def average_styles(types: list[str]) -> dict[str, dict]:
    """The dash pattern of each authority type's average line, by type."""
    return {t: {"colour": AVERAGE_COLOUR, "dash": AVERAGE_DASHES[i]} for i, t in enumerate(types)}


def overlaid_chart(
    *,
    labels: list[str],
    councils: list[dict],
    averages: list[dict],
    percent: bool,
) -> dict:
    """The geometry of one overlaid chart.

    `councils`: {"name", "values", "colour", "marker"} each, values per label (None: no figure,
    which breaks the line). `averages`: {"name", "values", "colour", "dash"} each. Returns
    `line_chart`'s axes, with `lines` (averages first, drawn under the councils) each carrying
    its style and, for a council, its markers as paths with the value they stand for.
    """
    keyed = {f"average-{i}": a["values"] for i, a in enumerate(averages)}
    keyed |= {f"council-{i}": c["values"] for i, c in enumerate(councils)}
    chart = line_chart(labels=labels, lines=keyed, percent=percent)
    series = {line["name"]: line for line in chart.pop("series")}
    lines = []
    for i, average in enumerate(averages):
        line = series[f"average-{i}"]
        lines.append(
            {
                "name": average["name"],
                "segments": line["segments"],
                "colour": average["colour"],
                "dash": average["dash"],
                "markers": [],
            }
        )
    for i, council in enumerate(councils):
        line = series[f"council-{i}"]
        lines.append(
            {
                "name": council["name"],
                "segments": line["segments"],
                "colour": council["colour"],
                "dash": "",
                "markers": [
                    {
                        "d": marker_path(council["marker"], dot["x"], dot["y"]),
                        "label": dot["label"],
                        "value": dot["value"],
                    }
                    for dot in line["dots"]
                ],
            }
        )
    return {**chart, "lines": lines}
