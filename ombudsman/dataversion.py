"""Reading and bumping the data version (see `ombudsman.models.DataVersion`)."""

import threading
from contextlib import contextmanager

from django.db.models import F

from .models import DataVersion

_local = threading.local()


def data_version() -> int:
    value = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return value or 0


def data_changed() -> None:
    """Call after any write that the signals do not see (bulk_create, update, raw SQL)."""
    if getattr(_local, "batched", 0):
        return
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


@contextmanager
def batched_changes():
    """Bump the version once at the end instead of once per saved or deleted row: bulk work
    (imports, generators) wraps itself in this, inside its transaction."""
    _local.batched = getattr(_local, "batched", 0) + 1
    try:
        yield
    finally:
        _local.batched -= 1
    data_changed()
