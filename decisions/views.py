"""A decision's page and an annual letter's page. Neither shows anything that is not public yet:
an unpublished decision or a draft letter is a 404, the same as one that does not exist."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import AnnualLetter, Decision, Recommendation, slug_to_reference


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


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        AnnualLetter.objects.filter(sent_on__isnull=False).select_related("council"), pk=pk
    )
    return render(request, "decisions/letter_detail.html", {"letter": letter})
