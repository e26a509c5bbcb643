"""What a reader types into the decisions search that is not a plain search: a reference
(taken to its decision, or told there is no public one, whether it exists or not), values the
page cannot use (a 400 naming the parameter, for the page and its CSV alike), and that nothing
unpublished is ever listed or reached."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.search_forms import DecisionSearchForm
from tests.search_cases import build_cases, csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    return build_cases()


# --- References -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("22 100 003", "22-100-003"),
        ("22-100-003", "22-100-003"),
        ("22100003", "22-100-003"),
        ("  22 100  003 ", "22-100-003"),
        ("21 100 004b", "21-100-004b"),
        ("21-100-004B", "21-100-004b"),
    ],
)
def test_a_reference_goes_to_its_decision(cases, client, typed, slug):
    response = client.get("/decisions/", {"q": typed, "outcome": "not_upheld"})
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{slug}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("typed", ["22 100 005", "22-100-006", "99 999 999"])
def test_a_reference_not_public_is_not_found_and_not_told_apart(cases, client, typed):
    response = client.get("/decisions/", {"q": typed})
    assert response.status_code == 404
    page = response.content.decode()
    reference = typed.replace("-", " ")
    assert f"There is no public decision with the reference {reference}." in page
    unknown = client.get("/decisions/", {"q": "99 999 999"}).content.decode()
    assert page.replace(typed, "99 999 999").replace(reference, "99 999 999") == unknown
    assert "Noise noise" not in page


def test_the_council_search_sends_a_reference_on(cases, client):
    response = client.get("/councils/", {"q": "22-100-003"}, follow=True)
    assert response.redirect_chain == [
        ("/decisions/?q=22-100-003", 302),
        ("/decisions/22-100-003/", 302),
    ]
    assert client.get("/councils/", {"q": "22 100 005"}, follow=True).status_code == 404
    assert client.get("/councils/", {"q": "Wetton"}).status_code == 200  # names as before


def test_the_csv_of_a_reference_is_that_decision_if_public(cases, client):
    rows = csv_rows(client.get("/decisions/?q=22-100-003&format=csv"))
    assert [r["reference"] for r in rows] == ["22 100 003"]
    # With the other filters, as the API's q: a statement is not among the reports.
    assert csv_rows(client.get("/decisions/?q=22-100-003&outcome=upheld&format=csv")) == []
    assert csv_rows(client.get("/reports/?q=22-100-002&format=csv")) == []
    assert csv_rows(client.get("/decisions/?q=22-100-005&format=csv")) == []


# --- Privacy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "q=noise", "council=Wetton", "report_type=report", "year=2022-23", "page=2"]
)
def test_unpublished_decisions_are_never_listed(cases, client, query):
    for path in ("/decisions/", "/reports/"):
        if path == "/reports/" and "report_type" in query:
            continue
        response = client.get(f"{path}?{query}")
        page = response.content.decode()
        assert "Noise noise" not in page
        assert "22 100 005" not in page and "22 100 006" not in page
        if response.status_code == 200:
            rows = csv_rows(client.get(f"{path}?{query}&format=csv"))
            assert not {r["reference"] for r in rows} & {"22 100 005", "22 100 006"}


# --- Bad parameters ---------------------------------------------------------------------------

BAD = [
    ("council=Nowhereshire", "council", "No one council goes by “Nowhereshire”"),
    ("outcome=won", "outcome", "won is not one of the available choices"),
    ("category=Potholes", "category", "“Potholes” is not one of the Ombudsman"),
    ("subcategory=Moles", "subcategory", "No public decision has the subcategory “Moles”"),
    ("category=Housing&subcategory=Licensing", "subcategory", "the subcategory “Licensing”"),
    ("report_type=pamphlet", "report_type", "pamphlet is not one of the available choices"),
    ("date_from=2024-13-01", "date_from", "Write the date as year-month-day"),
    ("date_to=yesterday", "date_to", "Write the date as year-month-day"),
    ("date_from=2023-01-02&date_to=2023-01-01", "date_to", "before the “decided on or after”"),
    ("year=2022", "year", "is not a reporting year written like 2019-20"),
    ("year=2001-02", "year", "2001-02"),
    ("remedy=bribe", "remedy", "bribe is not one of the available choices"),
    ("page=two", "page", "Give a page number"),
    ("page=0", "page", "greater than or equal to 1"),
    ("format=xml", "format", "xml is not one of the available choices"),
    ("sort=oldest", "sort", "oldest is not one of the available choices"),
    ("q=one+two+three+four+five+six", "q", "at most 5 words"),
    ("tier=lower", "", "This page takes no parameter “tier”"),
]


@pytest.mark.parametrize(("query", "name", "message"), BAD)
def test_a_bad_parameter_is_a_400_naming_it(cases, client, query, name, message):
    response = client.get(f"/decisions/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This search could not be made" in page
    assert message in page
    if name:
        assert f'<a href="#id_{name}">{name}</a>' in page
    assert 'class="decision-list"' not in page  # nothing listed


@pytest.mark.parametrize(("query", "name", "message"), BAD)
def test_a_bad_parameter_of_the_csv_is_a_400_in_text(cases, client, query, name, message):
    if name == "format":
        return  # no CSV was asked for: the page answers, as above
    response = client.get(f"/decisions/?{query}&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert message in text and (not name or text.startswith(f"{name}: ") or name in text)


# Any parameters at all, of any text: an answer, never a crash. Names from the form (and one it
# does not take), values from anything Unicode holds, the FTS5 and tsquery syntax included.
PARAMETERS = [*DecisionSearchForm.base_fields, "tier"]
SYNTAX = st.sampled_from(['"', "*", "NEAR(", "OR", "-", "'", ":*", "&", "|", "!", "22 004 123"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.lists(st.one_of(st.text(max_size=30), SYNTAX), min_size=1, max_size=2),
        max_size=4,
    )
)
def test_any_query_string_is_answered(cases, client, query):
    for path in ("/decisions/", "/reports/"):
        response = client.get(path, query)
        assert response.status_code in (200, 302, 400, 404), (path, query)
        if response.status_code == 200 and response.streaming:
            b"".join(response.streaming_content)  # the CSV streams to its end
