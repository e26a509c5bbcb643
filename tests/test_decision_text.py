"""The decision lists' own date and summary filters (decisions/templatetags/decision_text.py)
give exactly what Django's `date:"j F Y"` and `truncatewords:40` give, which they replace for
speed: every month, the ends of the reporting year, and summaries of exactly the word limit,
one word past it, and with runs of spaces and line breaks."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template

from decisions.templatetags.decision_text import first_words, long_date

DATES = [datetime.date(2024, month, 1) for month in range(1, 13)] + [
    datetime.date(2024, 3, 31),
    datetime.date(2024, 4, 1),
    datetime.date(2019, 12, 9),
    None,
]


def _django(text: str, **context) -> str:
    return Template(text).render(Context(context, autoescape=False))


@pytest.mark.parametrize("value", DATES, ids=str)
def test_long_date_is_djangos_long_date(value):
    assert long_date(value) == _django('{{ value|date:"j F Y" }}', value=value)


def _words(count: int) -> str:
    return " ".join(f"word{n}" for n in range(count))


SUMMARIES = [
    "",
    "One.",
    _words(39),
    _words(40),
    _words(41),
    _words(120),
    "  spaced   out\n\nacross\tlines  ",
    _words(39) + " … and more words after the fortieth",
    "<b>Tags</b> & ampersands " + _words(45),
]


@pytest.mark.parametrize("value", SUMMARIES, ids=range(len(SUMMARIES)))
def test_first_words_is_djangos_truncatewords(value):
    assert first_words(value, 40) == _django("{{ value|truncatewords:40 }}", value=value)


def test_first_words_are_escaped_in_a_page():
    rendered = Template("{% load decision_text %}{{ value|first_words:3 }}").render(
        Context({"value": "<b>bold</b> & more words"})
    )
    assert rendered == "&lt;b&gt;bold&lt;/b&gt; &amp; more …"
