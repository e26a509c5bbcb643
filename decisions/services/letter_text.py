"""A letter's text, written in Markdown (paragraphs, `##` headings, lists and tables), read once
into blocks that the HTML page and the PDF both lay out, so the two always say the same.

Raw HTML in a letter is shown as text, never passed through (markdown-it's `html` option off):
a letter's text is typed by staff and shown on a public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

# `breaks`: a line break in a paragraph is kept (a signature's name and title, an address), in
# the page as in the PDF.
_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")


def letter_html(text: str) -> str:
    """The letter's text as HTML for its page (safe: any HTML typed in is escaped)."""
    return _parser.render(text)


@dataclass
class Block:
    """One block of a letter: `kind` is heading, paragraph, item (of a list) or table. Text is
    inline markup the PDF's paragraphs understand (<b>, <i>, <a href>), already escaped; a
    table's `rows` are lists of such cells, the header row first (a Markdown table has one)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def letter_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    tokens = _parser.parse(text)
    rows: list[list[str]] | None = None
    in_item = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "table_open":
            rows = []
        elif kind == "table_close":
            blocks.append(Block("table", rows=rows or []))
            rows = None
        elif kind == "tr_open" and rows is not None:
            rows.append([])
        elif kind == "list_item_open":
            in_item = True
        elif kind == "list_item_close":
            in_item = False
        elif kind == "inline":
            markup = _inline(token)
            if rows is not None:
                rows[-1].append(markup)
            else:
                opener = tokens[index - 1].type
                if opener == "heading_open":
                    blocks.append(Block("heading", markup))
                elif in_item:
                    blocks.append(Block("item", markup))
                else:
                    blocks.append(Block("paragraph", markup))
    return blocks


_TAGS = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>"}


def _inline(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(escape(child.content, quote=False))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("<br/>")
        elif child.type in _TAGS:
            parts.append(_TAGS[child.type])
        elif child.type == "link_open":
            parts.append(f'<a href="{escape(str(child.attrs.get("href", "")))}">')
        elif child.type == "link_close":
            parts.append("</a>")
    return "".join(parts)
