"""`DecisionQuerySet.distinct_by_probes`: the distinct combinations of a few columns found by one
index probe each (the search page's categories and subcategories, the admin's categories), the
same as a SELECT DISTINCT would find, in the same order, in one recursive query."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.admin_filters import categories_in_use
from decisions.models import Decision
from decisions.search_selectors import search_categories
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def distinct(queryset, *fields):
    return list(queryset.order_by(*fields).values_list(*fields).distinct())


@pytest.fixture
def awkward(world):
    # Names that sort next to each other, an empty subcategory, a quote, and a category whose
    # only decision is not public yet.
    today = dt.date.today()
    for n, (category, subcategory) in enumerate(
        [
            ("Housing", ""),
            ("Housing", "Allocations"),
            ("Housing", "Allocations and lettings"),
            ("Housing", "Council's repairs"),
            ("Housinh", ""),
        ]
    ):
        DecisionFactory(reference=f"22 555 {n:03d}", category=category, subcategory=subcategory)
    DecisionFactory(
        reference="22 555 900",
        category="Zoo licensing",
        subcategory="Not yet",
        decision_date=today - dt.timedelta(days=2),
        received_date=today - dt.timedelta(days=60),
        published_on=today + dt.timedelta(days=1),
    )


@pytest.mark.parametrize("fields", [("category",), ("category", "subcategory")])
@pytest.mark.parametrize("public", [False, True])
def test_the_same_as_distinct_with_a_query_per_combination(awkward, fields, public):
    queryset = Decision.objects.public() if public else Decision.objects.all()
    expected = distinct(queryset, *fields)
    with CaptureQueriesContext(connection) as queries:
        found = queryset.distinct_by_probes(*fields)
    assert found == expected
    # One recursive query of the probes, and no DISTINCT.
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("WITH RECURSIVE") and "DISTINCT" not in queries[0]["sql"]
    assert ("Zoo licensing", "Not yet")[: len(fields)] in found or public


def test_none_at_all(db):
    assert Decision.objects.distinct_by_probes("category", "subcategory") == []


def test_the_search_page_and_the_admin_read_them(awkward):
    categories = search_categories()
    assert categories["Housing"] == ("Allocations", "Allocations and lettings", "Council's repairs")
    assert "Zoo licensing" not in categories  # not public yet
    assert "Zoo licensing" in categories_in_use()  # staff see every decision
