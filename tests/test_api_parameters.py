"""Every API operation refuses a query parameter it does not document, naming it (issue 13: the
statistics endpoint ignored `?region=London` and answered with every council). The operations
come from the URLconf (tests.urlconf) and their parameters from the published schema, so a new
endpoint is covered without being listed here."""

import pytest
from django.urls import resolve

from ombudsman.api.parameters import taken_parameters

from .test_privacy_surfaces import fill, hidden  # noqa: F401 (a fixture)
from .urlconf import public_patterns

pytestmark = pytest.mark.django_db

# The API's own documentation (the schema, its pages and the root's list of links): not operations
# of the schema, so no parameter of theirs filters anything.
NOT_OPERATIONS = {"api-root", "api-schema", "api-docs", "api-redoc"}


def api_paths(objects, client):
    for route, pattern in public_patterns():
        if route.startswith("api/"):
            for path in fill(route, pattern, objects, client):
                yield pattern.name, path


def documented(path, method="GET"):
    match = resolve(path.split("?", 1)[0])
    if not hasattr(match.func, "cls"):  # not a DRF view (a redirect)
        return None
    actions = getattr(match.func, "actions", None) or {}
    key = (match.func.cls, actions.get(method.lower()), method)
    return taken_parameters().get(key)


def test_every_operation_refuses_an_unknown_parameter(hidden, client):  # noqa: F811
    checked = []
    for name, path in api_paths(hidden, client):
        taken = documented(path)
        if taken is None:
            assert name in NOT_OPERATIONS, f"{path} ({name}) is not in the schema"
            continue
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}regoin=London")
        assert response.status_code == 400, path
        assert list(response.json()) == ["regoin"], path
        assert "Unknown parameter" in response.json()["regoin"][0]
        checked.append(path)
    assert len(checked) >= 15  # every operation of the schema was reached


def test_no_documented_parameter_is_refused_as_unknown(hidden, client):  # noqa: F811
    for _, path in api_paths(hidden, client):
        taken = documented(path)
        for parameter in sorted(taken or ()):
            joiner = "&" if "?" in path else "?"
            response = client.get(f"{path}{joiner}{parameter}=")
            if response.status_code == 400 and response.get("Content-Type", "").startswith(
                "application/json"
            ):
                messages = response.json().get(parameter, [])
                assert not any("Unknown parameter" in m for m in messages), (path, parameter)


def test_statistics_filter_by_region(world, client):
    everyone = client.get("/api/statistics/", {"year": "2022-23"}).json()
    london = client.get("/api/statistics/", {"year": "2022-23", "region": "London"}).json()
    assert {r["region"] for r in everyone["results"]} > {"London"}
    assert [r["name"] for r in london["results"]] == ["Hassett"]
    assert london["count"] == 1


def test_statistics_unknown_region_is_a_400(world, client):
    response = client.get("/api/statistics/", {"year": "2022-23", "region": "Mars"})
    assert response.status_code == 400
    assert "Mars" in response.json()["region"][0]
    empty = client.get("/api/statistics/", {"year": "2022-23", "region": "North East"})
    assert empty.status_code == 200 and empty.json()["count"] == 0


def test_region_filter_is_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/statistics/"]["get"]["parameters"]
    assert "region" in {p["name"] for p in parameters}
