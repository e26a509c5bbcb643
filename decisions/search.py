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
  The column is NULL for a decision with no publication date (migration 0012): every word
  search is of a public list, and the never-published third of the decisions only cost a
  search the fetching of their matches to throw them away, and misled the planner's guesses.
  (SQLite's table holds every decision; the public test leaves the same rows out there.)
- SQLite (`make run`): an FTS5 table with the Porter stemmer, `decisions_decision_search`, kept
  in step with the decisions by triggers (so every write path, imports and raw SQL included,
  updates it) and asked with MATCH.

A word also matches the decisions of every council whose name contains it ("hertsmere damp"):
the 400-odd council names are searched by substring, which costs nothing at any data size.
Every word must match (AND). Words are matched as whole words after stemming, not as any part
of a word.

`decisions_search_ranked` is the same search, best match first (the decisions page): the words
that name no council are scored with PostgreSQL's `ts_rank` on `search_document` or FTS5's
`bm25()`. On SQLite the FTS table is joined rather than asked once per row: `bm25()` counts
each word's documents afresh for every query of the table, so a correlated subquery per
decision cost the square of the matches. A word that names a council is left out of the score:
it may match through the council's name instead of the text, and as a filter it says where, not
how well. Every decision found holds each scored word in its text, so the join loses none.
Past `ombudsman.counts.CAP` matches a search is not ranked but newest first (its docstring).
A newest-first page of a search is found by walking the list's order or by sorting every match,
whichever `decisions.search_plan` judges cheaper for how deep the page is.
"""

from __future__ import annotations

import functools
import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from councils.selectors import councils_by_id
from ombudsman import counts

from .forms import normalise_reference
from .models import REFERENCE_RE

CONFIG = "english"
INDEX_NAME = "decision_search_idx"
FTS_TABLE = "decisions_decision_search"
# Each word of a search is a lookup in the full-text index; ten words used to take 1.6 s at
# 294,000 decisions, when each was a scan of every summary. The API and the page refuse more.
MAX_WORDS = 5
_REFERENCE = re.compile(REFERENCE_RE)


def validate_few_words(value: str) -> None:
    if len(value.split()) > MAX_WORDS:
        raise ValidationError(
            f"Search for at most {MAX_WORDS} words; narrow the list with the other filters."
        )


def whole_reference(text: str) -> str | None:
    """The decision reference `text` is, however typed (`22-004-123`, ` 22 004 123b `,
    `22004123`), written as stored; None when it is not a whole reference."""
    reference = normalise_reference(text)
    return reference if _REFERENCE.fullmatch(reference) else None


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


def _councils_named(word: str) -> list[int]:
    """The councils whose short name holds `word`, in any case, as a list: `council_id IN (1,
    2)` can join the text index in one bitmap scan on PostgreSQL, where a subquery there kept
    the planner from the index. Matched here, in the councils kept per data version
    (`councils.selectors.councils_by_id`), rather than by a query for each word: under ten
    clients making different searches, each small query was a round trip to wait for among the
    busy database's work."""
    wanted = word.upper()
    return [pk for pk, council in councils_by_id().items() if wanted in council.short_name.upper()]


def _matches(word: str, councils: list[int]) -> Q:
    matches = _text_matches(word)
    return matches | Q(council_id__in=councils) if councils else matches


def _searchable(words: list[str]) -> list[str]:
    """The words worth looking for. PostgreSQL's English configuration has no lexeme for a stop
    word ("the", "from"), and a tsquery without one matches nothing: "noise from the bar"
    found no decision at all. Such words are dropped, as the configuration means them to be
    (and so are not looked for in council names either: "the" is in "Rotherham"). SQLite's
    FTS5 keeps every word."""
    if connection.vendor != "postgresql":
        return words
    return [word for word in words if _lexemes(word)]


def _lexemes_of(words: list[str]) -> list[str]:
    """The lexemes PostgreSQL looks for for `words`, for choosing how to find a page of them
    (`decisions.search_plan`); none on SQLite, which has no such choice."""
    if connection.vendor != "postgresql":
        return []
    return [lexeme for word in words for lexeme in _lexemes(word)]


@functools.lru_cache(maxsize=4096)
def _lexemes(word: str) -> tuple[str, ...]:
    """The lexemes PostgreSQL's English configuration makes of `word`, the ones its tsquery
    holds (none for a stop word). They are the configuration's, not the data's, so they are
    kept for the life of the process (for the 4,096 words asked last): a query for them on
    every search was a round trip of its own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [CONFIG, word])
        return tuple(cursor.fetchone()[0])


def decisions_search(queryset: QuerySet, words: list[str]) -> QuerySet:
    """The decisions of `queryset` that every word matches (see the module's docstring): on
    PostgreSQL, of those with a publication date alone, so for public lists. They are marked
    with the lexemes of the words that name no council, from which a page of them is found the
    cheaper way (`decisions.search_plan`): a word that names one also matches by the name."""
    scored = []
    for word in _searchable(words):
        councils = _councils_named(word)
        queryset = queryset.filter(_matches(word, councils))
        if not councils:
            scored.append(word)
    return queryset.searched_for(_lexemes_of(scored))


def decisions_search_ranked(
    queryset: QuerySet, words: list[str]
) -> tuple[QuerySet, QuerySet, bool]:
    """`decisions_search`, annotated with `relevance` (higher is better) and ordered by it, then
    newest first (see the module's docstring); the same matches unordered, to count; and
    whether they were ranked. They are not when every word names a council (newest first).

    They are not when there are more than `CAP` of them (`ombudsman.counts`): such a list is
    newest first, as the API's is. Ranking reads every match's text; a ranked search of more
    than the cap ranked the newest 10,001 matches, and finding those for a word in one decision
    of seventy ("whether") walked 73,000 decisions of the list's order (97 ms at ten times the
    sample) and scoring them cost more again. A word in more than a thousand decisions says
    little of which is the best match; the page says why they are newest first and that more
    words or a filter will rank them. The CSV is in the page's order, so it follows the same
    rule."""
    scored = []
    for word in _searchable(words):
        councils = _councils_named(word)
        if councils:
            queryset = queryset.filter(_matches(word, councils))
        else:
            scored.append(word)
    if not scored:
        # Every word names a council: nothing to score, so the list is newest first and says
        # so (it said "best match first" over an order that was the date's alone).
        return queryset.newest_first(), queryset, False
    for word in scored:
        queryset = queryset.filter(_matches(word, []))
    matches = queryset
    if not counts.capped_count(matches)[1]:
        return matches.searched_for(_lexemes_of(scored)).newest_first(), matches, False
    if connection.vendor == "postgresql":
        # One score for the scored words together: ts_rank weighs how often and how densely
        # they appear, and a summary that says "noise" three times outranks one that says it
        # once.
        rank = RawSQL(
            "ts_rank(search_document, plainto_tsquery(%s::regconfig, %s))",
            [CONFIG, " ".join(scored)],
            output_field=FloatField(),
        )
        queryset = queryset.annotate(relevance=rank)
    else:
        # Phrases side by side are an AND in FTS5, as the words are above. bm25() is lower for
        # a better match: negated, so that both databases sort it the same way.
        table = queryset.model._meta.db_table
        queryset = queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE} MATCH %s", f"{FTS_TABLE}.rowid = {table}.id"],
            params=[" ".join(_fts_phrase(word) for word in scored)],
            select={"relevance": f"-bm25({FTS_TABLE})"},
        )
    return queryset.order_by("-relevance", "-decision_date", "reference"), matches, True
