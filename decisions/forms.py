"""Admin forms for decisions and letters.

The model `clean()` methods hold the domain rules and report them on the right field; Django
then skips the matching database constraint check for a field that already has an error, so
staff see one plain message, never an IntegrityError. These forms only tidy what staff type.
"""

from __future__ import annotations

import re

from django import forms

from ombudsman.years import FIRST_YEAR, ReportingYear

from .models import AnnualLetter, Decision, Recommendation

_REFERENCE_PARTS_RE = re.compile(r"^([0-9]{2})[\s\-]*([0-9]{3})[\s\-]*([0-9]{3})\s*([A-Za-z]?)$")


def normalise_reference(text: str) -> str:
    """`19-004-123`, ` 19 004  123 `, `19004123` and `17 002 402B` become `19 004 123` and
    `17 002 402b`. Anything else is returned stripped, for the model validator to refuse."""
    text = (text or "").strip()
    match = _REFERENCE_PARTS_RE.match(text)
    if not match:
        return text
    first, second, third, suffix = match.groups()
    return f"{first} {second} {third}{suffix.lower()}"


class DecisionAdminForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = (
            "reference",
            "council",
            "category",
            "subcategory",
            "received_date",
            "decision_date",
            "outcome",
            "remedied_by_authority",
            "report_type",
            "published_on",
            "summary",
        )
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def clean_reference(self) -> str:
        return normalise_reference(self.cleaned_data.get("reference", ""))


class RecommendationAdminForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ("decision", "kind", "description", "amount", "due_date", "status", "outcome_date")
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 40})}


def _letter_year_choices() -> list[tuple[int, str]]:
    # Newest first: staff almost always write about the year that has just ended.
    newest = ReportingYear.current().start_year
    return [(year, ReportingYear(year).label) for year in range(newest, FIRST_YEAR - 1, -1)]


class AnnualLetterAdminForm(forms.ModelForm):
    year = forms.TypedChoiceField(
        label="Reporting year",
        coerce=int,
        choices=_letter_year_choices,
        help_text="The reporting year the letter reviews.",
    )

    class Meta:
        model = AnnualLetter
        fields = ("council", "year", "addressee", "body", "sent_on")
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
