"""Staff pages inside the admin: uploading case files, publishing a year, drafting letters.
Each is a thin form over the service that the management commands use too."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from councils.services.errors import DataImportError
from ombudsman.years import ReportingYear

from .services.imports import decisions_import
from .services.letters import letters_generate
from .services.publishing import PublishError, statistics_publish
from .statistics import years_with_data

UPLOAD_SUFFIXES = {".csv", ".xlsx"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


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
        required=False, initial=True, help_text="Check every row and keep nothing."
    )

    def clean(self):
        data = super().clean()
        for name in ("decisions", "recommendations"):
            upload = data.get(name)
            if upload is None:
                continue
            if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
                self.add_error(name, "Upload a .csv or .xlsx file.")
            elif upload.size > MAX_UPLOAD_BYTES:
                self.add_error(name, "The file is larger than 200 MB.")
        return data


class YearForm(forms.Form):
    year = forms.ChoiceField(choices=())

    def __init__(self, *args, finished_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(finished_only=finished_only)


def _saved(upload, folder: Path) -> Path:
    path = folder / Path(upload.name).name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def import_view(model_admin, request):
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            decisions = _saved(form.cleaned_data["decisions"], Path(folder))
            recs = form.cleaned_data.get("recommendations")
            try:
                summary = decisions_import(
                    decisions_path=decisions,
                    recommendations_path=_saved(recs, Path(folder)) if recs else None,
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
            except DataImportError as exc:
                problems = exc.problems
                messages.error(request, exc.summary)
            else:
                messages.success(request, str(summary))
                if not summary.dry_run:
                    return redirect("admin:decisions_decision_changelist")
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
        summary = letters_generate(year=ReportingYear.parse(form.cleaned_data["year"]))
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
