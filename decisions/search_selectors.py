"""Reads for the decisions search pages (`/decisions/`, `/reports/`): the public decisions a
search finds, the choices its filters offer, and a public decision by its reference.

Every list starts from `Decision.objects.public()`, as every public list does
(docs/architecture.md, "The data flow"); the word search is `decisions.search`, the one the API
uses, here in its ranked form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from councils.models import Council
from councils.querysets import with_council
from councils.selectors import CouncilNameIndex, council_name_index
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .models import Decision, Recommendation
from .search import decisions_search, decisions_search_ranked

# Per data version (and, for what depends on publication, per day): the category list was a
# SELECT DISTINCT over every public decision, the council names a read of every council.
_categories = Derived("search:categories", size=4)
_councils = Derived("search:councils", size=2)


@dataclass(frozen=True)
class DecisionQuery:
    """What a reader asked for, checked (decisions.search_forms): each part narrows the list."""

    words: tuple[str, ...] = ()
    reference: str | None = None
    council: Council | None = None
    year: ReportingYear | None = None
    outcome: str = ""
    category: str = ""
    subcategory: str = ""
    report_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    remedies: tuple[str, ...] = ()
    # Newest first even with words (the Ombudsman's own search lists by date).
    newest: bool = False


@dataclass(frozen=True)
class Found:
    """What a search found: `rows` in the order shown; `counted`, the same rows to count (a
    ranked search's matches, unordered); and `ranked`, whether words put the best match first,
    which past `ombudsman.counts.CAP` matches they do not
    (`decisions.search.decisions_search_ranked`)."""

    rows: QuerySet[Decision]
    counted: QuerySet[Decision]
    ranked: bool = False


def decisions_find(*, query: DecisionQuery) -> Found:
    """The public decisions that match every part of `query`: best match first when it has
    words (`relevance`) and no more than `ombudsman.counts.CAP` matches, else newest first. A
    reference is that decision, if public and of the other filters (as the API's `q` is)."""
    decisions = with_council(Decision.objects.public())
    if query.reference:
        decisions = decisions.filter(reference=query.reference)
    if query.council:
        decisions = decisions.filter(council=query.council)
    if query.year:
        decisions = decisions.in_year(query.year)
    if query.outcome:
        decisions = decisions.filter(outcome=query.outcome)
    if query.category:
        decisions = decisions.filter(category=query.category)
    if query.subcategory:
        decisions = decisions.filter(subcategory=query.subcategory)
    if query.report_type:
        decisions = decisions.filter(report_type=query.report_type)
    if query.date_from:
        decisions = decisions.filter(decision_date__gte=query.date_from)
    if query.date_to:
        decisions = decisions.filter(decision_date__lte=query.date_to)
    if query.remedies:
        # Any of the kinds asked for: "an apology or financial redress".
        asked = Recommendation.objects.filter(decision=OuterRef("pk"), kind__in=query.remedies)
        decisions = decisions.filter(Exists(asked))
    if query.words and not query.newest:
        return Found(*decisions_search_ranked(decisions, list(query.words)))
    if query.words:
        decisions = decisions_search(decisions, list(query.words))
    decisions = decisions.newest_first()
    return Found(decisions, decisions)


def decision_public_by_reference(*, reference: str) -> Decision | None:
    """The public decision with this reference (as stored: `22 004 123`); None when there is
    none or it is not public yet, which the reader is not told apart."""
    return Decision.objects.public().filter(reference=reference).first()


def search_categories() -> dict[str, tuple[str, ...]]:
    """Each category of the public decisions, A to Z, with its subcategories A to Z."""
    today = timezone.localdate()

    def compute() -> dict[str, tuple[str, ...]]:
        pairs = Decision.objects.public(today).distinct_by_probes("category", "subcategory")
        found: dict[str, list[str]] = {}
        for category, subcategory in pairs:
            subcategories = found.setdefault(category, [])
            if subcategory:
                subcategories.append(subcategory)
        return {category: tuple(subs) for category, subs in found.items()}

    return _categories.get(today.isoformat(), compute=compute)


def search_councils() -> tuple[CouncilNameIndex, tuple[str, ...]]:
    """The councils by every name they go by (`councils.selectors`: the matching the imports
    use), and their official names A to Z for the page to suggest."""

    def compute():
        index = council_name_index()
        names = sorted({council.name for council in index.by_gss.values()})
        return index, tuple(names)

    return _councils.get(compute=compute)
