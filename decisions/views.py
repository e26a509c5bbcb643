"""A decision's page and an annual letter's page. Neither shows anything that is not public yet:
an unpublished decision or a draft letter is a 404, the same as one that does not exist."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from councils.querysets import with_council
from pages.params import query_year, takes

from .letter_selectors import letter_years, year_letters
from .models import AnnualLetter, Decision, Recommendation, slug_to_reference
from .services.letter_pdf import letter_pdf_response
from .services.letter_text import letter_html


@takes()
def decision_detail(request: HttpRequest, slug: str) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.public()
        .select_related("council")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("due_date", "id"))
        ),
        reference=slug_to_reference(slug),
    )
    recommendations = list(decision.recommendations.all())
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "remedies": [r for r in recommendations if not r.is_service_improvement],
            "improvements": [r for r in recommendations if r.is_service_improvement],
        },
    )


def _sent_letter(pk: int) -> AnnualLetter:
    letters = AnnualLetter.objects.filter(sent_on__isnull=False).prefetch_related("corrections")
    return get_object_or_404(with_council(letters), pk=pk)


@takes()
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent letter as it stands: its latest text, each correction's note and date, the text as
    sent, and a withdrawal with its reason (a withdrawn letter stays public, marked so)."""
    letter = _sent_letter(pk)
    corrections = list(letter.corrections.all())
    return render(
        request,
        "decisions/letter_detail.html",
        {
            "letter": letter,
            "body_html": letter_html(letter.current_body),
            "corrections": corrections,
            "original_html": letter_html(letter.body) if corrections else "",
            "address_lines": [line for line in letter.addressee.splitlines() if line.strip()],
        },
    )


@takes()
def letter_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    return letter_pdf_response(_sent_letter(pk))


@takes("year")
def letter_list(request: HttpRequest) -> HttpResponse:
    """Every sent letter of a year, England-wide (default: the newest year with one)."""
    years = letter_years()
    year = query_year(request, allowed=years) or (years[0] if years else None)
    return render(
        request,
        "decisions/letter_list.html",
        {
            "year": year,
            "years": years,
            "letters": year_letters(year=year) if year else [],
        },
    )
