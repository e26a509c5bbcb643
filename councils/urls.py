from django.urls import path

from . import views

urlpatterns = [
    path("councils/", views.council_list, name="council-list"),
    path("councils/<slug:slug>/", views.council_detail, name="council-detail"),
]
