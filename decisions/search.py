"""Word search over decisions: a full-text index of each decision's summary, category and
subcategory, stemmed in English ("delays" finds "delayed", "complaint" finds "complaints").

Before this, each word of a search was five `UPPER(column) LIKE '%word%'` tests with no index,
a scan of every public decision: 305 ms at the sample's 94,000 decisions, 2.1 s at ten times
that. Now a word is a lookup in an inverted index:

- PostgreSQL: a stored generated column, `search_document`, the English tsvector of the three
  (migration 0008), with a GIN index, asked with `plainto_tsquery('english', word)`. Stored, so
  that PostgreSQL keeps statistics of its words and chooses well: a rare word is read from the
  index, a common one ("council": most decisions) by walking the newest decisions until a page
  is full, each tested in microseconds. An expression index instead let the planner guess,
  and each guess was wrong for one kind of word (4 s for "council" at 282,000 decisions).
- SQLite (`make run`): an FTS5 table with the Porter stemmer, `decisions_decision_search`, kept
  in step with the decisions by triggers (so every write path, imports and raw SQL included,
  updates it) and asked with MATCH.

A word also matches the decisions of every council whose name contains it ("hertsmere damp"):
the 400-odd council names are searched by substring, which costs nothing at any data size.
Every word must match (AND). Words are matched as whole words after stemming, not as any part
of a word.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from councils.models import Council

CONFIG = "english"
INDEX_NAME = "decision_search_idx"
FTS_TABLE = "decisions_decision_search"


def _fts_phrase(word: str) -> str:
    """One word as an FTS5 string: quoted, so that its punctuation and the words AND, OR, NOT
    and NEAR are text, not query syntax."""
    return '"' + word.replace('"', '""') + '"'


def _text_matches(word: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(
                "search_document @@ plainto_tsquery(%s::regconfig, %s)",
                [CONFIG, word],
                output_field=BooleanField(),
            )
        )
    return Q(
        id__in=RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts_phrase(word)]
        )
    )


def decisions_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The decisions of `queryset` that every word matches (see the module's docstring)."""
    for word in words:
        # Read first, as a list: `council_id IN (1, 2)` can join the text index in one bitmap
        # scan on PostgreSQL, where a subquery there kept the planner from the index.
        councils = list(
            Council.objects.filter(short_name__icontains=word).values_list("pk", flat=True)
        )
        matches = _text_matches(word)
        queryset = queryset.filter(matches | Q(council_id__in=councils) if councils else matches)
    return queryset
