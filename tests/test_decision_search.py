"""The decisions search pages (/decisions/ and /reports/, decisions/search_views.py) on the
database the suite runs on: relevance order, every filter alone and together, paging and its
edges, and the CSV of a result. References and bad parameters: test_decision_search_input.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from decisions.search_views import PER_PAGE
from ombudsman import counts
from ombudsman.conditional import KEPT
from tests.factories import CouncilFactory, DecisionFactory
from tests.search_cases import build_cases, csv_rows, listed

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cases():
    return build_cases()


# --- Words and relevance --------------------------------------------------------------------


def test_more_mentions_rank_first(cases, client):
    assert listed(client.get("/decisions/?q=noise")) == ["22 100 001", "22 100 002"]
    # Stemmed as the API's search: "noises" is "noise".
    assert listed(client.get("/decisions/?q=noises")) == ["22 100 001", "22 100 002"]
    page = client.get("/decisions/?q=noise").content.decode()
    assert "best match first" in page


def test_without_words_newest_first(cases, client):
    page = client.get("/decisions/")
    assert listed(page) == ["22 100 003", "22 100 002", "22 100 001", "21 100 004b"]
    assert "newest first" in page.content.decode()


def test_newest_first_with_words_when_asked(cases, client):
    page = client.get("/decisions/?q=noise&sort=newest")
    assert listed(page) == ["22 100 002", "22 100 001"]
    assert "newest first" in page.content.decode()
    rows = csv_rows(client.get("/decisions/?q=noise&sort=newest&format=csv"))
    assert [r["reference"] for r in rows] == ["22 100 002", "22 100 001"]


def test_a_council_word_filters_and_the_rest_ranks(cases, client):
    # "wetton" is a council's name: it matches Wetton's decisions, whatever their text.
    assert listed(client.get("/decisions/?q=wetton")) == ["22 100 003", "22 100 001"]
    assert listed(client.get("/decisions/?q=dryford+noise")) == ["22 100 002"]
    assert listed(client.get("/decisions/?q=noise+night")) == ["22 100 001"]
    assert listed(client.get("/decisions/?q=noise+mould")) == []


def test_words_that_only_name_councils_are_newest_first_and_say_so(cases, client):
    # Nothing to score: not "best match first", and not "too many to rank" either.
    page = client.get("/decisions/?q=wetton")
    text = page.content.decode()
    assert listed(page) == ["22 100 003", "22 100 001"]
    assert "2</strong> decisions, newest first." in text
    assert "best match first" not in text and TOO_MANY_TO_RANK not in text


def test_stop_words_do_not_empty_a_search(cases, client, api):
    # PostgreSQL's English configuration drops "from" and "the"; SQLite's FTS5 finds them.
    assert listed(client.get("/decisions/?q=noise+from+the+bar")) == ["22 100 001"]
    assert api.get("/api/decisions/?q=noise from the bar").json()["count"] == 1


# --- Filters ----------------------------------------------------------------------------------

ALONE = [
    ("council=Wetton", {"22 100 001", "22 100 003"}),
    ("council=wetton+district+council", {"22 100 001", "22 100 003"}),
    ("council=E06900012", {"22 100 002", "21 100 004b"}),
    ("outcome=not_upheld", {"22 100 003"}),
    ("outcome=upheld", {"22 100 001", "22 100 002", "21 100 004b"}),
    ("category=Housing", {"22 100 003", "21 100 004b"}),
    ("category=housing", {"22 100 003", "21 100 004b"}),
    ("subcategory=Repairs", {"22 100 003"}),
    ("subcategory=licensing", {"22 100 001", "22 100 002"}),
    ("report_type=report", {"22 100 003"}),
    ("report_type=statement", {"22 100 001", "22 100 002", "21 100 004b"}),
    ("date_from=2022-10-01", {"22 100 002", "22 100 003"}),
    ("date_to=2022-09-01", {"22 100 001", "21 100 004b"}),
    ("year=2021-22", {"21 100 004b"}),
    ("remedy=financial_redress", {"21 100 004b"}),
    ("remedy=apology&remedy=financial_redress", {"22 100 001", "21 100 004b"}),
    ("remedy=training", set()),
    ("q=repairs", {"22 100 003"}),
]


@pytest.mark.parametrize(("query", "expected"), ALONE)
def test_each_filter_alone(cases, client, query, expected):
    assert set(listed(client.get(f"/decisions/?{query}"))) == expected


COMBINED = [
    ("q=noise&council=Dryford", ["22 100 002"]),
    ("q=noise&council=Wetton&remedy=apology", ["22 100 001"]),
    (
        "category=Housing&outcome=upheld&date_from=2021-01-01&remedy=financial_redress",
        ["21 100 004b"],
    ),
    ("category=Housing&subcategory=Repairs&report_type=report&year=2022-23", ["22 100 003"]),
    ("q=noise&date_from=2022-09-01&date_to=2022-09-30&outcome=upheld", ["22 100 001"]),
    ("council=Wetton&category=Housing&outcome=upheld", []),
    ("date_from=2022-09-01&date_to=2022-09-01", ["22 100 001"]),
]


@pytest.mark.parametrize(("query", "expected"), COMBINED)
def test_filters_together(cases, client, query, expected):
    assert listed(client.get(f"/decisions/?{query}")) == expected


def test_the_form_shows_what_was_asked(cases, client):
    page = client.get("/decisions/?council=E07900011&outcome=upheld&remedy=apology").content
    page = page.decode()
    # The council's name, though its code was given (the link from its page gives the code).
    assert 'value="Wetton District Council"' in page
    assert '<option value="upheld" selected>' in page
    assert re.search(r'<input type="checkbox" name="remedy" value="apology"[^>]*checked', page)
    assert '<option value="Wetton District Council">' in page  # the council names offered


def test_the_reports_page_lists_public_reports_only(cases, client):
    assert listed(client.get("/reports/")) == ["22 100 003"]
    assert listed(client.get("/reports/?q=repairs&council=Wetton")) == ["22 100 003"]
    assert listed(client.get("/reports/?q=noise")) == []  # 22 100 006 is not public yet
    assert client.get("/reports/?report_type=statement").status_code == 400
    assert "/reports/" in client.get("/decisions/").content.decode()


# --- Paging -----------------------------------------------------------------------------------


@pytest.fixture
def many():
    council = CouncilFactory(short_name="Manyham", gss_code="E07900031")
    first = D(2022, 4, 1)
    for n in range(2 * PER_PAGE + 5):
        DecisionFactory(
            reference=f"22 300 {n:03d}",
            council=council,
            decision_date=first + dt.timedelta(days=n),
            received_date=first - dt.timedelta(days=10),
            published_on=first + dt.timedelta(days=n + 30),
            # As many words each, so that only the number of "delay"s tells them apart.
            summary="A delay in the reply came." if n % 2 else "Delay after delay in the reply.",
        )
    return 2 * PER_PAGE + 5


def test_pages_first_last_and_beyond(many, client):
    first = client.get("/decisions/")
    assert len(listed(first)) == PER_PAGE and listed(first)[0] == "22 300 044"
    text = first.content.decode()
    assert "<strong>45</strong> decisions, page 1 of 3" in text
    assert 'rel="next"' in text and 'rel="prev"' not in text
    last = client.get("/decisions/?page=3")
    assert listed(last) == [f"22 300 {n:03d}" for n in range(4, -1, -1)]
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    beyond = client.get("/decisions/?page=9")
    assert listed(beyond) == listed(last)
    assert "There is no page 9: the list has 3 pages. This is the last." in beyond.content.decode()
    every = []
    for number in (1, 2, 3):
        every += listed(client.get(f"/decisions/?page={number}"))
    assert len(every) == len(set(every)) == many


def test_a_page_of_a_ranked_search_keeps_the_order(many, client):
    # The summaries that say "delay" twice come first, each half newest first.
    pages = [listed(client.get(f"/decisions/?q=delay&page={n}")) for n in (1, 2, 3)]
    order = [ref for page in pages for ref in page]
    twice = [f"22 300 {n:03d}" for n in range(44, -1, -1) if n % 2 == 0]
    once = [f"22 300 {n:03d}" for n in range(44, -1, -1) if n % 2]
    assert order == twice + once


def test_empty_and_punctuation_queries_list_everything(cases, client):
    everything = listed(client.get("/decisions/"))
    assert listed(client.get("/decisions/?q=")) == everything
    assert listed(client.get("/decisions/?q=+++")) == everything
    punctuation = client.get("/decisions/?q=%21%21+%26+-")
    assert listed(punctuation) == everything
    assert "no words to search for" in punctuation.content.decode()
    nothing = client.get("/decisions/?q=quetzal")
    assert listed(nothing) == [] and "No public decision matches" in nothing.content.decode()


def test_the_count_is_kept_and_the_page_is_a_few_queries(
    many, client, django_assert_max_num_queries
):
    client.get("/decisions/?q=delay&page=2")
    for store in KEPT.values():
        store.clear()  # else the repeat is the finished page itself (tests/test_kept_lists.py)
    # The data version and the page's rows: the count, the council names the word is looked
    # for in and the choices of the filters are kept per data version, and whether the word is
    # a stop word (PostgreSQL) for the process.
    with django_assert_max_num_queries(2):
        assert len(listed(client.get("/decisions/?q=delay&page=2"))) == PER_PAGE


TOO_MANY_TO_RANK = "too many to rank well, so they are listed newest first"


def test_past_the_cap_the_matches_are_newest_first_and_the_page_says_why(many, client, monkeypatch):
    # 45 matches, one more than a cap of 44: newest first, not ranked, and the page says so;
    # it shows the first 44, the depth its pages reach.
    monkeypatch.setattr(counts, "CAP", 44)
    page = client.get("/decisions/?q=delay")
    text = page.content.decode()
    assert listed(page) == [f"22 300 {n:03d}" for n in range(44, 24, -1)]
    assert "More than 44</strong> decisions" in text and "newest first." in text
    assert TOO_MANY_TO_RANK in text and "best match first" not in text
    assert listed(client.get("/decisions/?q=delay&page=3"))[-1] == "22 300 001"
    # The CSV is every match, in the page's order.
    rows = csv_rows(client.get("/decisions/?q=delay&format=csv"))
    assert [r["reference"] for r in rows] == [f"22 300 {n:03d}" for n in range(44, -1, -1)]
    # Sorted newest first by choice: no note.
    assert TOO_MANY_TO_RANK not in client.get("/decisions/?q=delay&sort=newest").content.decode()


def test_exactly_the_cap_of_matches_is_ranked(many, client, monkeypatch):
    monkeypatch.setattr(counts, "CAP", 45)
    page = client.get("/decisions/?q=delay")
    assert listed(page)[:3] == ["22 300 044", "22 300 042", "22 300 040"]
    text = page.content.decode()
    assert "best match first" in text and TOO_MANY_TO_RANK not in text
    assert listed(client.get("/decisions/?q=delay&page=3"))[-1] == "22 300 001"
    rows = csv_rows(client.get("/decisions/?q=delay&format=csv"))
    every = [n for n in range(44, -1, -1) if n % 2 == 0] + [n for n in range(44, -1, -1) if n % 2]
    assert [r["reference"] for r in rows] == [f"22 300 {n:03d}" for n in every]


# --- The CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["q=noise", "category=Housing", "", "council=Dryford"])
def test_the_csv_is_the_pages_rows(cases, client, query):
    rows = csv_rows(client.get(f"/decisions/?{query}&format=csv"))
    assert [r["reference"] for r in rows] == listed(client.get(f"/decisions/?{query}"))
    first = next(r for r in rows)
    assert first["council"] in ("E07900011", "E06900012")  # the import layout: the GSS code


def test_the_csv_of_many_pages_is_every_page_in_order(many, client):
    rows = csv_rows(client.get("/decisions/?q=delay&page=2&format=csv"))
    pages = [ref for n in (1, 2, 3) for ref in listed(client.get(f"/decisions/?q=delay&page={n}"))]
    assert [r["reference"] for r in rows] == pages
    response = client.get("/decisions/?q=delay&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    assert "format=csv" in client.get("/decisions/?q=delay").content.decode()


# --- Links ------------------------------------------------------------------------------------


def test_the_nav_and_each_council_page_link_here(world, client):
    assert 'href="/decisions/"' in client.get("/").content.decode()
    page = client.get("/councils/felpersham/?year=2022-23").content.decode()
    assert '<a href="/decisions/?council=E07900001">Search this council' in page
    assert len(listed(client.get("/decisions/?council=E07900001"))) == 10  # 1 of 11 unpublished
