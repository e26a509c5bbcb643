"""The background tasks the worker (`manage.py db_worker`) runs: see pyproject.toml for the
library and decisions.services.imports.jobs for what an upload's job does."""

from django_tasks import task

from decisions.services.imports.jobs import import_job_run


@task()
def import_run(job_id: int) -> str:
    """Check or import one staff upload."""
    return import_job_run(job_id)
