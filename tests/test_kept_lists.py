"""The decision lists and searches are answered from the finished response kept under their data
ETag when asked again (ombudsman.conditional, the store for lists), in a store of their own: a
run of searches, each an address of its own, does not push the map's kept responses out."""

import functools

import pytest

from decisions import search_views
from decisions.api.statistics_views import MapFiguresView
from decisions.api.views import DecisionViewSet
from ombudsman.conditional import KEPT
from tests.test_conditional import save_a_change

pytestmark = pytest.mark.django_db


def counting(monkeypatch, owner, name, calls):
    original = getattr(owner, name)

    @functools.wraps(original)  # keeps its data_conditional mark
    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


@pytest.fixture
def list_calls(monkeypatch):
    calls = []
    counting(monkeypatch, DecisionViewSet, "list", calls)
    return calls


def test_a_repeated_list_is_the_kept_response_until_the_data_changes(world, client, list_calls):
    path = "/api/decisions/?q=council&council=E07900002"
    first = client.get(path)
    again = client.get(path)
    assert len(list_calls) == 1
    assert again.content == first.content and dict(again.items()) == dict(first.items())
    save_a_change(world)
    fresh = client.get(path)
    assert len(list_calls) == 2 and fresh["ETag"] != first["ETag"]
    assert fresh.content != first.content


def test_a_bad_parameter_is_never_kept(world, client, list_calls):
    for _ in range(2):
        assert client.get("/api/decisions/?year=2019").status_code == 400
    assert len(list_calls) == 2


def test_the_search_page_repeats_from_the_kept_page(world, client, monkeypatch):
    calls = []
    # The URLconf holds the decorated view, which calls this module's `_search`.
    counting(monkeypatch, search_views, "_search", calls)
    for _ in range(2):
        assert client.get("/decisions/?q=council").status_code == 200
    assert len(calls) == 1
    # Its CSV is streamed: tagged, never kept.
    for _ in range(2):
        assert client.get("/decisions/?q=council&format=csv").status_code == 200
    assert len(calls) == 3


def test_searches_do_not_push_the_map_out(world, client, monkeypatch, list_calls):
    map_calls = []
    counting(monkeypatch, MapFiguresView, "get", map_calls)
    figures = "/api/map/figures/?year=2022-23"
    client.get(figures)
    lists = KEPT["lists"].size
    for n in range(1, lists + 2):  # one more search than the store for lists holds
        assert client.get(f"/api/decisions/?page_size={n}").status_code == 200
    client.get(figures)
    assert len(map_calls) == 1
    # The first search has been pushed out of its own store by the last.
    client.get("/api/decisions/?page_size=1")
    assert len(list_calls) == lists + 2


def test_an_unknown_store_is_refused():
    from ombudsman.conditional import data_conditional

    with pytest.raises(ValueError, match="no store of responses 'pages'"):
        data_conditional(kept="pages")(lambda request: None)
