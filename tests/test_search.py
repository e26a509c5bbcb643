"""The decisions' word search (decisions/search.py) on the database the suite runs on: words in
any grammatical form, all of them, in the text or the council's name; a whole reference; an index
kept in step with every write (the form, an import, a deletion); and, on PostgreSQL, a query the
index can answer."""

import pytest
from django.db import connection, transaction

from decisions.models import Decision
from decisions.search import INDEX_NAME, decisions_search
from decisions.services.imports import decisions_import
from tests.decision_files import DECISION_HEADER, decision, write_csv
from tests.factories import CouncilFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def _found(*words) -> set[str]:
    return set(
        decisions_search(Decision.objects.all(), list(words)).values_list("reference", flat=True)
    )


@pytest.fixture
def cases():
    wetton = CouncilFactory(short_name="Wetton", gss_code="E07900011")
    dryford = CouncilFactory(short_name="Dryford", gss_code="E07900012")
    DecisionFactory(
        reference="22 100 001", council=wetton, summary="Repairs were delayed for months."
    )
    DecisionFactory(reference="22 100 002", council=dryford, summary="Damp and mould were left.")
    DecisionFactory(
        reference="22 100 003",
        council=wetton,
        summary="The council failed to assess a carer's needs.",
        category="Adult care services",
        subcategory="Assessment and care plan",
    )


def test_words_match_in_any_form_and_all_must_match(cases):
    assert _found("delays") == {"22 100 001"}  # "delayed", stemmed alike
    assert _found("repair", "delay") == {"22 100 001"}
    assert _found("repair", "mould") == set()  # every word, not any
    assert _found("assessments") == {"22 100 003"}  # from the subcategory
    assert _found("adult") == {"22 100 003"}  # from the category
    assert _found("quetzal") == set()


def test_a_word_also_matches_the_councils_name(cases):
    assert _found("wetton") == {"22 100 001", "22 100 003"}
    assert _found("wetton", "damp") == set()
    assert _found("dryford", "damp") == {"22 100 002"}
    assert _found("ryfor") == {"22 100 002"}  # a council's name by any part of it


@pytest.mark.parametrize("words", [['"'], ["damp", "OR"], ["NEAR(x"], ["*"], ["mould:*"], ["-"]])
def test_query_syntax_is_only_text(cases, words):
    _found(*words)  # no error from the database, whatever the characters


def test_the_index_follows_every_write(cases, tmp_path):
    changed = Decision.objects.get(reference="22 100 002")
    changed.summary = "Noise from a neighbour was not investigated."
    changed.save()
    assert _found("mould") == set() and _found("neighbours") == {"22 100 002"}
    Decision.objects.filter(reference="22 100 001").delete()
    assert _found("delayed") == set()
    CouncilFactory(short_name="Ambridge", gss_code="E06900001")
    rows = [decision(ref="22 100 009", summary="Heating failed all winter.")]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", DECISION_HEADER, rows))
    assert _found("heating", "winter") == {"22 100 009"}


def test_the_api_finds_a_reference_however_typed(cases, api):
    for typed in ("22 100 002", "22-100-002", "22100002"):
        body = api.get(f"/api/decisions/?q={typed}").json()
        assert [d["reference"] for d in body["results"]] == ["22 100 002"], typed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
@pytest.mark.parametrize("word", ["damp", "wetton"])  # the second also names a council
def test_postgresql_answers_a_word_from_the_index(cases, word):
    query = decisions_search(Decision.objects.all(), [word])
    with transaction.atomic(), connection.cursor() as cursor:
        # The test's few rows are cheaper to scan; what matters is that the index can answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert INDEX_NAME in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column is PostgreSQL's")
def test_a_decision_is_searchable_once_it_has_a_publication_date(cases):
    # Migration 0012: no document for a decision never published, so a public search does not
    # fetch it only to throw it away; the column follows the date as it is set and cleared.
    unpublished = Decision.objects.get(reference="22 100 002")
    unpublished.published_on = None
    unpublished.save()
    documents = Decision.objects.extra(select={"document": "search_document::text"})
    assert documents.get(pk=unpublished.pk).document is None
    assert _found("mould") == set()
    unpublished.published_on = unpublished.decision_date
    unpublished.save()
    assert "mould" in documents.get(pk=unpublished.pk).document
    assert _found("mould") == {"22 100 002"}
