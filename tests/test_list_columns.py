"""Lists of decisions, recommendations and letters join each row to its council but never read
the council's boundaries (tens of kilobytes of JSON each, read and decoded for every row before:
councils.querysets.with_council). Checked on the SQL each list sends."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AnnualLetterFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/decisions/",
    "/api/decisions/?q=housing",
    "/api/recommendations/",
    "/api/letters/",
    "/admin/decisions/decision/",
    "/admin/decisions/recommendation/",
    "/admin/decisions/annualletter/",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_reads_no_boundary(world, admin_client, url):
    AnnualLetterFactory(council=world["felpersham"], year=2021, sent_on=dt.date(2022, 7, 1))
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    joined = [q["sql"] for q in queries if "councils_council" in q["sql"]]
    assert joined, "the list joins its councils"
    read = [sql for sql in joined if '."boundary"' in sql or '."lookup_boundary"' in sql]
    assert not read, read
