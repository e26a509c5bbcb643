"""How a newest-first page of a word search is found (decisions/search_plan.py): the choice
between walking the list's order and sorting every match follows the estimate of the matches
and the page's depth; on PostgreSQL the estimate is the column's own statistics; and either way a
page holds the same decisions in the same order, on the API's pages and the search page's."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision
from decisions.search_plan import LexemeStatistics, lexeme_statistics
from ombudsman import counts
from tests.factories import CouncilFactory, DecisionFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statistics and the choice are PostgreSQL's"
)
TOPICS = ("drainage", "parking", "licensing", "libraries", "footpaths")
RARE, COMMON = "gravel", "complaint"
PUBLIC = 60
SORTED = "+ 0"  # the order's expression when the matches are sorted (DecisionQuerySet.for_depth)


@pytest.fixture
def decisions():
    """60 public decisions over 20 days (three a day, so the reference decides within a day),
    all about a complaint, one in five also about gravel (some two on a day), and four never
    published."""
    council = CouncilFactory(short_name="Wetton", gss_code="E07900011")
    for n in range(PUBLIC + 4):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=n // 3)
        words = [COMMON, TOPICS[n % len(TOPICS)]] + ([RARE] if n % 10 in (0, 1) else [])
        DecisionFactory(
            reference=f"23 {n // 3:03d} {900 - n:03d}",
            council=council,
            decision_date=day,
            received_date=day - dt.timedelta(days=40),
            published_on=None if n >= PUBLIC else day + dt.timedelta(days=20),
            summary=f"A {' about '.join(words)} decision.",
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE decisions_decision")


def _newest_first(word: str) -> list[str]:
    """The public decisions whose summary holds `word`, newest first then by reference, found
    in Python."""
    public = Decision.objects.public().filter(summary__contains=word)
    rows = sorted(public, key=lambda d: (-d.decision_date.toordinal(), d.reference))
    return [d.reference for d in rows]


def test_the_choice_follows_the_estimate_and_the_depth():
    statistics = LexemeStatistics(1000, {"gravel": 0.01, "council": 0.9}, least=0.005)
    # 10 matches: sorted for any page. 900: walked to 1,012 rows, sorted past it.
    assert statistics.sorts(("gravel",), 1)
    assert not statistics.sorts(("council",), 1000)
    assert statistics.sorts(("council",), 1100)
    # A lexeme the statistics do not list is rarer than the least listed; words are ANDed.
    assert statistics.matches(("unlisted",)) == 5
    assert statistics.matches(("gravel", "council")) == pytest.approx(9)
    assert not statistics.sorts((), 100)
    assert not statistics.sorts(("gravel",), 0)


@on_postgresql
def test_the_estimate_is_postgresqls_statistics_of_the_published(decisions):
    statistics = lexeme_statistics(Decision._meta.db_table)
    assert statistics is not None
    # The never published have no search document, so no place in the statistics.
    assert statistics.documents == pytest.approx(PUBLIC)
    assert statistics.shares[RARE] == pytest.approx(0.2)
    assert statistics.shares[COMMON] == pytest.approx(1.0)


@pytest.mark.parametrize("word", [RARE, COMMON])
def test_every_api_page_holds_the_same_decisions_either_way(decisions, api, word):
    expected = _newest_first(word)
    assert len(expected) == (PUBLIC // 5 if word == RARE else PUBLIC)
    statistics = lexeme_statistics(Decision._meta.db_table)
    ends, sorted_pages = {}, set()
    for size in (1, 4, 7, 50):
        pages = -(-len(expected) // size)
        for number in range(1, pages + 1):
            with CaptureQueriesContext(connection) as queries:
                body = api.get(f"/api/decisions/?q={word}&page_size={size}&page={number}").json()
            start = (number - 1) * size
            assert [d["reference"] for d in body["results"]] == expected[start : start + size]
            ends[size, number] = min(start + size, len(expected))
            if any(SORTED in q["sql"] for q in queries.captured_queries):
                sorted_pages.add((size, number))
    if connection.vendor == "postgresql":
        chosen = {page for page, end in ends.items() if statistics.sorts((word,), end)}
        assert sorted_pages == chosen
        if word == RARE:
            # 12 matches: walked for the first row (12 ** 2 > 0.8 * 1 * 60), sorted for all 12.
            assert (1, 1) not in chosen and (50, 1) in chosen
        else:
            # 60 matches: walked for every page (60 ** 2 > 0.8 * 60 * 60).
            assert not chosen


def test_the_search_page_past_the_cap_lists_the_same_decisions_either_way(
    decisions, client, monkeypatch
):
    # Past the cap a search is listed newest first, not ranked (decisions.search).
    monkeypatch.setattr(counts, "CAP", 3)
    expected = _newest_first(RARE)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/decisions/?q={RARE}&page=2").content.decode()
    shown = re.findall(r"Decision (\d\d \d\d\d \d\d\d)</a>", page)
    # Pages reach the cap's three rows: the second page of 20 is the first, and last.
    assert shown == expected[:3]
    if connection.vendor == "postgresql":
        assert any(SORTED in q["sql"] for q in queries.captured_queries)
