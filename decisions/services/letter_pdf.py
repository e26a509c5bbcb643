"""A letter as a PDF (reportlab; pyproject.toml says why): A4 with 25 mm margins, a letterhead
on the first page, a running head and "Page n of N" on every page, then the date, the address
block and the text laid out from the same blocks as the letter's page
(decisions.services.letter_text), tables included.

The PDF is made when it is asked for, never stored: a sent letter's text is frozen
(AnnualLetter.body, corrections as their own rows), so the same letter always gives the same
pages.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from io import BytesIO

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as Style

from decisions.models import AnnualLetter

from .letter_text import letter_blocks

MARGIN = 25 * mm
HEAD_GREEN = colors.HexColor("#1d4f3b")
SITE_NAME = "Your council's performance"

_base = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_base["BodyText"], fontSize=10.5, leading=14, spaceAfter=6)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName="Helvetica-Bold",
    fontSize=12,
    spaceBefore=8,
    spaceAfter=4,
    keepWithNext=1,  # never a heading alone at the foot of a page
)
ITEM = ParagraphStyle("item", parent=BODY, leftIndent=12, bulletIndent=2, spaceAfter=3)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
HEAD_CELL = ParagraphStyle("head_cell", parent=CELL, fontName="Helvetica-Bold")
HEAD_CELL_RIGHT = ParagraphStyle("head_cell_right", parent=HEAD_CELL, alignment=TA_RIGHT)
NOTICE = ParagraphStyle(
    "notice", parent=BODY, textColor=colors.HexColor("#8a1c1c"), fontName="Helvetica-Bold"
)


class _NumberedCanvas(Canvas):
    """Draws "Page n of N" once every page is known: pages are kept until the end, then each
    is finished with its number (reportlab writes a page as soon as it ends otherwise)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8.5)
            self.setFillColor(colors.grey)
            self.drawRightString(A4[0] - MARGIN, 12 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _page_decoration(running_head: str, notice: str):
    def first(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(HEAD_GREEN)
        canvas.rect(0, A4[1] - 30 * mm, A4[0], 30 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(MARGIN, A4[1] - 15 * mm, SITE_NAME)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(
            MARGIN, A4[1] - 22 * mm, "Annual review letter: complaints to the Ombudsman"
        )
        _footer(canvas, running_head, notice)
        canvas.restoreState()

    def later(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, A4[1] - 15 * mm, running_head)
        canvas.setStrokeColor(HEAD_GREEN)
        canvas.line(MARGIN, A4[1] - 17 * mm, A4[0] - MARGIN, A4[1] - 17 * mm)
        _footer(canvas, running_head, notice)
        canvas.restoreState()

    return first, later


def _footer(canvas, running_head: str, notice: str) -> None:
    canvas.setFont("Helvetica", 8.5)
    canvas.setFillColor(colors.grey)
    canvas.drawString(MARGIN, 12 * mm, notice or running_head)


# [header row?][a number column?]: the first column names the row, the others are figures.
_CELL_STYLES = {False: (CELL, CELL_RIGHT), True: (HEAD_CELL, HEAD_CELL_RIGHT)}


def _table(rows: list[list[str]], width: float) -> Table:
    columns = max(len(row) for row in rows)
    first = width * (0.34 if columns > 2 else 0.6)
    widths = [first, *[(width - first) / (columns - 1)] * (columns - 1)]
    cells = [
        [Paragraph(text, _CELL_STYLES[r == 0][c > 0]) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        Style(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEAD_GREEN),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _flowables(blocks, width: float) -> list:
    """The blocks laid out, with the groups a page break must not split: a list with the line
    that introduces it (a copy list split over two pages left one name alone, or "Copied to:"
    without its names), and a heading with the table under it."""
    out: list = []
    pending: list = []  # the list being gathered, after the line before it

    def close():
        if pending:
            out.append(KeepTogether(list(pending)))
            pending.clear()

    for block in blocks:
        if block.kind == "item":
            if not pending and out and getattr(out[-1], "style", None) in (HEADING, BODY):
                pending.append(out.pop())  # the line that introduces the list
            pending.append(Paragraph(block.text, ITEM, bulletText="•"))
            continue
        close()
        if block.kind == "heading":
            out.append(Paragraph(block.text, HEADING))
        elif block.kind == "table" and block.rows:
            group = [_table(block.rows, width), Spacer(1, 4 * mm)]
            if out and getattr(out[-1], "style", None) is HEADING:
                group.insert(0, out.pop())
            out.append(KeepTogether(group))
        elif block.kind == "paragraph":
            out.append(Paragraph(block.text, BODY))
    close()
    return out


def letter_notice(letter: AnnualLetter) -> str:
    """What the footer says about the letter's standing, if anything beyond its name."""
    parts = []
    if letter.is_sample:
        parts.append("SYNTHETIC SAMPLE: made up for demonstration, not a real letter")
    if not letter.is_sent:
        parts.append("DRAFT: not sent")
    return " · ".join(parts)


def letter_pdf(letter: AnnualLetter, *, on: dt.date | None = None) -> bytes:
    """The letter's PDF as it stands (the latest correction's text), dated `on` (default: the
    day it was sent; a draft's preview is dated today)."""
    on = on or letter.sent_on or dt.date.today()
    running_head = f"{letter.council.name}: annual review letter {letter.year_label}"
    notice = letter_notice(letter)
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 12 * mm,
        bottomMargin=MARGIN,
        title=f"Annual review letter {letter.year_label}: {letter.council.name}",
        author=SITE_NAME,
        # No creation time or random document id: the same letter gives the same bytes, so
        # the PDF a council was emailed can be made again and compared.
        invariant=True,
    )
    story: list = []
    if notice:
        story.append(Paragraph(notice, NOTICE))
    if letter.is_withdrawn:
        story.append(
            Paragraph(
                f"Withdrawn on {letter.withdrawn_on:%-d %B %Y}: {escape(letter.withdrawal_reason)}",
                NOTICE,
            )
        )
    corrections = list(letter.corrections.all())
    for correction in corrections:
        story.append(
            Paragraph(
                f"Corrected on {correction.made_at:%-d %B %Y}: {escape(correction.note)}", NOTICE
            )
        )
    story.append(Paragraph(f"{on:%-d %B %Y}", BODY))
    address = "<br/>".join(escape(line) for line in letter.addressee.splitlines() if line)
    story += [Paragraph(address or escape(letter.council.name), BODY), Spacer(1, 4 * mm)]
    body = letter.current_body
    story += _flowables(letter_blocks(body), doc.width)
    first, later = _page_decoration(running_head, notice)
    doc.build(story, onFirstPage=first, onLaterPages=later, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def letter_pdf_name(letter: AnnualLetter) -> str:
    return f"annual-review-{letter.year_label}-{letter.council.slug}.pdf"


def letter_pdf_response(letter: AnnualLetter) -> HttpResponse:
    """The PDF as a response shown in the browser, named for the council and year."""
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter_pdf_name(letter)}"'
    return response
