"""Staff uploads run by the task worker (decisions.services.imports.jobs): the upload request
stores the file and queues it, the worker checks or imports it, the upload's page shows its
progress while it runs and its counts and every problem when it ends, and a check that found
no problems is imported from its page without uploading the file again.

Before this, the upload ran inside the request: a 30,000-row file outlived gunicorn's 30 s
timeout (a 500, nothing shown)."""

import html
import json
import logging

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from decisions.import_jobs import ImportJob
from decisions.models import Decision
from decisions.services.imports import core, jobs, limits
from tests.admin_staff import _fast_passwords, caseworker_client
from tests.decision_files import DECISION_HEADER, decision
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db
FIXTURES = (_fast_passwords, caseworker_client)
UPLOAD = reverse("admin:decisions_decision_import")


def _csv(*rows) -> bytes:
    lines = [",".join(DECISION_HEADER), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def _good(count=1) -> bytes:
    return _csv(*(decision(ref=f"22 700 {n:03d}", council="E07900001") for n in range(count)))


def _upload(client, content: bytes, *, dry_run=False, name="cases.csv"):
    data = {"decisions": SimpleUploadedFile(name, content, "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD, data)


def _page(client, job: ImportJob) -> str:
    return client.get(job.get_absolute_url()).content.decode()


def _progress(client, job: ImportJob) -> dict:
    url = reverse("admin:decisions_importjob_progress", args=[job.pk])
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_the_upload_is_queued_and_the_worker_imports_it(world, caseworker_client):
    response = _upload(caseworker_client, _good(3))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The request stored the file and nothing else.
    assert job.state == ImportJob.State.QUEUED
    assert not Decision.objects.filter(reference__startswith="22 700").exists()
    assert (jobs.job_folder(job) / "decisions" / "cases.csv").read_bytes() == _good(3)
    assert "Waiting for the task worker to start it" in _page(caseworker_client, job)
    assert _progress(caseworker_client, job)["stage"] == "queued"

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED
    assert job.counts["decisions_created"] == 3
    assert Decision.objects.filter(reference__startswith="22 700").count() == 3
    assert job.created_by.username == "casey" and job.started_at <= job.finished_at
    page = _page(caseworker_client, job)
    assert "Imported: 3 decisions created" in page and "decisions created: 3" in page
    assert "Import this checked file" not in page
    assert _progress(caseworker_client, job)["finished"] is True
    assert not jobs.job_folder(job).exists()  # an import's files go when it ends


def test_the_page_shows_the_rows_read_while_it_runs(world, caseworker_client, monkeypatch):
    monkeypatch.setattr(core, "BATCH_SIZE", 2)
    _upload(caseworker_client, _good(5))
    job = ImportJob.objects.get()
    seen = []
    write = jobs._progress_write

    def and_look(job_, stage, rows):
        write(job_, stage, rows)
        seen.append(_progress(caseworker_client, job)["text"])  # the page's own question

    monkeypatch.setattr(jobs, "_progress_write", and_look)
    run_queued_tasks()
    read = [text.split(" (at ")[0] for text in seen if text.startswith("Reading")]
    assert read == [f"Reading and checking decision rows: {n} so far" for n in (2, 4, 5)]
    assert seen[0].startswith("Started")


def test_every_problem_is_on_the_page_and_nothing_is_kept(world, caseworker_client):
    bad = _csv(
        decision(ref="22 700 001", council="E07900001"),
        decision(ref="22 700 002", council="Nowhere"),
        decision(ref="22 700 003", council="E07900001", decision_date="someday"),
    )
    _upload(caseworker_client, bad)
    run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert job.message == "Nothing was imported: 2 problem(s) found."
    page = _page(caseworker_client, job)
    assert "cases.csv line 3, column council" in page
    assert "cases.csv line 4, column decision_date" in page
    assert not Decision.objects.filter(reference__startswith="22 700").exists()
    assert not jobs.job_folder(job).exists()


def test_a_clean_check_is_imported_from_its_page(world, caseworker_client):
    _upload(caseworker_client, _good(2), dry_run=True)
    run_queued_tasks()
    check = ImportJob.objects.get()
    assert check.state == ImportJob.State.CHECKED
    assert check.message.startswith("Would import: 2 decisions created")
    assert not Decision.objects.filter(reference__startswith="22 700").exists()
    assert "Import this checked file" in _page(caseworker_client, check)

    confirm = reverse("admin:decisions_importjob_confirm", args=[check.pk])
    assert caseworker_client.get(confirm)["Location"] == check.get_absolute_url()  # GET: no
    assert ImportJob.objects.count() == 1
    response = caseworker_client.post(confirm)
    imported = ImportJob.objects.get(source_check=check)
    assert response["Location"] == imported.get_absolute_url()
    assert not imported.dry_run and imported.decisions_file == "cases.csv"
    run_queued_tasks()
    imported.refresh_from_db()
    assert imported.state == ImportJob.State.IMPORTED
    assert Decision.objects.filter(reference__startswith="22 700").count() == 2
    assert not jobs.job_folder(check).exists()

    page = _page(caseworker_client, check)
    assert "Import this checked file" not in page and str(imported) in page
    again = caseworker_client.post(confirm, follow=True).content.decode()
    assert "This check has already been imported" in again
    assert ImportJob.objects.count() == 2


def test_only_a_clean_check_can_be_imported_from_its_page(world, caseworker_client):
    _upload(caseworker_client, _csv(decision(ref="22 700 001", council="Nowhere")), dry_run=True)
    _upload(caseworker_client, _good(1))
    run_queued_tasks()
    for job in ImportJob.objects.all():
        assert job.state in (ImportJob.State.FAILED, ImportJob.State.IMPORTED)
        assert "Import this checked file" not in _page(caseworker_client, job)
        confirm = reverse("admin:decisions_importjob_confirm", args=[job.pk])
        said = caseworker_client.post(confirm, follow=True).content.decode()
        assert "Only a check that found no problems can be imported from here." in said
    assert ImportJob.objects.count() == 2


def test_a_checks_files_are_kept_for_seven_days(world, caseworker_client):
    _upload(caseworker_client, _good(1), dry_run=True)
    run_queued_tasks()
    check = ImportJob.objects.get()
    ImportJob.objects.filter(pk=check.pk).update(
        finished_at=check.finished_at - jobs.dt.timedelta(days=jobs.CHECK_KEPT_DAYS, seconds=-60)
    )
    _upload(caseworker_client, _good(1), dry_run=True, name="other.csv")  # prunes the old ones
    assert jobs.job_folder(check).exists()  # a minute short of seven days: kept
    ImportJob.objects.filter(pk=check.pk).update(
        finished_at=check.finished_at - jobs.dt.timedelta(days=jobs.CHECK_KEPT_DAYS, seconds=60)
    )
    _upload(caseworker_client, _good(1), dry_run=True, name="third.csv")
    assert not jobs.job_folder(check).exists()
    said = caseworker_client.post(
        reverse("admin:decisions_importjob_confirm", args=[check.pk]), follow=True
    ).content.decode()
    assert "The files of this check were removed after 7 days; upload them again." in said
    assert not ImportJob.objects.filter(source_check=check).exists()


def test_a_file_over_a_limit_is_refused_at_once(world, caseworker_client, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    response = _upload(caseworker_client, _good(5))
    assert response.status_code == 200
    assert "a file may be at most 0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not any(jobs._root().glob("*"))


def test_an_unexpected_error_is_reported_and_logged(world, caseworker_client, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "decisions_import", broken)
    _upload(caseworker_client, _good(1))
    with caplog.at_level(logging.ERROR, logger="decisions.services.imports.jobs"):
        run_queued_tasks()
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.message == jobs.UNEXPECTED
    assert "disk on fire" in caplog.text
    assert html.escape(jobs.UNEXPECTED) in _page(caseworker_client, job)


def test_a_job_runs_once_and_not_without_its_user(world, caseworker_client):
    _upload(caseworker_client, _good(1))
    job = ImportJob.objects.get()
    assert jobs.import_job_run(job.pk) == ImportJob.State.IMPORTED
    assert jobs.import_job_run(job.pk) == ImportJob.State.IMPORTED  # nothing twice
    assert run_queued_tasks() == 1  # the queued task finds it done
    assert Decision.objects.filter(reference__startswith="22 700").count() == 1

    _upload(caseworker_client, _good(2), name="later.csv")
    User.objects.filter(username="casey").delete()
    run_queued_tasks()
    orphan = ImportJob.objects.get(decisions_file="later.csv")
    assert orphan.state == ImportJob.State.FAILED
    assert "the account that uploaded the file no longer exists" in orphan.message
    assert Decision.objects.filter(reference__startswith="22 700").count() == 1


def test_a_worker_that_cannot_see_the_file_says_so(world, caseworker_client):
    _upload(caseworker_client, _good(1))
    job = ImportJob.objects.get()
    jobs.shutil.rmtree(jobs.job_folder(job))  # as on a worker without the shared folder
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.message == jobs.MISSING


def test_a_workbook_and_a_second_file_are_stored_apart(world, caseworker_client):
    data = {
        "decisions": SimpleUploadedFile("same.csv", _good(1), "text/csv"),
        "recommendations": SimpleUploadedFile("same.csv", b"decision_reference\n", "text/csv"),
    }
    caseworker_client.post(UPLOAD, data)
    job = ImportJob.objects.get()
    decisions, recommendations = jobs._paths(job)
    assert decisions.read_bytes() == _good(1)
    assert recommendations.read_bytes() == b"decision_reference\n"


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_the_queue(world, admin_client):
    # A superuser: a transactional test may find the groups flushed by an earlier one.
    _upload(admin_client, _good(2))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.IMPORTED, job.message
    assert Decision.objects.filter(reference__startswith="22 700").count() == 2
    # Plain integers on every database (PostgreSQL's sum() gave a Decimal, which JSON refused).
    assert json.loads(json.dumps(job.counts))["decisions_created"] == 2
