"""A list's row count is kept per data version and query (ombudsman/api/pagination.py): asked
again, the page costs no COUNT(*); a change to the data, or any other filter, counts afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def _get(api, url):
    with CaptureQueriesContext(connection) as queries:
        body = api.get(url).json()
    counts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT COUNT(")]
    return body["count"], len(counts)


def test_a_count_is_asked_once_per_data_version(world, api):
    url = "/api/decisions/?outcome=upheld"
    count, counted = _get(api, url)
    assert counted == 1
    assert _get(api, url) == (count, 0)
    DecisionFactory(council=world["felpersham"], reference="22 999 001")  # a new data version
    assert _get(api, url) == (count + 1, 1)


def test_other_filters_are_counted_apart(world, api):
    upheld, _ = _get(api, "/api/decisions/?outcome=upheld")
    other, counted = _get(api, "/api/decisions/?outcome=not_upheld")
    every, _ = _get(api, "/api/decisions/")
    assert counted == 1 and upheld + other < every
    assert _get(api, "/api/decisions/?outcome=upheld&page_size=1")[0] == upheld
