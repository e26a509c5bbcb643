"""Admin for councils: staff may look, only superusers may change (ombudsman/roles.py).

Councils, boundaries and populations come from the import commands (README, "Loading real
data"); a hand edit would be overwritten by the next import, so even the staff groups only have
view rights here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, json_script

from ombudsman.admin_roles import RoleAdmin, RoleInline

from .models import Council, Population

MAP_ELEMENT_ID = "council-boundary-map"
GEOMETRY_ELEMENT_ID = "council-boundary-geometry"


class CurrentFilter(admin.SimpleListFilter):
    title = "still exists"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Abolished")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "yes":
                return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            case "no":
                return queryset.filter(end_date__lt=today)
        return queryset


class PopulationInline(RoleInline, admin.TabularInline):
    model = Population
    fields = ("year", "population", "source")
    extra = 0


class CouncilAdminForm(forms.ModelForm):
    """The boundary is never a form field (it is shown as a map): raw GeoJSON typed by hand
    would be easy to break and is replaced by the next boundary import anyway."""

    class Meta:
        model = Council
        fields = (
            "gss_code",
            "registry_code",
            "name",
            "short_name",
            "slug",
            "authority_type",
            "region",
            "county",
            "start_date",
            "end_date",
            "replaced_by",
            "alt_names",
            "website_slug",
            "boundary_source",
            "label_lat",
            "label_lon",
        )

    class Media:
        # Leaflet from django-leaflet's static files, loaded directly: its template tags emit
        # inline scripts, which the site's Content-Security-Policy will not allow.
        css = {"all": ("leaflet/leaflet.css",)}
        js = ("leaflet/leaflet.js", "js/admin-boundary-map.js")


@admin.register(Council)
class CouncilAdmin(RoleAdmin):
    form = CouncilAdminForm
    inlines = [PopulationInline]
    list_display = ("short_name", "gss_code", "authority_type", "region", "start_date", "end_date")
    list_filter = ("authority_type", "region", CurrentFilter)
    search_fields = ("short_name", "name", "alt_names", "gss_code")
    autocomplete_fields = ("county", "replaced_by")
    prepopulated_fields = {"slug": ("short_name",)}
    readonly_fields = ("boundary_map",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "gss_code",
                    "registry_code",
                    "name",
                    "short_name",
                    "slug",
                    "authority_type",
                    "region",
                    "county",
                )
            },
        ),
        ("Existence", {"fields": ("start_date", "end_date", "replaced_by")}),
        ("Other names", {"fields": ("alt_names", "website_slug")}),
        ("Boundary", {"fields": ("boundary_map", "boundary_source", "label_lat", "label_lon")}),
    )

    @admin.display(description="map")
    def boundary_map(self, obj: Council | None) -> str:
        if obj is None or not obj.boundary:
            return "No boundary stored for this council."
        # The page's own script (static/js/admin-boundary-map.js) reads the geometry from the
        # json_script element and draws it; no inline script is needed.
        return format_html(
            '<div id="{}" class="admin-boundary-map" role="img" aria-label="{}"></div>{}',
            MAP_ELEMENT_ID,
            f"Map of the boundary of {obj.short_name}",
            json_script(obj.boundary, GEOMETRY_ELEMENT_ID),
        )
