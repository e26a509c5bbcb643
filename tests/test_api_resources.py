"""Councils, decisions, recommendations and letters through the API, against tests/world.py."""

import datetime as dt

import pytest

from tests.factories import AnnualLetterFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def test_council_list_and_filters(world, api):
    body = api.get("/api/councils/").json()
    assert [c["gss_code"] for c in body] == [
        "E06900001",
        "E10900001",
        "E07900001",
        "E09900001",
        "E07900002",
    ]
    assert api.get("/api/councils/?authority_type=district").json()[0]["name"] == (
        "Felpersham District Council"
    )
    codes = [c["gss_code"] for c in api.get("/api/councils/?year=2023-24").json()]
    assert "E07900002" not in codes and len(codes) == 4
    assert [c["gss_code"] for c in api.get("/api/councils/?q=felpo").json()] == ["E07900001"]
    assert [c["gss_code"] for c in api.get("/api/councils/?region=london").json()] == ["E09900001"]


def test_council_detail_whole_body(world, api):
    body = api.get("/api/councils/E07900002/").json()
    assert body == {
        "gss_code": "E07900002",
        "name": "Loxley Barrett District Council",
        "short_name": "Loxley Barrett",
        "slug": "loxley-barrett",
        "authority_type": "district",
        "region": "West Midlands",
        "county": "E10900001",
        "start_date": "2009-04-01",
        "end_date": "2023-03-31",
        "replaced_by": ["E07900001"],
        "alt_names": [],
        "page_url": "http://testserver/councils/loxley-barrett/",
        "statistics_url": "http://testserver/api/councils/E07900002/statistics/",
        "label_point": {"type": "Point", "coordinates": [-0.85, 52.05]},
        "boundary": {
            "type": "Polygon",
            "coordinates": [[[-0.9, 52.0], [-0.8, 52.0], [-0.8, 52.1], [-0.9, 52.1], [-0.9, 52.0]]],
        },
        "boundary_source": "",
    }


@pytest.mark.parametrize("code", ["E99999999", "nonsense", "e07900001x"])
def test_unknown_council_is_404(world, api, code):
    assert api.get(f"/api/councils/{code}/").status_code == 404
    assert api.get(f"/api/councils/{code}/statistics/").status_code == 404


def test_decisions_only_published(world, api):
    body = api.get("/api/decisions/?council=E07900001&year=2022-23").json()
    # Nine decisions were made, one of them is not published yet.
    assert body["count"] == 8
    assert all(d["published_on"] for d in body["results"])
    DecisionFactory(
        reference="23 900 999",
        council=world["felpersham"],
        decision_date=dt.date.today(),
        received_date=dt.date.today(),
        published_on=dt.date.today() + dt.timedelta(days=30),
    )
    assert api.get("/api/decisions/23-900-999/").status_code == 404
    assert api.get("/api/decisions/?q=23 900 999").json()["count"] == 0


def test_decision_detail_whole_body(world, api):
    body = api.get("/api/decisions/22-900-007/").json()
    assert body == {
        "reference": "22 900 007",
        "council": "E07900001",
        "council_name": "Felpersham",
        "category": "Benefits and tax",
        "subcategory": "Council tax",
        "received_date": "2022-05-11",
        "decision_date": "2022-07-10",
        "year": "2022-23",
        "outcome": "upheld",
        "outcome_label": "Upheld",
        "remedied_by_authority": False,
        "report_type": "statement",
        "summary": "The council delayed a housing decision; it agreed to apologise.",
        "published_on": "2022-08-14",
        "is_sample": False,
        "page_url": "http://testserver/decisions/22-900-007/",
        "api_url": "http://testserver/api/decisions/22-900-007/",
        "recommendations": [
            {
                "id": body["recommendations"][0]["id"],
                "kind": "procedure_change",
                "kind_label": "Procedure or policy change",
                "service_improvement": True,
                "description": "Review the procedure.",
                "amount": None,
                "due_date": "2022-08-09",
                "status": "not_complied",
                "outcome_date": "2022-10-01",
            },
            {
                "id": body["recommendations"][1]["id"],
                "kind": "apology",
                "kind_label": "Apology",
                "service_improvement": False,
                "description": "Apologise to the complainant in writing.",
                "amount": None,
                "due_date": "2022-08-09",
                "status": "pending",
                "outcome_date": None,
            },
        ],
    }


def test_decision_filters(world, api):
    def count(query):
        response = api.get(f"/api/decisions/?{query}")
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count("outcome=upheld&year=2022-23") == 3 + 1 + 8
    assert count("category=benefits and tax") == 1
    assert count("report_type=report") == 1
    assert count("date_from=2022-04-01&date_to=2022-04-30&council=E06900001") == 8
    assert count("q=council tax") == 1
    first = api.get("/api/decisions/?ordering=decision_date").json()["results"][0]
    assert first["decision_date"] == "2021-06-01"


