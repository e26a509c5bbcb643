"""The full-text index of decisions (decisions/search.py): on PostgreSQL a stored generated
tsvector column with a GIN index, on SQLite an FTS5 table kept in step by triggers. Neither is a
model field or a Meta index, because each exists on one database only; the database fills both
on every write, so no code path (the ORM, the import's COPY, raw SQL) can miss them."""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE decisions_decision_search USING fts5(
        summary, category, subcategory,
        content='decisions_decision', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER decisions_decision_search_insert AFTER INSERT ON decisions_decision BEGIN
        INSERT INTO decisions_decision_search(rowid, summary, category, subcategory)
        VALUES (new.id, new.summary, new.category, new.subcategory);
    END""",
    """CREATE TRIGGER decisions_decision_search_delete AFTER DELETE ON decisions_decision BEGIN
        INSERT INTO decisions_decision_search(decisions_decision_search, rowid, summary,
            category, subcategory)
        VALUES ('delete', old.id, old.summary, old.category, old.subcategory);
    END""",
    """CREATE TRIGGER decisions_decision_search_update AFTER UPDATE OF summary, category,
        subcategory ON decisions_decision BEGIN
        INSERT INTO decisions_decision_search(decisions_decision_search, rowid, summary,
            category, subcategory)
        VALUES ('delete', old.id, old.summary, old.category, old.subcategory);
        INSERT INTO decisions_decision_search(rowid, summary, category, subcategory)
        VALUES (new.id, new.summary, new.category, new.subcategory);
    END""",
    "INSERT INTO decisions_decision_search(decisions_decision_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS decisions_decision_search_insert",
    "DROP TRIGGER IF EXISTS decisions_decision_search_delete",
    "DROP TRIGGER IF EXISTS decisions_decision_search_update",
    "DROP TABLE IF EXISTS decisions_decision_search",
]


POSTGRESQL_CREATE = [
    """ALTER TABLE decisions_decision ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig,
            coalesce(summary, '') || ' ' || coalesce(category, '') || ' '
            || coalesce(subcategory, ''))
    ) STORED""",
    "CREATE INDEX decision_search_idx ON decisions_decision USING gin (search_document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS decision_search_idx",
    "ALTER TABLE decisions_decision DROP COLUMN IF EXISTS search_document",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0007_import_jobs")]

    operations = [migrations.RunPython(create, drop)]
