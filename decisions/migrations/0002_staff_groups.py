"""The Caseworkers and Publishers groups (see ombudsman/roles.py for what each may do)."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from ombudsman.roles import groups_sync

    groups_sync(apps=apps, using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    from ombudsman.roles import groups_remove

    groups_remove(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("councils", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
