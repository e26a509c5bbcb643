"""Counts are exact up to a cap and a lower bound past it (ombudsman/counts.py, issue 18): the
API's pages say which with `count_exact`, the search page says "more than", the admin list
pages to the cap and says "more than". The cap is made small here so that the small world's
32 public decisions (33 in all) are exactly at it and one past it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import admin as decisions_admin
from decisions import search_views
from decisions.models import Decision
from ombudsman import counts
from ombudsman.api import pagination
from ombudsman.cache import derived_clear

pytestmark = pytest.mark.django_db
PUBLIC = 32  # the world's public decisions


@pytest.fixture
def cap(monkeypatch):
    def set_cap(value: int, depth: int | None = None) -> None:
        monkeypatch.setattr(counts, "CAP", value)
        monkeypatch.setattr(pagination, "MAX_DEPTH", depth or value)

    return set_cap


def test_the_real_cap_is_the_depth_numbered_pages_reach():
    assert counts.CAP == pagination.MAX_DEPTH == 1_000


def test_a_list_of_exactly_the_cap_is_counted_exactly(world, api, cap):
    assert Decision.objects.public().count() == PUBLIC
    cap(PUBLIC)
    body = api.get("/api/decisions/").json()
    assert (body["count"], body["count_exact"]) == (PUBLIC, True)


def test_one_row_past_the_cap_is_a_lower_bound(world, api, cap):
    cap(PUBLIC - 1)
    body = api.get("/api/decisions/").json()
    assert (body["count"], body["count_exact"]) == (PUBLIC - 1, False)
    # A filter under the cap is exact still.
    body = api.get("/api/decisions/?council=E07900001").json()
    assert body["count_exact"] is True
    assert body["count"] == Decision.objects.public().filter(council__gss_code="E07900001").count()


def test_the_count_reads_no_further_than_the_cap(world, api, cap):
    cap(5)
    for url in ("/api/decisions/", "/api/decisions/?q=housing", "/decisions/?q=housing"):
        # The page counts the same matches as the API's list, under the same key: forget it.
        cache.clear()
        derived_clear()
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        [count] = [
            q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT COUNT")
        ]
        inner = count.upper().split("FROM", 1)[1]
        assert re.search(r"LIMIT 6\b", inner), count
        # A ranked search is not ranked to be counted.
        assert "ORDER BY" not in inner and "RANK" not in inner.split("LIMIT")[0], count


def _walk(api, url):
    references, pages = [], []
    while url:
        body = api.get(url).json()
        pages.append((url, body["count"], body["count_exact"]))
        references += [row["reference"] for row in body["results"]]
        url = body["next"]
    return references, pages


def test_past_the_cap_the_deepest_page_leads_on_to_after_pages(world, api, cap):
    cap(8)  # page_size 2: pages 1 to 4, then `after` pages
    references, pages = _walk(api, "/api/decisions/?page_size=2")
    expected = Decision.objects.public().order_by("-decision_date", "reference")
    assert references == list(expected.values_list("reference", flat=True))
    assert len(references) == PUBLIC
    assert "after" in parse_qs(urlsplit(pages[4][0]).query)  # page 4's next
    assert {(count, exact) for _, count, exact in pages} == {(8, False)}


def test_at_the_cap_the_deepest_page_is_the_last(world, api, cap):
    cap(PUBLIC, depth=PUBLIC)
    body = api.get(f"/api/decisions/?page_size=2&page={PUBLIC // 2}").json()
    assert (body["count"], body["count_exact"], body["next"]) == (PUBLIC, True, None)


def test_every_paginated_list_documents_count_exact(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paginated = {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if "results" in component.get("properties", {}) and "next" in component["properties"]
    }
    assert "PaginatedDecisionList" in paginated
    for name, component in paginated.items():
        exact = component["properties"].get("count_exact")
        assert exact is not None and exact["type"] == "boolean", name
        assert "count_exact" in component["required"], name
        assert "1,000" in component["properties"]["count"]["description"], name


def _hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', html)]


def test_the_search_page_says_more_than_and_links_only_to_pages_it_has(
    world, client, cap, monkeypatch
):
    cap(8)
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    html = client.get("/decisions/").content.decode()
    assert "<strong>More than 8</strong> decisions, page 1 of the first 4" in html
    assert "Download all of them as CSV" in html
    seen = set()
    pending = _hrefs(html)
    while pending:
        href = pending.pop()
        if href in seen:
            continue
        seen.add(href)
        number = int(parse_qs(urlsplit(href).query)["page"][0])
        assert number <= 4, href
        response = client.get("/decisions/" + href)
        assert response.status_code == 200, href
        pending += _hrefs(response.content.decode())
    assert any("page=4" in href for href in seen)
    deepest = client.get("/decisions/?page=4").content.decode()
    assert 'rel="next"' not in deepest and "Page 4 of the first 4" in deepest
    past = client.get("/decisions/?page=5")
    assert past.status_code == 200
    assert "Pages go up to 4, the first 8 matches" in past.content.decode()


def test_the_search_page_counts_exactly_under_the_cap(world, client, cap, monkeypatch):
    cap(PUBLIC)
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    html = client.get("/decisions/").content.decode()
    assert f"<strong>{PUBLIC}</strong> decisions, page 1 of {PUBLIC // 2}" in html
    assert f"Download all {PUBLIC} as CSV" in html and "Last page" in html


def test_the_csv_is_every_match_whatever_the_count(world, client, cap):
    cap(4)
    response = client.get("/decisions/?format=csv")
    rows = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(rows) - 1 == PUBLIC


ADMIN = "/admin/decisions/decision/"


def test_the_admin_list_pages_to_the_cap_and_says_more_than(world, admin_client, cap, monkeypatch):
    everything = Decision.objects.count()
    cap(8)
    monkeypatch.setattr(decisions_admin.DecisionAdmin, "list_per_page", 2)
    html = admin_client.get(ADMIN).content.decode()
    assert "more than 8 decisions" in html
    pages = {int(n) for n in re.findall(r'href="\?p=(\d+)"', html)}
    assert max(pages) == 4
    for number in range(1, 5):
        page = admin_client.get(f"{ADMIN}?p={number}")
        assert page.status_code == 200 and page.content.decode().count('class="action-select"') == 2
    past = admin_client.get(f"{ADMIN}?p=5")
    assert past.status_code == 302 and past["Location"].endswith("?e=1")
    searched = admin_client.get(f"{ADMIN}?q=Felpersham").content.decode()
    assert "more than 8 results" in searched
    cap(everything)
    html = admin_client.get(ADMIN).content.decode()
    assert f"{everything} decisions" in html and "more than" not in html
