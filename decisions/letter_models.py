"""The annual review letters and what they need besides their text: who each council's letter
goes to, who signs a year's letters and when their figures go on the map, the corrections of sent
letters, each recipient a letter was sent to, and the background batches that send them
(decisions/services/letter_sending.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.models import Council
from ombudsman.years import FIRST_YEAR, LAST_YEAR, ReportingYear

YEAR_HELP = "Start of the reporting year the letters review: 2023 means 2023-24."


def _year_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name=name
    )


class LetterYear(models.Model):
    """Per reporting year, what every letter of the year shares: its signatory and the day its
    figures (and the letters) go on the map."""

    year = models.PositiveSmallIntegerField(unique=True, help_text=YEAR_HELP)
    signatory_name = models.CharField(max_length=200)
    signatory_title = models.CharField(max_length=200)
    publication_date = models.DateField(
        help_text="The day the year's figures and the letters go on the map."
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "letter year"
        constraints = [_year_range("letteryear_year_range")]

    def __str__(self) -> str:
        return f"Letters of {self.year_label}"

    @property
    def year_label(self) -> str:
        return ReportingYear(self.year).label


class Role(models.TextChoices):
    """The people a letter goes to: addressed to the chief executive, copied to the others."""

    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    LINK_OFFICER = "link_officer", "Complaints link officer"
    LEADER = "leader", "Leader of the council"
    SCRUTINY_CHAIR = "scrutiny_chair", "Chair of the scrutiny committee"


# The copies, in the order the letter lists them.
COPIED = (Role.LINK_OFFICER, Role.LEADER, Role.SCRUTINY_CHAIR)


class LetterRecipients(models.Model):
    """The people one council's letter about one year goes to. The field names are
    `<role>_name` and `<role>_email` for each `Role` (the CSV import's columns too)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text=YEAR_HELP)
    chief_executive_name = models.CharField(max_length=200)
    chief_executive_email = models.EmailField()
    link_officer_name = models.CharField(max_length=200, blank=True)
    link_officer_email = models.EmailField(blank=True)
    leader_name = models.CharField(max_length=200, blank=True)
    leader_email = models.EmailField(blank=True)
    scrutiny_chair_name = models.CharField(max_length=200, blank=True)
    scrutiny_chair_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["-year", "council__short_name"]
        verbose_name = "letter recipients"
        verbose_name_plural = "letter recipients"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year"], name="recipients_one_per_council_year"
            ),
            _year_range("recipients_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {ReportingYear(self.year).label}"

    @property
    def year_label(self) -> str:
        return ReportingYear(self.year).label

    def people(self) -> list[tuple[str, str, str]]:
        """(role, name, email) of everyone named, the chief executive first."""
        found = []
        for role in (Role.CHIEF_EXECUTIVE, *COPIED):
            name = getattr(self, f"{role.value}_name")
            email = getattr(self, f"{role.value}_email")
            if name or email:
                found.append((role.value, name, email))
        return found


class AnnualLetter(models.Model):
    """The annual review letter to a council's chief executive about one reporting year."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="letters")
    year = models.PositiveSmallIntegerField(
        help_text="Start of the reporting year the letter reviews: 2022 means 2022-23."
    )
    addressee = models.TextField(
        blank=True, help_text="The address block, one line each: name, title, council."
    )
    # Markdown (paragraphs, headings, tables): decisions/services/letter_text.py renders it.
    # Once the letter is sent this is the text as sent; a correction is a LetterCorrection.
    body = models.TextField()
    sent_on = models.DateField(null=True, blank=True, help_text="Empty while it is a draft.")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        blank=True, help_text="Why the letter was withdrawn, shown on its public page."
    )
    is_sample = models.BooleanField(
        default=False, editable=False, help_text="Made up with the sample data."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "council__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="letter_one_per_council_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="letter_year_range",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(sent_on__isnull=False) & Q(withdrawn_on__gte=F("sent_on")),
                name="letter_withdrawn_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True, withdrawal_reason="")
                | Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason=""),
                name="letter_withdrawal_reason_iff_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.year_label}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def current_body(self) -> str:
        """The text as it stands: the latest correction's, or the text as sent (or drafted)."""
        corrections = self.corrections.all()
        latest = corrections[len(corrections) - 1] if corrections else None
        return latest.body if latest else self.body

    @property
    def year_label(self) -> str:
        return ReportingYear(self.year).label

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    def get_absolute_url(self) -> str:
        return reverse("letter-detail", kwargs={"pk": self.pk})


class LetterCorrection(models.Model):
    """A new version of a sent letter's text. The letter keeps the text it was sent with
    (`AnnualLetter.body`); its public page shows the latest correction's text, each note with
    its date, and the original. Never edited or deleted from the admin."""

    letter = models.ForeignKey(
        "decisions.AnnualLetter", on_delete=models.CASCADE, related_name="corrections"
    )
    body = models.TextField()
    note = models.TextField(help_text="What changed and why, shown on the public page.")
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["letter", "made_at", "id"]

    def __str__(self) -> str:
        return f"Correction of {self.letter} on {self.made_at:%d %B %Y}"


class LetterDelivery(models.Model):
    """One recipient a letter was sent to, by email: one row per person in the message."""

    letter = models.ForeignKey(
        "decisions.AnnualLetter", on_delete=models.CASCADE, related_name="deliveries"
    )
    batch = models.ForeignKey(
        "decisions.LetterBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    role = models.CharField(max_length=20, choices=Role)
    name = models.CharField(max_length=200, blank=True)
    # Not `email`: that name is kept for the complainants' data the site never holds
    # (tests/test_privacy.py); this is a council officer's work address.
    sent_to = models.EmailField(help_text="The email address it went to.")
    copied = models.BooleanField(help_text="Sent as a copy (Cc) rather than to.")
    sent_at = models.DateTimeField()
    message_id = models.CharField(max_length=255)

    class Meta:
        ordering = ["letter", "copied", "id"]
        verbose_name_plural = "letter deliveries"

    def __str__(self) -> str:
        return f"{self.letter} to {self.sent_to}"


class LetterBatch(models.Model):
    """Letters a member of staff sent together, in the background (the task worker): its
    progress shows on its page in the admin as an upload's does."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Sending"
        SENT = "sent", "Finished"
        FAILED = "failed", "Stopped"

    FINISHED = (State.SENT, State.FAILED)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter_ids = models.JSONField(default=list, help_text="The letters asked for.")
    site_url = models.CharField(max_length=200, help_text="The address the letters link to.")
    state = models.CharField(max_length=8, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "letter sending"

    def __str__(self) -> str:
        return f"Sending {self.pk} of {len(self.letter_ids)} letter(s)"

    def get_absolute_url(self) -> str:
        return reverse("admin:decisions_letterbatch_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED
