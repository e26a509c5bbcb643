"""Row counts of list queries kept per data version (the API's pages, the search page and the
admin's lists), and for the long lists, counted no further than `CAP` rows.

A list's count was a COUNT(*) over every matching row on every request: 1,495 of a search's
1,551 ms at ten times the sample, 27 ms of each admin list request. Now it is counted once per
data version and query; shared, so one server's count serves the others.

That still left the first request after each change counting every matching row: 523 ms for
the API's `?q=council` at ten times the sample, against 55 ms at one time. So a long list
(`CappedPaginator`) counts at most `CAP` + 1 rows, as Elasticsearch's `track_total_hits` does:
its count is exact up to `CAP` and past it says "more than `CAP`", and the one extra row is how
it knows which. `CAP` is the 1,000 rows numbered pages reach (`ombudsman.api.pagination`'s
`MAX_DEPTH`): every page a reader can ask for is one whose rows the count has seen. What must
be exact (CSV downloads, statistics, tallies, letters) counts its rows itself, never here.

The cap was 10,000, and counting a word's first 10,001 public matches still read as many table
rows: 20 to 90 ms at ten times the sample (EXPLAIN ANALYZE: 8,000 to 17,000 pages for a common
word), on the first request for each search, which ten readers making different searches felt
as a p99 of 1.3 s. Counting 1,001 costs 0.1 to 14 ms. A thousand matches is as far as a reader
pages (fifty pages of twenty); past it they narrow the search, and the API's clients follow
`after` pages or take the CSV.
"""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from .cache import Derived

COUNTS = Derived("list-counts", size=512, shared=True)

# Read when a list is counted, not when a class is made, so that a test can lower it.
CAP = 1_000


class MoreThan(int):
    """A capped count (`CAP`) that says what it is where it is shown: "more than 1,000". Its
    value is the cap, so pages and comparisons work from it (the admin's templates print and
    compare `cl.result_count`)."""

    def __str__(self) -> str:
        return f"more than {int(self):,}"


class CountedPaginator(Paginator):
    """A paginator whose count is kept in `COUNTS`, keyed by the query's own SQL and parameters
    (today's date among them where the list hides decisions not yet public): two requests share
    a count only if they ask the same rows of the same data. Exact: for lists short by
    construction (a council's service improvements)."""

    capped = False

    def __init__(self, object_list, per_page, *args, counted=None, **kwargs):
        """`counted`: a queryset of the same rows as `object_list`, cheaper to count (a ranked
        search's matches, without the ranking, which would otherwise be computed for every
        match counted). Counted instead."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.counted = object_list if counted is None else counted

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        """(count, whether it is exact)."""
        cap = CAP if self.capped else None
        query = getattr(self.counted, "query", None)
        if query is None:
            return Paginator.count.func(self), True
        if cap is None:
            sql, params = query.sql_with_params()
            compute = self.counted.count
        else:
            # SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1): without the order or a ranked
            # search's relevance, which would otherwise be computed for every match counted.
            # Compiled once, as the key and as what is run: compiling a query is much of the
            # Python of a list's request, and the full query's columns and order say nothing
            # of how many rows there are.
            sql, params = self.counted.order_by().values("pk")[: cap + 1].query.sql_with_params()
            compute = lambda: _count_of(self.counted.db, sql, params)  # noqa: E731
        digest = hashlib.sha256(repr((sql, params, cap)).encode()).hexdigest()
        counted = COUNTS.get(digest, compute=compute)
        if cap is not None and counted > cap:
            return cap, False
        return counted, True

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    def page(self, number):
        """The page, its rows found the way the list chooses for a page ending where this one
        does, when it can choose (`for_depth`: a word search, `decisions.search_plan`)."""
        page = super().page(number)
        for_depth = getattr(self.object_list, "for_depth", None)
        end = page.end_index()
        if for_depth is not None and end > 0:
            page.object_list = for_depth(end)[page.start_index() - 1 : end]
        return page

    @property
    def count_exact(self) -> bool:
        return self._counted[1]


class CappedPaginator(CountedPaginator):
    """Counts no further than `CAP` + 1 rows; past `CAP` its count is `MoreThan(CAP)` and
    `count_exact` is false. Its pages stop at the cap (`num_pages` comes from the count)."""

    capped = True

    @cached_property
    def count(self) -> int:
        count, exact = self._counted
        return count if exact else MoreThan(count)


def _count_of(alias: str, sql: str, params) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
        return cursor.fetchone()[0]


def capped_count(queryset) -> tuple[int, bool]:
    """The count a `CappedPaginator` gives `queryset` (kept the same way): (count, exact)."""
    return CappedPaginator(queryset, 1)._counted
