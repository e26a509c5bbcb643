"""Every response built from the data is revalidated, never kept on trust (ombudsman.conditional):
`no-cache` with an ETag from the data version and the request, a 304 for a matching
If-None-Match that costs at most the version read, a new tag and body after any change."""

import datetime as dt
import functools
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.choices import Outcome
from ombudsman import conditional
from ombudsman.dataversion import data_version_forget
from tests.urlconf import public_patterns

pytestmark = pytest.mark.django_db


def changed_decision(world):
    """The decision `save_a_change` changes: Loxley's one not upheld."""
    return world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)


def changed_reference(world) -> str:
    return changed_decision(world).reference.replace(" ", "-")


# Each endpoint or page whose body derives from the data, by URLconf name, with a query it
# answers, another query that asks for something else, and whether a decision of Loxley's
# 2022-23 changes its body (the data page lists the years alone). A URL argument may be a
# function of the world (a decision's reference).
ENDPOINTS = [
    ("api-statistics", {}, "?year=2022-23", "?year=2021-22", True),
    ("api-statistics", {}, "?year=2022-23&format=csv", "?year=2021-22&format=csv", True),
    ("api-averages", {}, "?year=2022-23", "?year=2021-22", True),
    ("council-statistics", {"gss_code": "E07900002"}, "", "?format=csv", True),
    ("council-statistics", {"gss_code": "E07900002"}, "?format=csv", "", True),
    ("api-map", {}, "?year=2022-23", "?year=2022-23&tier=upper", True),
    ("api-map-figures", {}, "?year=2022-23", "?year=2022-23&tier=upper", True),
    # One category's figures (a change to a housing case shows in them).
    (
        "api-map-figures",
        {},
        "?year=2022-23&category=Housing",
        "?year=2022-23&category=Benefits%20and%20tax",
        True,
    ),
    ("council-detail", {"slug": "loxley-barrett"}, "?year=2022-23", "?year=2021-22", True),
    (
        "compare",
        {},
        "?councils=loxley-barrett,felpersham",
        "?councils=loxley-barrett,ambridge",
        True,
    ),
    (
        "api-compare",
        {},
        "?councils=E07900002,E07900001",
        "?councils=E07900002,E07900001&format=csv",
        True,
    ),
    ("home", {}, "?year=2022-23", "?year=2022-23&tier=upper", True),
    ("home", {}, "?year=2022-23&part=table", "?year=2021-22&part=table", True),
    ("home", {}, "?year=2022-23&category=Housing", "?year=2022-23", True),
    # The data page's worked example is a council's own figures.
    ("about-data", {}, "", "?utm_source=newsletter", True),
    ("funnels", {}, "?year=2022-23", "?year=2021-22", True),
    ("api-funnel", {}, "?year=2022-23", "?year=2021-22", True),
    ("rankings", {}, "?year=2022-23&type=district&small=show", "?year=2021-22", True),
    # The world's four councils are too few for any early warning, before and after the change.
    ("early-warnings", {}, "?year=2022-23", "?year=2021-22", False),
    ("api-early-warnings", {}, "?year=2022-23", "?year=2021-22", False),
    # What a name finds follows the councils, not the decisions.
    ("api-council-search", {}, "?q=felpo&year=2022-23", "?q=felpo&year=2021-22", False),
    # Figures by category: a council's, England's, and the national page over the years.
    (
        "api-service-areas",
        {},
        "?year=2022-23&council=E07900002",
        "?year=2021-22&council=E07900002",
        True,
    ),
    ("api-service-areas", {}, "?year=2022-23", "?year=2022-23&format=csv", True),
    ("service-areas", {}, "", "?format=csv", True),
    # The decision lists and searches (kept in the store for lists), and one decision.
    ("decision-list", {}, "?council=E07900002", "?council=E07900001", True),
    ("decision-list", {}, "?q=council&council=E07900002", "?q=council", True),
    ("decision-detail", {"reference": changed_reference}, "", "?format=json", True),
    ("decision-search", {}, "?council=E07900002", "?council=E07900001", True),
    # Loxley's change is not to a report: the reports page stays as it was.
    ("report-search", {}, "", "?council=E07900002", False),
]
IDS = [f"{name}{query}" for name, _, query, _, _ in ENDPOINTS]


