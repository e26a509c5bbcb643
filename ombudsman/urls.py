from django.contrib import admin
from django.urls import include, path

from pages import (
    accessibility,
    compare,
    comparisons,
    improvements,
    rankings,
    service_areas,
    views,
)

from .csp_reports import csp_report
from .health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("ombudsman.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp-report"),
    path("", views.home, name="home"),
    path("about/data/", views.about_data, name="about-data"),
    path("compare/", compare.compare, name="compare"),
    path("accessibility/", accessibility.accessibility_statement, name="accessibility"),
    path("funnel-plots/", comparisons.funnels, name="funnels"),
    path("early-warnings/", comparisons.warnings_page, name="early-warnings"),
    path("rankings/", rankings.rankings, name="rankings"),
    path(
        "service-improvements/",
        improvements.service_improvements,
        name="service-improvements",
    ),
    path("service-areas/", service_areas.service_areas, name="service-areas"),
    path("", include("councils.urls")),
    path("", include("decisions.urls")),
]

handler404 = "ombudsman.errors.not_found"
handler500 = "ombudsman.errors.server_error"
