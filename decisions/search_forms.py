"""The query string of the decisions search pages, checked: every parameter a reader can send,
with a message naming it when its value cannot be used (the page then answers 400 and changes
nothing: a search that quietly dropped a filter would list decisions the reader did not ask
for, and its CSV would too)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from ombudsman.api.fields import ReportingYearFormField
from pages.params import LINK_DECORATION

from .choices import Outcome, RecommendationKind, ReportType
from .search import MAX_WORDS, validate_few_words, whole_reference
from .search_selectors import DecisionQuery, search_categories, search_councils
from .search_widgets import QuickCheckboxes, QuickDateInput, QuickSelect, QuickTextInput
from .service_areas import CHOICES as CATEGORY_CHOICES
from .service_areas import heading_for, headings_text

DATE_FORMAT = "%Y-%m-%d"
DATE_HINT = "Write the date as year-month-day, such as 2024-01-31."


def _words(text: str) -> tuple[str, ...]:
    """The words of a search: what holds a letter or a digit (a lone "&" or "-" says nothing)."""
    return tuple(word for word in text.split() if any(c.isalnum() for c in word))


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": DATE_HINT},
        widget=QuickDateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )


class DecisionSearchForm(forms.Form):
    """`fixed` holds filters a page sets itself (the reports page: `report_type`): they are not
    parameters there, and a reader's value for one is refused as unknown."""

    q = forms.CharField(
        label="Words or a reference",
        required=False,
        max_length=200,
        validators=[validate_few_words],
        help_text=f"Up to {MAX_WORDS} words from the summary, category or council's name, in any "
        "form (“delays” finds “delayed”); or a decision's reference, such as 22 004 123.",
        widget=QuickTextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    council = forms.CharField(
        label="Council",
        required=False,
        max_length=120,
        help_text="Its name or GSS code.",
        widget=QuickTextInput(attrs={"list": "council-names", "autocomplete": "off"}),
    )
    year = ReportingYearFormField(
        label="Reporting year",
        required=False,
        help_text="Such as 2023-24 (April to March).",
        widget=QuickTextInput,
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *Outcome.choices],
        widget=QuickSelect,
    )
    category = forms.CharField(label="Category", required=False, widget=QuickSelect)
    subcategory = forms.CharField(label="Subcategory", required=False, widget=QuickSelect)
    report_type = forms.ChoiceField(
        label="Published as",
        required=False,
        choices=[("", "Reports and statements"), *ReportType.choices],
        widget=QuickSelect,
    )
    date_from = _date_field("Decided on or after")
    date_to = _date_field("Decided on or before")
    remedy = forms.MultipleChoiceField(
        label="What the council was asked to do (any of those ticked)",
        required=False,
        choices=RecommendationKind.choices,
        widget=QuickCheckboxes,
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Best match first"), ("newest", "Newest first")],
        widget=QuickSelect,
    )
    # Not filters: the page of the list, and the list as a CSV file.
    page = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": "Give a page number: 1, 2, 3…"}
    )
    format = forms.ChoiceField(required=False, choices=[("html", "HTML"), ("csv", "CSV")])

    def __init__(self, data: QueryDict, *, fixed: dict | None = None):
        super().__init__(data)
        self.fixed = fixed or {}
        for name in self.fixed:
            del self.fields[name]
        self.categories = search_categories()
        # The controlled list (decisions.service_areas), whether or not a public decision has
        # the heading yet: a heading with none finds none, a name not in the list is refused.
        self.fields["category"].widget.choices = [("", "Any category"), *CATEGORY_CHOICES]
        self.fields["subcategory"].widget.choices = [
            ("", "Any subcategory"),
            *((c, [(s, s) for s in subs]) for c, subs in self.categories.items() if subs),
        ]
        # As every page's (pages.params.reject_unknown): what other sites add to links is let
        # through.
        self.unknown = sorted(
            name for name in set(data) - set(self.fields) if not LINK_DECORATION.fullmatch(name)
        )

    def clean_council(self):
        text = self.cleaned_data["council"].strip()
        if not text:
            return None
        index, _ = search_councils()
        council = index.match(text)
        if council is None:
            raise forms.ValidationError(
                "No one council goes by %(name)s: type its full name as it appears on its page, "
                "or its GSS code (such as E07000098).",
                params={"name": f"“{text}”"},
            )
        return council

    def clean_category(self):
        value = " ".join(self.cleaned_data["category"].split())
        if not value:
            return ""
        heading = heading_for(value)  # another name for a heading is read as the heading
        if heading is None:
            raise forms.ValidationError(
                "%(value)s is not one of the Ombudsman's categories. Choose one from the list: "
                "%(headings)s.",
                params={"value": f"“{value}”", "headings": headings_text()},
            )
        return heading

    def clean_subcategory(self):
        category = self.cleaned_data.get("category")
        if category:
            known = self.categories.get(category, ())
        else:
            known = sorted({s for subs in self.categories.values() for s in subs})
        return self._known(self.cleaned_data["subcategory"], known, "subcategory")

    @staticmethod
    def _known(value: str, known: list[str], what: str) -> str:
        """The stored spelling of `value`, matched in any case."""
        value = " ".join(value.split())
        if not value:
            return ""
        by_key = {k.casefold(): k for k in known}
        if value.casefold() not in by_key:
            raise forms.ValidationError(
                "No public decision has the %(what)s %(value)s. Choose one from the list.",
                params={"what": what, "value": f"“{value}”"},
            )
        return by_key[value.casefold()]

    def clean(self):
        data = super().clean()
        for name in self.unknown:
            takes = ", ".join(self.fields)
            self.add_error(
                None,
                forms.ValidationError(
                    "This page takes no parameter %(name)s. It takes: %(takes)s.",
                    params={"name": f"“{name}”", "takes": takes},
                ),
            )
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "This date is before the “decided on or after” date.")
        return data

    def query(self) -> DecisionQuery:
        """What a valid form asks for (with the page's fixed filters)."""
        data = {**self.cleaned_data, **self.fixed}
        text = data.get("q", "")
        reference = whole_reference(text)
        return DecisionQuery(
            words=() if reference else _words(text),  # "22 004 123" is no three words
            reference=reference,
            council=data.get("council"),
            year=data.get("year"),
            outcome=data.get("outcome", ""),
            category=data.get("category", ""),
            subcategory=data.get("subcategory", ""),
            report_type=data.get("report_type", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            remedies=tuple(data.get("remedy") or ()),
            newest=data.get("sort") == "newest",
        )

    def has_no_words(self) -> bool:
        """A search typed, but of punctuation only: the page says it looked for nothing."""
        text = self.cleaned_data.get("q", "")
        return bool(text.strip()) and not _words(text) and not whole_reference(text)

    def errors_by_parameter(self) -> list[tuple[str, str, str]]:
        """(parameter, field id or "", message) for each problem, for the page's summary."""
        found = []
        for name, messages in self.errors.items():
            for message in messages:
                if name == "__all__":
                    found.append(("", "", message))
                else:
                    bound = self[name]
                    found.append((name, bound.id_for_label or bound.auto_id, message))
        return found
