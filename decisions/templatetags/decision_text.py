"""`long_date` and `first_words`: what a list of decisions prints for each one, its date as
"1 April 2024" and the start of its summary, the same text as Django's `date:"j F Y"` and
`truncatewords` give (tests/test_decision_text.py holds them to it). Those two were a seventh of
the search page's Python (3 December, py-spy at 10x): Django's date filter looks the format and
the month's name up in the active language for every date, and `truncatewords` builds a lazy
object for every summary. The site is written in British English only (settings LANGUAGE_CODE
"en-gb"), so the month names are fixed here."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ELLIPSIS = " …"  # what Django's truncatewords adds


@register.filter
def long_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter(is_safe=True)
def first_words(value, count: int) -> str:
    """The first `count` words of `value`, with an ellipsis when there were more; its spaces
    made single, as Django's `truncatewords` does."""
    words = str(value).split()
    if len(words) <= count:
        return " ".join(words)
    text = " ".join(words[:count])
    return text if text.endswith(ELLIPSIS) else text + ELLIPSIS
