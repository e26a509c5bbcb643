"""Parsing one cell of an import file. Each parser takes the cell's text and returns the value or
raises CellError with a reason a person can act on; the row parsers add the line and column.

An import runs these hundreds of thousands of times, so the common case is kept short: a lookup
table built once per kind of cell, and the exception only for a bad cell. The `*_parser` factories
give one-argument parsers with their options bound.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.db import models

from decisions.models import REFERENCE_RE

Parser = Callable[[str], object]
BOOLEANS = {
    **dict.fromkeys(("yes", "y", "true", "t", "1"), True),
    **dict.fromkeys(("no", "n", "false", "f", "0", ""), False),
}
_REFERENCE = re.compile(REFERENCE_RE)
# What the export writes in `published_on` for a decision that is not to be published, so that
# an export reads back as it was; an empty cell means the same. (A file without the column at
# all keeps what is stored: see `rows`.)
NOT_PUBLISHED = "never"
_NOT_PUBLISHED_WORDS = frozenset((NOT_PUBLISHED, "not to be published"))
_MAX_AMOUNT = Decimal("100000000")
_CENTS = Decimal("0.01")


class CellError(ValueError):
    pass


def parse_reference(text: str) -> str:
    if _REFERENCE.fullmatch(text):
        return text  # already in the stored form, the usual case
    reference = " ".join(text.split())
    if len(reference) == 11 and reference[-1].isalpha():
        reference = reference[:-1] + reference[-1].lower()
    if not _REFERENCE.fullmatch(reference):
        raise CellError(
            f"{text!r} is not a reference: write it as YY NNN NNN, e.g. 19 004 123 (a joint case "
            "may end in a letter: 17 002 402b)"
        )
    return reference


def parse_date(text: str) -> dt.date:
    if not text:
        raise CellError("a date is required (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise CellError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2022-09-30"
        ) from None


def parse_optional_date(text: str) -> dt.date | None:
    return parse_date(text) if text else None


def parse_publication(text: str) -> dt.date | None:
    """The first day a decision is public, or None: not to be published (an empty cell, `never`
    or `not to be published`, in any case), as the admin's empty field means."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        pass
    if " ".join(text.split()).lower() in _NOT_PUBLISHED_WORDS:
        return None
    raise CellError(
        f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2022-09-30, or {NOT_PUBLISHED} "
        "(or leave it empty) for a decision that is not to be published"
    )


def parse_bool(text: str) -> bool:
    value = BOOLEANS.get(text.strip().lower())
    if value is None:
        raise CellError(f"{text!r} is not yes/no (also accepted: true/false, 1/0)")
    return value


def parse_amount(text: str) -> Decimal | None:
    cleaned = text.replace("£", "").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(f"{text!r} is not an amount of money, e.g. 250 or 1250.50") from None
    if amount < 0 or not amount.is_finite():
        raise CellError(f"{text!r}: an amount cannot be negative")
    if amount >= _MAX_AMOUNT:
        raise CellError(f"{text!r} is too large for an amount")
    return amount.quantize(_CENTS)


def choice_parser(choices: type[models.TextChoices], *, default: str | None = None) -> Parser:
    """A code or its label, in any case and spacing (`report_type` and `Decision statement`)."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        for key in (value, str(label).lower(), value.replace("_", " ")):
            lookup.setdefault(key, value)
    codes = ", ".join(choices.values)

    def parse(text: str) -> str:
        value = lookup.get(text)  # a code as written, the usual case
        if value is None:
            key = " ".join(text.split()).lower()
            value = lookup.get(key)
            if value is None:
                if not key and default is not None:
                    return default
                raise CellError(
                    f"{text!r} is not one of: {codes}" if text else f"required, one of: {codes}"
                )
        return value

    return parse


def text_parser(*, required: bool, max_length: int | None = None) -> Parser:
    def parse(text: str) -> str:
        if required and not text:
            raise CellError("required")
        if max_length and len(text) > max_length:
            raise CellError(f"longer than {max_length} characters")
        if "\x00" in text:  # PostgreSQL cannot store it in text
            raise CellError("contains a NUL character (byte 0): remove it")
        return text

    return parse
