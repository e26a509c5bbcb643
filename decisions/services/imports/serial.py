"""One decision import at a time. Two staff importing the same new file at once both found its
references unknown and both inserted them: the second import's transaction failed on the unique
reference (a 500). Now an import takes a lock for its transaction, and an import that finds the
lock taken stops at once with a message, writing nothing; whatever else a database refuses while
another write is under way is reported the same way, never as a server error.

On PostgreSQL the lock is a transaction-level advisory lock (released with the transaction, even
when the process dies). SQLite has one writer at a time of its own: a second import waits for
the database, and if it cannot have it, the "database is locked" error becomes the same
message."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, connection

from councils.services.errors import DataImportError

# Any constant no other lock of the project uses: the advisory locks of one database share a
# single space of keys.
IMPORT_LOCK = 0x696D706F7274  # "import"
BUSY = (
    "Nothing was imported: another import is running. Try again when it has finished "
    "(its rows may already include some of this file's)."
)


@contextmanager
def one_import_at_a_time(*, wait: bool = False):
    """Wraps an import's transaction (use inside `transaction.atomic()`). With `wait` (the task
    worker's imports, which no request waits on) an import waits for the one running to end;
    without (the command line), it is refused at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
            else:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
                if not cursor.fetchone()[0]:
                    raise DataImportError(BUSY, [BUSY])
    yield


@contextmanager
def refused_as_busy():
    """Outside the transaction: a write the database refused because of another one under way
    is the import's refusal, not a server error."""
    try:
        yield
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        raise DataImportError(BUSY, [BUSY]) from error
    except IntegrityError as error:
        message = f"Nothing was imported: another write got there first ({error})."
        raise DataImportError(message, [message]) from error
