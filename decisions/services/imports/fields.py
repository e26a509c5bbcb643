"""Parsing one cell of an import file. Each parser returns the value or raises CellError with a
reason a person can act on; the row parsers add the line and column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import models

from decisions.models import REFERENCE_RE

TRUE = {"yes", "y", "true", "t", "1"}
FALSE = {"no", "n", "false", "f", "0", ""}


class CellError(ValueError):
    pass


def parse_reference(text: str) -> str:
    reference = " ".join(text.split())
    if len(reference) == 11 and reference[-1].isalpha():
        reference = reference[:-1] + reference[-1].lower()
    if not re.match(REFERENCE_RE, reference):
        raise CellError(
            f"{text!r} is not a reference: write it as YY NNN NNN, e.g. 19 004 123 (a joint case "
            "may end in a letter: 17 002 402b)"
        )
    return reference


def parse_date(text: str, *, required: bool = True) -> dt.date | None:
    if not text:
        if required:
            raise CellError("a date is required (YYYY-MM-DD)")
        return None
    try:
        return dt.date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise CellError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2022-09-30"
        ) from None


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(f"{text!r} is not yes/no (also accepted: true/false, 1/0)")


def parse_choice(text: str, choices: type[models.TextChoices], *, default: str | None = None):
    """A code or its label, in any case and spacing."""
    key = " ".join(text.split()).lower()
    if not key and default is not None:
        return default
    for value, label in choices.choices:
        if key in (value, str(label).lower(), value.replace("_", " ")):
            return value
    codes = ", ".join(choices.values)
    raise CellError(f"{text!r} is not one of: {codes}" if text else f"required, one of: {codes}")


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
    if amount >= Decimal("100000000"):
        raise CellError(f"{text!r} is too large for an amount")
    return amount.quantize(Decimal("0.01"))


def parse_text(text: str, *, required: bool, max_length: int | None = None) -> str:
    if required and not text:
        raise CellError("required")
    if max_length and len(text) > max_length:
        raise CellError(f"longer than {max_length} characters")
    return text
