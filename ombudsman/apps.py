from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class OmbudsmanConfig(AppConfig):
    """The project package is also a small app: it holds the data version (see models)."""

    name = "ombudsman"
    verbose_name = "Site"
    default = True

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the data-version signals)


class AdminConfig(SimpleAdminConfig):
    """Django admin with autodiscovery that skips django-leaflet's `admin` module.

    That module imports `django.contrib.gis.forms`, which needs the system GDAL library; this
    project stores boundaries as GeoJSON and uses only Leaflet's template tags and static files,
    so GDAL is not a dependency (no GeoDjango: boundaries are GeoJSON, lookups use shapely).
    """

    default = False
    default_site = "django.contrib.admin.sites.AdminSite"
    skipped = frozenset({"leaflet"})

    def ready(self) -> None:
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in self.skipped:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
