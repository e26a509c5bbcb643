"""What made the national-scale import quicker without changing what it does (issue 18): the
cycle collector off for the import and back on after, the PostgreSQL writer's COPY text escaped
a column at a time, and the foreign keys of each batch checked as the batch is written instead
of all at the commit."""

import datetime as dt
import gc

import pytest
from django.db import IntegrityError, connection, transaction

from councils.services.errors import DataImportError
from decisions.models import Decision
from decisions.services.imports import decisions_import
from decisions.services.imports.postgres import _ESCAPES, _format
from decisions.services.imports.writers import WriteContext, writer_for

from .decision_files import DECISION_HEADER, decision, write_csv

ON_POSTGRESQL = connection.vendor == "postgresql"


def _file(tmp_path, *rows):
    return write_csv(tmp_path / "d.csv", DECISION_HEADER, rows)


@pytest.mark.django_db
def test_the_collector_is_on_again_after_an_import_good_or_bad(world, tmp_path):
    assert gc.isenabled()
    decisions_import(decisions_path=_file(tmp_path, decision(ref="22 600 001")))
    assert gc.isenabled()
    with pytest.raises(DataImportError):
        decisions_import(decisions_path=_file(tmp_path, decision(ref="22 600 002", outcome="?")))
    assert gc.isenabled()
    assert Decision.objects.filter(reference="22 600 001").exists()


@pytest.mark.django_db
def test_an_import_leaves_the_collector_off_if_it_was_off(world, tmp_path):
    gc.disable()
    try:
        decisions_import(decisions_path=_file(tmp_path, decision(ref="22 600 003")))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_text_column_is_escaped_as_value_by_value():
    text = _format(Decision._meta.get_field("summary"))
    values = ["plain", "", "back\\slash", "a\ttab", "two\r\nlines", "\\t literally", "é ünï"]
    assert text(values) == [v.translate(_ESCAPES) for v in values]
    assert text(["one"]) == ["one"] and text([]) == []
    # A NUL in a value would split the joined column wrongly: value by value then.
    assert text(["a\x00b", "c\td"]) == ["a\x00b", "c\\td"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the COPY writer is PostgreSQL's")
@pytest.mark.django_db
def test_a_batchs_foreign_keys_are_checked_as_it_is_written(world):
    row = {
        "reference": "22 600 004",
        "council_id": 10**9,  # no such council: the foreign key fails
        "received_date": None,
        "decision_date": dt.date(2022, 9, 1),
        "category": "Housing",
        "subcategory": "",
        "outcome": "upheld",
        "remedied_by_authority": False,
        "report_type": "statement",
        "summary": "",
        "published_on": None,
        "is_sample": False,
    }
    context = WriteContext(None, "test", ("council_id", "decision_date", "category", "outcome"))
    with (
        pytest.raises(IntegrityError, match="council"),
        transaction.atomic(),
        writer_for(context) as writer,
    ):
        writer.decisions([row])
        # Before the transaction ends: the batch's check was made as it was written.
        writer.finish()
