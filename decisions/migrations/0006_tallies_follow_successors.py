from django.db import migrations


def tallies_recount(apps, schema_editor):
    # Counts recorded after a council's abolition now land on its successor (see
    # decisions.services.tallies): recount what is there with the rule.
    from decisions.services.tallies import tallies_refresh

    tallies_refresh(
        models=(
            apps.get_model("decisions", "Decision"),
            apps.get_model("decisions", "Recommendation"),
            apps.get_model("decisions", "CouncilYearTally"),
            apps.get_model("councils", "Council"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0002_council_lookup_boundary"),
        ("decisions", "0005_fewer_indexes"),
    ]

    operations = [migrations.RunPython(tallies_recount, migrations.RunPython.noop)]