@pytest.mark.parametrize(
    "query, parameter, status",
    [
        ("outcome=nonsense", "outcome", 400),
        ("report_type=memo", "report_type", 400),
        ("date_from=yesterday", "date_from", 400),
        ("date_to=2022-13-45", "date_to", 400),
        ("ordering=password", "ordering", 400),
        # Deeper than the first 1,000 rows: refused, naming the parameter (a deep page cost
        # the database every row before it).
        ("page=999999", "page", 400),
        ("page=21", "page", 400),
        ("page_size=500&page=3", "page", 400),
        # Within that depth but past the last page, or not a number: not found, as before.
        ("page=20", None, 404),
        ("page_size=500&page=2", None, 404),
        ("page=abc", None, 404),
        ("q=one two three four five six", "q", 400),
    ],
)
def test_decision_bad_parameters(world, api, query, parameter, status):
    response = api.get(f"/api/decisions/?{query}")
    assert response.status_code == status
    if parameter:
        assert parameter in response.json()


def test_recommendations(world, api):
    def codes(query):
        response = api.get(f"/api/recommendations/?{query}")
        assert response.status_code == 200
        return [(r["kind"], r["status"]) for r in response.json()["results"]]

    assert len(codes("council=E07900001&year=2022-23")) == 5
    # Newest decision first, then by due date.
    assert codes("council=E07900001&service_improvement=true") == [
        ("procedure_change", "not_complied"),
        ("training", "complied"),
    ]
    assert ("training", "complied") not in codes("council=E07900001&service_improvement=false")
    assert codes("status=complied_late") == [("financial_redress", "complied_late")]
    redress = api.get("/api/recommendations/?kind=financial_redress").json()["results"][0]
    assert redress["amount"] == 250.0 and redress["decision"] == "22 900 006"
    assert api.get("/api/recommendations/?status=maybe").status_code == 400


def test_letters_only_when_sent(world, api):
    sent = AnnualLetterFactory(council=world["ambridge"], year=2022, sent_on=dt.date(2023, 7, 20))
    AnnualLetterFactory(council=world["felpersham"], year=2022)  # a draft
    body = api.get("/api/letters/").json()
    assert [letter["id"] for letter in body["results"]] == [sent.pk]
    assert body["results"][0]["year"] == "2022-23"
    assert api.get(f"/api/letters/{sent.pk}/").json()["council"] == "E06900001"
    assert api.get("/api/letters/?council=E07900001").json()["count"] == 0
    assert api.get("/api/letters/?year=2021-22").json()["count"] == 0


def test_the_api_refuses_every_write(world, api):
    for path in ("/api/councils/", "/api/decisions/", "/api/recommendations/", "/api/letters/"):
        assert api.post(path, {}, format="json").status_code in (401, 403, 405)
    assert api.delete("/api/councils/E07900001/").status_code in (401, 403, 405)
    assert api.put("/api/decisions/22-900-007/", {}, format="json").status_code in (401, 403, 405)


def test_cors_open_for_get(world, api):
    response = api.get("/api/councils/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_list_query_counts(world, api, django_assert_max_num_queries):
    for path in (
        "/api/councils/",
        "/api/decisions/",
        "/api/recommendations/",
        "/api/letters/",
        "/api/decisions/22-900-007/",
    ):
        with django_assert_max_num_queries(4):
            assert api.get(path).status_code == 200


def test_decisions_and_recommendations_as_csv_import_back(world, api, tmp_path):
    import csv
    import io

    from decisions.models import Decision, Recommendation
    from decisions.services.imports import decisions_import

    response = api.get("/api/decisions/?council=E07900001&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="decisions.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    # Published Felpersham decisions only: 2 in 2021-22 and 8 of the 9 in 2022-23.
    assert len(rows) == 10
    assert rows[0].keys() >= {"reference", "council", "decision_date", "outcome", "published_on"}
    recs = api.get("/api/recommendations/?council=E07900001&format=csv")
    rec_text = b"".join(recs.streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(rec_text)))) == 6

    (tmp_path / "d.csv").write_text(text)
    (tmp_path / "r.csv").write_text(rec_text)
    Recommendation.objects.filter(decision__council=world["felpersham"]).delete()
    Decision.objects.filter(council=world["felpersham"], published_on__isnull=False).delete()
    summary = decisions_import(
        decisions_path=tmp_path / "d.csv", recommendations_path=tmp_path / "r.csv"
    )
    assert (summary.decisions_created, summary.recommendations_created) == (10, 6)


def test_csv_download_errors_are_json(world, api):
    response = api.get("/api/decisions/?format=csv&outcome=nonsense")
    assert response.status_code == 400
    assert response.json() == {
        "outcome": ["Select a valid choice. nonsense is not one of the available choices."]
    }


def test_the_deepest_page_and_five_words_are_allowed(world, api):
    assert api.get("/api/decisions/?page_size=50&page=1").status_code == 200
    assert api.get("/api/decisions/?q=a b c d e").status_code == 200
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/decisions/"]["get"]["parameters"]}
    assert "1,000 rows" in parameters["page"]["description"]
    assert "Up to 5 words" in parameters["q"]["description"]
