from django.db import migrations

SEQUENCE = "ombudsman_dataversion_seq"  # ombudsman.models.DATA_VERSION_SEQUENCE


def sequence_create(apps, schema_editor):
    # PostgreSQL only: SQLite has no sequences and takes new versions from the clock instead
    # (ombudsman.dataversion). Not OWNED BY the column, so that TRUNCATE ... RESTART IDENTITY
    # (a flush) cannot rewind it to numbers already handed out.
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("ombudsman", "DataVersion")._meta.db_table)
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint")
    # The first nextval() gives one more than the version stored now (1 on an empty table).
    schema_editor.execute(
        f"SELECT setval(%s, GREATEST(COALESCE(MAX(version), 0), 1), COALESCE(MAX(version), 0) > 0)"
        f" FROM {table}",
        [SEQUENCE],
    )


def sequence_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("ombudsman", "0001_initial")]

    operations = [migrations.RunPython(sequence_create, sequence_drop)]
