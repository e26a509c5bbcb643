"""The geometry of a funnel plot, drawn on the server as SVG like the other charts
(`decisions.charts`): the points, the average line, and the two pairs of control limits, from
`decisions.statistics.funnel`."""

from __future__ import annotations

from .charts import COMPARED_COLOURS, COMPARED_LABELS, _bound, format_value, nice_ceiling
from .statistics.figures import FIGURE, RATES
from .statistics.uncertainty import HIGHER, LOWER, SIMILAR

WIDTH, HEIGHT = 640, 360
MARGIN = {"top": 14, "right": 34, "bottom": 44, "left": 52}
# The classes' colours are the map's (decisions.charts.COMPARED_COLOURS), the neutral darkened
# to read as a point on white; each class has its own shape as well, so that it reads without
# colour (and in print).
CLASS_STYLE = {
    HIGHER: {"colour": COMPARED_COLOURS[HIGHER], "shape": "up", "label": COMPARED_LABELS[HIGHER]},
    SIMILAR: {"colour": "#6b6b6b", "shape": "circle", "label": COMPARED_LABELS[SIMILAR]},
    LOWER: {"colour": COMPARED_COLOURS[LOWER], "shape": "down", "label": COMPARED_LABELS[LOWER]},
}
MARKER = 4.5


def funnel_svg(data: dict, *, highlight: str | None = None, page_url: str = "") -> dict:
    """Everything the template draws: axes, the average, the limits as polylines, and each point
    with its position, class, marker path, link and accessible name. `highlight` is a GSS code
    drawn larger (the council whose page this is); `page_url` holds SLUG for a council's slug."""
    figure = RATES[data["measure"]]
    plot_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    points = data["points"]
    right = nice_ceiling(max((p["base"] for p in points), default=1))
    if figure.percent:
        top = 100.0
    else:
        highest = max([p["rate"] for p in points] + [data["target"] or 0], default=0)
        top = nice_ceiling(highest * 1.15 or 1)

    def x(base: float) -> float:
        return round(MARGIN["left"] + base / right * plot_w, 1)

    def y(value: float) -> float:
        value = min(max(value, 0.0), top)
        return round(MARGIN["top"] + plot_h - value / top * plot_h, 1)

    limits = []
    for level, rows in data["limits"].items():
        for side, index in (("low", 1), ("high", 2)):
            limits.append(
                {
                    "level": level,
                    "side": side,
                    "points": " ".join(f"{x(row[0])},{y(row[index])}" for row in rows),
                }
            )
    drawn = []
    for point in points:
        klass = point["classes"]["95"] or SIMILAR
        cx, cy = x(point["base"]), y(point["rate"])
        size = MARKER * (1.6 if point["gss_code"] == highlight else 1)
        drawn.append(
            {
                **point,
                "class": klass,
                "cx": cx,
                "cy": cy,
                "path": _marker(CLASS_STYLE[klass]["shape"], cx, cy, size),
                "colour": CLASS_STYLE[klass]["colour"],
                "self": point["gss_code"] == highlight,
                "url": page_url.replace("SLUG", point["slug"]) if page_url else "",
                "name_text": _point_text(figure, point, klass),
            }
        )
    # The highlighted council last, so that it is drawn on top.
    drawn.sort(key=lambda p: p["self"])
    x_steps = 4
    y_steps = 4 if figure.percent else 2
    average = data["target"]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": MARGIN["left"],
        "right": WIDTH - MARGIN["right"],
        "top": MARGIN["top"],
        "bottom": MARGIN["top"] + plot_h,
        "plot_width": plot_w,
        "plot_height": plot_h,
        "average_y": None if average is None else y(average),
        "average_text": format_value(None if average is None else round(average, 1), figure.unit),
        "limits": limits,
        "points": drawn,
        "x_ticks": [
            {"x": x(right * k / x_steps), "label": f"{round(right * k / x_steps):,}"}
            for k in range(x_steps + 1)
        ],
        "y_ticks": [
            {"y": y(top * k / y_steps), "label": _bound(top * k / y_steps, figure.unit)}
            for k in range(y_steps + 1)
        ],
        "x_label": _x_label(figure),
        "y_label": figure.label,
        "styles": CLASS_STYLE,
    }


def _x_label(figure) -> str:
    return FIGURE[figure.denominator].label


def _point_text(figure, point: dict, klass: str) -> str:
    rate = format_value(point["rate"], figure.unit)
    verdict = {HIGHER: "clearly higher", LOWER: "clearly lower", SIMILAR: "not clearly different"}
    if figure.percent:
        basis = f"{point['numerator']:,} of {point['base']:,}"
    else:
        basis = f"{point['numerator']:,} upheld among {point['base']:,} residents"
    return f"{point['name']}: {rate} ({basis}); {verdict[klass]}"


def _marker(shape: str, cx: float, cy: float, r: float) -> str:
    """A small SVG path: a circle, or a triangle pointing up or down."""
    if shape == "circle":
        arc = f"a{r:.1f},{r:.1f} 0 1,0"
        return f"M{cx - r:.1f},{cy:.1f}{arc} {2 * r:.1f},0{arc} {-2 * r:.1f},0Z"
    h = r * 1.15
    tip, base = (cy - h, cy + h * 0.7) if shape == "up" else (cy + h, cy - h * 0.7)
    return f"M{cx:.1f},{tip:.1f}L{cx + r:.1f},{base:.1f}L{cx - r:.1f},{base:.1f}Z"
