"""The import engine: stream the rows, check every one, write in large batches inside one
transaction, and roll everything back if any row was bad (or on a dry run).

Memory stays bounded whatever the file size: rows are read one at a time and written in batches
of `BATCH_SIZE`; what is kept for the whole file is each decision reference seen with its council
(to find duplicates, to know which decisions the recommendations may name, and which councils'
tallies to refresh) and the problems found (capped at `MAX_PROBLEMS`, after which only a count
goes on).

Reading and checking are the same on every database; writing is not (see `writers`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from councils.selectors import council_name_index
from councils.services.errors import DataImportError
from decisions.models import Decision
from decisions.services.tallies import tallies_mark
from ombudsman.dataversion import batched_changes

from .rows import (
    DECISION_COLUMNS,
    RECOMMENDATION_COLUMNS,
    CouncilMatcher,
    DecisionRows,
    Problem,
    RecommendationRows,
)
from .tables import has_sheet, is_xlsx, open_table
from .writers import Writer, writer_for

BATCH_SIZE = 10_000
MAX_PROBLEMS = 1000


@dataclass
class ImportSummary:
    decisions_created: int = 0
    decisions_updated: int = 0
    recommendations_created: int = 0
    recommendations_replaced: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb}: {self.decisions_created} decisions created, {self.decisions_updated} "
            f"updated; {self.recommendations_created} recommendations created "
            f"({self.recommendations_replaced} earlier ones replaced)."
        )


@dataclass
class Run:
    """One import as it goes: who and why (for the audit trail), what was found, what changed."""

    user: object = None
    reason: str = ""
    progress: Callable[[str, int], None] | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    # Every good decision row's reference, with its council's id.
    references: dict[str, int] = field(default_factory=dict)
    # Councils whose tallies change besides those of the file's decisions: the earlier council
    # of a decision that moved, the council of a decision whose recommendations were replaced.
    councils: set[int] = field(default_factory=set)
    summary: ImportSummary = field(default_factory=ImportSummary)
    writer: Writer | None = None

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problem_count += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)

    @property
    def failed(self) -> bool:
        return self.problem_count > 0


class _Rollback(Exception):
    pass


def decisions_import(
    *,
    decisions_path: str | Path,
    recommendations_path: str | Path | None = None,
    dry_run: bool = False,
    user=None,
    progress: Callable[[str, int], None] | None = None,
) -> ImportSummary:
    """Import decisions (and their recommendations) from CSV or XLSX.

    A reference already in the database is updated, so a corrected file can be imported again.
    Recommendations given for a decision replace the ones it had (a decision's recommendations
    have no identity of their own in the case files). Either every row goes in or none does:
    raises DataImportError listing every bad row by line and column.
    """
    decisions_path = Path(decisions_path)
    if (
        recommendations_path is None
        and is_xlsx(decisions_path)
        and has_sheet(decisions_path, "recommendations")
    ):
        recommendations_path = decisions_path
    run = Run(user=user, reason=_reason(decisions_path), progress=progress)
    run.summary.dry_run = dry_run
    try:
        with transaction.atomic(), batched_changes(), writer_for(run) as run.writer:
            _import_decisions(run, decisions_path)
            if recommendations_path is not None:
                _import_recommendations(run, Path(recommendations_path))
            if run.failed:
                raise _Rollback
            run.writer.finish(run)
            if dry_run:
                raise _Rollback
            # Recounted once the batch ends, together with any council that signals marked.
            tallies_mark(run.councils | set(run.references.values()))
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


def _reason(path: Path) -> str:
    """The audit trail's change reason, cut to fit its column however long the file name."""
    reason = f"Imported from {path.name}"
    field = Decision.history.model._meta.get_field("history_change_reason")
    return reason[: field.max_length] if field.max_length else reason


def _batches(rows: Iterable):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


def _import_decisions(run: Run, path: Path) -> None:
    matcher = CouncilMatcher(council_name_index())
    seen = 0
    with open_table(path, sheet="decisions", required=DECISION_COLUMNS) as table:
        rows = DecisionRows(table, matcher)
        references = run.references
        for batch in _batches(table.rows):
            parsed = []
            for line, cells in batch:
                values, problems = rows.parse(line, cells)
                if values is not None:
                    reference = values["reference"]
                    if reference in references:
                        twice = f"{reference} appears twice in the file"
                        problems = [Problem(table.file, line, "reference", twice)]
                    else:
                        references[reference] = values["council_id"]
                        parsed.append(values)
                if problems:
                    run.add(problems)
            if not run.failed:
                _write_decisions(run, parsed)
            seen += len(batch)
            if run.progress:
                run.progress("decisions", seen)


def _write_decisions(run: Run, parsed: list[dict]) -> None:
    run.writer.decisions(run, parsed)


def _import_recommendations(run: Run, path: Path) -> None:
    seen = 0
    with open_table(path, sheet="recommendations", required=RECOMMENDATION_COLUMNS) as table:
        rows = RecommendationRows(table)
        for batch in _batches(table.rows):
            parsed = []
            for line, cells in batch:
                values, problems = rows.parse(line, cells)
                if problems:
                    run.add(problems)
                else:
                    parsed.append((line, values))
            councils = _decision_councils(run, {v["decision_reference"] for _, v in parsed})
            named = []
            for line, values in parsed:
                council = councils.get(values["decision_reference"])
                if council is None:
                    run.add(
                        [
                            Problem(
                                table.file,
                                line,
                                "decision_reference",
                                "no such decision in this import or in the database",
                            )
                        ]
                    )
                else:
                    run.councils.add(council)
                    named.append(values)
            if not run.failed:
                _write_recommendations(run, named)
            seen += len(batch)
            if run.progress:
                run.progress("recommendations", seen)


def _decision_councils(run: Run, references: set[str]) -> dict[str, int]:
    """The council of each decision named, from this import's decision rows or, for the few
    that are not in it, from the database (one query, and none when all are in the import)."""
    councils = {r: run.references[r] for r in references if r in run.references}
    others = references - councils.keys()
    if others:
        councils.update(
            Decision.objects.filter(reference__in=others).values_list("reference", "council_id")
        )
    return councils


def _write_recommendations(run: Run, parsed: list[dict]) -> None:
    run.writer.recommendations(run, parsed)
