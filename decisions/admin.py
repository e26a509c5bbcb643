"""Admin for Ombudsman staff: decisions with their recommendations, annual letters, and the
published statistics (view only). Who may do what is the table in ombudsman/roles.py, which
every class here answers from (`RoleAdmin`, `RoleHistoryAdmin` in ombudsman/admin_roles.py)."""

from __future__ import annotations

import json
import re

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import path
from django.utils.html import format_html

from councils.models import Council
from councils.querysets import with_council
from ombudsman.admin_counts import CappedCountAdmin
from ombudsman.admin_roles import RoleAdmin, RoleHistoryAdmin, RoleInline

from . import admin_uploads, admin_views  # noqa: F401 (admin_uploads registers itself)
from .admin_filters import (
    CategoryFilter,
    DecisionYearFilter,
    OutcomeYearFilter,
    PublicationFilter,
    ServiceImprovementFilter,
)
from .admin_labels import LabelledTabularInline
from .forms import (
    DecisionAdminForm,
    RecommendationAdminForm,
    normalise_reference,
)
from .models import (
    REFERENCE_RE,
    AnnualLetter,
    Decision,
    Recommendation,
    StatisticsSnapshot,
)


class CouncilListMixin:
    """A list of records joined to their council (at `council_path`), without reading the
    council's boundaries (councils.querysets.with_council)."""

    council_path = "council"

    def get_queryset(self, request):
        return with_council(super().get_queryset(request), self.council_path)


class CouncilListAdmin(CouncilListMixin, RoleHistoryAdmin):
    """The same, for records with an audit trail."""


class RecommendationInline(LabelledTabularInline, RoleInline, admin.TabularInline):
    model = Recommendation
    form = RecommendationAdminForm
    fields = ("kind", "description", "amount", "due_date", "status", "outcome_date")
    extra = 1


@admin.register(Decision)
class DecisionAdmin(CappedCountAdmin, CouncilListAdmin):
    form = DecisionAdminForm
    inlines = [RecommendationInline]
    list_display = ("reference", "council", "category", "outcome", "decision_date", "published_on")
    list_select_related = ("council",)
    # No count of every decision beside the filtered one (a second COUNT(*) on each request),
    # and the filtered one counted once per data version, to 1,000 at most
    # (ombudsman.admin_counts).
    # The admin renders each row's cells in Python: 100 rows took 65 ms of a 113 ms request at
    # 940,000 decisions, whatever the data size. 50, as the API's pages.
    list_per_page = 50
    list_filter = (
        DecisionYearFilter,
        "outcome",
        CategoryFilter,
        "council__authority_type",
        "report_type",
        PublicationFilter,
    )
    search_fields = ("reference", "council__name", "council__short_name", "council__gss_code")
    search_help_text = "A reference (19 004 123 or 19-004-123), a council's name or GSS code."
    autocomplete_fields = ("council",)
    readonly_fields = ("is_sample",)
    fieldsets = (
        (None, {"fields": ("reference", "council", "category", "subcategory")}),
        (
            "Outcome",
            {"fields": ("received_date", "decision_date", "outcome", "remedied_by_authority")},
        ),
        ("Publication", {"fields": ("report_type", "published_on", "summary", "is_sample")}),
    )

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: admin_views.import_view(self, request))
        return [path("import/", view, name="decisions_decision_import"), *super().get_urls()]

    def get_search_results(self, request, queryset, search_term):
        # A whole reference, however it was typed, finds exactly that decision; the default
        # search would split `19 004 123` into three words and miss `19-004-123` altogether.
        reference = normalise_reference(search_term)
        if re.fullmatch(REFERENCE_RE, reference):
            return queryset.filter(reference=reference), False
        term = search_term.strip()
        if not term:
            return queryset, False
        # Otherwise a council, by its name or code: the few hundred councils are searched first
        # and their decisions then read by the council index, where joining every decision to
        # its council and testing the names took 545 ms at the sample's size (2.1 s at ten
        # times).
        councils = Council.objects.filter(
            Q(name__icontains=term) | Q(short_name__icontains=term) | Q(gss_code__iexact=term)
        ).values_list("pk", flat=True)
        return queryset.filter(council_id__in=list(councils)), False


@admin.register(Recommendation)
class RecommendationAdmin(CappedCountAdmin, CouncilListAdmin):
    council_path = "decision__council"
    form = RecommendationAdminForm
    list_per_page = 50
    list_display = (
        "decision",
        "council",
        "kind",
        "status",
        "due_date",
        "outcome_date",
        "amount",
    )
    list_select_related = ("decision__council",)
    list_filter = ("kind", "status", ServiceImprovementFilter, OutcomeYearFilter)
    search_fields = (
        "decision__reference",
        "decision__council__short_name",
        "decision__council__gss_code",
        "description",
    )
    autocomplete_fields = ("decision",)

    @admin.display(description="council", ordering="decision__council__short_name")
    def council(self, obj: Recommendation):
        return obj.decision.council


@admin.register(StatisticsSnapshot)
class StatisticsSnapshotAdmin(RoleAdmin):
    """Published figures are written only by the publishing service: here they can be read
    (the table gives nobody add, change or delete)."""

    list_display = ("year_label", "published_at", "published_by")
    list_select_related = ("published_by",)
    fields = ("year_label", "published_at", "published_by", "figures_pretty")
    readonly_fields = fields

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: admin_views.publish_view(self, request))
        return [
            path("publish/", view, name="decisions_statisticssnapshot_publish"),
            *super().get_urls(),
        ]

    @admin.display(description="year", ordering="year")
    def year_label(self, obj: StatisticsSnapshot) -> str:
        return obj.year_label

    @admin.display(description="figures")
    def figures_pretty(self, obj: StatisticsSnapshot) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.figures, indent=2, sort_keys=True))


class DeletedAdmin(RoleAdmin):
    """Deleted records from the audit trail, with an action that restores them. Only superusers
    delete, so only they see this list (the table: view and restore for superusers only)."""

    actions = ("restore",)
    list_display = ("__str__", "history_date", "history_user", "history_change_reason")
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(history_type="-")

    @admin.action(description="Restore the selected records", permissions=["restore"])
    def restore(self, request, queryset):
        from .services.restore import RestoreError, history_restore

        restored = 0
        for record in queryset:
            try:
                history_restore(record=record, user=request.user)
                restored += 1
            except RestoreError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        self.message_user(request, f"Restored {restored} record(s).")


def _recommendation_record_str(record) -> str:
    # The library names a record after the recommendation, whose name reads its decision; a
    # recommendation deleted along with its decision would make the deletions list a server
    # error. The decision's reference is read from its own history instead.
    reference = (
        Decision.history.filter(id=record.decision_id).values_list("reference", flat=True).first()
    )
    return f"{reference}: {record.get_kind_display()} as of {record.history_date}"


Recommendation.history.model.__str__ = _recommendation_record_str
admin.site.register(Decision.history.model, DeletedAdmin)
admin.site.register(Recommendation.history.model, DeletedAdmin)
admin.site.register(AnnualLetter.history.model, DeletedAdmin)

# The letters' admin, in its own module; imported last, as it builds on the classes above.
from . import admin_letters  # noqa: E402, F401
