"""Staff workflows in admin and on the command line: uploading case files, publishing a year,
drafting the annual letters from the statistics, and restoring deleted records."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from decisions.models import AnnualLetter, Decision, Recommendation, StatisticsSnapshot
from decisions.services.letters import letters_generate
from decisions.services.restore import RestoreError, history_restore
from decisions.statistics import year_table
from ombudsman.roles import CASEWORKERS, PUBLISHERS
from ombudsman.years import ReportingYear
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db
Y2022 = ReportingYear(2022)
HEADER = "reference,council,decision_date,category,outcome\n"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, group):
    user = User.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def upload(client, text, dry_run=False):
    """Upload through the form, let the task worker run the job, and show the job's page."""
    data = {"decisions": SimpleUploadedFile("cases.csv", text.encode(), "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    queued = client.post("/admin/decisions/decision/import/", data)
    assert queued.status_code == 302, queued.content.decode()
    assert run_queued_tasks() == 1
    return client.get(queued["Location"])


def test_caseworker_uploads_a_file(world, client):
    user = login(client, CASEWORKERS)
    response = upload(client, HEADER + "22 555 001,E06900001,2022-09-01,Housing,Upheld\n")
    assert "1 decisions created" in response.content.decode()
    decision = Decision.objects.get(reference="22 555 001")
    assert decision.history.first().history_user == user


def test_upload_lists_every_problem_and_keeps_nothing(world, client):
    login(client, CASEWORKERS)
    response = upload(
        client,
        HEADER
        + "22 555 001,E06900001,2022-09-01,Housing,Upheld\n"
        + "22 555 002,Nowhere,2022-09-01,Housing,Upheld\n"
        + "22 555 003,E06900001,someday,Housing,Upheld\n",
    )
    html = response.content.decode()
    assert "cases.csv line 3, column council" in html
    assert "cases.csv line 4, column decision_date" in html
    assert not Decision.objects.filter(reference__startswith="22 555").exists()


def test_upload_dry_run_and_wrong_file_type(world, client):
    login(client, CASEWORKERS)
    response = upload(client, HEADER + "22 555 001,E06900001,2022-09-01,Housing,Upheld\n", True)
    assert "Would import: 1 decisions created" in response.content.decode()
    assert not Decision.objects.filter(reference="22 555 001").exists()
    response = client.post(
        "/admin/decisions/decision/import/",
        {"decisions": SimpleUploadedFile("cases.pdf", b"%PDF", "application/pdf")},
    )
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_upload_needs_staff(world, client):
    response = client.get("/admin/decisions/decision/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_publisher_publishes_caseworker_cannot(world, client):
    login(client, CASEWORKERS)
    assert client.get("/admin/decisions/statisticssnapshot/publish/").status_code == 403
    client.logout()
    login(client, PUBLISHERS)
    page = client.get("/admin/decisions/statisticssnapshot/publish/").content.decode()
    assert '<option value="2022-23">' in page
    response = client.post(
        "/admin/decisions/statisticssnapshot/publish/", {"year": "2022-23"}, follow=True
    )
    assert "2022-23 is published" in response.content.decode()
    snapshot = StatisticsSnapshot.objects.get(year=2022)
    assert snapshot.published_by.username == "publishers"
    assert year_table(Y2022)["status"] == "published"


def test_letters_use_the_statistics(world):
    summary = letters_generate(year=Y2022)
    assert summary.created == 5
    letter = AnnualLetter.objects.get(council=world["felpersham"], year=2022)
    table = year_table(Y2022)
    row = next(r for r in table["councils"] if r["gss_code"] == "E07900001")
    average = table["averages"]["district"]
    body = letter.body
    # The council is named once in the address block, never twice.
    assert letter.addressee == "The Chief Executive\nFelpersham District Council"
    assert "**Annual review of complaints, 2022-23: Felpersham District Council**" in body
    assert f"We upheld {row['upheld']} of the {row['investigations']} complaints" in body
    assert f"upheld rate: **{row['upheld_rate']}%**; for district councils: " in body
    assert f"{average['upheld_rate']}%" in body
    assert f"satisfactory remedy rate: **{row['satisfactory_remedy_rate']}%**" in body
    assert "the council carried out 3, 1 of them after" in body
    assert f"compliance rate: **{row['compliance_rate']}%**" in body
    assert "fewer than 10 cases" in body
    hassett = AnnualLetter.objects.get(council=world["hassett"], year=2022).body
    assert "No detailed investigations this year, so there is no upheld rate." in hassett
    assert "uphold rate" not in body  # one term throughout
    assert "<" not in body  # Markdown text, nothing escaped into entities
    assert not re.search(r"\{[{%]", body)


def test_letters_keep_sent_and_edited_ones(world):
    letters_generate(year=Y2022)
    sent = AnnualLetter.objects.get(council=world["ambridge"], year=2022)
    sent.body, sent.sent_on = "As sent.", dt.date(2023, 7, 1)
    sent.save()
    draft = AnnualLetter.objects.get(council=world["felpersham"], year=2022)
    draft.body = "Edited by hand."
    draft.save()
    assert letters_generate(year=Y2022).kept == 5
    assert letters_generate(year=Y2022, redraft=True).redrafted == 4
    sent.refresh_from_db()
    draft.refresh_from_db()
    assert sent.body == "As sent." and draft.body != "Edited by hand."


def test_publisher_drafts_letters_in_admin(world, client):
    login(client, PUBLISHERS)
    response = client.post(
        "/admin/decisions/annualletter/generate/", {"year": "2022-23"}, follow=True
    )
    assert "5 letters drafted" in response.content.decode()
    client.logout()
    login(client, CASEWORKERS)
    assert (
        client.post("/admin/decisions/annualletter/generate/", {"year": "2022-23"}).status_code
        == 403
    )


def test_generate_letters_command(world, capsys):
    call_command("generate_letters", "--year", "2022-23")
    assert "5 letters drafted" in capsys.readouterr().out
    assert AnnualLetter.objects.filter(year=2022).count() == 5


def test_audit_trail_records_who_changed_what(world, client):
    user = login(client, CASEWORKERS)
    decision = Decision.objects.get(reference="22 900 007")
    decision.outcome = "not_upheld"
    decision._history_user = user
    decision.save()
    latest = decision.history.first()
    assert latest.history_type == "~" and latest.history_user == user
    assert latest.diff_against(latest.prev_record).changed_fields == ["outcome"]
    page = client.get(f"/admin/decisions/decision/{decision.pk}/history/").content.decode()
    assert "caseworkers" in page


def test_deleted_decision_is_restored_with_its_recommendations(world, admin_client):
    decision = Decision.objects.get(reference="22 900 007")
    pk, recommendations = decision.pk, decision.recommendations.count()
    assert recommendations == 2
    decision.delete()
    assert not Recommendation.objects.filter(decision_id=pk).exists()
    record = Decision.history.get(id=pk, history_type="-")
    listing = admin_client.get("/admin/decisions/historicaldecision/").content.decode()
    assert "22 900 007" in listing
    response = admin_client.post(
        "/admin/decisions/historicaldecision/",
        {"action": "restore", "_selected_action": [record.pk]},
        follow=True,
    )
    assert "Restored 1 record(s)." in response.content.decode()
    restored = Decision.objects.get(pk=pk)
    assert restored.reference == "22 900 007" and restored.outcome == "upheld"
    assert restored.recommendations.count() == recommendations
    with pytest.raises(RestoreError):
        history_restore(record=record)


def test_deleted_letter_is_restored(world):
    letters_generate(year=Y2022)
    letter = AnnualLetter.objects.get(council=world["hassett"], year=2022)
    pk = letter.pk
    letter.delete()
    history_restore(record=AnnualLetter.history.get(id=pk, history_type="-"))
    assert AnnualLetter.objects.get(pk=pk).council == world["hassett"]


def test_generate_letters_command_refuses_a_bad_year(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--year.*written like 2019-20"):
        call_command("generate_letters", "--year", "2022")
