"""The letters in Chromium: a sending's page follows the task worker to the end (the uploads'
script, under the site's CSP), and a sent letter's page prints as its PDF is laid out
(static/css/letter-print.css): A4 pages, numbered, without the site's navigation."""

import re

import pytest
from playwright.sync_api import expect

from decisions.letter_models import LetterRecipients
from decisions.models import AnnualLetter
from decisions.services.letters import letters_generate
from ombudsman.years import ReportingYear
from tests.browser import ARTIFACTS
from tests.task_worker import run_queued_tasks

from .browser import browser, session, sign_in_as_superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)


def test_sending_page_follows_the_batch(world, session, django_user_model, smtp_server):
    letters_generate(year=ReportingYear(2022))
    LetterRecipients.objects.create(
        council=world["ambridge"],
        year=2022,
        chief_executive_name="Tom Archer",
        chief_executive_email="tom@ambridge.example",
    )
    page = sign_in_as_superuser(session, django_user_model)
    page = session.open("/admin/decisions/annualletter/?year=2022-23")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "send_letters")
    page.click("button[name=index]")
    page.wait_for_url("**/admin/decisions/letterbatch/*/change/")
    status = page.locator("#upload-status[role=status]")
    assert "Waiting for the task worker" in status.inner_text()
    assert run_queued_tasks() == 1
    expect(page.locator("#upload-status")).to_have_text(
        "1 letter(s) sent, 4 not sent.", timeout=10_000
    )
    assert "no chief executive" in page.content()
    assert [r.recipients for r in smtp_server] == [["tom@ambridge.example"]]


def test_a_letter_prints_on_numbered_a4_pages(world, session):
    letters_generate(year=ReportingYear(2022))
    letter = AnnualLetter.objects.get(council=world["felpersham"], year=2022)
    letter.sent_on = "2023-07-03"
    letter.save()
    page = session.open(letter.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".letter__letterhead").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "letter-printed.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 2
    # A4 is 595 x 842 points (Chromium writes 594.96 x 841.92).
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes), (
        boxes
    )
