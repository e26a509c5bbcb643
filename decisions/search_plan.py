"""How PostgreSQL finds a page of a word search listed newest first: by walking the list's order
until the page is full, or by finding every match through the word index and sorting them.

PostgreSQL chooses itself, and for words in between it walks where sorting is cheaper. A walk
reads about `depth / f` decisions for a page ending `depth` rows in, where `f` is the share of
decisions holding the words; the sort reads each of the `f * N` matches once. So the walk is
right for a common word and the sort for a rarer one, and where they cross depends on the
depth. The planner prices the walk's rows far too low. At ten times the sample (637,000
decisions with a search document), "site" has 3,067 matches. For its fifth page of 20 the
planner walked 34,806 decisions, 40 to 62 ms (EXPLAIN ANALYZE, 6 December), where sorting the
matches took 12 to 19 ms. Under ten clients making different searches, walks of over 10 ms were
a quarter of the rows queries and two thirds of their time. Raising the match function's cost
did not change the planner's choice.

So the choice is made here, from the column's own statistics. PostgreSQL keeps the share of
documents holding each of its most common lexemes (`pg_stats.most_common_elems`), and they are
read once per data version. A lexeme not in that list is rarer than the least listed. On that
10x database a decision walked cost about 2.4 us and a match sorted about 2.8 us. The sort is
taken when `matches ** 2 < WALK_PER_SORT * depth * documents`. Over 168 words of 1,000 to
30,000 matches, each at depths of 20, 50, 100 and 250, the rows took 7,865 ms always walking,
5,613 ms so, and 5,512 ms had each taken the faster way. Constants of 0.6 to 1.2 came within
4% of that. With 0.8, no page lost more than 10 ms against the faster way, the least of those
constants. For "site" the sort wins from the second page of 20; for "council", in 91% of the
decisions, it never does. With no statistics (a table never analysed), PostgreSQL chooses as
before.

SQLite's FTS5 table returns its matches first, so it always sorts; nothing here applies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from ombudsman.cache import Derived

WALK_PER_SORT = 0.8
_statistics = Derived("search:lexeme-statistics", size=2)


@dataclass(frozen=True)
class LexemeStatistics:
    documents: float  # decisions with a search document: the published
    shares: dict[str, float]  # lexeme: the share of those documents that hold it
    least: float  # the least share listed; a lexeme not listed is in fewer documents

    def matches(self, lexemes: Iterable[str]) -> float:
        """The decisions estimated to hold every lexeme, each taken as independent of the rest
        (as the planner takes them)."""
        return self.documents * math.prod(self.shares.get(x, self.least) for x in lexemes)

    def sorts(self, lexemes: tuple[str, ...], depth: int) -> bool:
        """Whether sorting every match costs less than walking the list's order to `depth`."""
        if not lexemes or depth < 1:
            return False
        matches = self.matches(lexemes)
        return matches * matches < WALK_PER_SORT * depth * self.documents


def lexeme_statistics(table: str) -> LexemeStatistics | None:
    """The statistics of `table`'s search column as PostgreSQL last gathered them (ANALYZE),
    or None when it has none (or the database is not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None

    def compute() -> LexemeStatistics | bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples * (1 - s.null_frac), s.most_common_elems::text::text[], "
                "s.most_common_elem_freqs FROM pg_stats s, pg_class c WHERE c.oid = "
                "%s::regclass AND s.schemaname = current_schema() AND s.tablename = %s "
                "AND s.attname = 'search_document'",
                [table, table],
            )
            row = cursor.fetchone()
        if row is None or row[1] is None or not row[0] or row[0] <= 0:
            return False
        documents, lexemes, shares = row
        # After one share per lexeme come the least and the greatest of them.
        return LexemeStatistics(
            documents, dict(zip(lexemes, shares[: len(lexemes)], strict=True)), shares[-2]
        )

    found = _statistics.get(table, compute=compute)
    return found or None


def sorts_matches(table: str, lexemes: tuple[str, ...], depth: int) -> bool:
    """Whether a newest-first page ending `depth` rows into `table`'s decisions that hold every
    one of `lexemes` is found faster by sorting the matches (PostgreSQL)."""
    statistics = lexeme_statistics(table)
    return statistics is not None and statistics.sorts(lexemes, depth)
