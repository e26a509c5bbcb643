from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("ombudsman.api.urls")),
    path("", include("councils.urls")),
    path("", include("decisions.urls")),
]
