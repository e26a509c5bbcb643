"""Neighbours from the real boundaries (fixtures/councils.json): councils.adjacency."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.management import call_command

from councils.adjacency import adjacency_compute, council_neighbours, year_adjacency
from councils.models import Council
from ombudsman.dataversion import data_version_forget
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db
COUNCILS = Path(__file__).resolve().parent.parent / "fixtures" / "councils.json"
YEAR = ReportingYear(2024)


@pytest.fixture
def england():
    call_command("loaddata", str(COUNCILS), verbosity=0)


def names(codes):
    by_code = dict(Council.objects.values_list("gss_code", "short_name"))
    return {by_code[code] for code in codes}


def code(short_name):
    return Council.objects.get(short_name=short_name).gss_code


def test_hertsmere_borders_what_the_map_shows(england):
    found = names(council_neighbours(gss_code=code("Hertsmere"), year=YEAR))
    # Hertsmere's real borders: four Hertfordshire districts and three London boroughs.
    assert found == {
        "Three Rivers",
        "Watford",
        "St Albans",
        "Welwyn Hatfield",
        "Barnet",
        "Enfield",
        "Harrow",
    }


def test_a_county_borders_counties_and_single_tier_councils(england):
    found = names(council_neighbours(gss_code=code("Hertfordshire"), year=YEAR))
    assert {"Essex", "Cambridgeshire", "Barnet", "Enfield", "Central Bedfordshire"} <= found
    assert "Hertsmere" not in found  # one of its own districts
    assert "Luton" in found  # a unitary enclave on its border
    barnet = names(council_neighbours(gss_code=code("Barnet"), year=YEAR))
    assert {"Hertfordshire", "Hertsmere", "Enfield", "Harrow", "Camden"} <= barnet


def test_the_relation_is_symmetric_and_never_reflexive(england):
    started = time.perf_counter()
    adjacency = adjacency_compute(YEAR)
    took = time.perf_counter() - started
    print(f"\nadjacency of {len(adjacency)} councils of {YEAR.label}: {took * 1000:.0f} ms")
    assert len(adjacency) == Council.objects.active_in(YEAR).count()
    for council, neighbours in adjacency.items():
        assert council not in neighbours
        assert len(neighbours) == len(set(neighbours))
        for other in neighbours:
            assert council in adjacency[other], (council, other)
    # Every council of the mainland has a neighbour; the islands have none.
    alone = names(code for code, neighbours in adjacency.items() if not neighbours)
    assert alone == {"Isles of Scilly", "Isle of Wight"}


def test_each_year_has_its_own_councils(england):
    # North Yorkshire's districts bordered each other until 2023; after, the unitary borders.
    before = names(council_neighbours(gss_code=code("Harrogate"), year=ReportingYear(2022)))
    assert {"Craven", "Richmondshire", "Leeds"} <= before
    after = names(council_neighbours(gss_code=code("Leeds"), year=YEAR))
    assert "North Yorkshire" in after and "Harrogate" not in after
    assert council_neighbours(gss_code=code("Harrogate"), year=YEAR) == []


def test_kept_per_data_version_and_recomputed_after_a_change(
    england, django_assert_max_num_queries
):
    first = year_adjacency(YEAR)
    # The kept value, at the cost of the data version's read at most (read once a second: a
    # slow machine may pass a second between the calls).
    with django_assert_max_num_queries(1):
        assert year_adjacency(YEAR) is first
    watford = Council.objects.get(short_name="Watford")
    watford.boundary = None  # as if its boundary had gone: a change bumps the data version
    watford.save()
    data_version_forget()
    again = year_adjacency(YEAR)
    assert watford.gss_code not in again
    assert watford.gss_code not in again[code("Hertsmere")]
