from django.db import models

# PostgreSQL: where new versions come from (migration 0002). A sequence is not rolled back with
# the transaction that advanced it, so no number is handed out twice.
DATA_VERSION_SEQUENCE = "ombudsman_dataversion_seq"


class DataVersion(models.Model):
    """A counter that changes whenever anything behind the statistics or the map changes.

    Cached figures and the map's ETag are keyed on it. It lives in the database rather than in the
    cache so that every app server process sees a change at once, even with a per-process cache,
    and so that the bump commits or rolls back with the change that caused it. One row (pk=1).

    A new value is never one handed out before, even by a transaction that was rolled back (whose
    cached figures are keyed on it): see `ombudsman.dataversion`. Only equality means anything;
    values are not consecutive.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"data version {self.version}"
