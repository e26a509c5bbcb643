"""Reading and bumping the data version (see `ombudsman.models.DataVersion`).

Every cached figure, the map and the point index are keyed on the version. Reading it is one
small query; a thread keeps what it read for `LOCAL_SECONDS` so that a busy endpoint (the map
is served thousands of times a minute) does not ask for every request. A change is therefore
seen at once by the thread that made it and within a second by every other one.

A version is never handed out twice, not even after a rollback: what a transaction computed
and cached under the version it bumped to (a year table, in this process's memo and in the
shared cache) would otherwise be served as current after the next real change, which would get
the same number. Caches need nothing but equality of versions; nothing may compare them as
numbers (on SQLite they jump by the clock).
"""

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.db.models import F, PositiveBigIntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import DATA_VERSION_SEQUENCE, DataVersion

LOCAL_SECONDS = 1.0
# Per thread: each thread has its own database connection, and so its own view of uncommitted
# changes; a version one thread read inside its transaction is not one another thread may use.
_local = threading.local()
# SQLite: the last version this process handed out (see `_bump_sqlite`).
_sqlite_last = {"version": 0}
_sqlite_lock = threading.Lock()


def data_version() -> int:
    _forget_if_rolled_back()
    now = time.monotonic()
    seen = getattr(_local, "seen", None)
    if seen is not None and now - seen[1] < LOCAL_SECONDS:
        return seen[0]
    value = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    _local.seen = (value, now)
    return value


def data_version_forget() -> None:
    """Read the version from the database next time (after a change, and between tests)."""
    _local.seen = None
    _local.uncommitted = []


def data_changed() -> None:
    """Call after any write that the signals do not see (bulk_create, update, raw SQL)."""
    if getattr(_local, "batched", 0):
        return
    if connection.vendor == "postgresql":
        _bump_postgresql()
    else:
        _bump_sqlite()
    _local.seen = None
    if connection.in_atomic_block:
        _watch_transaction()


def _bump_postgresql() -> None:
    # nextval() is not undone by a rollback, so a rolled-back bump's number is never reused.
    # GREATEST keeps the version rising even if the row got ahead of the sequence (a process
    # still running the code of before the sequence, during a deploy).
    nextval = RawSQL("nextval(%s)", [DATA_VERSION_SEQUENCE], output_field=PositiveBigIntegerField())
    if not DataVersion.objects.filter(pk=1).update(
        version=Greatest(F("version") + 1, nextval), changed_at=timezone.now()
    ):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": nextval})


def _bump_sqlite() -> None:
    # SQLite has no sequences. The new version is at least the clock in microseconds, which a
    # rollback cannot rewind, so another process's next bump gets a number above one a
    # rolled-back transaction used; and above the last this process handed out, so this process
    # never repeats one even if the clock steps back or bumps come faster than it ticks. (SQLite
    # is for development; PostgreSQL's sequence makes the guarantee across processes.)
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    returning = connection.features.can_return_columns_from_insert  # RETURNING: SQLite 3.35
    with _sqlite_lock:
        floor = max(time.time_ns() // 1000, _sqlite_last["version"] + 1)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET version = MAX(version + 1, %s), changed_at = %s WHERE id = 1"
                + (" RETURNING version" if returning else ""),
                [floor, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone() if returning else None
            updated = row is not None if returning else cursor.rowcount > 0
        if not updated:
            DataVersion.objects.get_or_create(pk=1, defaults={"version": floor})
        _sqlite_last["version"] = row[0] if row else floor


def _watch_transaction() -> None:
    """The version this thread will read next is not committed yet: until the transaction
    commits, a rollback must also drop this thread's memo of it. Django runs a commit hook only
    on commit and drops it when its transaction or savepoint rolls back; a hook of ours missing
    without having run means a rollback (see `_forget_if_rolled_back`)."""
    _forget_if_rolled_back()
    uncommitted = _uncommitted()
    savepoints = list(connection.savepoint_ids)
    if uncommitted and uncommitted[-1][0] == savepoints:
        return  # the hook of an earlier bump at this level watches this one too

    def committed() -> None:
        if (savepoints, committed) in uncommitted:
            uncommitted.remove((savepoints, committed))

    uncommitted.append((savepoints, committed))
    connection.on_commit(committed)


def _forget_if_rolled_back() -> None:
    uncommitted = getattr(_local, "uncommitted", None)
    if not uncommitted:
        return
    if connection.in_atomic_block:
        waiting = {id(hook) for _, hook, *_ in connection.run_on_commit}
        lost = [entry for entry in uncommitted if id(entry[1]) not in waiting]
    else:  # the transaction is over and our hooks did not run: it was rolled back
        lost = list(uncommitted)
    if lost:
        for entry in lost:
            uncommitted.remove(entry)
        _local.seen = None


def _uncommitted() -> list:
    if getattr(_local, "uncommitted", None) is None:
        _local.uncommitted = []
    return _local.uncommitted


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
    (imports, generators) wraps itself in this, inside its transaction.

    The outermost batch bumps at its start too, so that anything computed and cached while the
    batch runs is keyed on a version of its own, which a rollback leaves unused for ever, rather
    than on the committed version while it sees the batch's uncommitted rows."""
    if not getattr(_local, "batched", 0):
        data_changed()
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
