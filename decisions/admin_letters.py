"""The annual letters in the admin: the letters (drafted for a year, edited, previewed as PDF,
sent in the background, corrected once sent), the people they go to, each year's signatory, and
the sendings with their progress. Who may do what: ombudsman/roles.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ombudsman.admin_roles import RoleAdmin, RoleInline

from . import admin_views
from .admin import CouncilListAdmin, CouncilListMixin
from .admin_filters import LetterYearFilter, SentFilter
from .forms import AnnualLetterAdminForm, LetterRecipientsAdminForm, LetterYearAdminForm
from .letter_models import (
    AnnualLetter,
    LetterBatch,
    LetterCorrection,
    LetterDelivery,
    LetterRecipients,
    LetterYear,
)
from .services.letter_changes import letter_correct
from .services.letter_pdf import letter_pdf_response
from .services.letter_sending import letter_batch_progress, letters_send_submit
from .services.letters import LetterError, site_url_for


class _ReadOnlyInline(RoleInline, admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class CorrectionInline(_ReadOnlyInline):
    model = LetterCorrection
    fields = ("made_at", "made_by", "note")
    verbose_name_plural = "corrections (each shown on the public page beside the original)"


class DeliveryInline(_ReadOnlyInline):
    model = LetterDelivery
    fields = ("role", "name", "sent_to", "copied", "sent_at", "message_id")
    verbose_name_plural = "sent to"


@admin.register(AnnualLetter)
class AnnualLetterAdmin(CouncilListAdmin):
    form = AnnualLetterAdminForm
    list_display = ("council", "year_label", "sent_on", "withdrawn_on", "is_sample")
    list_select_related = ("council",)
    list_filter = (LetterYearFilter, SentFilter)
    search_fields = ("council__name", "council__short_name", "council__gss_code")
    autocomplete_fields = ("council",)
    readonly_fields = ("pdf_link", "is_sample", "created_at", "updated_at")
    inlines = [CorrectionInline, DeliveryInline]

    def get_inlines(self, request, obj):
        # A draft has neither corrections nor deliveries (and its form then posts no formsets).
        return self.inlines if obj is not None and obj.is_sent else []

    actions = ("send_letters", "mark_sent_today")
    fieldsets = (
        (None, {"fields": ("council", "year", "pdf_link", "addressee", "body")}),
        ("Once sent", {"fields": ("sent_on", "correction_note")}),
        ("Withdrawal", {"fields": ("withdrawn_on", "withdrawal_reason")}),
        ("Record", {"fields": ("is_sample", "created_at", "updated_at")}),
    )

    def get_urls(self):
        generate = self.admin_site.admin_view(
            lambda request: admin_views.generate_letters_view(self, request)
        )
        pdf = self.admin_site.admin_view(self.pdf_view)
        return [
            path("generate/", generate, name="decisions_annualletter_generate"),
            path("<int:letter_id>/pdf/", pdf, name="decisions_annualletter_pdf"),
            *super().get_urls(),
        ]

    def has_send_permission(self, request) -> bool:
        return self.role_allowed(request, "send")

    @admin.display(description="year", ordering="year")
    def year_label(self, obj: AnnualLetter) -> str:
        return obj.year_label

    @admin.display(description="PDF")
    def pdf_link(self, obj: AnnualLetter):
        if not obj.pk:
            return "-"
        url = reverse("admin:decisions_annualletter_pdf", args=[obj.pk])
        label = "Preview as PDF" if not obj.is_sent else "The letter as PDF"
        return format_html('<a href="{}">{}</a>', url, label)

    def pdf_view(self, request: HttpRequest, letter_id: int) -> HttpResponse:
        """The letter's PDF as it stands; a draft is previewed dated today."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(AnnualLetter.objects.select_related("council"), pk=letter_id)
        return letter_pdf_response(letter)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        corrected = getattr(form, "corrected_body", None)
        if corrected is not None:
            letter_correct(
                letter=obj,
                body=corrected,
                note=form.cleaned_data["correction_note"],
                user=request.user,
            )
            messages.info(request, "The new text is published as a correction beside the original.")

    @admin.action(description="Send the selected letters by email", permissions=["send"])
    def send_letters(self, request: HttpRequest, queryset: QuerySet[AnnualLetter]):
        try:
            batch = letters_send_submit(
                letters=queryset, user=request.user, site_url=site_url_for(request)
            )
        except LetterError as error:
            self.message_user(request, str(error), messages.WARNING)
            return None
        self.message_user(request, f"Sending {len(batch.letter_ids)} letter(s) in the background.")
        return redirect(batch.get_absolute_url())

    @admin.action(description="Mark as sent today (sent by other means)", permissions=["change"])
    def mark_sent_today(self, request: HttpRequest, queryset: QuerySet[AnnualLetter]) -> None:
        today = timezone.localdate()
        unsent = list(queryset.filter(sent_on__isnull=True))
        already = queryset.count() - len(unsent)
        # One save per letter rather than queryset.update(), so each change is in the history.
        with transaction.atomic():
            for letter in unsent:
                letter.sent_on = today
                letter.save()
        self.message_user(request, f"Marked {len(unsent)} letter(s) as sent on {today:%d %B %Y}.")
        if already:
            self.message_user(
                request,
                f"{already} letter(s) had already been sent; their dates were left unchanged.",
                messages.WARNING,
            )


