"""Reading and bumping the data version (see `ombudsman.models.DataVersion`)."""

from django.db.models import F

from .models import DataVersion


def data_version() -> int:
    value = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return value or 0


def data_changed() -> None:
    """Call after any write that the signals do not see (bulk_create, update, raw SQL)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
