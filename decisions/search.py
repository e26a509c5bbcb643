"""Word search over decisions: a full-text index of each decision's summary, category and
subcategory, stemmed in English ("delays" finds "delayed", "complaint" finds "complaints").

Before this, each word of a search was five `UPPER(column) LIKE '%word%'` tests with no index,
a scan of every public decision: 305 ms at the sample's 94,000 decisions, 2.1 s at ten times
that. Now a word is a lookup in an inverted index:

- PostgreSQL: a GIN index on `to_tsvector('english', summary || category || subcategory)`
  (`SEARCH_VECTOR`, created by migration 0008 from this very expression, so the planner matches
  the two), asked with `plainto_tsquery('english', word)`.
- SQLite (`make run`): an FTS5 table with the Porter stemmer, `decisions_decision_search`, kept
  in step with the decisions by triggers (so every write path, imports and raw SQL included,
  updates it) and asked with MATCH.

A word also matches the decisions of every council whose name contains it ("hertsmere damp"):
the 400-odd council names are searched by substring, which costs nothing at any data size.
Every word must match (AND). Words are matched whole, after stemming: "hous" finds nothing.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from councils.models import Council
from decisions.models import Decision

CONFIG = "english"
SEARCH_VECTOR = SearchVector("summary", "category", "subcategory", config=CONFIG)
INDEX_NAME = "decision_search_idx"
FTS_TABLE = "decisions_decision_search"


def _fts_phrase(word: str) -> str:
    """One word as an FTS5 string: quoted, so that its punctuation and the words AND, OR, NOT
    and NEAR are text, not query syntax."""
    return '"' + word.replace('"', '""') + '"'


def _text_matches(word: str) -> Q:
    if connection.vendor == "postgresql":
        # As a subquery of ids: PostgreSQL then reads the matches from the index. Tested on the
        # list itself, the planner walked the decisions in date order and computed each one's
        # to_tsvector until it had a page (133 ms for a common word at 282,000 decisions).
        # "OFFSET 0" keeps the subquery whole (PostgreSQL does not fold a subquery with an
        # OFFSET into the outer query), so it is read from the index once and then looked up.
        query = SearchQuery(word, config=CONFIG, search_type="plain")
        matches = Decision.objects.alias(search_text=SEARCH_VECTOR).filter(search_text=query)
        sql, params = matches.order_by().values("pk").query.sql_with_params()
        return Q(id__in=RawSQL(f"{sql} OFFSET 0", params))
    return Q(
        id__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts_phrase(word)]
        )
    )


def decisions_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The decisions of `queryset` that every word matches (see the module's docstring)."""
    for word in words:
        # Read first, as a list: `council_id IN (1, 2)` can join the text index in one bitmap
        # scan on PostgreSQL, where a subquery there made the planner drop the index.
        councils = list(
            Council.objects.filter(short_name__icontains=word).values_list("pk", flat=True)
        )
        matches = _text_matches(word)
        queryset = queryset.filter(matches | Q(council_id__in=councils) if councils else matches)
    return queryset
