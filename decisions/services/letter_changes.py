"""What may change on a letter once it has been sent: nothing silently. Its text as sent stays
(`AnnualLetter.body`); a correction is a new version with a note (`letter_correct`), shown on
the public page beside the original; a letter may be withdrawn with a reason (the database
requires one), and its page then says so. It can never be unsent: the sent date stays. The
admin's letter form (decisions.forms) applies these rules; their wording is here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from decisions.letter_models import AnnualLetter, LetterCorrection

UNSEND = (
    "A sent letter cannot be unsent or re-dated: it went to the council on this date and its "
    "page is public. To take it back, withdraw it with a reason below."
)
NOTE_NEEDED = (
    "This letter has been sent, so a change to its text is published as a correction beside "
    "the original: say what changed and why in the correction note."
)
FROZEN_FIELDS = (
    "This letter has been sent: its council, year and addressee are as sent and cannot change."
)
REASON_NEEDED = "Say why the letter is withdrawn: the reason is shown on its public page."
NOT_SENT = "Only a sent letter can be withdrawn; a draft can simply be edited or deleted."
UNWITHDRAW = "A withdrawal cannot be undone or re-dated; it is part of the letter's public record."


@transaction.atomic
def letter_correct(*, letter: AnnualLetter, body: str, note: str, user=None) -> LetterCorrection:
    """Publish a new version of a sent letter's text, with a note saying what changed."""
    if not letter.is_sent:
        raise ValueError("A draft is edited, not corrected.")
    if not note.strip():
        raise ValueError(NOTE_NEEDED)
    correction = LetterCorrection.objects.create(
        letter=letter, body=body, note=note.strip(), made_at=timezone.now(), made_by=user
    )
    # The letter's own history records when it was corrected (its text is unchanged).
    letter._change_reason = f"Corrected: {correction.note}"
    letter.save(update_fields=["updated_at"])
    return correction
