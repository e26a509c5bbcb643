"""A staff upload waiting for, running in or finished by a background task (the model; the
service that queues and runs it is decisions.services.imports.jobs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportJob(models.Model):
    """One upload of a decision file (and a recommendation file, or a workbook with both): a
    check (dry run) or an import, run outside the web request by the task worker.

    A check that found no problems can be imported as it stands (`source_check` on the import
    points at it, once: the field is unique); the import reads every row again, so a change
    to the data between the two is still caught. The files sit under `IMPORT_ROOT/folder/`
    until they are no longer needed (see the service)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        CHECKED = "checked", "Checked: no problems, nothing kept"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Nothing imported"

    FINISHED = (State.CHECKED, State.IMPORTED, State.FAILED)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dry_run = models.BooleanField(help_text="A check of every row that keeps nothing.")
    folder = models.CharField(max_length=64, editable=False)
    decisions_file = models.CharField(max_length=255)
    recommendations_file = models.CharField(max_length=255, blank=True)
    source_check = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_import",
        help_text="The check this import was started from.",
    )
    state = models.CharField(max_length=8, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The counts of decisions_import's ImportSummary, by its field names.
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "upload"

    def __str__(self) -> str:
        kind = "Check" if self.dry_run else "Import"
        return f"{kind} {self.pk} of {self.decisions_file}"

    def get_absolute_url(self) -> str:
        return reverse("admin:decisions_importjob_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED
