"""The PostgreSQL write path: COPY into temporary tables, set-based SQL, and the database working
while Python reads on.

Each batch of checked rows is sent with COPY into a temporary table (the fastest way into
PostgreSQL), then written by a few statements that also write its history rows from the same
staged rows (INSERT ... SELECT), so the audit trail holds exactly what was stored:

- decisions: every row is staged with a value for every field (the defaults for the columns
  the file lacks). A staged row whose reference is already stored takes that decision's id and
  its stored value of every field the file does not give (`WriteContext.decision_fields`), then
  updates it in the given fields only, with a '~' history row; the others are inserted, with a
  '+' history row. Staged rows draw their ids from the table's own sequence as they arrive, so no
  statement has to read back what another wrote.
- recommendations: the earlier recommendations of a decision named for the first time in this
  import are deleted, each with a '-' history row; then the batch is inserted, in file order,
  with '+' history rows.

Why a thread: writing a row costs PostgreSQL more than checking it costs Python (the tables
carry many indexes), so the two are done at the same time. The calling thread checks the next
batch while one worker thread, on the same connection and so in the same transaction, sends the
previous one; the worker holds at most one batch. The rules need what is stored of a batch's
decisions before the batch is checked: the worker looks that up too, just before it writes the
batch ahead (`stored`), so that it is not left idle while the lookup runs. It is idle before
anything else uses the connection, and always before the transaction ends (`close`), whether
or not the import succeeded.

The foreign keys of the rows written (Django's are checked at commit) are checked by the worker
as it writes each batch (`SET CONSTRAINTS ... IMMEDIATE`, then deferred again): the same
checks, made while this thread reads on, rather than hundreds of thousands of them at the
commit with nothing else to do. A failed check fails the import as at the commit.

Table and column names come from the models' and history models' `_meta`.
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

from django.db import connection
from django.db.models import CharField, Field, Model, TextField
from django.utils import timezone

from decisions.models import Decision, Recommendation

from .layout import DECISION_FIELDS, RECOMMENDATION_FIELDS
from .rows import STORED_FIELDS, StoredDecision
from .writers import WriteContext, Written, answered

DECISION_STAGE = "import_decision"
RECOMMENDATION_STAGE = "import_recommendation"
# Decisions whose earlier recommendations this import has already removed.
REPLACED = "import_replaced"
# What the batches found, for `finish` to report: decisions updated (and their councils before),
# earlier recommendations removed.
DONE = "import_done"
EXISTING = "existing"  # a staged decision that is already stored
COUNCIL_BEFORE = "council_before"  # ... and its council before the update
# The backslash first: the others' escapes begin with one.
_ESCAPES_IN_ORDER = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
_ESCAPES = str.maketrans(dict(_ESCAPES_IN_ORDER))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(names) -> str:
    return ", ".join(names)


class _Stage:
    """A temporary table with a column for every concrete field of `model`; a batch is COPYed
    into the fields its rows hold values for (`given`), the id comes from the model's own
    sequence, and any other field takes its model default."""

    def __init__(self, cursor, name: str, model: type[Model], given: list[tuple[str, Field]]):
        meta = model._meta
        self.name = _quote(name)
        # A given value that is not one of the model's fields (the reference of a
        # recommendation's decision) has a column named after its key.
        self.given = [
            (key, _quote(f.column if f.model is model else key), _format(f)) for key, f in given
        ]
        self.table = _quote(meta.db_table)
        self.pk = _quote(meta.pk.column)
        self.fields = [_quote(f.column) for f in meta.concrete_fields]
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [self.table, meta.pk.column])
        (sequence,) = cursor.fetchone()
        definitions = []
        for f in meta.concrete_fields:
            column = f"{_quote(f.column)} {f.db_type(connection)}"
            if f is meta.pk:
                column += " DEFAULT " + cursor.mogrify("nextval(%s)", [sequence]).decode()
            elif f.has_default():
                default = f.get_db_prep_save(f.get_default(), connection)
                column += " DEFAULT " + cursor.mogrify("%s", [default]).decode()
            definitions.append(column)
        definitions += [
            f"{column} {f.db_type(connection)}"
            for (_, column, _), (_, f) in zip(self.given, given, strict=True)
            if f.model is not model
        ]
        self.definitions = definitions
        self.copy = f"COPY {self.name} ({_columns(c for _, c, _ in self.given)}) FROM STDIN"

    def create(self, cursor, extra: list[str]) -> None:
        # ON COMMIT DROP in case `finish` is never reached; a rollback removes it as well.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {self.name} ({_columns(self.definitions + extra)}) "
            "ON COMMIT DROP"
        )

    def text(self, rows: list[dict]) -> str:
        """The batch in COPY's text format. Column by column: one comprehension per column is
        much quicker than a call per cell."""
        columns = [fmt([row[key] for row in rows]) for key, _, fmt in self.given]
        return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def _format(field: Field):
    """How a column of values is written in COPY's text format: NULL as \\N, and backslashes,
    tabs and line breaks escaped in free text."""
    if isinstance(field, CharField | TextField):

        def text(values):
            # The column escaped whole, joined by NUL (which no text value can hold: the
            # parsers refuse it), instead of value by value.
            joined = "\x00".join(values)
            if joined.count("\x00") != len(values) - 1:
                return [v.translate(_ESCAPES) for v in values]
            for character, escape in _ESCAPES_IN_ORDER:
                if character in joined:
                    joined = joined.replace(character, escape)
            return joined.split("\x00")

        return text
    if field.null:
        return lambda values: ["\\N" if v is None else str(v) for v in values]
    return lambda values: list(map(str, values))


def _probes(column: str, values: str) -> str:
    """`column` among the values of a subquery, written so that PostgreSQL looks each one up in
    the column's index. As a join, it would rather read the whole table (growing with every batch
    of this import) for a batch's few thousand values."""
    return f"{column} = ANY(ARRAY({values}))"


