"""The cells of the site's tables of figures (the table under the map, a council page's
ranking): formatted as every table of figures formats them, from the one list of figures."""

from __future__ import annotations

from html import escape

from django.utils.safestring import mark_safe

from decisions.charts import format_value
from decisions.statistics.figures import FIGURE, HEADLINE_RATES, SMALL_NUMBER_THRESHOLD

# The columns of a table of councils: how much was investigated, then the headline rates. An
# average's row has the rates alone (a count pooled over a type means little).
TABLE_COLUMNS = [
    {"key": key, "label": FIGURE[key].label, "unit": FIGURE[key].unit}
    for key in ("investigations", *HEADLINE_RATES)
]
RATE_COLUMNS = [column for column in TABLE_COLUMNS if column["unit"] is not None]
SMALL_FLAG = '<span class="small-flag">*</span>'
# What a rate on too few cases shows when the reader hides them (pages/table_filters.py): words,
# and no value to sort by, so that the column's sort puts it last.
SMALL_HIDDEN_TEXT = f"fewer than {SMALL_NUMBER_THRESHOLD} cases"


def figure_text(value, unit: str | None) -> str:
    """A figure as the tables print it: counts with thousands separators, rates to one decimal,
    a dash for no figure."""
    if unit is not None:
        return format_value(value, unit)
    return "–" if value is None else f"{value:,}"


def figure_cells(
    row: dict, columns: list[dict] = TABLE_COLUMNS, *, hide_small: bool = False
) -> list[dict]:
    """The table cells of one row; with `hide_small`, a rate on too few cases has no figure."""
    small_numbers = row.get("small_numbers", [])
    cells = []
    for column in columns:
        small = column["key"] in small_numbers
        hidden = hide_small and small
        text = figure_text(row[column["key"]], column["unit"])
        cells.append(
            {
                "key": column["key"],
                "value": None if hidden else row[column["key"]],
                "text": SMALL_HIDDEN_TEXT if hidden else text,
                "small": small and not hidden,
                "hidden": hidden,
            }
        )
    return cells


def figure_cells_html(cells: list[dict]) -> str:
    """The cells as HTML: built here rather than in a template loop (or format_html), because the
    map and ranking tables have up to 309 rows of them, and rendering them was most of those
    pages' time. Every value is escaped. The data-value (what the table sorts by) also sets the
    cell as a figure in the style sheet, instead of a class on each of 1,500 cells: the map
    page's HTML is mostly these cells."""
    parts = []
    for cell in cells:
        value = "" if cell["value"] is None else escape(str(cell["value"]))
        flag = SMALL_FLAG if cell["small"] else ""
        hidden = ' class="small-hidden"' if cell.get("hidden") else ""
        parts.append(f'<td data-value="{value}"{hidden}>{escape(cell["text"])}{flag}</td>')
    return mark_safe("".join(parts))  # every part escaped above
