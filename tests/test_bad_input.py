"""Malformed values sent to every public page and API parameter: always a 4xx with a message or
a sensible fallback page, never a 5xx. Table-driven: each parameter meets every hostile value."""

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "abc",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "2019",
    "1800-01",
    "2019-21",
    "' OR 1=1 --",
    "1; DROP TABLE decisions_decision",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "%ff%fe",
    "ÿþ",
    "x" * 5000,
    "../../etc/passwd",
    "E99999999",
    "[]",
    "{}",
]

# (path, parameters that path reads)
SURFACES = [
    ("/api/councils/", ["authority_type", "region", "year", "q", "format"]),
    ("/api/councils/E07900001/statistics/", ["format"]),
    ("/api/statistics/", ["year", "authority_type", "format"]),
    ("/api/averages/", ["year"]),
    ("/api/map/", ["year", "tier"]),
    (
        "/api/decisions/",
        [
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
            "page_size",
        ],
    ),
    ("/api/recommendations/", ["council", "year", "kind", "status", "service_improvement", "page"]),
    ("/api/letters/", ["council", "year", "page"]),
    ("/api/lookup/", ["lat", "lon", "postcode", "year"]),
    ("/", ["year", "stat", "tier"]),
    ("/councils/", ["q", "type", "status", "page"]),
    ("/councils/felpersham/", ["year", "outcome", "category", "page"]),
    ("/about/data/", ["year"]),
]

PARAMETERS = dict(SURFACES)


@pytest.fixture
def unthrottled(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})


@pytest.mark.parametrize("path", list(PARAMETERS))
def test_never_a_server_error(world, client, unthrottled, path):
    """Every parameter of the path meets every hostile value (one world for all of them)."""
    failures = []
    for parameter in PARAMETERS[path]:
        for value in HOSTILE:
            response = client.get(path, {parameter: value})
            if response.status_code >= 500:
                failures.append((parameter, value, response.status_code))
            elif response.status_code == 400 and path.startswith("/api/"):
                # A 400 from the API names the parameters at fault and says what is wrong with
                # each (an empty lat counts as absent: the 400 then asks for a postcode or lat
                # and lon).
                body = response.json()
                named = bool(body) and set(body) <= {*PARAMETERS[path], "detail"}
                if not named or not all(body.values()):
                    failures.append((parameter, value, body))
    assert failures == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/councils/%00/",
        "/api/councils/" + "E" * 3000 + "/",
        "/api/councils/<script>/statistics/",
        "/api/decisions/99-999-999/",
        "/api/decisions/' OR 1=1/",
        "/api/letters/99999999999999999999/",
        "/api/letters/-1/",
        "/api/recommendations/abc/",
        "/councils/no-such-council/",
        "/councils/%ff%fe/",
        "/decisions/99-999-999/",
        "/decisions/<script>/",
        "/letters/0/",
        "/letters/99999999999999999999/",
    ],
)
def test_unknown_things_are_404(world, client, path):
    assert client.get(path).status_code == 404


def test_invalid_utf8_in_the_query_string(world, client):
    for path in ("/api/decisions/", "/api/councils/", "/councils/", "/"):
        response = client.get(path, QUERY_STRING="q=%ff%fe%fd&year=%c3%28")
        assert response.status_code < 500


@pytest.mark.parametrize("path", ["/councils/", "/", "/councils/felpersham/", "/api/decisions/"])
def test_nul_in_a_parameter_is_a_400_naming_it(world, client, path):
    response = client.get(path, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "q" in response.content.decode()


def test_bad_year_messages_show_the_right_form(world, client):
    body = client.get("/api/statistics/", {"year": "2019"}).json()
    assert body == {
        "year": [
            "'2019' is not a reporting year written like 2019-20 (1 April 2019 to 31 March 2020)."
        ]
    }