class PostgresWriter:
    def __init__(self, context: WriteContext):
        connection.ensure_connection()
        self.connection = connection.connection  # the driver's, usable from the worker thread
        self.errors = connection.wrap_database_errors  # this thread's connection's
        decision, recommendation = Decision._meta, Recommendation._meta
        reference = decision.get_field("reference")
        with connection.cursor() as cursor:
            audit = _Audit(cursor, context)
            self.decisions_stage = _Stage(
                cursor,
                DECISION_STAGE,
                Decision,
                [(name, decision.get_field(name)) for name in ("reference", *DECISION_FIELDS)],
            )
            self.decisions_stage.create(
                cursor, [f"{EXISTING} boolean DEFAULT false", f"{COUNCIL_BEFORE} bigint"]
            )
            self.recommendations_stage = _Stage(
                cursor,
                RECOMMENDATION_STAGE,
                Recommendation,
                [("decision_reference", reference)]
                + [(name, recommendation.get_field(name)) for name in RECOMMENDATION_FIELDS],
            )
            self.recommendations_stage.create(cursor, [])
            key = decision.pk.db_type(connection)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {REPLACED} (id {key} PRIMARY KEY) ON COMMIT DROP; "
                f"CREATE TEMPORARY TABLE {DONE} (updated bigint DEFAULT 0, replaced bigint "
                f"DEFAULT 0, councils {key}[]) ON COMMIT DROP"
            )
            checks = _deferred_checks(cursor)
        self.stored_sql = _stored_sql()
        self.decisions_sql = _decisions_sql(self.decisions_stage, audit, context.decision_fields)
        self.recommendations_sql = _recommendations_sql(self.recommendations_stage, audit)
        if checks:
            self.decisions_sql += checks
            self.recommendations_sql += checks
        self.decisions_sent = self.recommendations_sent = 0
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decisions-import")
        self.pending: Future | None = None
        # Whatever else this thread asks of the database meanwhile (a lookup of decisions that
        # are not in the file, say) waits for the worker: statements from two threads may not
        # interleave on one connection (a COPY, for one, is several messages long).
        self.hooks = ExitStack()
        self.hooks.enter_context(connection.execute_wrapper(self._after_worker))

    def stored(self, references: list[str]) -> Future[dict[str, StoredDecision]]:
        """Looked up by the worker once it is free, ahead of the batch sent next."""
        if not references:
            return answered({})
        self._wait()
        self.pending = self.worker.submit(self._look_up, references)
        return self.pending

    def decisions(self, parsed: list[dict]) -> None:
        self._send(self.decisions_stage, self.decisions_sql, parsed)
        self.decisions_sent += len(parsed)

    def recommendations(self, parsed: list[dict]) -> None:
        self._send(self.recommendations_stage, self.recommendations_sql, parsed)
        self.recommendations_sent += len(parsed)

    def finish(self) -> Written:
        self._wait()
        with connection.cursor() as cursor:
            # sum() of integers is numeric in PostgreSQL (a Decimal here): counted as integers,
            # so a summary's counts are ints on every database (and can be stored as JSON).
            cursor.execute(
                "SELECT coalesce(sum(updated), 0)::bigint, coalesce(sum(replaced), 0)::bigint "
                f"FROM {DONE}"
            )
            updated, replaced = cursor.fetchone()
            cursor.execute(f"SELECT DISTINCT unnest(councils) FROM {DONE}")
            councils = {council for (council,) in cursor.fetchall()}
            stages = (self.decisions_stage.name, self.recommendations_stage.name, REPLACED, DONE)
            cursor.execute(f"DROP TABLE {_columns(stages)}")
        return Written(
            decisions_created=self.decisions_sent - updated,
            decisions_updated=updated,
            recommendations_created=self.recommendations_sent,
            recommendations_replaced=replaced,
            councils=councils,
        )

    def close(self) -> None:
        """Wait for the worker, keeping quiet about its failure: this runs while another error
        (or the rollback of a dry run) is on its way out, and the transaction is rolled back."""
        if self.pending is not None:
            self.pending.exception()
            self.pending = None
        self.worker.shutdown()
        self.hooks.close()

    def _after_worker(self, execute, sql, params, many, context):
        self._wait()
        return execute(sql, params, many, context)

    def _send(self, stage: _Stage, sql: str, rows: list[dict]) -> None:
        """The batch as COPY text (in this thread), then to the worker once it is free."""
        if not rows:
            return
        text = stage.text(rows)
        self._wait()
        self.pending = self.worker.submit(self._write, stage, sql, text)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # the worker's error, if any, is raised here

    def _look_up(self, references: list[str]) -> dict[str, StoredDecision]:
        with self.errors, self.connection.cursor() as cursor:
            cursor.execute(self.stored_sql, [references])
            return {reference: StoredDecision(*rest) for reference, *rest in cursor.fetchall()}

    def _write(self, stage: _Stage, sql: str, text: str) -> None:
        """In the worker: two round trips a batch, since each one waits for this thread's turn
        with the interpreter while the calling thread is busy checking rows."""
        # The driver's errors as Django's, as the same statements in this thread would raise
        # them (a failed foreign key is an IntegrityError, which `serial` reports).
        with self.errors, self.connection.cursor() as cursor:
            cursor.copy_expert(stage.copy, io.StringIO(text), size=1 << 20)
            cursor.execute(sql)


def _deferred_checks(cursor) -> str:
    """Statements that make the deferred checks of the tables an import writes, now: those of
    the rows written since the last time (see the module notes), then defer them again."""
    models = (Decision, Recommendation, Decision.history.model, Recommendation.history.model)
    tables = [model._meta.db_table for model in models]
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE condeferrable AND condeferred "
        "AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
        [tables],
    )
    names = _columns(_quote(name) for (name,) in cursor.fetchall())
    return f"; SET CONSTRAINTS {names} IMMEDIATE; SET CONSTRAINTS {names} DEFERRED" if names else ""


def _stored_sql() -> str:
    """The `StoredDecision` of each stored decision among the references given (as an array),
    as `writers.PlainWriter.stored` finds them."""
    meta = Decision._meta
    reference = _quote(meta.get_field("reference").column)
    fields = _columns(_quote(meta.get_field(name).column) for name in STORED_FIELDS)
    return f"SELECT {reference}, {fields} FROM {_quote(meta.db_table)} WHERE {reference} = ANY(%s)"


def _decisions_sql(stage: _Stage, audit: _Audit, fields: tuple[str, ...]) -> str:
    """A batch of staged decisions written: the stored ones updated in `fields` (the ones the
    file gives) and the others inserted, a history row for each, what the update found kept in
    DONE, and the stage emptied."""
    meta = Decision._meta
    table = _quote(meta.db_table)
    pk = stage.pk
    reference = _quote(meta.get_field("reference").column)
    council = _quote(meta.get_field("council").column)
    given = [_quote(meta.get_field(name).column) for name in fields]
    others = [c for c in stage.fields if c not in (pk, reference, *given)]
    taken = _columns(f"{c} = d.{c}" for c in [pk, *others])
    stored = _probes(f"d.{reference}", f"SELECT {reference} FROM {stage.name}")
    updated = _probes(f"d.{pk}", f"SELECT {pk} FROM {stage.name} WHERE {EXISTING}")
    history_type = f"CASE WHEN {EXISTING} THEN '~' ELSE '+' END"
    return "; ".join(
        [
            # The stored ones take their ids and their stored values of the fields the file
            # does not give, so that the history rows hold the decisions as they will be.
            f"UPDATE {stage.name} s SET {taken}, {EXISTING} = true, {COUNCIL_BEFORE} = d.{council} "
            f"FROM {table} d WHERE d.{reference} = s.{reference} AND {stored}",
            f"UPDATE {table} d SET {_columns(f'{c} = s.{c}' for c in given)} "
            f"FROM {stage.name} s WHERE d.{pk} = s.{pk} AND {updated}",
            f"INSERT INTO {table} ({_columns(stage.fields)}) "
            f"SELECT {_columns(stage.fields)} FROM {stage.name} WHERE NOT {EXISTING}",
            audit.insert(Decision, stage.name, history_type),
            f"INSERT INTO {DONE} (updated, councils) SELECT count(*), "
            f"array_agg(DISTINCT {COUNCIL_BEFORE}) FROM {stage.name} WHERE {EXISTING}",
            f"TRUNCATE {stage.name}",
        ]
    )


