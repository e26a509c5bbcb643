import pytest

# A real SMTP server for the tests that send email (tests/mail_server.py).
from tests.mail_server import smtp_server  # noqa: F401


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: cached figures and map JSON must not leak."""
    from django.core.cache import cache

    from ombudsman.cache import derived_clear
    from ombudsman.dataversion import data_version_forget

    def forget():
        # Every derived value is keyed on the data version, which each test's (rolled back)
        # database may number the same way as an earlier test's.
        cache.clear()
        data_version_forget()
        derived_clear()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _export_root(settings, tmp_path):
    """Whole-list CSV files in a folder of the test's own: their names hold the data version,
    which a test database numbers again from the start."""
    settings.EXPORT_ROOT = tmp_path / "exports"
    # Uploads waiting for the task worker, likewise in the test's own folder.
    settings.IMPORT_ROOT = tmp_path / "imports"


@pytest.fixture
def world(db):
    from .world import build_world

    return build_world()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()
