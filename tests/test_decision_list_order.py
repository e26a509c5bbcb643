"""The decision lists' order has an index of its own in the database, in that order: without it
a first page sorted every decision of the newest days, which grow with the data (README,
Performance). Read from the model's ordering, so that a change of the order needs its index."""

import pytest
from django.db import connection

from decisions.models import Decision

pytestmark = pytest.mark.django_db


def test_an_index_holds_the_lists_order():
    ordering = list(Decision._meta.ordering)
    assert ordering == ["-decision_date", "reference"]
    assert any(list(index.fields) == ordering for index in Decision._meta.indexes)


def test_the_database_has_it_in_that_order():
    ordering = list(Decision._meta.ordering)
    columns = [name.lstrip("-") for name in ordering]
    orders = ["DESC" if name.startswith("-") else "ASC" for name in ordering]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Decision._meta.db_table)
    found = [c for c in constraints.values() if c["index"] and c["columns"] == columns]
    assert found, f"no index on {columns}"
    assert [c.get("orders") for c in found] == [orders]
