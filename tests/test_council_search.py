"""The council search over the real councils (fixtures/councils.json) and places
(fixtures/places.csv): each dead end of issue 13 reaches its council, through the API the map's
search box asks (/api/councils/search/) and the councils A to Z (/councils/?q=)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from councils.models import Council, Population
from councils.names import name_key
from councils.places import ATTRIBUTION, place_index
from councils.search import council_search
from ombudsman.years import ReportingYear

ROOT = Path(__file__).parent.parent
URL = "/api/councils/search/"
YEAR = "2024-25"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _england_loaded(django_db_setup, django_db_blocker):
    """The real councils, loaded once for the module (a load takes seconds) and removed after."""
    with django_db_blocker.unblock():
        call_command("loaddata", str(ROOT / "fixtures" / "councils.json"), verbosity=0)
        yield
        Population.objects.all().delete()
        Council.objects.update(county=None)
        Council.objects.all().delete()


@pytest.fixture
def england(_england_loaded, db):
    return None


def search(api, q, year=YEAR):
    response = api.get(URL, {"q": q, "year": year})
    assert response.status_code == 200, response.content
    return response.json()


def gss(name: str) -> str:
    return Council.objects.get(name=name).gss_code


# Former councils: the word, the notice's sentence and the council it links to.
FORMER = [
    (
        "Harrogate",
        "Harrogate Borough Council was replaced by North Yorkshire Council in April 2023.",
        "North Yorkshire Council",
    ),
    (
        "Carlisle",
        "Carlisle City Council was replaced by Cumberland Council in April 2023.",
        "Cumberland Council",
    ),
    (
        "Taunton",
        "Somerset West and Taunton Council was replaced by Somerset Council in April 2023.",
        "Somerset Council",
    ),
    (
        "Aylesbury",
        "Aylesbury Vale District Council was replaced by Buckinghamshire Council in April 2020.",
        "Buckinghamshire Council",
    ),
    (
        "Barrow",
        "Barrow-in-Furness Borough Council was replaced by Westmorland and Furness Council in "
        "April 2023.",
        "Westmorland and Furness Council",
    ),
]


@pytest.mark.parametrize(("word", "sentence", "successor"), FORMER)
def test_a_former_council_is_answered_with_its_successor(england, api, word, sentence, successor):
    body = search(api, word)
    assert [f["text"] for f in body["former"]] == [sentence]
    (former,) = body["former"]
    assert [c["gss_code"] for c in former["successors"]] == [gss(successor)]
    assert [c["gss_code"] for c in former["replaced_by"]] == [gss(successor)]
    # No council of 2024-25 has the name, so Enter opens nothing: the notice is the answer.
    assert body["councils"] == [] and body["best"] is None


@pytest.mark.parametrize(("word", "sentence", "successor"), FORMER)
def test_the_councils_page_links_the_successor(england, client, word, sentence, successor):
    page = client.get("/councils/", {"q": word}).content.decode()
    council = Council.objects.get(name=successor)
    link = f'<a href="{council.get_absolute_url()}">{successor}</a>'
    assert link in page
    assert re.sub(r"<[^>]+>", "", sentence) in re.sub(r"<[^>]+>", "", page)


def test_in_a_year_the_former_council_existed_it_is_found_itself(england, api):
    body = search(api, "Harrogate", year="2022-23")
    assert [c["short_name"] for c in body["councils"]] == ["Harrogate"]
    assert body["best"] == gss("Harrogate Borough Council") and body["former"] == []


def test_a_council_begun_after_the_year_says_so(england, api):
    body = search(api, "North Northamptonshire", year="2020-21")
    assert body["former"][0]["text"].startswith(
        "North Northamptonshire Council began in April 2021, after the start of 2020-21"
    )


@pytest.mark.parametrize(
    ("word", "council"),
    [
        ("hertsmear", "Hertsmere Borough Council"),
        ("Camdn", "London Borough of Camden"),
        ("Bucks", "Buckinghamshire Council"),
        ("herts", "Hertfordshire County Council"),
        ("HERTS", "Hertfordshire County Council"),
        ("Lancs", "Lancashire County Council"),
    ],
)
def test_misspellings_and_short_forms_find_the_council(england, api, word, council):
    body = search(api, word)
    assert body["councils"][0]["gss_code"] == gss(council)
    assert body["best"] == gss(council)  # Enter opens it


def test_herts_puts_the_county_before_the_district_that_starts_so(england, api):
    body = search(api, "Herts")
    names = [c["short_name"] for c in body["councils"]]
    assert names[:2] == ["Hertfordshire", "Hertsmere"]
    assert body["councils"][0]["match"] == "alias"
    # As you type: a prefix of both, and the county still first.
    assert [c["short_name"] for c in search(api, "Hert")["councils"]][:2] == names[:2]
    assert search(api, "Hert")["best"] is None


def test_a_misspelling_is_forgiven_only_when_nothing_matches(england, api):
    # "Harrow" is a council: no near spellings (Harlow) besides it.
    body = search(api, "Harrow")
    assert [c["short_name"] for c in body["councils"]] == ["Harrow"]
    assert body["councils"][0]["match"] == "name"
    assert search(api, "Xqzvw")["councils"] == []


@pytest.mark.parametrize(
    ("word", "place", "councils"),
    [
        ("Borehamwood", "Borehamwood", ["Hertsmere", "Hertfordshire"]),
        ("Hemel Hempstead", "Hemel Hempstead", ["Dacorum", "Hertfordshire"]),
        ("hemel hempstead", "Hemel Hempstead", ["Dacorum", "Hertfordshire"]),
        ("Hemel", "Hemel Hempstead", ["Dacorum", "Hertfordshire"]),  # while typing
        ("ashby de la zouch", "Ashby-de-la-Zouch", ["North West Leicestershire", "Leicestershire"]),
        ("kings lynn", "King's Lynn", ["Kings Lynn and West Norfolk", "Norfolk"]),
        ("Hull", "Kingston upon Hull", ["Kingston upon Hull"]),  # the alias table
    ],
)
def test_a_town_is_found_with_its_councils(england, api, word, place, councils):
    body = search(api, word)
    first = body["places"][0]
    assert first["name"] == place
    assert [c["short_name"] for c in first["councils"]] == councils
    assert body["attribution"] == ATTRIBUTION


def test_an_ambiguous_place_is_ranked_town_before_suburb_and_both_shown(england, api):
    places = search(api, "Taunton")["places"]
    assert [(p["kind"], [c["short_name"] for c in p["councils"]]) for p in places] == [
        ("town", ["Somerset"]),
        ("suburb", ["Tameside"]),
    ]


def test_a_place_follows_its_area_through_a_reorganisation(england, api):
    (place,) = search(api, "Harrogate", year="2022-23")["places"]
    assert [c["short_name"] for c in place["councils"]] == ["Harrogate", "North Yorkshire"]
    (place,) = search(api, "Harrogate")["places"]
    assert [c["short_name"] for c in place["councils"]] == ["North Yorkshire"]


def test_the_councils_page_lists_places_with_the_attribution(england, client):
    page = client.get("/councils/", {"q": "Borehamwood"}).content.decode()
    assert "Borehamwood (town) is in" in page
    assert f'href="{Council.objects.get(short_name="Hertsmere").get_absolute_url()}"' in page
    assert "Contains Ordnance Survey data © Crown copyright" in page


def test_the_councils_page_and_the_api_filter_use_the_same_matching(england, client, api):
    page = client.get("/councils/", {"q": "Camdn"}).content.decode()
    assert "1 council matching" in page and ">Camden</a>" in page
    codes = [c["gss_code"] for c in api.get("/api/councils/", {"q": "hertsmear"}).json()]
    assert codes == [gss("Hertsmere Borough Council")]


@pytest.mark.parametrize(
    ("query", "name"),
    [({"q": "Herts", "query": "x"}, "query"), ({"q": "Herts", "yaer": "2024-25"}, "yaer")],
)
def test_an_unknown_parameter_is_a_400_naming_it(england, api, query, name):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert name in response.json()


def test_bad_values_are_400s_naming_the_parameter(england, api):
    assert "q" in api.get(URL).json()
    assert "q" in api.get(URL, {"q": "x" * 101}).json()
    response = api.get(URL, {"q": "Herts", "year": "1900"})
    assert response.status_code == 400 and "year" in response.json()


def test_the_schema_documents_the_endpoint(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "year"}
    assert "Harrogate" in operation["description"]


def test_name_keys_ignore_case_hyphens_and_apostrophes():
    assert name_key("Ashby-de-la-Zouch") == name_key("ASHBY DE LA ZOUCH")
    assert name_key("King's Lynn") == name_key("kings lynn") == name_key("King’s Lynn")


def test_the_places_fixture_is_read_quickly_and_holds_the_four_kinds():
    place_index.cache_clear()
    started = time.monotonic()
    index = place_index()
    elapsed = time.monotonic() - started
    assert len(index.places) > 20_000
    assert {p.kind for p in index.places} == {"city", "town", "village", "suburb"}
    assert elapsed < 2.0, elapsed
    assert (ROOT / "fixtures" / "places.csv").stat().st_size < 1_000_000


def test_a_search_takes_milliseconds_once_warm(england):
    year = ReportingYear(2024)
    council_search(text="warm", year=year)
    started = time.monotonic()
    for word in ["Harrogate", "hertsmear", "Borehamwood", "Herts", "Taunton"]:
        council_search(text=word, year=year)
    assert (time.monotonic() - started) / 5 < 0.05
