"""The map answered from the per-process response memo (ombudsman.middleware): the same bytes and
headers as the full stack, a fresh answer after any change, and nothing kept that should not be."""

import gzip

import pytest

from decisions.choices import Outcome
from ombudsman import middleware

MAP = "/api/map/?year=2022-23"
pytestmark = pytest.mark.django_db


@pytest.fixture
def views_called(monkeypatch):
    """Counts the requests that reached the map view."""
    from decisions.api.statistics_views import MapView

    calls = []
    original = MapView.get

    def counted(self, request, *args, **kwargs):
        calls.append(request.get_full_path())
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(MapView, "get", counted)
    return calls


def test_a_repeat_request_gets_the_same_response_without_the_view(world, client, views_called):
    first = client.get(MAP, HTTP_ACCEPT_ENCODING="gzip", HTTP_ORIGIN="https://example.org")
    second = client.get(MAP, HTTP_ACCEPT_ENCODING="gzip", HTTP_ORIGIN="https://example.org")
    assert len(views_called) == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert dict(second.items()) == dict(first.items())
    # Headers from the middleware around the memo are still there on a hit.
    assert second["Access-Control-Allow-Origin"] == "*"
    assert "Content-Security-Policy" in second
    assert second["X-Content-Type-Options"] == "nosniff"


def test_the_key_holds_each_header_the_response_varies_on(world, client, views_called):
    zipped = client.get(MAP, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(MAP)
    client.get(MAP, HTTP_ACCEPT="application/json")  # a key of its own: the map varies on Accept
    assert len(views_called) == 3
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in plain
    assert "Content-Encoding" not in client.get(MAP)
    assert client.get(MAP, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    assert len(views_called) == 3


def test_a_change_of_the_data_is_served_at_once(world, client, views_called):
    def loxley_rate():
        features = client.get(MAP).json()["features"]
        loxley = next(f for f in features if f["properties"]["gss_code"] == "E07900002")
        return loxley["properties"]["upheld_rate"]

    assert loxley_rate() == 50.0
    decision = world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)
    decision.outcome = Outcome.UPHELD
    decision.save()
    assert loxley_rate() == 100.0
    assert len(views_called) == 2


def test_errors_conditional_requests_and_other_paths_are_not_kept(world, client, views_called):
    for _ in range(2):
        assert client.get("/api/map/?year=1999-00").status_code == 400
    assert len(views_called) == 2
    tag = client.get(MAP)["ETag"]
    assert client.get(MAP, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert len(views_called) == 4
    assert len(middleware._responses._values) == 1  # the one 200 above


def test_a_host_not_allowed_is_refused_before_the_memo(world, client):
    client.get(MAP)
    assert client.get(MAP, HTTP_HOST="evil.example").status_code == 400


def test_a_warm_hit_asks_the_database_nothing(world, client, django_assert_num_queries):
    client.get(MAP)
    with django_assert_num_queries(0):
        assert client.get(MAP).status_code == 200
