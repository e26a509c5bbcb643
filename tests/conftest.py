import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: cached map JSON must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from .world import build_world

    return build_world()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()
