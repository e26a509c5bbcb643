"""Staff pages inside the admin: uploading case files, publishing a year, drafting letters.
Each is a thin form over the service that the management commands use too."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from councils.services.errors import DataImportError
from ombudsman.years import ReportingYear

from .services.imports.jobs import import_job_submit
from .services.imports.limits import size_refusal
from .services.letters import letters_generate, site_url_for
from .services.publishing import PublishError, statistics_publish
from .statistics import years_with_data

UPLOAD_SUFFIXES = {".csv", ".xlsx"}


def _year_choices(*, finished_only: bool = False) -> list[tuple[str, str]]:
    current = ReportingYear.current()
    years = [y for y in years_with_data() if not finished_only or y < current]
    return [(y.label, y.label) for y in reversed(years)]


class ImportForm(forms.Form):
    decisions = forms.FileField(
        help_text="CSV, or an XLSX workbook with sheets 'decisions' and 'recommendations'."
    )
    recommendations = forms.FileField(required=False, help_text="CSV of recommendations.")
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Check every row and keep nothing. A check that finds no problems can then "
        "be imported from its page without uploading the file again.",
    )

    def clean(self):
        data = super().clean()
        for name in ("decisions", "recommendations"):
            upload = data.get(name)
            if upload is None:
                continue
            if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
                self.add_error(name, "Upload a .csv or .xlsx file.")
            elif refusal := size_refusal(upload.name, upload.size):
                self.add_error(name, refusal)
        return data


class YearForm(forms.Form):
    year = forms.ChoiceField(choices=())

    def __init__(self, *args, finished_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(finished_only=finished_only)


def import_view(model_admin, request):
    """The upload form: stores the files and queues their check or import, then shows the
    upload's page, where its progress and outcome appear (admin_uploads)."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_submit(
                user=request.user,
                decisions=form.cleaned_data["decisions"],
                recommendations=form.cleaned_data.get("recommendations"),
                dry_run=form.cleaned_data["dry_run"],
            )
        except DataImportError as exc:
            problems = exc.problems
            messages.error(request, exc.summary)
        else:
            kind = "check" if job.dry_run else "import"
            messages.success(request, f"The {kind} of {job.decisions_file} is queued.")
            return redirect(job.get_absolute_url())
    return TemplateResponse(
        request,
        "admin/decisions/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Import decisions and recommendations",
            "form": form,
            "problems": problems,
            "opts": model_admin.model._meta,
        },
    )


def publish_view(model_admin, request):
    if not model_admin.has_publish_permission(request):
        raise PermissionDenied
    form = YearForm(request.POST or None, finished_only=True)
    if request.method == "POST" and form.is_valid():
        year = ReportingYear.parse(form.cleaned_data["year"])
        try:
            statistics_publish(year=year, user=request.user)
        except PublishError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{year.label} is published: its figures are now frozen.")
            return redirect("admin:decisions_statisticssnapshot_changelist")
    return TemplateResponse(
        request,
        "admin/decisions/year_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Publish a year's statistics",
            "intro": "Publishing freezes the figures of a finished year as they stand now. "
            "The site then shows the frozen figures; later corrections appear beside them as "
            "revisions. This cannot be undone from here.",
            "button": "Publish",
            "form": form,
            "opts": model_admin.model._meta,
        },
    )


def generate_letters_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The letters link to the public site: SITE_URL, or the address staff reached it at.
        summary = letters_generate(
            year=ReportingYear.parse(form.cleaned_data["year"]), site_url=site_url_for(request)
        )
        messages.success(request, str(summary))
        return redirect("admin:decisions_annualletter_changelist")
    return TemplateResponse(
        request,
        "admin/decisions/year_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Draft the annual review letters",
            "intro": "Drafts one letter per council that existed in the year, from the year's "
            "figures. Letters already drafted or sent are left as they are.",
            "button": "Draft letters",
            "form": form,
            "opts": model_admin.model._meta,
        },
    )
