"""On PostgreSQL, the text of a decision never published is left out of the word search: its
`search_document` (migration 0008) is NULL until the decision has a publication date, and the
column and its GIN index hold the decisions that are or will be public (decisions/search.py).

Every word search is of a public list (the API's, the search page's). A third of the sample's
decisions are never published (advice given, referred back, invalid), yet their words were in
the index, and a public search fetched each of their matches from the table only to throw it
away: "respond" is in 101,000 decisions at ten times the sample and in no public one, and its
capped count read every page of the table (370 ms) because the planner, from the words of all
decisions, expected 67,000 public matches and a quick end to the scan. Statistics of this
column are of the published decisions alone, so the planner's guesses are of those.

The statistics on the public test's expression (`decisions.querysets._published_by`) tell the
planner how many decisions are public, which it otherwise guessed (a third). Both are filled by
the next ANALYZE (autovacuum's, or the one after a bulk load), not here: an ANALYZE of the table
as migrations leave it, empty, records that it is empty, and the planner then took the tests'
few rows for none.
"""

from django.db import migrations

DOCUMENT = """to_tsvector('english'::regconfig,
    coalesce(summary, '') || ' ' || coalesce(category, '') || ' ' || coalesce(subcategory, ''))"""


def _column(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS decision_search_idx",
        "ALTER TABLE decisions_decision DROP COLUMN IF EXISTS search_document",
        "ALTER TABLE decisions_decision ADD COLUMN search_document tsvector"
        f" GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX decision_search_idx ON decisions_decision USING gin (search_document)",
    ]


POSTGRESQL_CREATE = [
    *_column(f"CASE WHEN published_on IS NOT NULL THEN {DOCUMENT} END"),
    """CREATE STATISTICS decision_publication_stats
        ON (COALESCE(published_on, '9999-12-31'::date)) FROM decisions_decision""",
]
POSTGRESQL_DROP = [
    "DROP STATISTICS IF EXISTS decision_publication_stats",
    *_column(DOCUMENT),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0011_decision_list_order")]

    operations = [migrations.RunPython(create, drop)]
