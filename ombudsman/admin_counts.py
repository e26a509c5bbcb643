"""Admin lists counted no further than `ombudsman.counts.CAP` rows (`CappedCountAdmin`).

Django's admin counts a list's rows for its paging, its "N results" and its actions' "select
all N". Counting every decision on the first request after each change cost twice as much at
ten times the data; capped, the count is exact up to 1,000 rows and past them a `MoreThan`,
which the admin's own templates print as "more than 1,000". The paging stays Django's, from
the capped count: page links up to the 1,000th row (20 pages of 50), and a page past them is
the admin's usual redirect for a page it does not have (`?e=1`). A filter or a search narrows
the list to what staff are after; an action on "all" still acts on every matching row, counted
or not (Django runs it on the query, not on the count).
"""

from __future__ import annotations

from .counts import CappedPaginator


class CappedCountAdmin:
    """A ModelAdmin mixin: the list's count capped, and no second count of the whole table
    (`show_full_result_count`, which would count every row however the list is filtered)."""

    paginator = CappedPaginator
    show_full_result_count = False
