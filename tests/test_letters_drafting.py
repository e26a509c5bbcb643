"""The annual letters as drafted (named people, signatory, tables, the link to the council's
page), as PDF, and the import of their recipients from CSV."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from decisions.letter_models import LetterRecipients, LetterYear
from decisions.models import AnnualLetter
from decisions.services.letter_pdf import letter_pdf
from decisions.services.letter_text import letter_blocks, letter_html
from decisions.services.letters import LetterError, letters_generate
from decisions.statistics import rate, year_table
from ombudsman.roles import PUBLISHERS
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db
Y2022 = ReportingYear(2022)


def people(world, **overrides):
    fields = {
        "council": world["felpersham"],
        "year": 2022,
        "chief_executive_name": "Ruth Archer",
        "chief_executive_email": "ruth.archer@felpersham.example",
        "link_officer_name": "Eddie Grundy",
        "link_officer_email": "eddie@felpersham.example",
        "leader_name": "Lynda Snell",
        "leader_email": "lynda@felpersham.example",
        "scrutiny_chair_name": "Jazzer McCreary",
        "scrutiny_chair_email": "jazzer@felpersham.example",
    }
    return LetterRecipients.objects.create(**{**fields, **overrides})


def signatory():
    return LetterYear.objects.create(
        year=2022,
        signatory_name="Alice Aldridge",
        signatory_title="Director of investigations",
        publication_date=dt.date(2023, 7, 20),
    )


def felpersham_letter(world) -> AnnualLetter:
    return AnnualLetter.objects.get(council=world["felpersham"], year=2022)


def test_a_letter_names_its_people_and_signatory_and_links_the_council_page(world, settings):
    settings.SITE_URL = "https://councils.example.org/"
    people(world)
    signatory()
    letters_generate(year=Y2022)
    letter = felpersham_letter(world)
    assert letter.addressee == "Ruth Archer\nChief Executive\nFelpersham District Council"
    body = letter.body
    assert body.count("Felpersham District Council") == 2  # the subject line and first sentence
    assert "Dear Ruth Archer," in body
    assert 'public on the "Your council\'s performance" map from 20 July 2023' in body
    page = "https://councils.example.org/councils/felpersham/?year=2022-23"
    assert f"[{page}]({page})" in body
    assert "Alice Aldridge\nDirector of investigations" in body
    copies = body[body.index("Copied to:") :]
    assert "- Eddie Grundy, complaints link officer" in copies
    assert "- Lynda Snell, leader of the council" in copies
    assert "- Jazzer McCreary, chair of the scrutiny committee" in copies
    # Another council's letter has no one named: a generic greeting, no copy list.
    hassett = AnnualLetter.objects.get(council=world["hassett"], year=2022)
    assert hassett.addressee == "The Chief Executive\nLondon Borough of Hassett"
    assert "Dear Chief Executive," in hassett.body and "Copied to" not in hassett.body


def test_the_tables_quote_the_statistics(world):
    letters_generate(year=Y2022)
    table = year_table(Y2022)
    row = next(r for r in table["councils"] if r["gss_code"] == "E07900001")
    average = table["averages"]["district"]
    blocks = letter_blocks(felpersham_letter(world).body)
    outcomes, categories = [b.rows for b in blocks if b.kind == "table"]
    assert outcomes[0] == [
        "Outcome",
        "Decisions",
        "Share of the council's decisions",
        "Share for district councils",
    ]
    upheld = next(r for r in outcomes if r[0] == "Upheld")
    assert upheld == [
        "Upheld",
        str(row["outcomes"]["upheld"]),
        f"{rate(row['outcomes']['upheld'], row['decisions'])}%",
        f"{rate(average['outcomes']['upheld'], average['decisions'])}%",
    ]
    assert len(outcomes) == 1 + 6
    # Felpersham's nine decisions: eight about housing, one about benefits.
    assert categories[1][:3] == ["Housing", "8", "88.9%"]
    assert categories[2][:3] == ["Benefits and tax", "1", "11.1%"]
    body = felpersham_letter(world).body
    assert "upheld complaints per 100,000 residents" in body
    assert f"{row['upheld_per_100k']} upheld complaints per 100,000" in body
    assert "Train housing officers on the allocations policy." in body
    # Each key statistic with its 95% interval and its class (3 of 4 upheld: 30.1% to 95.4%).
    assert (
        "Allowing for chance, it lies between 30.1% and 95.4% (a 95% confidence interval): "
        "not clearly different from the rate for district councils." in body
    )
    assert body.count("(a 95% confidence interval)") == 3


def test_without_a_public_address_nothing_is_drafted(world, settings):
    settings.SITE_URL = ""
    with pytest.raises(LetterError, match="SITE_URL"):
        letters_generate(year=Y2022)
    assert not AnnualLetter.objects.exists()
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("generate_letters", "--year", "2022-23")


def test_drafting_from_the_admin_links_the_address_it_was_reached_at(world, client, settings):
    settings.SITE_URL = ""
    user = User.objects.create_user("pub", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    client.force_login(user)
    response = client.post("/admin/decisions/annualletter/generate/", {"year": "2022-23"})
    assert response.status_code == 302
    assert "(http://testserver/councils/felpersham/?year=2022-23)" in felpersham_letter(world).body


def test_typed_html_is_shown_as_text():
    html = letter_html("Hello <script>alert(1)</script> **there**")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<strong>there</strong>" in html


def test_the_pdf_is_a_real_pdf_of_the_letter(world):
    people(world)
    letters_generate(year=Y2022)
    letter = felpersham_letter(world)
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    assert pages >= 2
    assert b"Annual review letter 2022-23: Felpersham District Council" in pdf  # its title


def test_the_admin_previews_a_draft_as_pdf_and_the_public_only_a_sent_one(world, client):
    letters_generate(year=Y2022)
    letter = felpersham_letter(world)
    assert client.get(f"/letters/{letter.pk}/pdf/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/").status_code == 404
    user = User.objects.create_user("pub", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    client.force_login(user)
    preview = client.get(f"/admin/decisions/annualletter/{letter.pk}/pdf/")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF-")
    letter.sent_on = dt.date(2023, 7, 1)
    letter.save()
    client.logout()
    public = client.get(f"/letters/{letter.pk}/pdf/")
    assert public.status_code == 200 and public.content.startswith(b"%PDF-")
    page = client.get(f"/letters/{letter.pk}/").content.decode()
    assert page.count("Felpersham District Council") == 3  # address, subject, first sentence
    assert "css/letter-print.css" in page and 'media="print"' in page


CSV_HEADER = (
    "council,year,chief_executive_name,chief_executive_email,link_officer_name,"
    "link_officer_email,leader_name,leader_email,scrutiny_chair_name,scrutiny_chair_email\n"
)


def test_recipients_import_from_csv(world, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(
        CSV_HEADER
        + "E07900001,2022-23,Ruth Archer,ruth@felpersham.example,,,Lynda Snell,lynda@f.example,,\n"
        + "E06900001,2022-23,Tom Archer,tom@ambridge.example,,,,,,\n"
    )
    call_command("import_letter_recipients", str(path))
    assert "2 councils' recipients added, 0 replaced." in capsys.readouterr().out
    felpersham = LetterRecipients.objects.get(council=world["felpersham"], year=2022)
    assert felpersham.leader_name == "Lynda Snell"
    path.write_text(CSV_HEADER + "E07900001,2022-23,Ruth Archer,new@felpersham.example,,,,,,\n")
    call_command("import_letter_recipients", str(path))
    felpersham.refresh_from_db()
    assert felpersham.chief_executive_email == "new@felpersham.example"


def test_recipients_import_reports_every_bad_row_and_keeps_nothing(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        CSV_HEADER
        + "E06900001,2022-23,Tom Archer,tom@ambridge.example,,,,,,\n"  # good, but not kept
        + "E99999999,2022-23,Nobody,nobody@example.org,,,,,,\n"
        + "E07900001,2022,Ruth Archer,ruth@felpersham.example,,,,,,\n"
        + "E09900001,2022-23,,not-an-email,,,,,,\n"
        + "E09900001,2022-23,Kenton Archer,kenton@hassett.example,,eddie@x.example,,,,\n"
        + "E06900001,2022-23,Tom Archer,tom@ambridge.example,,,,,,\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_letter_recipients", str(path))
    message = str(raised.value)
    assert "nothing was imported" in message
    assert "line 3, column council: no council has the GSS code 'E99999999'." in message
    assert "line 4, column year: '2022' is not" in message
    assert "line 5, column chief_executive_name: This field cannot be blank." in message
    assert "line 5, column chief_executive_email: Enter a valid email address." in message
    assert "line 6, column link_officer_name: an email address without a name." in message
    assert "line 7, column council: Ambridge for 2022-23 is also on line 2." in message
    assert not LetterRecipients.objects.exists()


def test_recipients_import_names_a_missing_column(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("council,year,chief_executive_name\nE07900001,2022-23,Ruth\n")
    with pytest.raises(CommandError, match="lacks the column.*chief_executive_email"):
        call_command("import_letter_recipients", str(path))
