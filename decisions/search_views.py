"""The decisions search page (`/decisions/`) and the public reports page (`/reports/`, the same
search over public reports only): words ranked by relevance, filters, pages with a count, the
result as CSV, and a reference typed into the box taken straight to its decision.

The query string is the whole state (a GET form), so a search can be shared by its address.
The pages are sent with a data ETag (`ombudsman.conditional`), and a repeat of a search is
answered from the finished page kept under its tag, in the store for lists: every search is an
address of its own, and they must not push the map's kept responses out. The count, the costly
part of a deep list, is kept per data version and counted no further than `CAP` decisions
(`ombudsman.counts`, 1,000): past that the page says "more than 1,000", its pages go as far as
the 1,000th, and words list them newest first, not ranked (`decisions.search`), with a note
saying so. The CSV is every match in the page's order, whatever the count says (streamed:
tagged, never kept).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from ombudsman import counts
from ombudsman.cache import Derived
from ombudsman.conditional import data_conditional
from ombudsman.counts import CappedPaginator

from .api.renderers import csv_stream
from .choices import ReportType
from .search_forms import DecisionSearchForm
from .search_selectors import decision_public_by_reference, decisions_find, search_councils
from .search_widgets import datalist_options
from .services.exports import decision_rows
from .services.imports.layout import DECISION_HEADER

PER_PAGE = 20


@dataclass(frozen=True)
class SearchPage:
    url_name: str
    title: str
    csv_name: str
    # Filters the page sets itself, which are then not parameters of it.
    fixed: dict = field(default_factory=dict)


DECISIONS = SearchPage("decision-search", "Search decisions", "decisions")
REPORTS = SearchPage(
    "report-search", "Public reports", "reports", {"report_type": ReportType.REPORT}
)


@data_conditional(kept="lists")
def decision_search(request: HttpRequest) -> HttpResponse:
    return _search(request, DECISIONS)


@data_conditional(kept="lists")
def report_search(request: HttpRequest) -> HttpResponse:
    return _search(request, REPORTS)


def _search(request: HttpRequest, page: SearchPage) -> HttpResponse:
    form = DecisionSearchForm(request.GET, fixed=page.fixed)
    context = {"form": form, "search_page": page, "nav_section": "decisions"}
    if not form.is_valid():
        if request.GET.get("format") == "csv":
            return _csv_errors(form)
        return _render(request, {**context, "problems": form.errors_by_parameter()}, status=400)
    query = form.query()
    if query.council:
        # The box shows the council's name, though the link from its page gave the GSS code.
        form.data = form.data.copy()
        form.data["council"] = query.council.name
    wants_csv = form.cleaned_data["format"] == "csv"
    if query.reference and not wants_csv:
        decision = decision_public_by_reference(reference=query.reference)
        if decision is not None:
            return redirect(decision)
        return _render(request, {**context, "missing_reference": query.reference}, status=404)
    found = decisions_find(query=query)
    if wants_csv:
        rows = decision_rows(found.rows, keep_order=True)
        response = StreamingHttpResponse(
            csv_stream(DECISION_HEADER, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{page.csv_name}.csv"'
        return response
    paginator = CappedPaginator(found.rows, PER_PAGE, counted=found.counted)
    asked = form.cleaned_data["page"] or 1
    notes = []
    if form.has_no_words():
        notes.append("There were no words to search for, only punctuation: these are all of them.")
    if query.words and not query.newest and not found.ranked and not paginator.count_exact:
        notes.append(
            f"More than {counts.CAP:,} match these words, too many to rank well, so they are "
            "listed newest first. Add a word or a filter to see the best matches first."
        )
    if asked > paginator.num_pages and not paginator.count_exact:
        notes.append(
            f"Pages go up to {paginator.num_pages:,}, the first {paginator.count:,} "
            f"matches. This is the last: narrow the search with its filters for the rest, or "
            "download all of them as CSV."
        )
    elif asked > paginator.num_pages:
        notes.append(
            f"There is no page {asked}: the list has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}. This is the last."
        )
    return _render(
        request,
        {
            **context,
            "page": paginator.page(min(asked, paginator.num_pages)),
            "ranked": found.ranked,
            "notes": notes,
        },
    )


# The form's filters (all its boxes but the words) are 27 of a search page's 41 KB and a fifth
# of its Python (2.5 ms at 10x, 3 December); for most searches they are the same, the words
# alone changing. So each choice of them is rendered once per data version and day (the
# subcategories offered are those of the public decisions, and the council names the data's),
# under a digest of what the boxes show. A form with problems is rendered afresh: its boxes
# carry their messages.
_filters = Derived("search:filters", size=64)
FILTERS_TEMPLATE = "decisions/includes/search_filters.html"
NOT_FILTERS = ("q", "page", "format")


def _filters_html(form: DecisionSearchForm, page: SearchPage) -> str:
    def compute() -> str:
        _, names = search_councils()
        context = {"form": form, "search_page": page, "council_options": datalist_options(names)}
        return render_to_string(FILTERS_TEMPLATE, context)

    if form.errors:
        return compute()
    shown = [(name, form.data.getlist(name)) for name in form.fields if name not in NOT_FILTERS]
    digest = hashlib.sha256(repr((page.url_name, shown)).encode()).hexdigest()
    return _filters.get(timezone.localdate().isoformat(), digest, compute=compute)


def _render(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context = {**context, "filters": _filters_html(context["form"], context["search_page"])}
    return render(request, "decisions/search.html", context, status=status)


def _csv_errors(form: DecisionSearchForm) -> HttpResponse:
    """A CSV asked for with a bad parameter: the problems in plain text, not an empty table."""
    lines = [
        f"{name}: {message}" if name else message for name, _, message in form.errors_by_parameter()
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )
