"""Writing checked rows, with their audit trail. Two ways, one result.

`PlainWriter` works on any database (SQLite in development): Django's bulk operations, with
django-simple-history's bulk helpers writing a history row per created or updated decision and
per created recommendation, and a removed recommendation deleted one by one so that its history
row is written too. On PostgreSQL, `postgres.PostgresWriter` does the same set-based: each batch
is sent with COPY into a temporary table and written, history included, by a few statements,
while the next batch is being checked; that is what makes a national-scale file take seconds
instead of minutes.

Either way an update sets only the fields the file gives (`WriteContext.decision_fields`) and
keeps the others as stored, every history row carries the importing user and the change reason
and holds the row as stored, and what was written (`Written`) comes out the same.

A writer is given what it needs once, when it is made, and hands back what it wrote from
`finish`: it never sees the import's own state, which only the orchestrator (`core`) changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from django.db import connection
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from decisions.models import Decision, Recommendation

from .layout import RECOMMENDATION_FIELDS
from .rows import STORED_FIELDS, StoredDecision, decision_instance

HISTORY_BATCH_SIZE = 500


@dataclass(frozen=True)
class WriteContext:
    """What a writer needs to know of the import, fixed for all of it."""

    user: object  # the importing user, or None: every history row names them
    reason: str  # the change reason every history row gives
    # The model fields the decision file gives: the ones an update of a stored decision sets.
    decision_fields: tuple[str, ...]


@dataclass
class Written:
    """What a writer wrote, counted as it goes; final once `finish` has returned it."""

    decisions_created: int = 0
    decisions_updated: int = 0
    recommendations_created: int = 0
    recommendations_replaced: int = 0
    # The council each updated decision had before: its tallies change too if it moved.
    councils: set[int] = field(default_factory=set)


class Writer(Protocol):
    """Made with the import's `WriteContext`, inside its transaction; then handed batches of
    checked rows, and asked once at the end (`finish`) for what it wrote."""

    def stored(self, references: list[str]) -> Future[dict[str, StoredDecision]]:
        """What the rules need of those of these decisions that are already stored. Asked for
        a batch before the previous batch is handed over, so that a writer that works beside
        the caller can look them up first and then write."""

    def decisions(self, parsed: list[dict]) -> None:
        """Write (or stage) a batch of decision rows, each with a value for every field (the
        defaults for those the file lacks). A stored decision is updated in the context's
        `decision_fields` only and keeps the others."""

    def recommendations(self, parsed: list[dict]) -> None:
        """Write (or stage) a batch of recommendation rows, each naming an existing decision or
        one of this import's."""

    def finish(self) -> Written:
        """Write whatever is still pending, and say what was written in all."""

    def close(self) -> None:
        """Stop using the connection (after `finish`, or after an error)."""


@contextmanager
def writer_for(context: WriteContext) -> Iterator[Writer]:
    """The writer for this database, for use inside the import's transaction: it is done with
    the connection when the block ends, whichever way it ends."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresWriter

        writer = PostgresWriter(context)
    else:
        writer = PlainWriter(context)
    try:
        yield writer
    finally:
        writer.close()


def answered(value) -> Future:
    future = Future()
    future.set_result(value)
    return future


class PlainWriter:
    def __init__(self, context: WriteContext):
        self.context = context
        self.written = Written()
        # Decisions whose earlier recommendations are already gone: a later batch naming one
        # of them adds to what this import gave it.
        self.replaced: set[int] = set()

    def stored(self, references: list[str]) -> Future[dict[str, StoredDecision]]:
        if not references:
            return answered({})
        rows = Decision.objects.filter(reference__in=references).values_list(
            "reference", *STORED_FIELDS
        )
        return answered({reference: StoredDecision(*rest) for reference, *rest in rows})

    def decisions(self, parsed: list[dict]) -> None:
        # A stored decision keeps every field the file does not give: its history row is
        # written from the instance, so the instance holds the stored values of those, and the
        # update sets only the given ones.
        context = self.context
        given = context.decision_fields
        kept = [
            f.attname
            for f in Decision._meta.concrete_fields
            if f.attname not in ("reference", *given)
        ]
        existing = {
            row["reference"]: row
            for row in Decision.objects.filter(
                reference__in=[v["reference"] for v in parsed]
            ).values("reference", "council_id", *kept)
        }
        new, changed = [], []
        for values in parsed:
            decision = decision_instance(values)
            stored = existing.get(values["reference"])
            if stored:
                for name in kept:
                    setattr(decision, name, stored[name])
                self.written.councils.add(stored["council_id"])
                changed.append(decision)
            else:
                new.append(decision)
        if new:
            bulk_create_with_history(
                new, Decision, default_user=context.user, default_change_reason=context.reason
            )
        if changed:
            bulk_update_with_history(
                changed,
                Decision,
                given,
                batch_size=HISTORY_BATCH_SIZE,
                default_user=context.user,
                default_change_reason=context.reason,
            )
        self.written.decisions_created += len(new)
        self.written.decisions_updated += len(changed)

    def recommendations(self, parsed: list[dict]) -> None:
        context = self.context
        decision_ids = dict(
            Decision.objects.filter(
                reference__in={v["decision_reference"] for v in parsed}
            ).values_list("reference", "id")
        )
        objects = [
            Recommendation(
                decision_id=decision_ids[values["decision_reference"]],
                **{f: values[f] for f in RECOMMENDATION_FIELDS},
            )
            for values in parsed
        ]
        fresh = {o.decision_id for o in objects} - self.replaced
        if fresh:
            old = Recommendation.objects.filter(decision_id__in=fresh)
            for recommendation in old.iterator():
                # Deleting one by one keeps a history row per removal in the audit trail.
                recommendation._history_user = context.user
                recommendation._change_reason = context.reason
                recommendation.delete()
                self.written.recommendations_replaced += 1
            self.replaced |= fresh
        bulk_create_with_history(
            objects,
            Recommendation,
            default_user=context.user,
            default_change_reason=context.reason,
        )
        self.written.recommendations_created += len(objects)

    def finish(self) -> Written:
        return self.written

    def close(self) -> None:
        pass
