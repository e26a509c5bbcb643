"""The import engine: stream the rows, check every one, write in large batches inside one
transaction, and roll everything back if any row was bad (or on a dry run).

Memory stays bounded whatever the file size: rows are read one at a time and written in batches
of `BATCH_SIZE`; what is kept for the whole file is the set of references seen (to find
duplicates) and the problems found (capped at `MAX_PROBLEMS`, after which only a count goes on).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from councils.selectors import council_name_index
from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from ombudsman.dataversion import batched_changes

from .rows import (
    DECISION_COLUMNS,
    DECISION_FIELDS,
    RECOMMENDATION_COLUMNS,
    Problem,
    RowParser,
    decision_instance,
    parse_decision,
    parse_recommendation,
)
from .tables import has_sheet, is_xlsx, open_table

BATCH_SIZE = 2000
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
class _Run:
    user: object = None
    reason: str = ""
    progress: Callable[[str, int], None] | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    references: set[str] = field(default_factory=set)
    summary: ImportSummary = field(default_factory=ImportSummary)

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
    run = _Run(user=user, reason=f"Imported from {decisions_path.name}", progress=progress)
    run.summary.dry_run = dry_run
    try:
        with transaction.atomic(), batched_changes():
            _import_decisions(run, decisions_path)
            if recommendations_path is not None:
                _import_recommendations(run, Path(recommendations_path))
            if run.failed or dry_run:
                raise _Rollback
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


def _batches(rows: Iterable):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


def _import_decisions(run: _Run, path: Path) -> None:
    index = council_name_index()
    name = path.name
    seen = 0
    with open_table(path, sheet="decisions", required=DECISION_COLUMNS) as rows:
        for batch in _batches(rows):
            parsed = []
            for line, row in batch:
                parser = RowParser(name, line, row)
                values = parse_decision(parser, index)
                if values and values["reference"] in run.references:
                    parser.problem("reference", f"{values['reference']} appears twice in the file")
                    values = None
                if values:
                    run.references.add(values["reference"])
                    parsed.append(values)
                run.add(parser.problems)
            if not run.failed:
                _write_decisions(run, parsed)
            seen += len(batch)
            if run.progress:
                run.progress("decisions", seen)


def _write_decisions(run: _Run, parsed: list[dict]) -> None:
    existing = dict(
        Decision.objects.filter(reference__in=[v["reference"] for v in parsed]).values_list(
            "reference", "id"
        )
    )
    new, changed = [], []
    for values in parsed:
        decision = decision_instance(values)
        if values["reference"] in existing:
            decision.pk = existing[values["reference"]]
            changed.append(decision)
        else:
            new.append(decision)
    if new:
        bulk_create_with_history(
            new,
            Decision,
            batch_size=BATCH_SIZE,
            default_user=run.user,
            default_change_reason=run.reason,
        )
    if changed:
        bulk_update_with_history(
            changed,
            Decision,
            DECISION_FIELDS,
            batch_size=500,
            default_user=run.user,
            default_change_reason=run.reason,
        )
    run.summary.decisions_created += len(new)
    run.summary.decisions_updated += len(changed)


def _import_recommendations(run: _Run, path: Path) -> None:
    name = path.name
    seen = 0
    replaced: set[int] = set()
    with open_table(path, sheet="recommendations", required=RECOMMENDATION_COLUMNS) as rows:
        for batch in _batches(rows):
            parsed = []
            for line, row in batch:
                parser = RowParser(name, line, row)
                values = parse_recommendation(parser)
                if values:
                    parsed.append((parser, values))
                run.add(parser.problems)
            decision_ids = dict(
                Decision.objects.filter(
                    reference__in={v["decision_reference"] for _, v in parsed}
                ).values_list("reference", "id")
            )
            objects = []
            for parser, values in parsed:
                decision_id = decision_ids.get(values.pop("decision_reference"))
                if decision_id is None:
                    parser.problem(
                        "decision_reference",
                        "no such decision in this import or in the database",
                    )
                    run.add(parser.problems)
                    continue
                objects.append(Recommendation(decision_id=decision_id, **values))
            if not run.failed:
                _write_recommendations(run, objects, replaced)
            seen += len(batch)
            if run.progress:
                run.progress("recommendations", seen)


def _write_recommendations(run: _Run, objects: list[Recommendation], replaced: set[int]) -> None:
    """Insert the batch, first removing what earlier imports gave the decisions it names."""
    fresh = {o.decision_id for o in objects} - replaced
    if fresh:
        old = Recommendation.objects.filter(decision_id__in=fresh)
        for recommendation in old.iterator(chunk_size=BATCH_SIZE):
            # Deleting one by one keeps a history row per removal in the audit trail.
            recommendation._change_reason = run.reason
            recommendation.delete()
            run.summary.recommendations_replaced += 1
        replaced |= fresh
    bulk_create_with_history(
        objects,
        Recommendation,
        batch_size=BATCH_SIZE,
        default_user=run.user,
        default_change_reason=run.reason,
    )
    run.summary.recommendations_created += len(objects)
