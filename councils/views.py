from django.shortcuts import get_object_or_404, render

from .models import Council


def council_list(request):
    councils = Council.objects.all()
    return render(request, "councils/council_list.html", {"councils": councils})


def council_detail(request, slug):
    council = get_object_or_404(Council, slug=slug)
    return render(request, "councils/council_detail.html", {"council": council})
