"""Cells that a spreadsheet opens as the text they are: the one rule for every CSV and XLSX file
the site or its commands write, and its inverse for the decision importer.

A spreadsheet reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (CSV injection, as OWASP calls it). Such a text is written with a single quote `'` before
it, which a spreadsheet shows and never evaluates. So that the importer can take exactly that
quote off again, a text that begins with quotes followed by one of those characters (`'=x`,
`''-`) gets one more quote; every other text, one that begins with a quote included (`'tis`), is
written as it is. Reading removes one quote from a cell made of one or more quotes followed by one
of the characters, and nothing from any other cell, so that `unescape(escape(t)) == t` for every
text and a hand-typed `'tis` is read as typed. Only text is escaped: numbers (a negative one
included), dates and empty cells are written as they are.

XLSX keeps a cell's text in XML, which turns a carriage return into a line feed and cannot hold
most other control characters; they are written as OOXML's `_xHHHH_` (with a literal `_xHHHH_`
protected as `_x005F_xHHHH_`), which Excel shows as the character, and `xlsx_text` reads them
back, so that a text round-trips through either format.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

QUOTE = "'"
FORMULA_STARTS = "=+-@\t\r"
_STARTS = frozenset(FORMULA_STARTS + QUOTE)
# A text a spreadsheet would read as a formula, or that reading would otherwise change: quotes,
# if any, then a character that begins a formula.
_NEEDS_QUOTE = re.compile(f"{QUOTE}*[{re.escape(FORMULA_STARTS)}]")
# Escaped by OOXML: the control characters XML cannot keep as they are (tab and line feed it can),
# and an underscore that would begin what looks like an escape.
_XLSX_ENCODE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_DECODE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """The text to write in a cell: with one more quote if a spreadsheet would take it for a
    formula (see the module's description)."""
    if text and text[0] in _STARTS and _NEEDS_QUOTE.match(text):
        return QUOTE + text
    return text


def unescape(text: str) -> str:
    """The text a cell written by `escape` held: the one quote it added taken off."""
    if text[:1] == QUOTE and _NEEDS_QUOTE.match(text, 1):
        return text[1:]
    return text


def safe_row(values: Iterable) -> list:
    """The values to write: text escaped, any other value (number, date, None) as it is."""
    return [escape(v) if isinstance(v, str) else v for v in values]


class CSVWriter:
    """csv.writer with every text cell escaped. A row with a carriage return in a cell is written
    fully quoted, since with a line feed line end csv would leave that return bare and a reader
    would end the row there."""

    def __init__(self, handle, *, lineterminator: str = "\n"):
        self._plain = csv.writer(handle, lineterminator=lineterminator)
        self._quoted = csv.writer(handle, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
        self._bare_returns = "\r" not in lineterminator

    def writerow(self, values: Iterable) -> None:
        row = safe_row(values)
        if self._bare_returns and any(isinstance(v, str) and "\r" in v for v in row):
            self._quoted.writerow(row)
        else:
            self._plain.writerow(row)


def _xlsx_encode(match: re.Match) -> str:
    found = match.group()
    return "_x005F_" if found == "_" else f"_x{ord(found):04X}_"


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for an openpyxl write-only `sheet`: each text escaped and encoded for XML, and held
    as a string. openpyxl would type a text beginning with `=` as a formula (escaped texts never
    do) and one such as `#N/A` as an error value: those are given in a cell typed as a string.
    Other values are given as they are."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    row = []
    for value in values:
        if isinstance(value, str):
            value = _XLSX_ENCODE.sub(_xlsx_encode, escape(value))
            if value in ERROR_CODES or value.startswith("="):
                value = WriteOnlyCell(sheet, value)
                value.data_type = "s"
        row.append(value)
    return row


def xlsx_text(text: str) -> str:
    """A text cell's value as read by openpyxl, with OOXML's `_xHHHH_` escapes undone (the quote
    is taken off later, by `unescape`, for CSV and XLSX alike)."""
    if "_x" not in text:
        return text
    return _XLSX_DECODE.sub(lambda m: chr(int(m.group(1), 16)), text)
