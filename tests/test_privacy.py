"""An unpublished decision statement appears nowhere public: not on pages, in the API, in CSV,
in search or on the map's figures' drill-downs; and the models hold no personal data fields."""

import datetime as dt

import pytest
from django.apps import apps

from decisions.choices import Outcome
from tests.factories import DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
SECRET = "Zanzibarian tangerine"  # a word no other fixture uses


@pytest.fixture
def embargoed(world):
    today = dt.date.today()
    decision = DecisionFactory(
        reference="22 777 001",
        council=world["felpersham"],
        decision_date=today - dt.timedelta(days=3),
        received_date=today - dt.timedelta(days=90),
        published_on=today + dt.timedelta(days=25),
        outcome=Outcome.UPHELD,
        report_type="report",
        category="Housing",
        summary=f"A statement about a {SECRET}.",
    )
    RecommendationFactory(decision=decision, description=f"Remedy the {SECRET}.")
    never = DecisionFactory(
        reference="22 777 002",
        council=world["felpersham"],
        decision_date=today - dt.timedelta(days=3),
        received_date=today - dt.timedelta(days=90),
        published_on=None,
        summary=f"Never to be published: {SECRET}.",
    )
    return decision, never


SURFACES = [
    "/api/decisions/",
    "/api/decisions/?q=Zanzibarian",
    "/api/decisions/?council=E07900001",
    "/api/decisions/?report_type=report",
    "/api/recommendations/",
    "/api/recommendations/?council=E07900001",
    "/api/statistics/?format=csv",
    "/api/decisions/?format=csv",
    "/api/recommendations/?format=csv",
    "/api/councils/E07900001/statistics/?format=csv",
    "/councils/felpersham/",
    "/councils/felpersham/?outcome=upheld",
    "/councils/?q=Zanzibarian",
    "/",
]


@pytest.mark.parametrize("path", SURFACES)
def test_unpublished_statements_appear_nowhere(embargoed, client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert SECRET not in text
    assert "22 777 001" not in text and "22-777-001" not in text
    assert "22 777 002" not in text and "22-777-002" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/api/decisions/22-777-001/",
        "/decisions/22-777-001/",
        "/api/decisions/22-777-002/",
        "/decisions/22-777-002/",
    ],
)
def test_unpublished_decision_pages_are_404(embargoed, client, path):
    assert client.get(path).status_code == 404


def test_published_on_the_day_it_is_due(embargoed, client):
    decision, _ = embargoed
    decision.published_on = dt.date.today()
    decision.save()
    assert client.get("/api/decisions/22-777-001/").status_code == 200


PERSONAL = {
    "name_of_complainant",
    "complainant",
    "email",
    "phone",
    "address",
    "date_of_birth",
    "first_name",
    "last_name",
    "postcode_of_complainant",
    "nhs_number",
}


def test_no_personal_data_fields():
    for model in [
        *apps.get_app_config("councils").get_models(),
        *apps.get_app_config("decisions").get_models(),
    ]:
        names = {field.name for field in model._meta.get_fields()}
        assert not names & PERSONAL, (model, names & PERSONAL)