@admin.register(LetterRecipients)
class LetterRecipientsAdmin(CouncilListMixin, RoleAdmin):
    """Also imported from a CSV file: manage.py import_letter_recipients."""

    form = LetterRecipientsAdminForm
    list_display = ("council", "year_label", "chief_executive_name", "chief_executive_email")
    list_select_related = ("council",)
    list_filter = (LetterYearFilter,)
    search_fields = ("council__name", "council__short_name", "council__gss_code")
    autocomplete_fields = ("council",)

    @admin.display(description="year", ordering="year")
    def year_label(self, obj: LetterRecipients) -> str:
        return obj.year_label


@admin.register(LetterYear)
class LetterYearAdmin(RoleAdmin):
    form = LetterYearAdminForm
    list_display = ("year_label", "signatory_name", "signatory_title", "publication_date")

    @admin.display(description="year", ordering="year")
    def year_label(self, obj: LetterYear) -> str:
        return obj.year_label


@admin.register(LetterBatch)
class LetterBatchAdmin(RoleAdmin):
    """Written by the send action and the task worker only (ombudsman/roles.py)."""

    list_display = ("__str__", "created_at", "created_by", "state", "sent", "skipped")
    list_select_related = ("created_by",)
    list_filter = ("state",)
    change_form_template = "admin/decisions/letterbatch/change_form.html"
    fields = (
        "state",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "site_url",
        "sent",
        "skipped",
        "message",
        "problem_list",
    )
    readonly_fields = ("problem_list",)

    def get_urls(self):
        progress = self.admin_site.admin_view(self.progress_view)
        return [
            path("<int:batch_id>/progress/", progress, name="decisions_letterbatch_progress"),
            *super().get_urls(),
        ]

    @admin.display(description="problems")
    def problem_list(self, batch: LetterBatch):
        if not batch.problems:
            return "-"
        items = format_html_join("", "<li>{}</li>", ((problem,) for problem in batch.problems))
        return format_html('<ul class="errorlist">{}</ul>', items)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if batch is not None:
            progress = letter_batch_progress(batch)
            context.update(
                progress_text=progress["text"],
                running=not progress["finished"],
                progress_url=reverse("admin:decisions_letterbatch_progress", args=[batch.pk]),
            )
        return super().change_view(request, object_id, form_url, context)

    def progress_view(self, request, batch_id: int):
        """Where the sending is now, for its page's updates while it runs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse(letter_batch_progress(get_object_or_404(LetterBatch, pk=batch_id)))
