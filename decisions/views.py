from django.shortcuts import get_object_or_404, render

from .models import AnnualLetter, Decision, slug_to_reference


def decision_detail(request, slug):
    decision = get_object_or_404(
        Decision.objects.public().select_related("council"), reference=slug_to_reference(slug)
    )
    return render(request, "decisions/decision_detail.html", {"decision": decision})


def letter_detail(request, pk):
    letter = get_object_or_404(
        AnnualLetter.objects.filter(sent_on__isnull=False).select_related("council"), pk=pk
    )
    return render(request, "decisions/letter_detail.html", {"letter": letter})