def url(name, kwargs, query):
    return reverse(name, kwargs=kwargs) + query


@pytest.fixture(params=ENDPOINTS, ids=IDS)
def endpoint(request, world):
    name, kwargs, query, other, shows_figures = request.param
    kwargs = {key: value(world) if callable(value) else value for key, value in kwargs.items()}
    return url(name, kwargs, query), url(name, kwargs, other), shows_figures


def save_a_change(world):
    decision = changed_decision(world)
    decision.outcome = Outcome.UPHELD
    decision.save()


def test_revalidated_with_a_304(world, client, endpoint, django_assert_max_num_queries):
    path, _, _ = endpoint
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]
    assert first["Cache-Control"] == "no-cache, max-age=0"  # nothing kept on trust
    assert "Accept-Encoding" in first["Vary"]
    data_version_forget()  # the worst case: this thread has not read the version this second
    with django_assert_max_num_queries(1):  # the data version, nothing else
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "no-cache, max-age=0"
    assert "Accept-Encoding" in again["Vary"]
    # Other tags in the list, and the weak form GZipMiddleware sends, match as well.
    listed = f'"other", W/{first["ETag"].removeprefix("W/")}'
    assert client.get(path, HTTP_IF_NONE_MATCH=listed).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_gives_a_new_tag_and_body(world, client, endpoint):
    path, _, shows_figures = endpoint
    first = client.get(path)
    save_a_change(world)
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert (changed.content != first.content) == shows_figures
    assert client.get(path, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_another_query_has_another_tag(world, client, endpoint):
    path, other, _ = endpoint
    first = client.get(path)
    second = client.get(other)
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert client.get(other, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_tag_changes_with_the_day(world, client, endpoint, monkeypatch):
    # The default year is the newest with a decision published by today.
    path, _, _ = endpoint
    tag = client.get(path)["ETag"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_tag_changes_with_a_deploy(world, client, monkeypatch):
    path = "/api/statistics/?year=2022-23"
    tag = client.get(path)["ETag"]
    monkeypatch.setattr(conditional, "deploy_fingerprint", lambda: "another release")
    assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_fingerprint_follows_the_settings_pages_print(settings):
    before = conditional.deploy_fingerprint()
    assert conditional.deploy_fingerprint() == before  # once per process
    settings.SAMPLE_DATA_NOTICE = not settings.SAMPLE_DATA_NOTICE
    assert conditional.deploy_fingerprint() != before


@pytest.mark.parametrize(
    "path", ["/api/statistics/?year=2022-23", "/api/councils/E07900002/statistics/"]
)
def test_csv_and_json_are_representations_of_their_own(world, api, path):
    sep = "&" if "?" in path else "?"
    as_json = api.get(path)
    as_csv = api.get(f"{path}{sep}format=csv")
    by_accept = api.get(path, HTTP_ACCEPT="text/csv")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert by_accept["Content-Type"].startswith("text/csv")
    assert len({as_json["ETag"], as_csv["ETag"], by_accept["ETag"]}) == 3
    assert "Accept" in as_json["Vary"] and "Accept" in by_accept["Vary"]
    # The JSON's tag does not revalidate the CSV chosen by Accept at the same URL.
    assert (
        api.get(path, HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=as_json["ETag"]).status_code == 200
    )
    again = api.get(path, HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=by_accept["ETag"])
    assert again.status_code == 304
    assert "Accept" in again["Vary"]


def test_gzip_and_plain_map_bodies_have_strong_tags_of_their_own(world, client):
    path = "/api/map/?year=2022-23"
    zipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(path)
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["ETag"] != plain["ETag"]
    assert not zipped["ETag"].startswith("W/")
    assert client.get(path, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 200
    assert (
        client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code
        == 304
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/statistics/?year=1999-00",
        "/api/map/?tier=middle",
        "/api/councils/E00000000/statistics/",
        "/councils/loxley-barrett/?year=1999-00",
        "/?tier=middle",
    ],
)
def test_errors_have_no_tag_and_claim_no_freshness(world, client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-cache, max-age=0"  # fresh for no time


def test_the_browsable_api_has_no_shared_tag(world, client):
    response = client.get("/api/statistics/?year=2022-23", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-cache, max-age=0"


def test_the_early_304_and_the_view_agree(world, client):
    """A plain GET of the map is answered by the view, a conditional one by the middleware;
    both with the tag the view gives now, also after a change and on another day."""
    path = "/api/map/?year=2022-23"
    first = client.get(path)
    hit = client.get(path)
    assert hit["ETag"] == first["ETag"]
    assert hit["Cache-Control"] == "no-cache, max-age=0"
    not_modified = client.get(path, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    save_a_change(world)
    fresh = client.get(path)
    assert fresh["ETag"] != first["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(path, HTTP_IF_NONE_MATCH=client.get(path)["ETag"]).status_code == 304


def test_the_early_304_keys_on_the_day(world, client, monkeypatch):
    path = "/api/map/"  # the default year depends on the day
    today_tag = client.get(path)["ETag"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    served = client.get(path)
    assert served["ETag"] != today_tag
    assert client.get(path, HTTP_IF_NONE_MATCH=served["ETag"]).status_code == 304


def test_the_fingerprint_reads_every_app_of_the_project(settings):
    # Every folder of the project holding an app, found from the tree: a new app is covered.
    base = Path(settings.BASE_DIR).resolve()
    apps_here = {path.parent for path in base.glob("*/apps.py")}
    assert apps_here and set(conditional._project_apps(base)) == apps_here


def test_every_revalidated_view_is_tried_here():
    # From the URLconf: a new view sent with a data tag must join ENDPOINTS to be tested.
    revalidated = {
        pattern.name
        for _, pattern in public_patterns()
        if conditional._is_data_conditional(SimpleNamespace(func=pattern.callback), "get")
    }
    assert revalidated == {name for name, *_ in ENDPOINTS}


def test_a_304_ends_before_the_view(world, client, monkeypatch):
    from decisions.api.statistics_views import MapFiguresView

    path = "/api/map/figures/?year=2022-23"
    tag = client.get(path)["ETag"]
    monkeypatch.setattr(MapFiguresView, "initial", lambda *a, **k: pytest.fail("DRF ran"))
    assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert client.head(path, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_star_and_other_methods_reach_the_view(world, client):
    path = "/api/map/figures/?year=2022-23&tier=nowhere"
    assert client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 400
    tag = client.get("/api/map/figures/?year=2022-23")["ETag"]
    assert client.post("/api/map/figures/?year=2022-23", HTTP_IF_NONE_MATCH=tag).status_code == 405


def test_a_repeat_get_is_answered_from_the_kept_response(world, client, monkeypatch):
    from decisions.api.statistics_views import MapView

    calls = []
    original = MapView.get

    @functools.wraps(original)  # keeps its data_conditional mark
    def counted(self, request, *args, **kwargs):
        calls.append(request.get_full_path())
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(MapView, "get", counted)
    path = "/api/map/?year=2022-23"
    first = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_ORIGIN="https://example.org")
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_ORIGIN="https://example.org")
    assert len(calls) == 1
    assert again.content == first.content and dict(again.items()) == dict(first.items())
    assert again["Access-Control-Allow-Origin"] == "*"  # the outer middleware still ran
    assert len(client.get(path).content) > len(first.content)  # not gzipped: its own response
    assert len(calls) == 2
    save_a_change(world)
    fresh = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert len(calls) == 3 and fresh["ETag"] != first["ETag"]


def test_a_response_that_is_not_everyones_is_not_kept(world, client, monkeypatch):
    from django.http import HttpResponse

    from pages import views

    calls = []

    def with_cookie(request):
        calls.append(1)
        response = HttpResponse("private")
        response.set_cookie("mine", "1")
        return response

    monkeypatch.setattr(views, "about_data", conditional.data_conditional(with_cookie))
    # The URLconf holds the old function; resolve the data page to the patched one.
    from django.urls import get_resolver

    pattern = next(p for p in get_resolver().url_patterns if getattr(p, "name", "") == "about-data")
    monkeypatch.setattr(pattern, "callback", views.about_data)
    client.get("/about/data/")
    client.get("/about/data/")
    assert len(calls) == 2
