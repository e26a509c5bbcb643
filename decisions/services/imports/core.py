"""The import engine: stream the rows, check every one, write in large batches inside one
transaction, and roll everything back if any row was bad (or on a dry run).

What a file means (see `rows` for the details):

- A reference already in the database is updated, and only in the columns the file carries:
  a column the file lacks keeps the stored value (a file without `summary` keeps the summaries,
  one without `published_on` keeps each decision's publication, hidden or not). A new decision
  gets the column's default, e.g. publication `PUBLICATION_DELAY_DAYS` after the decision.
- `published_on`: a date; or not to be published, written as an empty cell or `never` (what
  the export writes; `not to be published` is read too).
- `sample`: yes/no, whether the sample data generator made the decision up.
- The recommendations a file gives for a decision replace all that it had (they have no
  identity of their own in the case files); a decision the file does not name keeps its own.
- Every row is checked against the shared rules (`decisions.rules`). A decision's council is
  matched by name on the decision date, then `councils.succession` says which council answered
  on that day: a council abolished before it with one successor gives way to the successor (the
  summary counts these rows), and where none or several could answer the row is refused.

Memory stays bounded whatever the file size: rows are read one at a time and written in batches
of `BATCH_SIZE`; what is kept for the whole file is each decision reference seen with its
council, outcome and date (to find duplicates, to check the recommendations that name it, and
to know which councils' tallies to refresh), the references already in the database (so that
only the rows updating a stored decision cost a lookup) and the problems found (capped at
`MAX_PROBLEMS`, after which only a count goes on).

Reading and checking are the same on every database; writing is not (see `writers`). A writer
is given only what it writes with (`WriteContext`) and says what it wrote (`Written`); the
import's own state (`Run`) is changed here alone.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from councils.selectors import council_name_index
from councils.services.errors import DataImportError
from councils.succession import Succession
from decisions.models import Decision, Recommendation
from decisions.services.tallies import tallies_mark
from ombudsman.dataversion import batched_changes

from .layout import DECISION_COLUMNS, RECOMMENDATION_COLUMNS, Problem
from .rights import ReplacementCheck, import_refusal
from .rows import (
    CouncilMatcher,
    DecisionRows,
    NamedDecision,
    RecommendationRows,
    kept_recommendation_problems,
)
from .serial import one_import_at_a_time, refused_as_busy
from .tables import Table, has_sheet, is_xlsx, open_table
from .writers import WriteContext, Writer, Written, writer_for

BATCH_SIZE = 10_000
MAX_PROBLEMS = 1000


@dataclass
class ImportSummary:
    decisions_created: int = 0
    decisions_updated: int = 0
    recommendations_created: int = 0
    recommendations_replaced: int = 0
    # Rows naming a council abolished before the decision date, put against its successor.
    decisions_moved: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        moved = (
            f" ({self.decisions_moved} of them put against the council that took over from the "
            "one named, which had been abolished before the decision date)"
            if self.decisions_moved
            else ""
        )
        return (
            f"{verb}: {self.decisions_created} decisions created, {self.decisions_updated} "
            f"updated{moved}; {self.recommendations_created} recommendations created "
            f"({self.recommendations_replaced} earlier ones replaced)."
        )


@dataclass
class Run:
    """One import as it goes: what was found, what changed."""

    succession: Succession
    today: dt.date
    progress: Callable[[str, int], None] | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    # Every good decision row's reference, with its council (after any succession), outcome
    # and date: what the recommendation rows naming it are checked against.
    references: dict[str, NamedDecision] = field(default_factory=dict)
    # Councils whose tallies change besides those of the file's decisions: the earlier council
    # of a decision that moved, the council of a decision whose recommendations were replaced.
    councils: set[int] = field(default_factory=set)
    summary: ImportSummary = field(default_factory=ImportSummary)

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problem_count += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)

    @property
    def failed(self) -> bool:
        return self.problem_count > 0

    def record(self, written: Written) -> None:
        """What the writer wrote, into the summary; the councils of the decisions it moved
        away from are recounted too."""
        summary = self.summary
        summary.decisions_created += written.decisions_created
        summary.decisions_updated += written.decisions_updated
        summary.recommendations_created += written.recommendations_created
        summary.recommendations_replaced += written.recommendations_replaced
        self.councils |= written.councils


class _Rollback(Exception):
    pass


def decisions_import(
    *,
    decisions_path: str | Path,
    recommendations_path: str | Path | None = None,
    dry_run: bool = False,
    user=None,
    progress: Callable[[str, int], None] | None = None,
    today: dt.date | None = None,
    wait: bool = False,
) -> ImportSummary:
    """Import decisions (and their recommendations) from CSV or XLSX.

    A reference already in the database is updated in the columns the file has; the others keep
    their stored values (a new decision gets their defaults). An empty `published_on` or `never`
    means not to be published. Recommendations given for a decision replace the ones it had (a
    decision's recommendations have no identity of their own in the case files). Every row is
    checked against `decisions.rules` as of `today` (default: the local date). Either every row
    goes in or none does: raises DataImportError listing every bad row by line and column.
    Another import running is waited for with `wait`, else refused (`serial`).
    """
    decisions_path = Path(decisions_path)
    if refusal := import_refusal(user):
        raise DataImportError(f"Nothing was imported: {refusal}", [refusal])
    if (
        recommendations_path is None
        and is_xlsx(decisions_path)
        and has_sheet(decisions_path, "recommendations")
    ):
        recommendations_path = decisions_path
    try:
        with (
            _without_cycle_collection(),
            refused_as_busy(),
            transaction.atomic(),
            one_import_at_a_time(wait=wait),
            batched_changes(),
        ):
            # One register of councils and reorganisations for every row of the import.
            run = Run(
                succession=Succession.load(),
                today=today or timezone.localdate(),
                progress=progress,
            )
            run.summary.dry_run = dry_run
            _import(run, user, decisions_path, recommendations_path)
    except _Rollback:
        pass
    if run.failed:
        raise DataImportError(
            f"Nothing was imported: {run.problem_count} problem(s) found.",
            [str(p) for p in run.problems]
            + (
                [f"... and {run.problem_count - MAX_PROBLEMS} more"]
                if run.problem_count > MAX_PROBLEMS
                else []
            ),
        )
    return run.summary


@contextmanager
def _without_cycle_collection():
    """Python's cycle collector off while the import runs: every batch of rows is a burst of new
    lists, which set off collections that walk everything alive, the whole of Django included
    (a fifth of the import's Python time; after a national-scale import a collection finds a
    few dozen objects to free).
    Memory stays bounded as before; the collector is back on, as it was, when the import ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(run: Run, user, decisions_path: Path, recommendations_path: Path | None) -> None:
    """The import, inside its transaction: raises _Rollback to undo it all."""
    with ExitStack() as decision_file:
        table = decision_file.enter_context(
            open_table(decisions_path, sheet="decisions", required=DECISION_COLUMNS)
        )
        matcher = CouncilMatcher(council_name_index())
        rows = DecisionRows(table, matcher, succession=run.succession, today=run.today)
        # The writer is made once the decision file's header has said which fields it gives.
        context = WriteContext(user, _reason(decisions_path), tuple(rows.fields))
        with writer_for(context) as writer:
            changed = _import_decisions(run, writer, table, rows)
            # Closed before the recommendations are read, which may be another sheet of the
            # same workbook: an open workbook keeps all its shared strings in memory.
            decision_file.close()
            named = set()
            if recommendations_path is not None:
                named = _import_recommendations(
                    run, writer, Path(recommendations_path), set(changed), ReplacementCheck(user)
                )
            _check_kept_recommendations(
                run, decisions_path.name, {r: changed[r] for r in changed.keys() - named}
            )
            if run.failed:
                raise _Rollback
            run.record(writer.finish())
            if run.summary.dry_run:
                raise _Rollback
            # Recounted once the batch ends, together with any council that signals marked.
            tallies_mark(run.councils | {d.council_id for d in run.references.values()})


def _reason(path: Path) -> str:
    """The audit trail's change reason, cut to fit its column however long the file name."""
    reason = f"Imported from {path.name}"
    field = Decision.history.model._meta.get_field("history_change_reason")
    return reason[: field.max_length] if field.max_length else reason


def _batches(rows: Iterable):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


def _import_decisions(
    run: Run, writer: Writer, table: Table, rows: DecisionRows
) -> dict[str, tuple[int, str, dt.date]]:
    """Check and write the decision rows. Returns the stored decisions that are no longer
    upheld or are dated later, whose stored recommendations must be checked again unless the
    import replaces them (see `DecisionRows`)."""
    seen = 0
    references = run.references
    # The references already stored, read once: each batch then asks what is stored only of
    # its decisions that are, and a batch of new decisions (the usual import) costs no lookup
    # at all. Memory: about 100 bytes a stored decision.
    known = set(Decision.objects.values_list("reference", flat=True))
    batches = _batches(table.rows)
    batch = next(batches, None)
    lookup = writer.stored(rows.references(batch, known)) if batch else None
    while batch is not None:
        stored = lookup.result()
        parsed = []
        for line, cells in batch:
            values, problems = rows.parse(line, cells, stored)
            if values is not None:
                reference = values["reference"]
                if reference in references:
                    twice = f"{reference} appears twice in the file"
                    problems = [Problem(table.file, line, "reference", twice)]
                else:
                    references[reference] = NamedDecision(
                        values["council_id"], values["outcome"], values["decision_date"]
                    )
                    parsed.append(values)
            if problems:
                run.add(problems)
        # The next batch's stored decisions are asked for before this batch is handed to the
        # writer: on PostgreSQL its worker looks them up first, while this thread makes the
        # batch's COPY text, then writes the batch while this thread checks the next.
        upcoming = next(batches, None)
        lookup = writer.stored(rows.references(upcoming, known)) if upcoming else None
        if not run.failed:
            _write_decisions(writer, parsed)
        seen += len(batch)
        if run.progress:
            run.progress("decisions", seen)
        batch = upcoming
    run.summary.decisions_moved = rows.moved
    return rows.changed


def _write_decisions(writer: Writer, parsed: list[dict]) -> None:
    writer.decisions(parsed)


def _import_recommendations(
    run: Run, writer: Writer, path: Path, watched: set[str], replacing: ReplacementCheck
) -> set[str]:
    """Check and write the recommendation rows. Returns the references in `watched` that some
    row names (whose stored recommendations the import therefore replaces). A row that would
    replace stored recommendations the user may not delete is a problem (`rights`)."""
    seen = 0
    named = set()
    with open_table(path, sheet="recommendations", required=RECOMMENDATION_COLUMNS) as table:
        rows = RecommendationRows(table, succession=run.succession, today=run.today)
        for batch in _batches(table.rows):
            parsed = []
            for line, cells in batch:
                values, problems = rows.parse(line, cells)
                if problems:
                    run.add(problems)
                else:
                    parsed.append((line, values))
            run.add(replacing.problems(table.file, parsed))
            decisions = _named_decisions(run, {v["decision_reference"] for _, v in parsed})
            good = []
            for line, values in parsed:
                reference = values["decision_reference"]
                decision = decisions.get(reference)
                if reference in watched:
                    named.add(reference)
                problems = rows.check(line, values, decision)
                if problems:
                    run.add(problems)
                else:
                    run.councils.add(decision.council_id)
                    good.append(values)
            if not run.failed:
                _write_recommendations(writer, good)
            seen += len(batch)
            if run.progress:
                run.progress("recommendations", seen)
    return named


def _named_decisions(run: Run, references: set[str]) -> dict[str, NamedDecision]:
    """The decisions named, from this import's decision rows or, for the few that are not in
    it, from the database (one query, and none when all are in the import)."""
    found = {r: run.references[r] for r in references if r in run.references}
    others = references - found.keys()
    if others:
        rows = Decision.objects.filter(reference__in=others).values_list(
            "reference", "council_id", "outcome", "decision_date"
        )
        found.update((reference, NamedDecision(*rest)) for reference, *rest in rows)
    return found


def _write_recommendations(writer: Writer, parsed: list[dict]) -> None:
    writer.recommendations(parsed)


def _check_kept_recommendations(
    run: Run, file: str, changed: dict[str, tuple[int, str, dt.date]]
) -> None:
    """A stored decision made no longer upheld, or dated later, is a problem of its decision row
    if the recommendations it keeps (none of the import's rows replaced them) now break the
    rules. Few decisions change so, and fewer have recommendations: looked up once, at the
    end, in batches."""
    references = sorted(changed, key=lambda r: changed[r][0])
    for batch in _batches(references):
        kept = (
            Recommendation.objects.filter(decision__reference__in=batch)
            .values("decision__reference")
            .order_by()
            .annotate(count=Count("id"), first=Min("outcome_date"))
            .values_list("decision__reference", "count", "first")
        )
        found = {reference: (count, first) for reference, count, first in kept}
        for reference in batch:
            if reference in found:
                line, outcome, decided = changed[reference]
                count, first = found[reference]
                run.add(
                    kept_recommendation_problems(
                        file,
                        line,
                        outcome=outcome,
                        decision_date=decided,
                        count=count,
                        first_outcome_date=first,
                        today=run.today,
                    )
                )
