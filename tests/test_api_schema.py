"""The OpenAPI schema is valid OpenAPI 3, documents every endpoint, and every path answers."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_documents_the_contract(schema):
    paths = set(schema["paths"])
    assert {
        "/api/councils/",
        "/api/councils/{gss_code}/",
        "/api/councils/{gss_code}/statistics/",
        "/api/statistics/",
        "/api/averages/",
        "/api/map/",
        "/api/map/figures/",
        "/api/map/boundaries/{tier}/{year}/{digest}.geojson",
        "/api/decisions/",
        "/api/decisions/{reference}/",
        "/api/recommendations/",
        "/api/letters/",
        "/api/letters/{id}/",
        "/api/lookup/",
    } <= paths
    decision_params = {p["name"] for p in schema["paths"]["/api/decisions/"]["get"]["parameters"]}
    assert {
        "council",
        "year",
        "outcome",
        "category",
        "report_type",
        "date_from",
        "date_to",
        "q",
        "ordering",
        "page",
    } <= decision_params
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (path, parameter["name"])


def test_every_documented_path_answers(world, schema, api):
    from decisions.models import Recommendation
    from tests.factories import AnnualLetterFactory

    letter = AnnualLetterFactory(council=world["ambridge"], sent_on="2023-07-01")
    ids = {
        "/api/letters/{id}/": letter.pk,
        "/api/recommendations/{id}/": Recommendation.objects.public().first().pk,
    }
    # The boundary file's path is only known from the figures that name it.
    boundaries = api.get("/api/map/figures/?year=2022-23").json()["boundaries"]
    for path in schema["paths"]:
        url = path.replace("{gss_code}", "E07900001").replace("{reference}", "22-900-007")
        url = url.replace("{id}", str(ids.get(path, "")))
        if "{digest}" in path:
            url = boundaries
        query = {
            "/api/lookup/": "?lat=52.05&lon=-0.95",
            "/api/councils/search/": "?q=felpo",
            "/api/compare/": "?councils=E07900001,E06900001",  # required
        }.get(path, "")
        response = api.get(url + query)
        assert response.status_code == 200, (url, response.status_code)


def test_docs_page_works_offline(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
