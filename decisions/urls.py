from django.urls import path, re_path

from . import search_views, views

urlpatterns = [
    path("decisions/", search_views.decision_search, name="decision-search"),
    path("reports/", search_views.report_search, name="report-search"),
    re_path(
        r"^decisions/(?P<slug>[0-9]{2}-[0-9]{3}-[0-9]{3}[a-z]?)/$",
        views.decision_detail,
        name="decision-detail",
    ),
    path("letters/", views.letter_list, name="letter-list"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/pdf/", views.letter_pdf_download, name="letter-pdf"),
]
