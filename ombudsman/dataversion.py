"""Reading and bumping the data version (see `ombudsman.models.DataVersion`).

Every cached figure, the map and the point index are keyed on the version. Reading it is one
small query; a process keeps what it read for `LOCAL_SECONDS` so that a busy endpoint (the map
is served thousands of times a minute) does not ask for every request. A change is therefore
seen at once by the process that made it and within a second by every other one.
"""

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db.models import F

from .models import DataVersion

LOCAL_SECONDS = 1.0
_local = threading.local()
_seen = {"version": None, "at": 0.0}


def data_version() -> int:
    now = time.monotonic()
    if _seen["version"] is not None and now - _seen["at"] < LOCAL_SECONDS:
        return _seen["version"]
    value = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    _seen["version"], _seen["at"] = value, now
    return value


def data_version_forget() -> None:
    """Read the version from the database next time (after a change, and between tests)."""
    _seen["version"] = None


def data_changed() -> None:
    """Call after any write that the signals do not see (bulk_create, update, raw SQL)."""
    if getattr(_local, "batched", 0):
        return
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    data_version_forget()


_batch_end_hooks: list[Callable[[bool], None]] = []


def batching() -> bool:
    """Whether this thread is inside `batched_changes()`."""
    return bool(getattr(_local, "batched", 0))


def batch_end_register(hook: Callable[[bool], None]) -> None:
    """`hook(completed)` runs when the outermost batch ends, before the version is bumped:
    work deferred during the batch (recounting tallies) is done there, once. `completed` is False
    when the batch ended with an exception (its transaction is being rolled back)."""
    if hook not in _batch_end_hooks:
        _batch_end_hooks.append(hook)


@contextmanager
def batched_changes():
    """Bump the version once at the end instead of once per saved or deleted row: bulk work
    (imports, generators) wraps itself in this, inside its transaction."""
    _local.batched = getattr(_local, "batched", 0) + 1
    completed = False
    try:
        yield
        completed = True
    finally:
        _local.batched -= 1
        if not _local.batched:
            for hook in _batch_end_hooks:
                hook(completed)
    data_changed()
