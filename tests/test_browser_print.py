"""Printing in the system Chromium (tests/browser.py): a council page printed to an A4 PDF
(static/css/print.css) has every column of its year-by-year table, and what the closed
rankings hold, on paper. Checked in the PDF's own text (pypdf), not in the browser's idea of it.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from tests.browser import ARTIFACTS, Session, browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser,)
A4_POINTS = (595, 842)  # 210 x 297 mm at 72 points an inch


def test_a_printed_council_page_has_every_column(world, browser, live_server):
    session = Session(browser, live_server.url)
    page = session.open("/councils/hassett/?year=2022-23")
    headings = page.locator("#trend-table thead th").all_inner_texts()
    assert len(headings) == 10  # the year, five figures and four averages
    last_row = page.locator("#trend-table tbody tr").last.locator("th, td").all_inner_texts()
    pdf = page.pdf(format="A4", print_background=True)
    session.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "council-a4.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        size = [float(v) for v in sheet.mediabox[2:]]
        assert all(abs(a - b) < 2 for a, b in zip(size, A4_POINTS, strict=True)), size
    # Each table cell's lines come out in turn: with the line ends as spaces, a heading that
    # wraps reads whole. Ligatures (the "fi" of "first") are the letters they join.
    text = " ".join(unicodedata.normalize("NFKC", sheet.extract_text()) for sheet in reader.pages)
    text = " ".join(text.split())
    missing = [h for h in headings if " ".join(h.split()) not in text]
    assert not missing, f"year table headings not in the printed page: {missing}"
    assert " ".join(" ".join(last_row).split()) in text  # the last row, to its last figure
    # What the closed rankings hold is printed: the table of every London borough ...
    assert "London boroughs, 2022-23, highest upheld rate first" in text
    # ... and the funnel plot's description.
    assert "against detailed investigations, with the average" in text


# The width of A4 inside print.css's 12 mm side margins, in CSS pixels (96 an inch).
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)


def test_printed_pages_fit_the_width_of_a4(world, browser, live_server):
    """Laid out for print at the width of A4's printable area, nothing on a council, decision,
    letter or comparison page reaches past its right edge."""
    from decisions.models import AnnualLetter

    letter = AnnualLetter.objects.create(
        council=world["felpersham"], year=2022, body="Dear Chief Executive,", sent_on="2023-07-01"
    )
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)
    paths = [
        "/councils/felpersham/?year=2022-23",
        "/councils/borsetshire/?year=2022-23",
        decision.get_absolute_url(),
        letter.get_absolute_url(),
        "/funnel-plots/?year=2022-23",
        "/early-warnings/?year=2022-23",
        "/compare/?councils=felpersham,ambridge",
        "/rankings/?year=2022-23&type=district&small=show",
    ]
    session = Session(browser, live_server.url, viewport={"width": A4_CONTENT_PX, "height": 1000})
    session.page.emulate_media(media="print")
    wide = {}
    for path in paths:
        page = session.open(path)
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > A4_CONTENT_PX:
            wide[path] = width
    session.close()
    assert not wide, f"wider than A4 ({A4_CONTENT_PX} px): {wide}"
