"""Query-parameter fields shared by the API: a reporting year, validated with a message that
shows the right form (the 400 names the parameter, as DRF puts errors under the field name)."""

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ombudsman.years import FORMAT_HINT, ReportingYear, YearFormatError, site_year, site_years

# The exact set of labels the API accepts, so that the schema promises no more than the server
# takes (a pattern like \d{4}-\d{2} would also admit 2019-21): the site's years as they stand
# when the process starts (a process running across 1 April documents one year too few, which
# the server then still accepts).
_FIRST, _LAST = site_years()
YEAR_SCHEMA = {
    "type": "string",
    "enum": [ReportingYear(y).label for y in range(_FIRST.start_year, _LAST.start_year + 1)],
    "example": "2022-23",
}


@extend_schema_field(YEAR_SCHEMA)
class ReportingYearField(serializers.CharField):
    """A `2019-20` label in, a ReportingYear out."""

    default_error_messages = {"invalid_year": "{message}"}

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return site_year(text)
        except YearFormatError as exc:
            self.fail("invalid_year", message=str(exc))


class ReportingYearFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return site_year(value)
        except YearFormatError as exc:
            # The message quotes what was typed, which may hold a "%": pass it as a parameter.
            raise forms.ValidationError("%(message)s", params={"message": str(exc)}) from exc


@extend_schema_field(
    {**YEAR_SCHEMA, "description": f"Reporting year: {FORMAT_HINT}. See each endpoint for its use."}
)
class ReportingYearFilter(filters.Filter):
    """A django-filter filter for `?year=2019-20`; the filtering itself is a `method`."""

    field_class = ReportingYearFormField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", f"Reporting year: {FORMAT_HINT}.")
        super().__init__(*args, **kwargs)


# A text parameter that must hold something other than white space, as a pattern the schema
# publishes: DRF trims what Python calls white space, which is more than a JavaScript-style \s
# (the separators \x1c-\x1f and NEL \x85 too), so those are named for clients and fuzzers that
# read \s the other way.
NOT_BLANK = r"[^\s\x1c-\x1f\x85]"
