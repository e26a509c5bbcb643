"""An upload seen in Chromium: the form queues it, its page says it is waiting and, once the
task worker has run it, updates itself (static/js/upload-progress.js, under the site's CSP) to
show the counts without anyone reloading it."""

import re

import pytest
from playwright.sync_api import expect

from tests.decision_files import DECISION_HEADER, decision
from tests.task_worker import run_queued_tasks

from .browser import browser, session, sign_in_as_superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)


def test_the_upload_page_follows_the_job_to_its_end(world, session, django_user_model, tmp_path):
    sign_in_as_superuser(session, django_user_model)
    rows = [",".join(DECISION_HEADER), ",".join(decision(ref="22 800 001", council="E07900001"))]
    upload = tmp_path / "cases.csv"
    upload.write_text("\n".join(rows) + "\n")

    page = session.open("/admin/decisions/decision/import/")
    page.set_input_files("#id_decisions", str(upload))
    page.uncheck("#id_dry_run")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/decisions/importjob/*/change/")
    status = page.locator("#upload-status[role=status][aria-live=polite]")
    assert "Waiting for the task worker" in status.inner_text()

    assert run_queued_tasks() == 1
    # The page asks every two seconds and reloads itself when the job has ended.
    expect(page.locator("#upload-status")).to_have_text(re.compile("^Imported:"), timeout=10_000)
    assert "decisions created: 1" in page.content()
