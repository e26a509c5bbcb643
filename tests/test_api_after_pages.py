"""`after` pages (issue 18): past the deepest numbered page, the decisions list continues with
keyset tokens, in the default order, to its end. The depth is made small here so that the small
world has pages past it."""

from urllib.parse import parse_qs, urlsplit

import pytest

from decisions.models import Decision
from ombudsman.api import pagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def shallow(monkeypatch):
    monkeypatch.setattr(pagination, "MAX_DEPTH", 4)  # page_size 2: pages 1 and 2, then after


def walk(client, url):
    """Every reference from following `next` links, and the pages' counts."""
    references, counts, links = [], set(), []
    while url:
        body = client.get(url).json()
        references += [row["reference"] for row in body["results"]]
        counts.add(body["count"])
        links.append(url)
        url = body["next"]
    return references, counts, links


def expected(**filters):
    public = Decision.objects.public().filter(**filters)
    return list(public.order_by("-decision_date", "reference").values_list("reference", flat=True))


def test_next_links_walk_the_whole_list_in_order(world, client, shallow):
    references, counts, links = walk(client, "/api/decisions/?page_size=2")
    assert references == expected()
    assert len(set(references)) == len(references)
    assert counts == {len(references)}
    assert "after=" not in links[1] and "page=2" in links[1]
    assert all("after=" in link and "page=" not in link for link in links[2:])
    assert len(links) == (len(references) + 1) // 2


def test_after_links_keep_the_filters(world, client, shallow):
    code = world["felpersham"].gss_code
    references, _, links = walk(client, f"/api/decisions/?page_size=2&council={code}")
    assert references == expected(council=world["felpersham"])
    assert len(references) > 4  # the walk went past the numbered pages
    assert all(f"council={code}" in link for link in links)


def test_exactly_the_depth_has_no_next_and_one_more_has_an_after_link(world, client, shallow):
    ambridge = world["ambridge"]
    query = {"page_size": 2, "page": 2, "council": ambridge.gss_code, "outcome": "not_upheld"}
    four = client.get("/api/decisions/", query).json()
    assert four["count"] == 4 and four["next"] is None
    extra = ambridge.decisions.filter(outcome="not_upheld").first()
    extra.pk, extra.reference = None, "22 900 999"
    extra.save()
    five = client.get("/api/decisions/", query).json()
    assert five["count"] == 5 and "after=" in five["next"]
    rest = client.get(five["next"]).json()
    assert [r["reference"] for r in rest["results"]] == expected(
        council=ambridge, outcome="not_upheld"
    )[4:]
    assert rest["next"] is None and rest["previous"] is None and rest["count"] == 5


def test_a_relevance_ranked_or_reordered_list_stops_at_the_deepest_page(world, client, shallow):
    for query in ({"ordering": "council"}, {"ordering": "-reference"}):
        body = client.get("/api/decisions/", {"page_size": 2, "page": 2, **query}).json()
        assert body["next"] is None
        deeper = client.get("/api/decisions/", {"page_size": 2, "page": 3, **query})
        assert deeper.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"after": "not-a-token"},
        {"after": ""},
        {"after": "WyIyMDIyLTEzLTAxIiwgIngiXQ"},  # ["2022-13-01", "x"]: no such date
        {"after": "WzEsIDJd"},  # [1, 2]
        {"after": "WyIyMDIyLTA1LTEwIl0"},  # one value
    ],
)
def test_a_token_the_list_did_not_give_is_a_400_naming_after(world, client, query):
    response = client.get("/api/decisions/", query)
    assert response.status_code == 400
    assert list(response.json()) == ["after"]


def test_after_with_page_or_another_order_is_a_400(world, client, shallow):
    body = client.get("/api/decisions/", {"page_size": 2, "page": 2}).json()
    token = parse_qs(urlsplit(body["next"]).query)["after"][0]
    for extra in ({"page": 1}, {"ordering": "council"}):
        response = client.get("/api/decisions/", {"after": token, **extra})
        assert response.status_code == 400
        assert list(response.json()) == ["after"]
    fine = client.get("/api/decisions/", {"after": token, "ordering": "-decision_date,reference"})
    assert fine.status_code == 200


def test_after_is_documented_only_where_it_works(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    names = {
        path: {p["name"] for p in op["get"].get("parameters", [])}
        for path, op in schema["paths"].items()
    }
    assert "after" in names["/api/decisions/"]
    assert "after" not in names["/api/recommendations/"]
    assert client.get("/api/recommendations/", {"after": "x"}).status_code == 400
