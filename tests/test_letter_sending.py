"""Sending the annual letters: a publisher drafts, edits, previews and sends a year's letters
from the admin in one go; the task worker sends them through a real SMTP server started by the
test (tests/mail_server.py), which is read back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from decisions.letter_models import LetterBatch, LetterDelivery, LetterRecipients
from decisions.models import AnnualLetter
from decisions.services.letter_pdf import letter_pdf
from decisions.services.letter_sending import NOTHING_TO_SEND, UNEXPECTED
from ombudsman.roles import CASEWORKERS, PUBLISHERS
from tests.mail_server import free_port, pdf_attachments
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/decisions/annualletter/"


def login(client, group: str) -> User:
    user = User.objects.create_user(group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def everyone(world, *, skip: tuple[str, ...] = ()) -> dict[str, LetterRecipients]:
    """Recipients for every council of 2022-23 but those in `skip`: a chief executive and,
    for all but Hassett, the three copies."""
    made = {}
    for key in ("county", "felpersham", "loxley", "ambridge", "hassett"):
        if key in skip:
            continue
        council = world[key]
        copies = {}
        if key != "hassett":
            for role in ("link_officer", "leader", "scrutiny_chair"):
                copies[f"{role}_name"] = f"{role} {key}"
                copies[f"{role}_email"] = f"{role}.{key}@example.org"
        made[key] = LetterRecipients.objects.create(
            council=council,
            year=2022,
            chief_executive_name=f"Chief of {council.short_name}",
            chief_executive_email=f"chief.{key}@example.org",
            **copies,
        )
    return made


def send_all(client, year_label="2022-23"):
    ids = [str(pk) for pk in AnnualLetter.objects.values_list("pk", flat=True)]
    return client.post(
        CHANGELIST,
        {"action": "send_letters", "_selected_action": ids, "index": "0", "post": "yes"},
    )


def test_a_publisher_drafts_edits_previews_and_sends_a_year(world, client, smtp_server):
    people = everyone(world)
    login(client, PUBLISHERS)
    drafted = client.post("/admin/decisions/annualletter/generate/", {"year": "2022-23"})
    assert drafted.status_code == 302 and AnnualLetter.objects.count() == 5
    felpersham = AnnualLetter.objects.get(council=world["felpersham"])
    # Edit a draft: saved as it is, no correction (it has not been sent).
    url = f"{CHANGELIST}{felpersham.pk}/change/"
    edited = felpersham.body.replace("Dear Chief of Felpersham,", "Dear Ms Felpersham,")
    form = {
        "council": felpersham.council_id,
        "year": "2022",
        "addressee": felpersham.addressee,
        "body": edited,
        "sent_on": "",
        "withdrawn_on": "",
        "withdrawal_reason": "",
        "correction_note": "",
    }
    assert client.post(url, form).status_code == 302
    felpersham.refresh_from_db()
    assert felpersham.body == edited.strip() and not felpersham.corrections.exists()
    preview = client.get(f"{CHANGELIST}{felpersham.pk}/pdf/")
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF-")

    queued = send_all(client)
    batch = LetterBatch.objects.get()
    assert queued.status_code == 302 and queued["Location"] == batch.get_absolute_url()
    progress = client.get(f"/admin/decisions/letterbatch/{batch.pk}/progress/").json()
    assert progress["finished"] is False and progress["total"] == 5
    assert smtp_server == []  # nothing leaves before the worker runs the task
    assert run_queued_tasks() == 1

    batch.refresh_from_db()
    assert (batch.state, batch.sent, batch.skipped, batch.problems) == ("sent", 5, 0, [])
    done = client.get(f"/admin/decisions/letterbatch/{batch.pk}/progress/").json()
    assert done["finished"] is True and done["text"] == "5 letter(s) sent, 0 not sent."
    # One message per letter; every person is in exactly one message's envelope.
    assert len(smtp_server) == 5
    expected = {email for r in people.values() for _, _, email in r.people() if email}
    seen = [address for received in smtp_server for address in received.recipients]
    assert sorted(seen) == sorted(expected) and len(seen) == 4 * 4 + 1
    today = timezone.localdate()
    for received in smtp_server:
        message = received.message
        letter = _letter_to(message["To"])
        assert letter.sent_on == today
        assert message["Subject"] == f"Annual review letter 2022-23: {letter.council.name}"
        ((name, pdf),) = pdf_attachments(message)
        assert name == f"annual-review-2022-23-{letter.council.slug}.pdf"
        # The right PDF: byte for byte the letter as sent (reportlab's invariant mode).
        assert pdf == letter_pdf(letter)
        assert letter.get_absolute_url() in message.get_body(("plain",)).get_content()
        deliveries = LetterDelivery.objects.filter(letter=letter, batch=batch)
        assert {d.sent_to for d in deliveries} == set(received.recipients)
        assert all(d.message_id == message["Message-ID"] for d in deliveries)
        assert [d.copied for d in deliveries].count(False) == 1
    # Every council page now links its letter.
    client.logout()
    for letter in AnnualLetter.objects.select_related("council"):
        page = client.get(letter.council.get_absolute_url()).content.decode()
        assert f'href="{letter.get_absolute_url()}"' in page
        assert client.get(letter.get_absolute_url()).status_code == 200


def _letter_to(address: str) -> AnnualLetter:
    recipients = LetterRecipients.objects.get(chief_executive_email=address)
    return AnnualLetter.objects.select_related("council").get(
        council=recipients.council, year=recipients.year
    )


def test_a_letter_without_a_chief_executive_is_not_sent_and_says_why(world, client, smtp_server):
    everyone(world, skip=("hassett",))
    login(client, PUBLISHERS)
    client.post("/admin/decisions/annualletter/generate/", {"year": "2022-23"})
    send_all(client)
    run_queued_tasks()
    batch = LetterBatch.objects.get()
    assert (batch.sent, batch.skipped) == (4, 1)
    assert batch.problems == [
        "Hassett 2022-23: no chief executive's email address for 2022-23; add the council's "
        "letter recipients first."
    ]
    assert not AnnualLetter.objects.get(council=world["hassett"]).is_sent
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "no chief executive&#x27;s email address" in page
    # Sending again sends only the one left, once recipients exist.
    LetterRecipients.objects.create(
        council=world["hassett"],
        year=2022,
        chief_executive_name="Chief of Hassett",
        chief_executive_email="chief.hassett@example.org",
    )
    send_all(client)
    run_queued_tasks()
    assert LetterBatch.objects.latest("id").letter_ids == [
        AnnualLetter.objects.get(council=world["hassett"]).pk
    ]
    assert len(smtp_server) == 5
    # Nothing left to send: refused with a message, nothing queued.
    response = client.post(
        CHANGELIST,
        {
            "action": "send_letters",
            "_selected_action": [str(AnnualLetter.objects.first().pk)],
            "index": "0",
        },
        follow=True,
    )
    assert NOTHING_TO_SEND in response.content.decode()
    assert LetterBatch.objects.count() == 2


def test_a_mail_server_that_cannot_be_reached_sends_nothing(world, client, settings):
    everyone(world)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    login(client, PUBLISHERS)
    client.post("/admin/decisions/annualletter/generate/", {"year": "2022-23"})
    send_all(client)
    run_queued_tasks()
    batch = LetterBatch.objects.get()
    assert (batch.state, batch.message, batch.sent) == ("failed", UNEXPECTED, 0)
    assert not AnnualLetter.objects.filter(sent_on__isnull=False).exists()
    assert not LetterDelivery.objects.exists()


def test_caseworkers_cannot_send(world, client, smtp_server):
    everyone(world)
    from decisions.services.letters import letters_generate
    from ombudsman.years import ReportingYear

    letters_generate(year=ReportingYear(2022))
    login(client, CASEWORKERS)
    response = send_all(client)
    assert response.status_code == 200  # the list again: the action is not offered
    assert not LetterBatch.objects.exists() and run_queued_tasks() == 0
    assert smtp_server == []


def test_a_person_named_twice_gets_one_message(world, client, smtp_server):
    LetterRecipients.objects.create(
        council=world["ambridge"],
        year=2022,
        chief_executive_name="Tom Archer",
        chief_executive_email="tom@ambridge.example",
        link_officer_name="Tom Archer",
        link_officer_email="Tom@Ambridge.example",
        leader_name="Helen Archer",
        leader_email="helen@ambridge.example",
        scrutiny_chair_name="Helen Archer",
        scrutiny_chair_email="helen@ambridge.example",
    )
    from decisions.services.letters import letters_generate
    from ombudsman.years import ReportingYear

    letters_generate(year=ReportingYear(2022))
    login(client, PUBLISHERS)
    client.post(
        CHANGELIST,
        {
            "action": "send_letters",
            "_selected_action": [str(AnnualLetter.objects.get(council=world["ambridge"]).pk)],
            "index": "0",
        },
    )
    run_queued_tasks()
    (received,) = smtp_server
    assert received.recipients == ["tom@ambridge.example", "helen@ambridge.example"]
    roles = LetterDelivery.objects.order_by("id").values_list("role", "sent_to")
    assert list(roles) == [
        ("chief_executive", "tom@ambridge.example"),
        ("leader", "helen@ambridge.example"),
    ]
