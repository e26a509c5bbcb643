"""The search form's quick widgets (decisions/search_widgets.py) write the markup Django's own
widgets write from their templates (the same elements, attributes and text), for every field
of the form, bound to good and bad values (a bad value adds `aria-invalid` and the error's id),
so the speed costs nothing in what a reader or a screen reader gets."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from django.test.html import parse_html
from django.utils.html import escape

from decisions.search_forms import DecisionSearchForm
from decisions.search_widgets import (
    QuickCheckboxes,
    QuickDateInput,
    QuickSelect,
    QuickTextInput,
    datalist_options,
)

# Each quick widget and the Django widget it stands for.
DJANGO_WIDGET = {
    QuickTextInput: forms.TextInput,
    QuickDateInput: forms.DateInput,
    QuickSelect: forms.Select,
    QuickCheckboxes: forms.CheckboxSelectMultiple,
}

QUERIES = (
    "",
    "q=noise&council=Hertsmere&year=2023-24&outcome=upheld&date_from=2023-04-01"
    "&date_to=2024-03-31&sort=newest&remedy=apology&remedy=payment",
    # Bad values: the boxes show what was typed, marked invalid.
    "q=%3Cb%3E%22x%22&year=23-24&date_from=31/03/2024&outcome=nonsense&remedy=nothing",
    "category=Planning%20and%20development",
)


def _as_django(bound: forms.BoundField) -> str:
    """The bound field rendered by the Django widget its quick widget stands for."""
    quick = bound.field.widget
    widget = DJANGO_WIDGET[type(quick)].__new__(DJANGO_WIDGET[type(quick)])
    widget.__dict__.update(quick.__dict__)
    return bound.as_widget(widget=widget)


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_every_quick_widget_writes_what_django_writes(query):
    form = DecisionSearchForm(QueryDict(query))
    form.is_valid()
    quick_fields = [bound for bound in form if type(bound.field.widget) in DJANGO_WIDGET]
    # Every field a reader sees is written quickly (a new field with Django's widget would be
    # slow, and is caught here).
    shown = {"q", "council", "year", "outcome", "category", "subcategory", "report_type"}
    shown |= {"date_from", "date_to", "remedy", "sort"}
    assert {bound.name for bound in quick_fields} == shown
    for bound in quick_fields:
        # As HTML, where the order of an element's attributes means nothing (flatatt sorts them).
        assert parse_html(str(bound)) == parse_html(_as_django(bound)), bound.name


def test_the_datalist_escapes_names_and_keeps_them_in_order():
    names = ("Barking & Dagenham", 'A "quoted" <name>', "Zeta")
    written = str(datalist_options(names))
    assert written == "".join(f'<option value="{escape(name)}"></option>' for name in names)
    assert datalist_options(names) is datalist_options(tuple(names))  # made once per list
    assert datalist_options(names[:2]) != written
