"""The database itself refuses impossible rows, whatever path wrote them.

Imports and bulk loads skip `full_clean()`, so each rule in the models' `clean()` is also a
database constraint. These tests write through `objects.create` and `bulk_create`, which never
call `clean()`, and expect the database to say no.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from councils.models import Council, Population
from decisions.models import AnnualLetter, Decision, Recommendation
from tests.factories import (
    AnnualLetterFactory,
    CouncilFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def _council_row(**overrides) -> dict:
    return {
        "gss_code": "E90000099",
        "name": "Ambridge Borough Council",
        "short_name": "Ambridge",
        "slug": "ambridge",
        "authority_type": "district",
        "start_date": dt.date(1974, 4, 1),
        **overrides,
    }


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"gss_code": "W06000001"}, id="welsh-code"),
        pytest.param({"gss_code": "E0700009"}, id="eight-characters"),
        pytest.param({"gss_code": "e07000098"}, id="lower-case"),
        pytest.param({"authority_type": "parish"}, id="unknown-type"),
        pytest.param({"end_date": dt.date(1974, 3, 31)}, id="ends-before-start"),
    ],
)
def test_bad_council_is_refused(overrides):
    _refused(lambda: Council.objects.create(**_council_row(**overrides)))
    assert not Council.objects.exists()


def test_duplicate_gss_code_is_refused():
    Council.objects.create(**_council_row())
    _refused(lambda: Council.objects.create(**_council_row(slug="ambridge-2")))
    assert Council.objects.count() == 1


def test_valid_council_is_stored():
    Council.objects.create(**_council_row(end_date=dt.date(1974, 4, 1)))
    assert Council.objects.get().gss_code == "E90000099"


@pytest.mark.parametrize(
    "reference",
    ["19-004-123", "19 004 12", "19 004 123B", "19 004 1234", "19_004_123", "19  004 123"],
)
def test_bad_reference_format_is_refused(reference):
    council = CouncilFactory()
    _refused(
        lambda: Decision.objects.bulk_create(
            [DecisionFactory.build(council=council, reference=reference)]
        )
    )
    assert not Decision.objects.exists()


@pytest.mark.parametrize("reference", ["19 004 123", "17 002 402b"])
def test_valid_reference_is_stored(reference):
    DecisionFactory(reference=reference)
    assert Decision.objects.get().reference == reference


def test_duplicate_reference_is_refused():
    DecisionFactory(reference="19 004 123")
    _refused(lambda: DecisionFactory(reference="19 004 123"))
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"outcome": "partly_upheld"}, id="unknown-outcome"),
        pytest.param(
            {"outcome": "not_upheld", "remedied_by_authority": True}, id="remedy-not-upheld"
        ),
        pytest.param(
            {"outcome": "advice_given", "remedied_by_authority": True}, id="remedy-advice"
        ),
        pytest.param(
            {"received_date": dt.date(2022, 9, 2), "decision_date": dt.date(2022, 9, 1)},
            id="decided-before-received",
        ),
        pytest.param(
            {"decision_date": dt.date(2022, 9, 1), "published_on": dt.date(2022, 8, 31)},
            id="published-before-decided",
        ),
        pytest.param({"report_type": "leaflet"}, id="unknown-report-type"),
    ],
)
def test_bad_decision_is_refused(overrides):
    council = CouncilFactory()
    _refused(lambda: DecisionFactory(council=council, **overrides))
    assert not Decision.objects.exists()


def test_valid_decision_edge_cases_are_stored():
    # Decided on the day it arrived, published the same day, upheld with a remedy.
    DecisionFactory(
        outcome="upheld",
        remedied_by_authority=True,
        received_date=dt.date(2022, 9, 1),
        decision_date=dt.date(2022, 9, 1),
        published_on=dt.date(2022, 9, 1),
    )
    DecisionFactory(received_date=None, published_on=None, report_type="report")
    assert Decision.objects.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"kind": "hug"}, id="unknown-kind"),
        pytest.param(
            {"status": "ignored", "outcome_date": dt.date(2022, 10, 3)}, id="unknown-status"
        ),
        pytest.param(
            {"status": "pending", "outcome_date": dt.date(2022, 10, 3)}, id="pending-dated"
        ),
        pytest.param({"status": "complied", "outcome_date": None}, id="complied-undated"),
        pytest.param({"status": "not_complied", "outcome_date": None}, id="not-complied-undated"),
        pytest.param({"amount": Decimal("-0.01")}, id="negative-amount"),
    ],
)
def test_bad_recommendation_is_refused(overrides):
    decision = DecisionFactory()
    _refused(lambda: RecommendationFactory(decision=decision, **overrides))
    assert not Recommendation.objects.exists()


def test_valid_recommendations_are_stored():
    decision = DecisionFactory()
    Recommendation.objects.bulk_create(
        [
            RecommendationFactory.build(decision=decision),
            RecommendationFactory.build(
                decision=decision,
                kind="financial_redress",
                amount=Decimal("0.00"),
                status="complied_late",
                outcome_date=dt.date(2022, 11, 1),
            ),
        ]
    )
    assert Recommendation.objects.count() == 2


def test_duplicate_population_is_refused():
    council = CouncilFactory()
    PopulationFactory(council=council, year=2022)
    _refused(lambda: PopulationFactory(council=council, year=2022, population=5))
    assert Population.objects.count() == 1


@pytest.mark.parametrize("population", [0, -1])
def test_non_positive_population_is_refused(population):
    council = CouncilFactory()
    _refused(lambda: PopulationFactory(council=council, population=population))
    assert not Population.objects.exists()


def test_population_in_each_year_is_stored():
    council = CouncilFactory()
    PopulationFactory(council=council, year=2021)
    PopulationFactory(council=council, year=2022, population=1)
    assert Population.objects.count() == 2


def test_duplicate_letter_is_refused():
    council = CouncilFactory()
    AnnualLetterFactory(council=council, year=2022)
    _refused(lambda: AnnualLetterFactory(council=council, year=2022))
    AnnualLetterFactory(council=council, year=2021)
    assert AnnualLetter.objects.count() == 2
