"""Reorganisations: which council answers for a case (councils.succession), where its counts
land, and England's totals counting every case once (see the data page, "Reorganisations")."""

import datetime as dt

import pytest

from councils.querysets import AuthorityType
from councils.succession import Succession, SuccessionError
from decisions.choices import ComplianceStatus, Outcome
from decisions.models import Decision
from decisions.statistics import year_table
from ombudsman.years import ReportingYear

from .factories import CouncilFactory, DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def shires():
    """Northamptonshire-like: a county split between two unitaries, and a district merged
    into one of them, all on 1 April 2021."""
    north = CouncilFactory(
        name="North Wessex Council", authority_type=AuthorityType.UNITARY, start_date=D(2021, 4, 1)
    )
    west = CouncilFactory(
        name="West Wessex Council", authority_type=AuthorityType.UNITARY, start_date=D(2021, 4, 1)
    )
    county = CouncilFactory(
        name="Wessex County Council", authority_type=AuthorityType.COUNTY, end_date=D(2021, 3, 31)
    )
    county.replaced_by.add(north, west)
    district = CouncilFactory(
        name="Casterbridge District Council",
        authority_type=AuthorityType.DISTRICT,
        county=county,
        end_date=D(2021, 3, 31),
    )
    district.replaced_by.add(north)
    return {"north": north, "west": west, "county": county, "district": district}


def test_the_council_answers_while_it_exists_then_its_one_successor(shires):
    succession = Succession.load()
    district, north = shires["district"], shires["north"]
    assert succession.responsible(district.pk, D(2021, 3, 31)) == district.pk
    assert succession.responsible(district.pk, D(2021, 4, 1)) == north.pk
    assert succession.responsible(district.pk, D(2025, 1, 1)) == north.pk


def test_a_split_council_is_refused_naming_the_successors(shires):
    with pytest.raises(SuccessionError) as caught:
        Succession.load().responsible(shires["county"].pk, D(2021, 4, 1))
    assert str(caught.value) == (
        "Wessex County Council ended on 31 March 2021 and its services passed to North Wessex "
        "Council and West Wessex Council: a case dated 1 April 2021 belongs to one of them, so "
        "name that council instead."
    )
    assert caught.value.successors == ("North Wessex Council", "West Wessex Council")


def test_a_day_before_the_council_began_is_refused(shires):
    with pytest.raises(SuccessionError, match="North Wessex Council began on 1 April 2021"):
        Succession.load().responsible(shires["north"].pk, D(2021, 3, 31))


def test_successors_are_followed_through_later_reorganisations(shires):
    later = CouncilFactory(name="Greater Wessex Council", start_date=D(2024, 4, 1))
    shires["north"].end_date = D(2024, 3, 31)
    shires["north"].save()
    shires["north"].replaced_by.add(later)
    assert Succession.load().responsible(shires["district"].pk, D(2024, 4, 1)) == later.pk


def _england(year: int) -> dict:
    return year_table(ReportingYear(year))["england"]


def _row(year: int, council) -> dict:
    rows = year_table(ReportingYear(year))["councils"]
    return next(r for r in rows if r["gss_code"] == council.gss_code)


def _checked_case(council, status, recorded):
    """An upheld case of autumn 2020 whose one recommendation's outcome was recorded then."""
    decision = DecisionFactory(
        council=council,
        outcome=Outcome.UPHELD,
        received_date=D(2020, 6, 1),
        decision_date=D(2020, 11, 2),
        published_on=None,
    )
    RecommendationFactory(
        decision=decision, due_date=D(2020, 12, 2), status=status, outcome_date=recorded
    )


def test_a_compliance_outcome_after_the_abolition_counts_for_the_successor(shires):
    _checked_case(
        shires["district"], ComplianceStatus.COMPLIED, D(2021, 4, 1)
    )  # the first day of the successor
    assert _row(2021, shires["north"])["compliance_outcomes"] == 1
    assert _england(2021)["compliance_outcomes"] == 1
    assert _england(2021)["councils"] == 2  # the two unitaries; the abolished are not listed


def test_what_no_single_council_answers_for_still_counts_for_england(shires):
    # An outcome recorded after the split of the county (which the rules refuse, but older
    # data may hold) and a complaint received before the unitary began.
    _checked_case(shires["county"], ComplianceStatus.NOT_COMPLIED, D(2021, 6, 1))
    DecisionFactory(
        council=shires["west"],
        outcome=Outcome.NOT_UPHELD,
        received_date=D(2021, 2, 1),
        decision_date=D(2021, 5, 1),
    )
    assert _row(2021, shires["north"])["compliance_outcomes"] == 0
    assert _row(2021, shires["west"])["compliance_outcomes"] == 0
    assert _england(2021)["compliance_outcomes"] == 1
    assert _england(2021)["not_complied"] == 1
    # 2020-21 received: the county's own case, shown on its row, and West Wessex's, which no
    # council of that year answers for.
    shown = sum(r["complaints_received"] for r in year_table(ReportingYear(2020))["councils"])
    assert (shown, _england(2020)["complaints_received"]) == (1, 2)
    assert _england(2020)["councils"] == 2  # the county and the district


def test_moving_a_council_s_end_date_moves_its_counts(shires):
    _checked_case(shires["district"], ComplianceStatus.COMPLIED, D(2021, 5, 1))
    assert _row(2021, shires["north"])["compliance_outcomes"] == 1
    shires["district"].end_date = None  # a correction to the register: it was never abolished
    shires["district"].save()
    assert _row(2021, shires["north"])["compliance_outcomes"] == 0
    assert _row(2021, shires["district"])["compliance_outcomes"] == 1


def test_england_counts_residents_once_in_the_lower_tier(shires):
    from .factories import PopulationFactory

    district = CouncilFactory(authority_type=AuthorityType.DISTRICT)
    county = CouncilFactory(authority_type=AuthorityType.COUNTY)
    PopulationFactory(council=district, year=2022, population=100_000)
    PopulationFactory(council=county, year=2022, population=100_000)  # the same people
    PopulationFactory(council=shires["north"], year=2022, population=300_000)
    DecisionFactory(council=county, outcome=Outcome.UPHELD, decision_date=D(2022, 6, 1))
    england = _england(2022)
    assert england["population"] == 400_000
    # One upheld case (at the county) over 400,000 residents: 0.25, rounded half up.
    assert england["upheld_per_100k"] == 0.3


def test_the_sample_data_obeys_the_rule(shires):
    from decisions.sample import sample_data_generate

    for council in (*shires.values(),):
        from .factories import PopulationFactory

        for year in (2020, 2021):
            if council.exists_in(ReportingYear(year)):
                PopulationFactory(council=council, year=year, population=200_000)
    sample_data_generate(seed=3, years=[ReportingYear(2020), ReportingYear(2021)], scale=0.2)
    succession = Succession.load()
    for decision in Decision.objects.all():
        assert succession.responsible(decision.council_id, decision.decision_date) == (
            decision.council_id
        )
        for rec in decision.recommendations.exclude(outcome_date=None):
            succession.responsible(decision.council_id, rec.outcome_date)  # raises if split
    england = _england(2021)
    from decisions.models import Recommendation

    year = ReportingYear(2021)
    assert england["compliance_outcomes"] == (
        Recommendation.objects.filter(outcome_date__range=(year.first_day, year.last_day)).count()
    )
