"""Admin forms for decisions and letters.

The model `clean()` methods hold the domain rules and report them on the right field; Django
then skips the matching database constraint check for a field that already has an error, so
staff see one plain message, never an IntegrityError. These forms only tidy what staff type.
"""

from __future__ import annotations

import re

from django import forms

from ombudsman.years import FIRST_YEAR, ReportingYear

from .models import AnnualLetter, Decision, LetterRecipients, LetterYear, Recommendation
from .service_areas import CHOICES as CATEGORY_CHOICES
from .service_areas import heading_for, unknown_category_message
from .services import letter_changes as rules
from .services.letter_recipients_import import PEOPLE_COLUMNS

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
    """The category is chosen from the controlled list (decisions.service_areas); a decision
    stored under a name the list does not know shows that name, and is refused with the list
    until a heading is chosen."""

    category = forms.CharField(
        label="Category",
        max_length=Decision._meta.get_field("category").max_length,
        widget=forms.Select,
        help_text="The Ombudsman's heading (service area) for the complaint.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a category"), *CATEGORY_CHOICES]
        stored = self.initial.get("category")
        if stored and stored not in dict(CATEGORY_CHOICES):
            choices.append((stored, f"{stored} (not in the list: choose a heading)"))
        self.fields["category"].widget.choices = choices

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

    def clean_category(self) -> str:
        text = self.cleaned_data.get("category", "")
        heading = heading_for(text)
        if heading is None:
            raise forms.ValidationError(unknown_category_message(text))
        return heading


class RecommendationAdminForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ("decision", "kind", "description", "amount", "due_date", "status", "outcome_date")
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 40})}


def _letter_year_choices() -> list[tuple[int, str]]:
    # Newest first: staff almost always write about the year that has just ended.
    newest = ReportingYear.current().start_year
    return [(year, ReportingYear(year).label) for year in range(newest, FIRST_YEAR - 1, -1)]


def _year_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Reporting year",
        coerce=int,
        choices=_letter_year_choices,
        help_text="The reporting year the letters review.",
    )


class LetterRecipientsAdminForm(forms.ModelForm):
    year = _year_field()

    class Meta:
        model = LetterRecipients
        fields = ("council", "year", *PEOPLE_COLUMNS)


class LetterYearAdminForm(forms.ModelForm):
    year = _year_field()

    class Meta:
        model = LetterYear
        fields = ("year", "signatory_name", "signatory_title", "publication_date")


class AnnualLetterAdminForm(forms.ModelForm):
    """A draft is edited freely. Once sent (decisions.services.letter_changes): a change to the
    text becomes a correction with a note, the sent date stays, and withdrawing needs a reason;
    every refusal says why on the field."""

    year = _year_field()
    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sent letters only: what changed and why. Shown on the public page beside "
        "the original text.",
    )

    class Meta:
        model = AnnualLetter
        fields = (
            "council",
            "year",
            "addressee",
            "body",
            "sent_on",
            "withdrawn_on",
            "withdrawal_reason",
        )
        widgets = {
            "body": forms.Textarea(attrs={"rows": 30}),
            "addressee": forms.Textarea(attrs={"rows": 3}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = None
        self.corrected_body = None
        instance = self.instance
        # The letter as stored, not the instance given: the history's revert form gives an
        # earlier version (perhaps a draft) of a letter that may since have been sent.
        stored = AnnualLetter.objects.filter(pk=instance.pk).first() if instance.pk else None
        if stored is not None and stored.is_sent:
            self.original = stored
            if instance.body == stored.body:
                # A sent letter is edited from its text as it stands, corrections included.
                self.initial["body"] = stored.current_body

    def clean(self):
        data = super().clean()
        original = self.original
        if original is None:
            if data.get("withdrawn_on") or data.get("withdrawal_reason"):
                self.add_error("withdrawn_on", rules.NOT_SENT)
            return data
        if data.get("sent_on") != original.sent_on:
            self.add_error("sent_on", rules.UNSEND)
        for name in ("council", "year"):
            if name in data and data[name] != getattr(original, name):
                self.add_error(name, rules.FROZEN_FIELDS)
        if "addressee" in data and not _same_text(data["addressee"], original.addressee):
            self.add_error("addressee", rules.FROZEN_FIELDS)
        data["addressee"] = original.addressee
        if original.withdrawn_on is not None and (
            data.get("withdrawn_on") != original.withdrawn_on
            or not _same_text(data.get("withdrawal_reason") or "", original.withdrawal_reason)
        ):
            self.add_error("withdrawn_on", rules.UNWITHDRAW)
        elif data.get("withdrawn_on") and not (data.get("withdrawal_reason") or "").strip():
            self.add_error("withdrawal_reason", rules.REASON_NEEDED)
        elif data.get("withdrawal_reason") and not data.get("withdrawn_on"):
            self.add_error("withdrawn_on", "Give the date the letter was withdrawn.")
        body = data.get("body")
        if body is not None and _same_text(body, original.current_body):
            data["body"] = original.body
        elif body is not None:
            if not (data.get("correction_note") or "").strip():
                self.add_error("correction_note", rules.NOTE_NEEDED)
            self.corrected_body = body
            # The letter keeps its text as sent; the new text is saved as a correction.
            data["body"] = original.body
        return data


def _same_text(a: str, b: str) -> bool:
    # A browser sends a textarea's lines ending in CRLF: that is not a change of text.
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()
