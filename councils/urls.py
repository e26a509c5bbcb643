from django.urls import path

from . import views

urlpatterns = [
    # Not "council-list": the API router already names /api/councils/ so.
    path("councils/", views.council_list, name="council-index"),
    path("councils/<slug:slug>/", views.council_detail, name="council-detail"),
]
