# ruff: noqa: F811 - the england fixture, imported, is named by the tests that use it
"""The council search forgives misspelt place names and takes "Saint", "St" and "St." (and the
other forms councils.names.name_key makes one) as the same, over the real councils and places:
a misspelt town reaches its councils of the year asked for, a near place never stands before a
council called what was typed, and a name shared by several places puts the town first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Council
from councils.names import name_key
from councils.search import council_search
from ombudsman.years import ReportingYear

# The real councils, loaded once for the module, and the search as the API answers it.
from tests.test_council_search import URL, YEAR, _england_loaded, england, search  # noqa: F401

pytestmark = pytest.mark.django_db


def gss(short_name: str) -> str:
    return Council.objects.get(short_name=short_name).gss_code


def places(body) -> list[tuple[str, str, list[str]]]:
    return [
        (p["name"], p["match"], [c["short_name"] for c in p["councils"]]) for p in body["places"]
    ]


@pytest.mark.parametrize(
    ("word", "place", "councils"),
    [
        ("Borehamwod", "Borehamwood", ["Hertsmere", "Hertfordshire"]),
        ("Hemel Hempsted", "Hemel Hempstead", ["Dacorum", "Hertfordshire"]),
        ("hemel hempsted", "Hemel Hempstead", ["Dacorum", "Hertfordshire"]),
        ("Tunbrige Wells", "Royal Tunbridge Wells", ["Tunbridge Wells", "Kent"]),
        ("Stevenge", "Stevenage", ["Stevenage", "Hertfordshire"]),
    ],
)
def test_a_misspelt_town_is_found_with_its_councils(england, api, word, place, councils):
    body = search(api, word)
    assert places(body)[0] == (place, "spelling", councils)
    assert body["attribution"].startswith("Contains Ordnance Survey data")


def test_a_misspelt_town_has_the_councils_of_the_year_asked_for(england, api):
    assert places(search(api, "Aylesbry", year="2019-20"))[0] == (
        "Aylesbury",
        "spelling",
        ["Aylesbury Vale", "Buckinghamshire County"],
    )
    assert places(search(api, "Aylesbry"))[0] == ("Aylesbury", "spelling", ["Buckinghamshire"])
    assert places(search(api, "Harrogat", year="2022-23"))[0][2] == ["Harrogate", "North Yorkshire"]
    assert places(search(api, "Harrogat"))[0][2] == ["North Yorkshire"]


def test_a_misspelt_town_whose_council_is_misspelt_too_opens_the_council(england, api):
    # The council by its near name and the town in its area: Enter has one council to open.
    body = search(api, "Tunbrige Wells")
    assert [(c["short_name"], c["match"]) for c in body["councils"]] == [
        ("Tunbridge Wells", "spelling")
    ]
    assert body["best"] == gss("Tunbridge Wells")


def test_an_exact_or_starting_place_name_comes_before_any_near_one(england, api):
    # Borehamwood itself: no near places (Boreham, a village in Essex, is near "Borehamwod").
    assert places(search(api, "Borehamwood")) == [
        ("Borehamwood", "name", ["Hertsmere", "Hertfordshire"])
    ]
    assert [m for _, m, _ in places(search(api, "Borehamwod"))] == ["spelling", "spelling"]
    # Typing "Hemel Hemp": the town that starts so, not the near names of the part typed.
    assert places(search(api, "Hemel Hemp")) == [
        ("Hemel Hempstead", "start", ["Dacorum", "Hertfordshire"])
    ]


@pytest.mark.parametrize("word", ["Harrow", "harrow", "Rugby", "Camden"])
def test_a_near_place_never_outranks_a_council_called_what_was_typed(england, api, word):
    # "Harrow" is one letter from the town Harlow: the council is the answer, alone.
    body = search(api, word)
    assert body["councils"][0]["match"] == "name"
    assert body["best"] == body["councils"][0]["gss_code"]
    assert all(p["match"] != "spelling" for p in body["places"])


def test_a_misspelt_name_shared_by_places_puts_the_town_first(england, api):
    found = [(p["name"], p["kind"], p["match"]) for p in search(api, "Tauntn")["places"]]
    assert found[:2] == [("Taunton", "town", "spelling"), ("Taunton", "suburb", "spelling")]
    # As near as each other: towns, then the village.
    kinds = [p["kind"] for p in search(api, "Saint Ive")["places"] if p["name"] == "St Ives"]
    assert kinds == ["town", "town", "village"]


@pytest.mark.parametrize(
    "word", ["St Helens", "St. Helens", "Saint Helens", "st.helens", "ST HELENS"]
)
def test_saint_st_and_st_dot_find_st_helens(england, api, word):
    body = search(api, word)
    assert body["councils"][0]["gss_code"] == gss("St. Helens")
    assert body["councils"][0]["match"] == "name"
    assert body["best"] == gss("St. Helens")


@pytest.mark.parametrize(
    ("word", "council"),
    [
        ("Saint Albans", "St Albans"),
        ("St. Albans City and District Council", "St Albans"),
        ("Stratford upon Avon", "Stratford-on-Avon"),  # the council is "on", its town "upon"
        ("Kings Lynn and West Norfolk", "Kings Lynn and West Norfolk"),
        ("King’s Lynn & West Norfolk", "Kings Lynn and West Norfolk"),
        ("Kingston on Thames", "Kingston upon Thames"),
        ("Redcar and Cleveland", "Redcar and Cleveland"),
    ],
)
def test_common_forms_of_council_names_find_the_council(england, api, word, council):
    body = search(api, word)
    assert body["best"] == gss(council), [c["short_name"] for c in body["councils"]]


@pytest.mark.parametrize(
    ("word", "place", "councils"),
    [
        ("Saint Neots", "St Neots", ["Huntingdonshire", "Cambridgeshire"]),
        ("St. Neots", "St Neots", ["Huntingdonshire", "Cambridgeshire"]),
        ("Saint Ives", "St Ives", ["Cornwall"]),
        ("Stratford on Avon", "Stratford-upon-Avon", ["Stratford-on-Avon", "Warwickshire"]),
        ("Newcastle on Tyne", "Newcastle upon Tyne", ["Newcastle upon Tyne"]),
        ("Barton upon Humber", "Barton-upon-Humber", ["North Lincolnshire"]),
    ],
)
def test_common_forms_of_place_names_find_the_place(england, api, word, place, councils):
    (first, *_) = places(search(api, word))
    assert first == (place, "name", councils)


def test_one_form_for_every_name():
    assert name_key("Saint Neots") == name_key("St Neots") == name_key("St. Neots") == "st neots"
    assert name_key("St.Helens") == name_key("saint helens")
    assert name_key("King's Lynn & West Norfolk") == name_key("Kings Lynn and West Norfolk")
    assert name_key("Stratford-upon-Avon") == name_key("stratford on avon")
    assert name_key("Bristol, City of") == "bristol city of"
    # A word that only starts so is left alone: All Saints is not All Sts.
    assert name_key("All Saints") == "all saints" and name_key("Saintbridge") == "saintbridge"


def test_the_councils_page_says_a_place_is_a_near_name(england, client):
    page = client.get("/councils/", {"q": "Borehamwod"}).content.decode()
    assert "Places with names like “Borehamwod”" in page
    assert "Borehamwood (town) is in" in page
    page = client.get("/councils/", {"q": "Borehamwood"}).content.decode()
    assert "Places called “Borehamwood”" in page


def test_a_near_place_asks_the_database_no_more_than_an_exact_one(england):
    year = ReportingYear(2024)
    council_search(text="warm", year=year)
    counts = []
    for word in ["Borehamwood", "Borehamwod"]:
        with CaptureQueriesContext(connection) as queries:
            found = council_search(text=word, year=year)
        assert found.places
        counts.append(len(queries))
    assert counts[1] <= counts[0], counts
