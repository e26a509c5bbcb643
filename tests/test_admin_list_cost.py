"""What a request for the admin's decision list asks the database, whatever the data size: its
filters read the years from the tallies and the categories once per data version, and the list
counts only its own rows, once per data version (no second count of every decision, no scan of
every month)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/decisions/decision/"


def _queries(client, url=LIST) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"].upper() for q in queries]


def test_the_decision_list_scans_nothing_for_its_filters(world, admin_client):
    first = _queries(admin_client)
    again = _queries(admin_client)
    decision_scans = [q for q in again if "DISTINCT" in q and "DECISIONS_DECISION" in q]
    assert decision_scans == []
    assert not [q for q in first if "DATE_TRUNC" in q or "DJANGO_DATE_TRUNC" in q]

    def counts(queries):
        return [q for q in queries if q.lstrip().startswith("SELECT COUNT(")]

    assert len(counts(first)) == 1  # the filtered list's own; none of every decision
    assert counts(again) == []  # kept for the data version


def test_the_filters_still_offer_every_year_and_category(world, admin_client):
    DecisionFactory(council=world["felpersham"], reference="22 999 002", category="Planning")
    page = admin_client.get(LIST).content.decode()
    assert "?category=Planning" in page and "?year=2022-23" in page
    filtered = admin_client.get(LIST + "?category=Planning").content.decode()
    assert "22 999 002" in filtered