def _recommendations_sql(stage: _Stage, audit: _Audit) -> str:
    """A batch of staged recommendations written: their decisions' ids found, the earlier
    recommendations of a decision this import names for the first time deleted (the ones it
    gave in an earlier batch stay), the batch inserted in file order, a history row for each
    change, the count of deleted ones kept in DONE, and the stage emptied."""
    meta = Recommendation._meta
    decision = Decision._meta
    table = _quote(meta.db_table)
    decisions = _quote(decision.db_table)
    decision_pk = _quote(decision.pk.column)
    decision_reference = _quote(decision.get_field("reference").column)
    decision_id = _quote(meta.get_field("decision").column)
    reference = stage.given[0][1]
    named = _probes(f"d.{decision_reference}", f"SELECT {reference} FROM {stage.name}")
    removed = audit.insert(Recommendation, "gone", "'-'")
    return "; ".join(
        [
            f"UPDATE {stage.name} s SET {decision_id} = d.{decision_pk} "
            f"FROM {decisions} d WHERE d.{decision_reference} = s.{reference} AND {named}",
            f"WITH fresh AS (INSERT INTO {REPLACED} SELECT DISTINCT {decision_id} "
            f"FROM {stage.name} ON CONFLICT DO NOTHING RETURNING id), "
            f"gone AS (DELETE FROM {table} r WHERE "
            f"{_probes(f'r.{decision_id}', 'SELECT id FROM fresh')} RETURNING r.*), "
            f"audit AS ({removed}) "
            f"INSERT INTO {DONE} (replaced) SELECT count(*) FROM gone",
            f"INSERT INTO {table} ({_columns(stage.fields)}) "
            f"SELECT {_columns(stage.fields)} FROM {stage.name} ORDER BY {stage.pk}",
            audit.insert(Recommendation, stage.name, "'+'"),
            f"TRUNCATE {stage.name}",
        ]
    )


class _Audit:
    """History rows, as django-simple-history writes them, copied from rows as stored: the same
    time, user and change reason on every one (written into the SQL, as a batch's statements go
    in one round trip)."""

    def __init__(self, cursor, context: WriteContext):
        user = context.user.pk if context.user is not None and context.user.pk else None
        self.values = [
            cursor.mogrify("%s", [value]).decode()
            for value in (timezone.now(), context.reason, user)
        ]

    def insert(self, model: type[Model], source: str, history_type: str) -> str:
        """INSERT ... SELECT from `source` (a table or WITH query holding rows of `model`) into
        the model's history table."""
        history = model.history.model
        meta = history._meta
        tracked = [
            (_quote(meta.get_field(f.name).column), _quote(f.column))
            for f in history.tracked_fields
        ]
        targets = [target for target, _ in tracked] + [
            _quote(meta.get_field(name).column)
            for name in ("history_date", "history_change_reason", "history_user", "history_type")
        ]
        values = [f"src.{column}" for _, column in tracked] + [*self.values, history_type]
        return (
            f"INSERT INTO {_quote(meta.db_table)} ({_columns(targets)}) "
            f"SELECT {_columns(values)} FROM {source} src"
        )
