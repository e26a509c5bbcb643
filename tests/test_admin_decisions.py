"""The staff admin's decision form: entering a decision with its recommendations, the
validation staff see (each message on its field, nothing saved) and how references are
normalised."""

import datetime as dt

import pytest
from django.urls import reverse

from decisions.forms import normalise_reference
from decisions.models import Decision, Recommendation
from tests.admin_staff import ADD_DECISION, _fast_passwords, _management, caseworker_client, council
from tests.factories import CouncilFactory, DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
# Fixtures from tests/admin_staff.py, which pytest finds here by their names.
FIXTURES = (_fast_passwords, caseworker_client, council)


def _decision_post(council, recommendations=(), **overrides) -> dict:
    data = {
        "reference": "22 123 456",
        "council": str(council.pk),
        "category": "Housing",
        "subcategory": "Homelessness",
        "received_date": "2022-05-01",
        "decision_date": "2022-09-01",
        "outcome": "upheld",
        "report_type": "statement",
        "published_on": "2022-10-20",
        "summary": "The council took too long to decide a homelessness application.",
        "_save": "Save",
        **_management("recommendations", len(recommendations)),
    }
    for index, rec in enumerate(recommendations):
        for key, value in rec.items():
            data[f"recommendations-{index}-{key}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


APOLOGY = {
    "kind": "apology",
    "description": "Apologise in writing.",
    "amount": "",
    "due_date": "2022-10-01",
    "status": "complied",
    "outcome_date": "2022-10-03",
}
REDRESS = {
    "kind": "financial_redress",
    "description": "Pay £250 for the distress caused.",
    "amount": "250.00",
    "due_date": "2022-11-01",
    "status": "pending",
    "outcome_date": "",
}


def test_caseworker_adds_decision_with_two_recommendations(caseworker_client, council):
    data = _decision_post(council, [APOLOGY, REDRESS], reference=" 22-123-456 ")
    response = caseworker_client.post(ADD_DECISION, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    decision = Decision.objects.get()
    assert decision.reference == "22 123 456"  # typed with dashes and spaces, stored normalised
    assert decision.council == council
    recommendations = list(decision.recommendations.order_by("due_date"))
    assert [(r.kind, r.status, r.amount) for r in recommendations] == [
        ("apology", "complied", None),
        ("financial_redress", "pending", 250),
    ]
    assert decision.history.count() == 1  # the audit trail records the admin change


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"outcome": "not_upheld", "remedied_by_authority": "on"},
            "remedied_by_authority",
            "only possible on an upheld decision",
        ),
        ({"decision_date": "2022-04-01"}, "decision_date", "cannot be before the received date"),
        ({"published_on": "2022-08-01"}, "published_on", "cannot be published before it is made"),
        ({"reference": "22 123 45"}, "reference", "A reference is two digits"),
        (
            {"received_date": "2019-03-01", "decision_date": "2019-03-31", "published_on": ""},
            "decision_date",
            "before 1 April 2019, the start of the first reporting year this site holds",
        ),
        (
            {"decision_date": "2099-09-01", "published_on": ""},
            "decision_date",
            "is in the future",
        ),
        ({"received_date": "2099-05-01"}, "received_date", "is in the future"),
    ],
)
def test_bad_decision_shows_message_and_saves_nothing(
    caseworker_client, council, overrides, field, message
):
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [REDRESS], **overrides))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    # The field message is enough: the database's generic constraint message is not repeated.
    assert not form.non_field_errors()
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("status", "outcome_date", "message"),
    [
        ("complied", "", "Give the date the compliance outcome was recorded."),
        ("pending", "2022-10-03", "A pending recommendation has no outcome date yet."),
        (
            "complied",
            "2022-08-31",
            "The compliance outcome cannot be recorded (31 August 2022) before the decision was "
            "made (1 September 2022).",
        ),
        ("complied", "2099-01-01", "The outcome date 1 January 2099 is in the future"),
    ],
)
def test_bad_inline_recommendation_shows_message_and_saves_nothing(
    caseworker_client, council, status, outcome_date, message
):
    bad = {**APOLOGY, "status": status, "outcome_date": outcome_date}
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [REDRESS, bad]))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert message in " ".join(formset.errors[1]["outcome_date"])
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("outcome_date", "accepted"),
    [("2022-10-01", False), ("2022-10-02", True)],  # the due date, and the day after
)
def test_complied_late_only_after_the_due_date(caseworker_client, council, outcome_date, accepted):
    late = {**APOLOGY, "status": "complied_late", "outcome_date": outcome_date}
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [late]))

    if accepted:
        assert response.status_code == 302
        assert Recommendation.objects.get().status == "complied_late"
    else:
        formset = response.context["inline_admin_formsets"][0].formset
        assert "Complied late means after the due date (1 October 2022)" in " ".join(
            formset.errors[0]["status"]
        )
        assert not Decision.objects.exists()


def test_recommendations_only_on_an_upheld_decision(caseworker_client, council):
    response = caseworker_client.post(
        ADD_DECISION, _decision_post(council, [APOLOGY], outcome="not_upheld")
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "Recommendations are only made on upheld decisions; this decision is not upheld." in (
        " ".join(formset.errors[0]["__all__"])
    )
    assert not Decision.objects.exists()


def test_changing_an_outcome_away_from_upheld_keeps_no_recommendations(caseworker_client, council):
    decision = DecisionFactory(council=council, outcome="upheld", decision_date=dt.date(2022, 9, 1))
    rec = RecommendationFactory(decision=decision, due_date=dt.date(2022, 10, 1))
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    data = _decision_post(council, reference=decision.reference, outcome="not_upheld")
    data.update(
        {
            **_management("recommendations", 1),
            "recommendations-INITIAL_FORMS": "1",
            "recommendations-0-id": str(rec.pk),
            "recommendations-0-decision": str(decision.pk),
            **{f"recommendations-0-{k}": v for k, v in APOLOGY.items()},
        }
    )
    response = caseworker_client.post(url, data)

    assert response.status_code == 200
    assert "Recommendations are only made on upheld decisions" in response.content.decode()
    decision.refresh_from_db()
    assert decision.outcome == "upheld"


def test_a_decision_after_its_councils_abolition_names_the_successor(caseworker_client):
    successor = CouncilFactory(name="Buckinghamshire Council", start_date=dt.date(2020, 4, 1))
    old = CouncilFactory(name="Aylesbury Vale District Council", end_date=dt.date(2020, 3, 31))
    old.replaced_by.add(successor)
    data = _decision_post(
        old, received_date="2020-02-01", decision_date="2020-04-01", published_on=""
    )
    response = caseworker_client.post(ADD_DECISION, data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["council"])
    assert (
        "Aylesbury Vale District Council no longer existed on the decision date: the case "
        "belongs to Buckinghamshire Council" in errors
    )
    # The day before the abolition took effect, the old council is right.
    response = caseworker_client.post(ADD_DECISION, {**data, "decision_date": "2020-03-31"})
    assert response.status_code == 302
    assert Decision.objects.get().council == old


def test_duplicate_reference_is_refused(caseworker_client, council):
    DecisionFactory(reference="22 123 456", council=council)
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, reference="22-123-456"))
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["adminform"].form.errors["reference"])
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19-004-123", "19 004 123"),
        ("  19  004 123 ", "19 004 123"),
        ("19004123", "19 004 123"),
        ("17 002 402B", "17 002 402b"),
        ("19 004 12", "19 004 12"),  # left for the validator to refuse
    ],
)
def test_normalise_reference(typed, stored):
    assert normalise_reference(typed) == stored
