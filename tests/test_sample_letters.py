"""Sample letters: `make run`'s first data includes sent letters for the sample's finished
years, labelled synthetic wherever they show, so every council page links some."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from councils.models import Council
from decisions.models import AnnualLetter, LetterYear
from decisions.services.letter_pdf import letter_notice
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db


def test_sample_letters_are_sent_and_labelled_synthetic(world, client, api):
    out = io.StringIO()
    call_command("generate_sample_letters", "--year", "2022-23", stdout=out)
    assert "Made 5 synthetic sample letters, marked sent, for 2022-23." in out.getvalue()
    letters = AnnualLetter.objects.filter(year=2022)
    assert letters.count() == 5 and all(letter.is_sample and letter.is_sent for letter in letters)
    assert LetterYear.objects.get(year=2022).signatory_title.endswith("(synthetic sample)")
    letter = letters.get(council=world["ambridge"])
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Synthetic sample." in page
    assert "SYNTHETIC SAMPLE" in letter_notice(letter)
    assert api.get(f"/api/letters/{letter.pk}/").json()["is_sample"] is True
    listing = client.get("/letters/?year=2022-23").content.decode()
    assert listing.count("(synthetic sample)") == 5
    # A year that has letters is left alone: they may be real.
    out = io.StringIO()
    call_command("generate_sample_letters", "--year", "2022-23", stdout=out)
    assert "Made 0 synthetic sample letters" in out.getvalue()


def test_first_run_data_links_letters_from_every_council_page(client):
    call_command("loaddata", "fixtures/councils.json", verbosity=0)
    call_command(
        "generate_sample_data",
        "--years",
        "2022-23:2023-24",
        "--scale",
        "0.01",
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "Letters: none yet, writing labelled synthetic sent letters." in out.getvalue()
    for start in (2022, 2023):
        year = ReportingYear(start)
        councils = Council.objects.filter(Council.objects.active_q(year))
        sent = AnnualLetter.objects.filter(year=start, sent_on__isnull=False, is_sample=True)
        assert sent.count() == councils.count() > 300
    council = Council.objects.get(gss_code="E07000098")
    page = client.get(council.get_absolute_url()).content.decode()
    links = re.findall(r'href="(/letters/\d+/)"', page)
    assert len(links) == 2
    assert client.get(links[0]).status_code == 200
    again = io.StringIO()
    call_command("load_initial_data", stdout=again)
    assert "Letters: " in again.getvalue() and "already there, skipped." in again.getvalue()


def test_first_run_data_without_a_public_address_writes_no_letters(world, settings):
    from decisions.sample import sample_data_generate

    sample_data_generate(seed=1, years=[ReportingYear(2021)], scale=0.01)
    settings.SITE_URL = ""
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "Letters: none written." in out.getvalue() and "SITE_URL" in out.getvalue()
    assert not AnnualLetter.objects.exists()
