from django.db import models


class DataVersion(models.Model):
    """A counter that goes up whenever anything behind the statistics or the map changes.

    Cached figures and the map's ETag are keyed on it. It lives in the database rather than in the
    cache so that every app server process sees a change at once, even with a per-process cache,
    and so that the bump commits or rolls back with the change that caused it. One row (pk=1).
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"data version {self.version}"
