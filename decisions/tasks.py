"""The background tasks the worker (`manage.py db_worker`) runs: see pyproject.toml for the
library, decisions.services.imports.jobs for what an upload's job does and
decisions.services.letter_sending for a batch of letters."""

from django_tasks import task

from decisions.services.imports.jobs import import_job_run
from decisions.services.letter_sending import letter_batch_run


@task()
def import_run(job_id: int) -> str:
    """Check or import one staff upload."""
    return import_job_run(job_id)


@task()
def letters_send(batch_id: int) -> str:
    """Email the letters of one batch."""
    return letter_batch_run(batch_id)
