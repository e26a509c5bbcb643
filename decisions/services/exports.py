"""Export of decisions and recommendations in the import formats, so that an export imported
into an empty database (with the same councils and populations) gives every decision,
recommendation and figure back: every column the import reads is written, `sample` (yes/no) for
the sample data flag, and `never` in `published_on` for a decision that is not to be published
(an import reads an empty cell the same way; only a file without the column keeps what is
stored). Text cells are written so that a spreadsheet cannot take them for formulas, and the
import takes that escape off again (`ombudsman.spreadsheet`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from decisions.models import Decision, Recommendation
from ombudsman.spreadsheet import CSVWriter, xlsx_row

from .imports.fields import NOT_PUBLISHED
from .imports.layout import DECISION_HEADER, RECOMMENDATION_HEADER
from .imports.tables import is_xlsx

CHUNK = 5000
# The query field behind each column, where it is not the column's name.
_DECISION_QUERY = {"council": "council__gss_code", "sample": "is_sample"}
_PUBLISHED_AT = DECISION_HEADER.index("published_on")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def decision_rows(queryset=None, *, keep_order: bool = False) -> Iterator[list[str]]:
    """Rows in the import layout, by reference; `keep_order` keeps the queryset's own order (the
    search page's CSV lists its result in the order the page shows it)."""
    queryset = queryset if queryset is not None else Decision.objects.all()
    if not keep_order:
        queryset = queryset.order_by("reference")
    fields = [_DECISION_QUERY.get(c, c) for c in DECISION_HEADER]
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        cells = [_text(v) for v in row]
        if row[_PUBLISHED_AT] is None:
            cells[_PUBLISHED_AT] = NOT_PUBLISHED
        yield cells


def recommendation_rows(queryset=None) -> Iterator[list[str]]:
    queryset = queryset if queryset is not None else Recommendation.objects.all()
    fields = ["decision__reference", *RECOMMENDATION_HEADER[1:]]
    rows = queryset.order_by("decision__reference", "due_date", "id").values_list(*fields)
    for row in rows.iterator(chunk_size=CHUNK):
        yield [_text(v) for v in row]


def decisions_export(
    *, decisions_path: str | Path, recommendations_path: str | Path | None = None
) -> tuple[int, int]:
    """Write every decision (published or not, sample or not: this is the staff's full export)
    and every recommendation. An .xlsx path gets both as sheets; CSV needs a second path for the
    recommendations. Returns the number of rows written."""
    decisions_path = Path(decisions_path)
    if is_xlsx(decisions_path):
        return _write_xlsx(decisions_path)
    count = _write_csv(decisions_path, DECISION_HEADER, decision_rows())
    recs = 0
    if recommendations_path is not None:
        recs = _write_csv(Path(recommendations_path), RECOMMENDATION_HEADER, recommendation_rows())
    return count, recs


def _write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = CSVWriter(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path) -> tuple[int, int]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts = []
    for title, header, rows in (
        ("decisions", DECISION_HEADER, decision_rows()),
        ("recommendations", RECOMMENDATION_HEADER, recommendation_rows()),
    ):
        sheet = book.create_sheet(title)
        sheet.append(xlsx_row(sheet, header))
        count = 0
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
            count += 1
        counts.append(count)
    book.save(path)
    return counts[0], counts[1]
