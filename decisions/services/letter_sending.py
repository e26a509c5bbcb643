"""Sending the annual letters by email, through Django's email framework (the console backend
locally, SMTP in production: settings). One message per letter, addressed to the council's chief
executive and copied to the others named for it (decisions.letter_models.LetterRecipients), with
the letter's PDF attached; each person it went to is recorded (LetterDelivery) and the letter is
then sent, and frozen (decisions.services.letter_changes).

Staff send letters together: the send action queues a LetterBatch (`letters_send_submit`) and
the task worker sends them (`letter_batch_run`, through decisions.tasks), as staff uploads are
run (decisions.services.imports.jobs). Unlike an import, each letter is committed as soon as its
message has gone (an email cannot be rolled back), so the batch row itself carries the progress
and its page reads it from there.
"""

from __future__ import annotations

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from decisions.letter_models import (
    COPIED,
    AnnualLetter,
    LetterBatch,
    LetterDelivery,
    LetterRecipients,
    LetterYear,
    Role,
)

from .letter_pdf import letter_pdf, letter_pdf_name
from .letters import LetterError

logger = logging.getLogger(__name__)

NOTHING_TO_SEND = "Every letter selected has already been sent; nothing was queued."
UNEXPECTED = (
    "Sending stopped on an unexpected error (it is in the server's log). The letters counted "
    "as sent were sent; send the others again."
)


def letters_send_submit(*, letters: QuerySet[AnnualLetter], user, site_url: str) -> LetterBatch:
    """Queue the sending of the letters not yet sent (LetterError if there are none)."""
    ids = list(letters.filter(sent_on__isnull=True).order_by("pk").values_list("pk", flat=True))
    if not ids:
        raise LetterError(NOTHING_TO_SEND)
    from decisions.tasks import letters_send

    with transaction.atomic():
        batch = LetterBatch.objects.create(created_by=user, letter_ids=ids, site_url=site_url)
        letters_send.enqueue(batch.pk)
    return batch


def _cover_note(letter: AnnualLetter, recipients: LetterRecipients, page: str) -> str:
    published = LetterYear.objects.filter(year=letter.year).first()
    when = f" from {published.publication_date:%-d %B %Y}" if published else ""
    return (
        f"Dear {recipients.chief_executive_name},\n\n"
        f"Attached is our annual review letter to {letter.council.name} about complaints in "
        f'{letter.year_label}, as a PDF. It will be public on the "Your council\'s performance" '
        f"map{when}, at {page}\n\n"
        "This message was sent to the chief executive and copied to the people the letter "
        "lists.\n"
    )


def letter_send(
    letter: AnnualLetter, *, connection, site_url: str, batch: LetterBatch | None = None
) -> list[LetterDelivery]:
    """Email one letter and record it as sent today; LetterError if it cannot be sent."""
    if letter.is_sent:
        raise LetterError(f"{letter}: already sent on {letter.sent_on:%-d %B %Y}.")
    recipients = LetterRecipients.objects.filter(council=letter.council, year=letter.year).first()
    if recipients is None or not recipients.chief_executive_email:
        raise LetterError(
            f"{letter}: no chief executive's email address for {letter.year_label}; add the "
            "council's letter recipients first."
        )
    today = timezone.localdate()
    # Each address once: a person named in two roles (a link officer who is also the chief
    # executive's office) gets one message, recorded under the first role.
    seen = {recipients.chief_executive_email.lower()}
    copies = []
    for role in COPIED:
        email = getattr(recipients, f"{role.value}_email")
        if email and email.lower() not in seen:
            seen.add(email.lower())
            copies.append((role.value, getattr(recipients, f"{role.value}_name"), email))
    message_id = make_msgid(domain="letters.invalid")
    message = EmailMessage(
        subject=f"Annual review letter {letter.year_label}: {letter.council.name}",
        body=_cover_note(letter, recipients, site_url + letter.get_absolute_url()),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipients.chief_executive_email],
        cc=[email for _, _, email in copies],
        connection=connection,
        # Set here rather than left to the library, which makes a new one each time the
        # message is built: this one is recorded with every delivery.
        headers={"Message-ID": message_id},
    )
    # The PDF is the letter as sent: dated today and marked sent (not a draft's preview).
    letter.sent_on = today
    try:
        message.attach(letter_pdf_name(letter), letter_pdf(letter), "application/pdf")
        message.send()
    except BaseException:
        letter.sent_on = None
        raise
    sent_at = timezone.now()
    people = [
        (Role.CHIEF_EXECUTIVE.value, recipients.chief_executive_name, message.to[0], False),
        *((role, name, email, True) for role, name, email in copies),
    ]
    with transaction.atomic():
        letter.save(update_fields=["sent_on", "updated_at"])
        return LetterDelivery.objects.bulk_create(
            LetterDelivery(
                letter=letter,
                batch=batch,
                role=role,
                name=name,
                sent_to=email,
                copied=copied,
                sent_at=sent_at,
                message_id=message_id,
            )
            for role, name, email, copied in people
        )


def letter_batch_run(batch_id: int) -> str:
    """Send a queued batch (the task worker calls this); returns its state. A batch not
    waiting, e.g. run already by another worker, is left alone."""
    started = LetterBatch.objects.filter(pk=batch_id, state=LetterBatch.State.QUEUED).update(
        state=LetterBatch.State.RUNNING, started_at=timezone.now()
    )
    batch = LetterBatch.objects.get(pk=batch_id)
    if not started:
        return batch.state
    letters = AnnualLetter.objects.select_related("council").in_bulk(batch.letter_ids)
    problems: list[str] = []
    try:
        # One connection to the mail server for the whole batch, not one per message.
        with get_connection() as connection:
            for pk in batch.letter_ids:
                letter = letters.get(pk)
                try:
                    if letter is None:
                        raise LetterError(f"Letter {pk} no longer exists.")
                    letter.refresh_from_db(fields=["sent_on"])  # sent meanwhile?
                    letter_send(letter, connection=connection, site_url=batch.site_url, batch=batch)
                except LetterError as error:
                    problems.append(str(error))
                    batch.skipped += 1
                else:
                    batch.sent += 1
                batch.save(update_fields=["sent", "skipped"])
    except Exception:
        logger.exception("Letter sending %s stopped on an unexpected error", batch.pk)
        batch.state, batch.message = LetterBatch.State.FAILED, UNEXPECTED
    else:
        batch.state = LetterBatch.State.SENT
        batch.message = f"{batch.sent} letter(s) sent, {batch.skipped} not sent."
    batch.problems = problems
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "message", "problems", "finished_at", "sent", "skipped"])
    return batch.state


def letter_batch_progress(batch: LetterBatch) -> dict:
    """What the batch's page shows of it now (the fields the upload pages' script reads:
    `finished` and `text`)."""
    total = len(batch.letter_ids)
    if batch.finished:
        text = batch.message
    elif batch.state == LetterBatch.State.QUEUED:
        text = (
            "Waiting for the task worker to start. If it has not started within a minute, the "
            "worker is not running (manage.py db_worker)."
        )
    else:
        text = f"Sending: {batch.sent + batch.skipped} of {total} done, {batch.sent} sent."
    return {
        "state": batch.state,
        "state_label": batch.get_state_display(),
        "finished": batch.finished,
        "sent": batch.sent,
        "skipped": batch.skipped,
        "total": total,
        "text": text,
    }
