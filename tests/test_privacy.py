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


# The public surfaces (every page, API endpoint and CSV, with their filters) are walked from the
# URLconf in tests/test_privacy_surfaces.py, which replaced the hand-written list kept here.


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
