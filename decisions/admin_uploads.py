"""The uploads in the admin: every check and import staff queued, with its progress while the
task worker runs it and its counts and problems when it ends, and the button that imports a
check that found no problems. Nobody edits an upload: the upload page and the worker write
them (ombudsman/roles.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from ombudsman.admin_roles import RoleAdmin

from .import_jobs import ImportJob
from .services.imports.jobs import (
    STAGE_QUEUED,
    STAGE_STARTED,
    ImportJobError,
    confirm_refusal,
    import_job_confirm,
    import_job_progress,
)

STAGE_ROWS = {"decisions": "decision rows", "recommendations": "recommendation rows"}


def progress_text(progress: dict) -> str:
    """One sentence on where a job is, for its page and the page's updates alike."""
    if progress["finished"]:
        return progress["message"]
    stage = progress.get("stage")
    at = parse_datetime(progress["at"]) if progress.get("at") else None
    when = f" (at {date_format(localtime(at), 'H:i:s')})" if at else ""
    if stage in STAGE_ROWS:
        rows = number_format(progress["rows"], force_grouping=True)
        return f"Reading and checking {STAGE_ROWS[stage]}: {rows} so far{when}."
    if stage == STAGE_STARTED or progress["state"] == ImportJob.State.RUNNING:
        return f"Started{when}: opening the file."
    if stage == STAGE_QUEUED or progress["state"] == ImportJob.State.QUEUED:
        return (
            f"Waiting for the task worker to start it{when}. If it has not started within a "
            "minute, the worker is not running (manage.py db_worker)."
        )
    return progress["state_label"]


@admin.register(ImportJob)
class ImportJobAdmin(RoleAdmin):
    list_display = ("__str__", "created_at", "created_by", "state", "message")
    list_select_related = ("created_by",)
    list_filter = ("state", "dry_run")
    search_fields = ("decisions_file", "recommendations_file", "created_by__username")
    change_form_template = "admin/decisions/importjob/change_form.html"
    fields = (
        "state",
        "dry_run",
        "decisions_file",
        "recommendations_file",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "source_check",
        "confirmed",
        "message",
        "counted",
        "problem_list",
    )
    readonly_fields = ("confirmed", "counted", "problem_list")

    def get_urls(self):
        progress = self.admin_site.admin_view(self.progress_view)
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [
            path("<int:job_id>/progress/", progress, name="decisions_importjob_progress"),
            path("<int:job_id>/import/", confirm, name="decisions_importjob_confirm"),
            *super().get_urls(),
        ]

    @admin.display(description="imported as")
    def confirmed(self, job: ImportJob):
        imported = getattr(job, "confirmed_import", None)
        if imported is None:
            return "-"
        return format_html('<a href="{}">{}</a>', imported.get_absolute_url(), imported)

    @admin.display(description="counts")
    def counted(self, job: ImportJob):
        shown = [
            (name.replace("_", " "), value)
            for name, value in job.counts.items()
            if name != "dry_run"
        ]
        if not shown:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", shown))

    @admin.display(description="problems")
    def problem_list(self, job: ImportJob):
        if not job.problems:
            return "-"
        items = format_html_join("", "<li>{}</li>", ((problem,) for problem in job.problems))
        return format_html('<ul class="errorlist">{}</ul>', items)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if job is not None:
            progress = import_job_progress(job)
            context.update(
                progress_text=progress_text(progress),
                running=not progress["finished"],
                progress_url=reverse("admin:decisions_importjob_progress", args=[job.pk]),
                can_confirm=self.has_import_permission(request) and not confirm_refusal(job),
            )
        return super().change_view(request, object_id, form_url, context)

    def progress_view(self, request, job_id: int):
        """Where the job is now, for its page's updates while it runs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        progress = import_job_progress(get_object_or_404(ImportJob, pk=job_id))
        # Never cached: the admin's own wrapper marks every answer no-store.
        return JsonResponse({**progress, "text": progress_text(progress)})

    def confirm_view(self, request, job_id: int):
        """Import a check that found no problems, from its files."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id)
        if request.method != "POST":
            # The button posts; an address typed in or followed shows the upload.
            return redirect(job.get_absolute_url())
        try:
            imported = import_job_confirm(job, user=request.user)
        except ImportJobError as error:
            messages.error(request, str(error))
            return redirect(job.get_absolute_url())
        messages.success(request, f"The import of {imported.decisions_file} is queued.")
        return redirect(imported.get_absolute_url())
