"""Staff uploads as background jobs: the upload page stores the files and queues a job
(`import_job_submit`), the task worker runs it (`import_job_run`, through decisions.tasks), and
the job's page in the admin shows its progress while it runs and its counts and every problem
when it ends. A check (dry run) that found no problems can be imported without choosing the
file again (`import_job_confirm`).

Why the work leaves the request: an import of 30,000 rows, or a workbook of millions of empty
rows, outlived the app server's 30 s timeout (a 500, no progress shown, the transaction rolled
back). The worker has no such limit, and the upload request now only writes the file to disk.

Where things are kept:
- The job row: what was asked, its state, and when it ends its counts, message and problems.
- The files: `IMPORT_ROOT/<folder>/decisions/<name>` (and `recommendations/`), written by the
  web process and read by the worker, so a folder both can see. A check's files are kept for
  `CHECK_KEPT_DAYS` so it can be imported; any other job's are removed when it ends.
- Progress while the job runs: a small JSON file beside them, replaced whole at each batch of
  rows. Not the database: the import holds its one transaction until it ends, and on SQLite
  no other connection may write until then; not the cache: without Redis each process has its
  own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import shutil
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from councils.services.errors import DataImportError
from decisions.import_jobs import ImportJob

from .core import decisions_import
from .limits import check_file
from .tables import is_xlsx

logger = logging.getLogger(__name__)

CHECK_KEPT_DAYS = 7
PROGRESS_NAME = "progress-{id}.json"
# What a job shows while it waits or when a file is gone; the task's own stages are
# decisions_import's ("decisions", "recommendations").
STAGE_QUEUED = "queued"
STAGE_STARTED = "started"
UNEXPECTED = (
    "Nothing was imported: the import stopped on an unexpected error (it is in the server's "
    "log). Nothing of the file was kept; try again, or ask a developer."
)

MISSING = (
    "Nothing was imported: the task worker could not find the uploaded file. With several "
    "servers, IMPORT_ROOT must be a folder the web servers and the worker share."
)


class ImportJobError(Exception):
    """Why a job cannot be queued or confirmed; the message is for the member of staff."""


def _root() -> Path:
    return Path(settings.IMPORT_ROOT)


def job_folder(job: ImportJob) -> Path:
    return _root() / job.folder


def _paths(job: ImportJob) -> tuple[Path, Path | None]:
    folder = job_folder(job)
    recommendations = job.recommendations_file
    return (
        folder / "decisions" / job.decisions_file,
        folder / "recommendations" / recommendations if recommendations else None,
    )


def _store(upload, folder: Path) -> str:
    """Write an uploaded file to the folder in chunks (never whole in memory); its name as
    stored, which the audit trail's change reason quotes."""
    name = get_valid_filename(Path(upload.name).name) or "upload"
    folder.mkdir(parents=True)
    with (folder / name).open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def import_job_submit(*, user, decisions, recommendations=None, dry_run: bool) -> ImportJob:
    """Store the uploads and queue the job. A file too large to read is refused now, with the
    limit's message (DataImportError), and nothing is kept or queued."""
    _prune_checks()
    name = secrets.token_hex(16)
    folder = _root() / name
    try:
        decisions_name = _store(decisions, folder / "decisions")
        recommendations_name = (
            _store(recommendations, folder / "recommendations") if recommendations else ""
        )
        job = ImportJob(
            created_by=user,
            dry_run=dry_run,
            folder=name,
            decisions_file=decisions_name,
            recommendations_file=recommendations_name,
        )
        for path in _paths(job):
            if path is not None:
                check_file(path, xlsx=is_xlsx(path))
        _queue(job)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def _queue(job: ImportJob) -> None:
    """Save the job and queue its task in one transaction: the worker never finds a task
    without its job, nor is a job left without a task."""
    from decisions.tasks import import_run

    with transaction.atomic():
        job.save()
        _progress_write(job, STAGE_QUEUED, 0)
        import_run.enqueue(job.pk)


ALREADY_IMPORTED = "This check has already been imported; see its import below."


def confirm_refusal(job: ImportJob) -> str | None:
    """Why this job cannot be imported from its page, or None."""
    if not (job.dry_run and job.state == ImportJob.State.CHECKED):
        return "Only a check that found no problems can be imported from here."
    if ImportJob.objects.filter(source_check=job).exists():
        return ALREADY_IMPORTED
    if not _paths(job)[0].is_file():
        return (
            f"The files of this check were removed after {CHECK_KEPT_DAYS} days; upload them again."
        )
    return None


def import_job_confirm(job: ImportJob, *, user) -> ImportJob:
    """Queue the import of a check that found no problems, from the files it checked. The
    import runs as `user`, with `user`'s rights, and checks every row again."""
    if refusal := confirm_refusal(job):
        raise ImportJobError(refusal)
    imported = ImportJob(
        created_by=user,
        dry_run=False,
        folder=job.folder,
        decisions_file=job.decisions_file,
        recommendations_file=job.recommendations_file,
        source_check=job,
    )
    try:
        _queue(imported)
    except IntegrityError as error:
        # Two presses at once: the unique source_check lets one through.
        raise ImportJobError(ALREADY_IMPORTED) from error
    return imported


def import_job_run(job_id: int) -> str:
    """Run a queued job (the task worker calls this). A job that is not waiting, e.g. run
    already by another worker, is left alone. Returns the job's state."""
    started = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not started:
        return job.state
    decisions_path, recommendations_path = _paths(job)
    # Whatever goes wrong from here, the job ends with a state and a message: one left
    # "running" would never be run again (nothing was imported unless it says so).
    try:
        if not decisions_path.is_file():
            raise DataImportError(MISSING)
        _progress_write(job, STAGE_STARTED, 0)
        if job.created_by is None:
            raise DataImportError(
                "Nothing was imported: the account that uploaded the file no longer exists."
            )
        summary = decisions_import(
            decisions_path=decisions_path,
            recommendations_path=recommendations_path,
            dry_run=job.dry_run,
            user=job.created_by,
            progress=lambda stage, rows: _progress_write(job, stage, rows),
            # Another import running: wait for it to end, then read this file against what it
            # left (the upload page's own imports used to be refused instead).
            wait=True,
        )
    except DataImportError as error:
        job.state, job.message, job.problems = ImportJob.State.FAILED, error.summary, error.problems
    except Exception:
        logger.exception("Upload %s stopped on an unexpected error", job.pk)
        job.state, job.message = ImportJob.State.FAILED, UNEXPECTED
    else:
        job.state = ImportJob.State.CHECKED if job.dry_run else ImportJob.State.IMPORTED
        job.counts, job.message = asdict(summary), str(summary)
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "problems", "counts", "finished_at"])
    _progress_path(job).unlink(missing_ok=True)
    if job.state != ImportJob.State.CHECKED:
        _files_remove(job)
    return job.state


def _files_remove(job: ImportJob) -> None:
    """Remove the job's files unless a job still to run needs them (a check's folder is shared
    by the import confirmed from it)."""
    waiting = ImportJob.objects.filter(folder=job.folder).exclude(state__in=ImportJob.FINISHED)
    if not waiting.exclude(pk=job.pk).exists():
        shutil.rmtree(job_folder(job), ignore_errors=True)


def _prune_checks() -> None:
    """Remove the files of checks older than CHECK_KEPT_DAYS that were never imported."""
    cutoff = timezone.now() - dt.timedelta(days=CHECK_KEPT_DAYS)
    old = ImportJob.objects.filter(
        dry_run=True,
        state=ImportJob.State.CHECKED,
        finished_at__lt=cutoff,
        confirmed_import__isnull=True,
    )
    for job in old:
        if job_folder(job).exists():
            _files_remove(job)


def _progress_path(job: ImportJob) -> Path:
    return job_folder(job) / PROGRESS_NAME.format(id=job.pk)


def _progress_write(job: ImportJob, stage: str, rows: int) -> None:
    """Replace the job's progress file whole (a reader never sees half of one)."""
    path = _progress_path(job)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(
        json.dumps({"stage": stage, "rows": rows, "at": timezone.now().isoformat()})
    )
    os.replace(temporary, path)


def import_job_progress(job: ImportJob) -> dict:
    """What the job's page shows of it now: its state, and while it runs the stage it is at,
    how many rows it has read there and when it last moved."""
    progress = {"state": job.state, "state_label": job.get_state_display(), "finished": False}
    if job.finished:
        return {**progress, "finished": True, "message": job.message}
    # No file yet, or none any more (the job has just ended): the state alone.
    with contextlib.suppress(OSError, ValueError):
        progress.update(json.loads(_progress_path(job).read_text()))
    return progress
