"""Run the queued background tasks now, in this process, with the task library's own worker
code (django-tasks-db's `Worker.run_task`: the claim, the call, the result). Its loop is left
out only because it closes the database connection between tasks, which would end a test's
transaction; tests/test_import_jobs.py also runs the real `db_worker` command."""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> int:
    """Run every task that is ready, oldest first; returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().order_by("enqueued_at").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
