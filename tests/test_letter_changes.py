"""A sent letter is frozen: a change to its text in the admin is a visible correction, its sent
date cannot be cleared, and it can be withdrawn with a reason (decisions.services.letter_changes,
decisions.forms.AnnualLetterAdminForm). Each case through the admin form as a browser sends it."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth.models import Group, User

from decisions.letter_models import LetterCorrection
from decisions.models import AnnualLetter
from decisions.services import letter_changes as rules
from decisions.services.letters import letters_generate
from ombudsman.roles import PUBLISHERS
from ombudsman.years import ReportingYear
from tests.admin_world import form_data

pytestmark = pytest.mark.django_db
SENT = dt.date(2023, 7, 3)


@pytest.fixture
def sent(world):
    letters_generate(year=ReportingYear(2022))
    letter = AnnualLetter.objects.get(council=world["felpersham"], year=2022)
    letter.sent_on = SENT
    letter.save()
    return letter


@pytest.fixture
def publisher(client):
    user = User.objects.create_user("pub", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
    client.force_login(user)
    return user


def shown(response) -> str:
    return html.unescape(response.content.decode())


def change_url(letter) -> str:
    return f"/admin/decisions/annualletter/{letter.pk}/change/"


def save(client, letter, **changes):
    """Press Save on the letter's admin page after changing the given fields."""
    data = form_data(client.get(change_url(letter)).content.decode())
    for name, value in changes.items():
        data[name] = [value]
    return client.post(change_url(letter), data)


def test_editing_a_sent_letter_publishes_a_correction_beside_the_original(sent, client, publisher):
    original = sent.body
    assert "We upheld 3 of the 4" in original
    corrected = original.replace("We upheld 3 of the 4", "We upheld 2 of the 4")
    response = save(
        client, sent, body=corrected, correction_note="One upheld case was counted twice."
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.body == original  # the text as sent is kept
    assert sent.sent_on == SENT
    (correction,) = LetterCorrection.objects.filter(letter=sent)
    assert correction.body.strip() == corrected.strip()
    assert correction.note == "One upheld case was counted twice."
    assert correction.made_by == publisher
    # The history keeps both: the letter's record of the correction, and the text as sent.
    latest = sent.history.first()
    assert latest.history_change_reason == "Corrected: One upheld case was counted twice."
    assert latest.body == original
    client.logout()
    page = client.get(sent.get_absolute_url()).content.decode()
    corrected_on = f"Corrected on {correction.made_at:%-d %B %Y}."
    assert corrected_on in page and "One upheld case was counted twice." in page
    shown, as_sent = page.split("The letter as sent on 3 July 2023")
    assert "We upheld 2 of the 4" in shown and "We upheld 3 of the 4" not in shown
    assert "We upheld 3 of the 4" in as_sent
    # The admin's form now starts from the corrected text; a second save changes nothing.
    client.force_login(publisher)
    assert save(client, sent).status_code == 302
    assert LetterCorrection.objects.filter(letter=sent).count() == 1


def test_a_correction_needs_a_note(sent, client, publisher):
    response = save(client, sent, body=sent.body.replace("3 of the 4", "2 of the 4"))
    assert response.status_code == 200
    assert rules.NOTE_NEEDED in shown(response)
    assert not LetterCorrection.objects.exists()
    sent.refresh_from_db()
    assert "3 of the 4" in sent.body


def test_the_sent_date_cannot_be_cleared_or_changed(sent, client, publisher):
    for value in ("", "2023-08-01"):
        response = save(client, sent, sent_on=value)
        assert response.status_code == 200
        assert "A sent letter cannot be unsent or re-dated" in response.content.decode()
        sent.refresh_from_db()
        assert sent.sent_on == SENT
    client.logout()
    assert client.get(sent.get_absolute_url()).status_code == 200


def test_addressee_of_a_sent_letter_is_frozen(sent, client, publisher):
    response = save(client, sent, addressee="Someone Else\nElsewhere")
    assert response.status_code == 200
    assert "its council, year and addressee are as sent" in response.content.decode()
    sent.refresh_from_db()
    assert sent.addressee == "The Chief Executive\nFelpersham District Council"


def test_withdrawing_needs_a_reason_and_the_public_page_says_so(sent, client, publisher):
    refused = save(client, sent, withdrawn_on="2023-09-01")
    assert refused.status_code == 200
    assert "Say why the letter is withdrawn" in refused.content.decode()
    sent.refresh_from_db()
    assert not sent.is_withdrawn
    reason = "The year's figures were recounted; a new letter follows."
    assert save(client, sent, withdrawn_on="2023-09-01", withdrawal_reason=reason).status_code == (
        302
    )
    sent.refresh_from_db()
    assert sent.withdrawn_on == dt.date(2023, 9, 1) and sent.withdrawal_reason == reason
    # Withdrawn is final.
    undo = save(client, sent, withdrawn_on="", withdrawal_reason="")
    assert undo.status_code == 200 and rules.UNWITHDRAW in shown(undo)
    client.logout()
    page = client.get(sent.get_absolute_url())
    assert page.status_code == 200
    text = shown(page)
    assert "Withdrawn on 1 September 2023." in text and reason in text
    listing = client.get("/letters/?year=2022-23").content.decode()
    assert "Withdrawn 1 Sep 2023" in listing


def test_a_draft_cannot_be_withdrawn(world, client, publisher):
    letters_generate(year=ReportingYear(2022))
    draft = AnnualLetter.objects.get(council=world["ambridge"], year=2022)
    response = save(client, draft, withdrawn_on="2023-09-01", withdrawal_reason="No.")
    assert response.status_code == 200 and rules.NOT_SENT in shown(response)
    draft.refresh_from_db()
    assert not draft.is_withdrawn


def test_a_draft_is_edited_freely(world, client, publisher):
    letters_generate(year=ReportingYear(2022))
    draft = AnnualLetter.objects.get(council=world["ambridge"], year=2022)
    assert save(client, draft, body="Dear Chief Executive,\n\nShorter.").status_code == 302
    draft.refresh_from_db()
    assert draft.body.replace("\r\n", "\n") == "Dear Chief Executive,\n\nShorter."
    assert not LetterCorrection.objects.exists()


def test_the_national_list_shows_a_year_and_refuses_a_bad_one(sent, client):
    page = client.get("/letters/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Annual review letters 2022-23" in text and sent.get_absolute_url() in text
    bad = client.get("/letters/?year=2022")
    assert bad.status_code == 400 and "2019-20" in bad.content.decode()
    assert client.get("/letters/?year=2020-21").status_code == 404


def test_reverting_a_sent_letter_to_its_draft_is_refused(sent, client, publisher):
    draft_version = sent.history.earliest()
    assert draft_version.sent_on is None
    url = f"/admin/decisions/annualletter/{sent.pk}/history/{draft_version.history_id}/"
    data = form_data(client.get(url).content.decode())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A sent letter cannot be unsent or re-dated" in shown(response)
    sent.refresh_from_db()
    assert sent.sent_on == SENT
