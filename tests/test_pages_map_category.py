"""The map page's choice of a service area, without a script (the form's GET to the same page),
and the parameters the page takes: every one of pages.views.PARAMETERS answers, any other is a
400 naming it."""

from __future__ import annotations

import json
import re

import pytest

from pages.views import PARAMETERS

pytestmark = pytest.mark.django_db

# A value of each parameter the page takes, as its form or the map script sends it.
SAMPLES = {
    "year": "2022-23",
    "stat": "compliance_rate",
    "tier": "upper",
    "mode": "compared",
    "category": "Housing",
    "table_type": "district",
    "region": "South East",
    "small": "hide",
    "part": "table",
}


def page_of(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def config_of(page: str) -> dict:
    return json.loads(re.search(r'id="map-config" type="application/json">(.*?)</script>', page)[1])


def test_the_samples_are_the_pages_parameters():
    assert set(SAMPLES) == set(PARAMETERS)


@pytest.mark.parametrize("name", PARAMETERS)
def test_each_parameter_the_page_takes_answers(world, client, name):
    page_of(client.get("/", {name: SAMPLES[name]}))


@pytest.mark.parametrize("name", PARAMETERS)
def test_a_misspelt_parameter_is_a_400_naming_it(world, client, name):
    response = client.get("/", {"year": "2022-23", f"{name}s": SAMPLES[name]})
    assert response.status_code == 400
    assert f"{name}s" in response.content.decode()


def test_every_parameter_together_answers(world, client):
    page_of(client.get("/", {key: value for key, value in SAMPLES.items() if key != "part"}))


# (A link's campaign tags, utm_source and the like, are let through: tests/test_page_parameters.)
@pytest.mark.parametrize("query", ["?src=news", "?year=2022-23&q=felpersham", "?page=2"])
def test_an_unknown_parameter_is_a_400(world, client, query):
    response = client.get("/" + query)
    assert response.status_code == 400
    name = re.search(r"[?&](\w+)=", query.replace("year=2022-23&", ""))[1]
    assert f"does not take {name}" in response.content.decode()


def test_a_category_colours_the_map_by_its_upheld_rate(world, client):
    page = page_of(client.get("/?year=2022-23&category=Housing"))
    assert '<option value="Housing" selected>Housing</option>' in page
    assert '<option value="" selected>All complaints' not in page
    assert '<p class="legend__title" id="legend-title">Upheld rate, housing, 2022-23</p>' in page
    assert "<title>Map of councils, upheld rate, housing, 2022-23" in page
    # The figures the map starts with are the category's.
    assert 'href="/api/map/figures/?year=2022-23&amp;tier=lower&amp;category=Housing"' in page
    config = config_of(page)
    assert config["state"]["category"] == "Housing"
    assert config["data"]["figures"].endswith("category=Housing")
    assert config["categoryStat"] == "upheld_rate"
    assert "Housing" in config["categories"]
    # The other measures are disabled and the hint says why; the table says what it counts.
    assert '<option value="upheld_rate" selected>' in page
    assert '<option value="compliance_rate" disabled>' in page
    assert '<p class="hint" id="stat-hint">Only the upheld rate' in page
    assert '<select id="stat" name="stat" aria-describedby="stat-hint">' in page
    assert (
        '<p class="table-note" id="table-category-note">The map shows housing alone; this table '
        "counts all complaints.</p>" in page
    )


def test_all_complaints_by_default(world, client):
    page = page_of(client.get("/?year=2022-23"))
    assert '<option value="" selected>All complaints</option>' in page
    assert " disabled>" not in page
    assert 'id="stat-hint" hidden' in page
    assert '<select id="stat" name="stat">' in page
    assert 'id="table-category-note" hidden' in page
    assert "category=" not in config_of(page)["data"]["figures"]


def test_a_category_with_another_measure_shows_the_upheld_rate(world, client):
    # A form sent without a script after choosing a category still carries the old measure.
    page = page_of(client.get("/?year=2022-23&stat=compliance_rate&category=Housing"))
    assert config_of(page)["state"]["stat"] == "upheld_rate"
    assert '<option value="upheld_rate" selected>' in page
    assert "Upheld rate, housing, 2022-23" in page


def test_a_category_compared_with_similar_councils(world, client):
    page = page_of(client.get("/?year=2022-23&mode=compared&category=Benefits+and+tax"))
    assert "Upheld rate, benefits and tax, compared with similar councils, 2022-23" in page
    assert config_of(page)["state"]["category"] == "Benefits and tax"


def test_the_table_stays_the_headline_table(world, client):
    plain = page_of(client.get("/?year=2022-23"))
    housing = page_of(client.get("/?year=2022-23&category=Housing"))

    def rows(page):
        return re.search(r'<tbody id="council-rows">(.*?)</tbody>', page, flags=re.S)[1]

    assert rows(housing) == rows(plain)


@pytest.mark.parametrize("value", ["Parking", "Housing2"])
def test_an_unknown_category_is_a_400_naming_it(world, client, value):
    response = client.get(f"/?category={value}")
    assert response.status_code == 400
    assert f"category={value!r}" in response.content.decode().replace("&#x27;", "'")
