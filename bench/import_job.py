"""The benchmark's decision import, run as a staff upload is: a job queued for the two files and
run by the task worker's own code (`import_job_run`, what `decisions.tasks.import_run` calls).

Run as a child process (`python -m bench.import_job DECISIONS RECOMMENDATIONS`) against the
database in DATABASE_URL, with IMPORT_ROOT a folder on the same file system as the files. Only
the job's run is timed: an upload's import runs in the worker, a process that is already up, so
Python's and Django's start (about 0.6 s) is no part of what a member of staff waits for. The
process's whole time is measured by the parent and reported apart. Prints one line of JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(decisions: str, recommendations: str) -> int:
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombudsman.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from decisions.import_jobs import ImportJob
    from decisions.services.imports.jobs import import_job_run, job_folder

    # The history rows name the member of staff, as an upload's do (the floor's name one too).
    user = get_user_model().objects.create_superuser("bench-importer")
    job = ImportJob.objects.create(
        created_by=user,
        dry_run=False,
        folder="bench",
        decisions_file=Path(decisions).name,
        recommendations_file=Path(recommendations).name,
    )
    # As the upload page leaves them, without copying 38 MB: links, which the job removes.
    folder = job_folder(job)
    for kind, path in (("decisions", decisions), ("recommendations", recommendations)):
        (folder / kind).mkdir(parents=True)
        os.link(path, folder / kind / Path(path).name)
    ready = time.perf_counter()
    state = import_job_run(job.pk)
    seconds = time.perf_counter() - ready
    job.refresh_from_db()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "start_seconds": ready - started,
                "state": state,
                "message": job.message,
                "problems": job.problems[:5],
                "import_root": str(settings.IMPORT_ROOT),
            }
        )
    )
    return 0 if state == ImportJob.State.IMPORTED else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
