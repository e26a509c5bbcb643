"""The search form's widgets, written in one pass. Django's own widgets render every option,
and every text box, through templates of their own: the form's five lists and eight boxes were
11 ms of each search page (the API's whole answer to the same search is 25 ms), the
subcategories' 55 options 4 ms of it, and its five text and date boxes another 2.7 ms at 10x
(3 December). These give the same markup, with the attributes the bound field adds (its id,
`aria-describedby`, `aria-invalid`), from `format_html`; tests/test_search_widgets.py holds
them to Django's own. The council names' datalist is written once per list of names."""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _options(choices, chosen: set[str]) -> SafeString:
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # a group: (its label, its choices)
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', value, _options(label, chosen))
            )
        else:
            selected = " selected" if str(value) in chosen else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', value, selected, label))
    return mark_safe("".join(parts))  # noqa: S308 - each part is format_html's


class _QuickInput:
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class QuickTextInput(_QuickInput, forms.TextInput):
    pass


class QuickDateInput(_QuickInput, forms.DateInput):
    pass


@lru_cache(maxsize=4)
def datalist_options(names: tuple[str, ...]) -> SafeString:
    """The options of a datalist of `names`: kept by the names themselves, so a new data version
    with the same councils reuses them and one with other councils cannot."""
    return format_html_join("", '<option value="{}"></option>', ((name,) for name in names))


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            _options(self.choices, chosen),
        )


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.pop("id", None) or f"id_{name}"
        chosen = set(self.format_value(value))
        boxes = format_html_join(
            "",
            '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" '
            'id="{0}_{1}"{4}{5}> {6}</label></div>',
            (
                (base, n, name, v, flatatt(attrs), " checked" if str(v) in chosen else "", label)
                for n, (v, label) in enumerate(self.choices)
            ),
        )
        return format_html('<div id="{}">{}</div>', base, boxes)
