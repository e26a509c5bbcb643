"""The public API under /api/. Paths are a contract with third parties: keep them stable."""

from django.urls import path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from councils.api.search import CouncilSearchView
from councils.api.views import CouncilViewSet, LookupView
from decisions.api.compare_views import CompareView
from decisions.api.service_area_views import ServiceAreasView
from decisions.api.statistics_views import (
    AveragesView,
    MapBoundariesView,
    MapFiguresView,
    MapView,
    StatisticsView,
)
from decisions.api.uncertainty_views import EarlyWarningsView, FunnelView
from decisions.api.views import AnnualLetterViewSet, DecisionViewSet, RecommendationViewSet

router = DefaultRouter()
router.register("councils", CouncilViewSet, basename="council")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("letters", AnnualLetterViewSet, basename="letter")

urlpatterns = [
    path("statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("averages/", AveragesView.as_view(), name="api-averages"),
    path("compare/", CompareView.as_view(), name="api-compare"),
    path("funnels/", FunnelView.as_view(), name="api-funnel"),
    path("service-areas/", ServiceAreasView.as_view(), name="api-service-areas"),
    path("early-warnings/", EarlyWarningsView.as_view(), name="api-early-warnings"),
    path("map/", MapView.as_view(), name="api-map"),
    # The map page's two halves: the figures (small, revalidated on every use) and the
    # boundaries at a URL that names their bytes (kept by browsers for a year).
    path("map/figures/", MapFiguresView.as_view(), name="api-map-figures"),
    path(
        "map/boundaries/<str:tier>/<str:year>/<str:digest>.geojson",
        MapBoundariesView.as_view(),
        name="api-map-boundaries",
    ),
    path("lookup/", LookupView.as_view(), name="api-lookup"),
    # Before the router's councils/<gss_code>/, which would take "search" for a code.
    path("councils/search/", CouncilSearchView.as_view(), name="api-council-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script, so it works under
    # the Content-Security-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # ReDoc's page cannot work under the site's policy (it injects styles and loads fonts from
    # elsewhere); the one documentation page is Swagger UI, and old links go there.
    path("redoc/", RedirectView.as_view(pattern_name="api-docs", permanent=True), name="api-redoc"),
    *router.urls,
]
