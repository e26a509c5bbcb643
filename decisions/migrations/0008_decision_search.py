"""The full-text index of decisions (decisions/search.py): a GIN index on PostgreSQL, an FTS5
table kept in step by triggers on SQLite. Neither is a model field or a Meta index, because
each exists on one database only; the index is built from the same expression the search asks,
so PostgreSQL's planner matches the two."""

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


def _index():
    from django.contrib.postgres.indexes import GinIndex

    from decisions.search import INDEX_NAME, SEARCH_VECTOR

    return GinIndex(SEARCH_VECTOR, name=INDEX_NAME)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(apps.get_model("decisions", "Decision"), _index())
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "Decision"), _index())
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0007_import_jobs")]

    operations = [migrations.RunPython(create, drop)]
