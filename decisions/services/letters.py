"""Drafting the annual review letters: one per council, from the statistics module's figures.

Every figure in a letter comes from `decisions.statistics` (the year table's rows and averages,
its `rate` for the shares in the tables, the figure registry for the labels); the counts by
category, which the year table does not carry, are counted by `decisions.letter_selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from councils.models import Council
from councils.querysets import TYPE_PLURAL
from decisions.choices import Outcome
from decisions.letter_models import COPIED, LetterRecipients, LetterYear, Role
from decisions.letter_selectors import year_category_counts, year_service_improvements
from decisions.models import AnnualLetter
from decisions.statistics import SMALL_NUMBER_THRESHOLD, rate, year_table
from decisions.statistics.figures import FIGURE
from decisions.statistics.uncertainty import CLASS_TEXT, bound_fields
from ombudsman.dataversion import batched_changes
from ombudsman.years import ReportingYear

TEMPLATE = "letters/annual_review.md"
# The three key statistics, in the order the letter gives them.
KEY_STATISTICS = ("upheld_rate", "compliance_rate", "satisfactory_remedy_rate")
# Improvements quoted in full; more are counted and left to the council's page.
IMPROVEMENTS_QUOTED = 8
CATEGORIES_SHOWN = 12


class LetterError(Exception):
    """Why letters cannot be drafted or sent as asked; the message is for staff."""


NO_SITE_URL = (
    "The letters link to the council's page on the map, and no public address is set: set "
    "SITE_URL (see the README's configuration table) or draft them from the admin."
)


@dataclass
class LetterSummary:
    created: int = 0
    redrafted: int = 0
    kept: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} letters drafted, {self.redrafted} drafts redrafted, "
            f"{self.kept} left as they were (sent, or edited drafts kept)."
        )


def site_url_for(request=None) -> str:
    """The public address the letters link to: SITE_URL, or the address the admin was reached
    at; never empty (LetterError)."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise LetterError(NO_SITE_URL)


def letter_addressee(council: Council, recipients: LetterRecipients | None) -> str:
    """The address block: the chief executive by name when known, then the council, once."""
    if recipients and recipients.chief_executive_name:
        return f"{recipients.chief_executive_name}\nChief Executive\n{council.name}"
    return f"The Chief Executive\n{council.name}"


def _statistic(key: str, row: dict, average: dict) -> dict:
    """One key statistic as the letter states it: its label, the counts behind it, the rate, its
    95% interval and class against similar councils (decisions.statistics.uncertainty) and the
    similar councils' rate. The one place a statistic's context is built."""
    figure = FIGURE[key]
    lower, upper = (row.get(field) for field in bound_fields(key))
    compared = (row.get("compared") or {}).get(key)
    return {
        "lower": lower,
        "upper": upper,
        "compared_text": CLASS_TEXT.get(compared, ""),
        "key": key,
        "label": figure.label.lower(),
        "numerator": figure.numerator_value(row),
        "denominator": row[figure.denominator],
        "value": row[key],
        "average": average[key],
        "small": key in row["small_numbers"],
        "none_text": figure.none_text,
    }


def _outcome_rows(row: dict, average: dict) -> list[dict]:
    return [
        {
            "label": label,
            "count": row["outcomes"].get(code, 0),
            "share": rate(row["outcomes"].get(code, 0), row["decisions"]),
            "similar_share": rate(average["outcomes"].get(code, 0), average["decisions"]),
        }
        for code, label in Outcome.choices
    ]


def _category_rows(mine: dict[str, int], similar: dict[str, int]) -> list[dict]:
    total, similar_total = sum(mine.values()), sum(similar.values())
    shown = sorted(mine.items(), key=lambda item: (-item[1], item[0]))[:CATEGORIES_SHOWN]
    rows = [
        {
            "label": category,
            "count": count,
            "share": rate(count, total),
            "similar_share": rate(similar.get(category, 0), similar_total),
        }
        for category, count in shown
    ]
    rest = total - sum(r["count"] for r in rows)
    return rows + ([{"label": "Other categories", "count": rest, "rest": True}] if rest else [])


def letter_body(
    *,
    council: Council,
    year: ReportingYear,
    row: dict,
    average: dict,
    site_url: str,
    recipients: LetterRecipients | None = None,
    letter_year: LetterYear | None = None,
    categories: dict[str, int] | None = None,
    similar_categories: dict[str, int] | None = None,
    improvements: list | None = None,
) -> str:
    improvements = improvements or []
    page = site_url + reverse("council-detail", kwargs={"slug": council.slug})
    copies = []
    if recipients:
        for role in COPIED:
            name = getattr(recipients, f"{role.value}_name")
            if name:
                copies.append(f"{name}, {Role(role).label.lower()}")
    text = render_to_string(
        TEMPLATE,
        {
            "council": council,
            "year": year,
            "row": row,
            "average": average,
            "statistics": [_statistic(key, row, average) for key in KEY_STATISTICS],
            "outcomes": _outcome_rows(row, average),
            "categories": _category_rows(categories or {}, similar_categories or {}),
            "improvements": improvements[:IMPROVEMENTS_QUOTED],
            "improvements_more": max(len(improvements) - IMPROVEMENTS_QUOTED, 0),
            "threshold": SMALL_NUMBER_THRESHOLD,
            "type_plural": TYPE_PLURAL[council.authority_type],
            "salutation": recipients.chief_executive_name if recipients else "Chief Executive",
            "page_url": f"{page}?year={year.label}",
            "site_url": site_url,
            "letter_year": letter_year,
            "copies": copies,
        },
    )
    # The template's tags leave blank lines; Markdown reads one blank line as many.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    squeezed = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(squeezed) + "\n"


@transaction.atomic
def letters_generate(
    *, year: ReportingYear, redraft: bool = False, site_url: str | None = None
) -> LetterSummary:
    """Draft a letter for every council that existed in the year. Sent letters are never touched;
    existing drafts are kept (staff may have edited them) unless `redraft`."""
    site_url = (site_url or site_url_for()).rstrip("/")
    table = year_table(year)
    councils = Council.objects.in_bulk(
        [row["gss_code"] for row in table["councils"]], field_name="gss_code"
    )
    recipients = {r.council_id: r for r in LetterRecipients.objects.filter(year=year.start_year)}
    letter_year = LetterYear.objects.filter(year=year.start_year).first()
    by_council, by_type = year_category_counts(year=year)
    improvements = year_service_improvements(year=year, site_url=site_url)
    existing = {
        letter.council_id: letter for letter in AnnualLetter.objects.filter(year=year.start_year)
    }
    summary = LetterSummary()
    with batched_changes():
        for row in table["councils"]:
            council = councils[row["gss_code"]]
            people = recipients.get(council.pk)
            letter = existing.get(council.pk)
            if letter is not None and (letter.is_sent or not redraft):
                summary.kept += 1
                continue
            body = letter_body(
                council=council,
                year=year,
                row=row,
                average=table["averages"][council.authority_type],
                site_url=site_url,
                recipients=people,
                letter_year=letter_year,
                categories=by_council.get(council.pk, {}),
                similar_categories=by_type.get(council.authority_type, {}),
                improvements=improvements.get(council.pk, []),
            )
            addressee = letter_addressee(council, people)
            if letter is None:
                AnnualLetter.objects.create(
                    council=council, year=year.start_year, body=body, addressee=addressee
                )
                summary.created += 1
            else:
                letter.body, letter.addressee = body, addressee
                letter.save(update_fields=["body", "addressee", "updated_at"])
                summary.redrafted += 1
    return summary
