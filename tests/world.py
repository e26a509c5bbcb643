"""A small fixed world for API tests: five fictional councils of four types over two reporting
years, decisions of every outcome and recommendations of every status. The expected figures in
the tests are worked out by hand from what is created here."""

import datetime as dt

from councils.querysets import AuthorityType
from decisions.choices import ComplianceStatus, Outcome, RecommendationKind, ReportType

from .factories import (
    CouncilFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

D = dt.date


def square(west: float) -> dict:
    east = round(west + 0.1, 5)
    return {
        "type": "Polygon",
        "coordinates": [[[west, 52.0], [east, 52.0], [east, 52.1], [west, 52.1], [west, 52.0]]],
    }


def build_world() -> dict:
    county = CouncilFactory(
        gss_code="E10900001",
        short_name="Borsetshire",
        slug="borsetshire",
        name="Borsetshire County Council",
        authority_type=AuthorityType.COUNTY,
        boundary={
            "type": "Polygon",
            "coordinates": [[[-1.0, 52.0], [-0.8, 52.0], [-0.8, 52.1], [-1.0, 52.1], [-1.0, 52.0]]],
        },
        label_lat=52.05,
        label_lon=-0.9,
    )
    felpersham = CouncilFactory(
        gss_code="E07900001",
        short_name="Felpersham",
        slug="felpersham",
        name="Felpersham District Council",
        authority_type=AuthorityType.DISTRICT,
        county=county,
        boundary=square(-1.0),
        label_lon=-0.95,
        alt_names="Felpersham City\nFelpo",
    )
    loxley = CouncilFactory(
        gss_code="E07900002",
        short_name="Loxley Barrett",
        slug="loxley-barrett",
        name="Loxley Barrett District Council",
        authority_type=AuthorityType.DISTRICT,
        county=county,
        end_date=D(2023, 3, 31),
        boundary=square(-0.9),
        label_lon=-0.85,
    )
    loxley.replaced_by.add(felpersham)
    ambridge = CouncilFactory(
        gss_code="E06900001",
        short_name="Ambridge",
        slug="ambridge",
        name="Ambridge Council",
        authority_type=AuthorityType.UNITARY,
        region="South East",
        boundary=square(-0.8),
        label_lon=-0.75,
    )
    hassett = CouncilFactory(
        gss_code="E09900001",
        short_name="Hassett",
        slug="hassett",
        name="London Borough of Hassett",
        authority_type=AuthorityType.LONDON_BOROUGH,
        region="London",
        boundary=square(-0.7),
        label_lon=-0.65,
    )
    for year in (2021, 2022):
        PopulationFactory(council=felpersham, year=year, population=150_000)
        PopulationFactory(council=ambridge, year=year, population=200_000)
        PopulationFactory(council=county, year=year, population=500_000)
        PopulationFactory(council=hassett, year=year, population=100_000)

    serial = iter(range(1, 1000))

    def decide(council, outcome, day, received=None, remedied=False, published=True, **kw):
        received = received or day - dt.timedelta(days=60)
        return DecisionFactory(
            reference=f"{received.year % 100:02d} 900 {next(serial):03d}",
            council=council,
            outcome=outcome,
            decision_date=day,
            received_date=received,
            remedied_by_authority=remedied,
            published_on=day + dt.timedelta(days=35) if published else None,
            **kw,
        )

    def recommend(decision, status, recorded=None, kind=RecommendationKind.APOLOGY, **kw):
        return RecommendationFactory(
            decision=decision,
            kind=kind,
            status=status,
            due_date=decision.decision_date + dt.timedelta(days=30),
            outcome_date=recorded,
            **kw,
        )

    # 2021-22
    f21 = decide(felpersham, Outcome.UPHELD, D(2021, 6, 1))
    decide(felpersham, Outcome.NOT_UPHELD, D(2021, 7, 1))
    decide(loxley, Outcome.UPHELD, D(2021, 8, 1), category="Planning and development")
    decide(loxley, Outcome.UPHELD, D(2021, 9, 1), report_type=ReportType.REPORT)
    recommend(f21, ComplianceStatus.COMPLIED, D(2021, 8, 1))

    # 2022-23, Felpersham: 9 decisions, 7 received in the year, one not yet published
    f1 = decide(felpersham, Outcome.UPHELD, D(2022, 5, 10), received=D(2022, 2, 1))
    f2 = decide(felpersham, Outcome.UPHELD, D(2022, 6, 10), remedied=True)
    f3 = decide(
        felpersham,
        Outcome.UPHELD,
        D(2022, 7, 10),
        category="Benefits and tax",
        subcategory="Council tax",
    )
    decide(felpersham, Outcome.NOT_UPHELD, D(2022, 8, 10), received=D(2022, 3, 1))
    decide(felpersham, Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES, D(2022, 9, 10))
    decide(felpersham, Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES, D(2023, 3, 20), published=False)
    decide(felpersham, Outcome.REFERRED_BACK, D(2022, 10, 10))
    decide(felpersham, Outcome.ADVICE_GIVEN, D(2022, 11, 10))
    decide(felpersham, Outcome.INCOMPLETE_OR_INVALID, D(2022, 12, 10))
    recommend(f1, ComplianceStatus.COMPLIED, D(2022, 7, 1))
    recommend(
        f1,
        ComplianceStatus.COMPLIED,
        D(2022, 7, 2),
        kind=RecommendationKind.TRAINING,
        description="Train housing officers on the allocations policy.",
    )
    recommend(
        f2,
        ComplianceStatus.COMPLIED_LATE,
        D(2022, 9, 1),
        kind=RecommendationKind.FINANCIAL_REDRESS,
        amount="250.00",
        description="Pay £250 for the distress caused.",
    )
    recommend(
        f3,
        ComplianceStatus.NOT_COMPLIED,
        D(2022, 10, 1),
        kind=RecommendationKind.PROCEDURE_CHANGE,
        description="Review the procedure.",
    )
    recommend(f3, ComplianceStatus.PENDING)

    # 2022-23, Loxley Barrett (ends 31 March 2023): one upheld, one not; no compliance outcomes
    decide(loxley, Outcome.UPHELD, D(2022, 5, 1))
    decide(loxley, Outcome.NOT_UPHELD, D(2022, 6, 1))

    # 2022-23, Ambridge: 12 investigations (8 upheld, 2 remedied), 5 closed; 10 complied
    for i in range(8):
        upheld = decide(ambridge, Outcome.UPHELD, D(2022, 4, 5 + i), remedied=i < 2)
        if i >= 2:
            recommend(upheld, ComplianceStatus.COMPLIED, D(2022, 8, 1))
            if i >= 4:
                recommend(
                    upheld,
                    ComplianceStatus.COMPLIED,
                    D(2022, 8, 2),
                    kind=RecommendationKind.PROVIDE_SERVICE,
                )
    for i in range(4):
        decide(ambridge, Outcome.NOT_UPHELD, D(2022, 5, 5 + i))
    for i in range(5):
        decide(ambridge, Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES, D(2022, 6, 5 + i))

    # 2022-23, Borsetshire: one closed case; Hassett: nothing at all
    decide(county, Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES, D(2022, 7, 1))
    return {
        "county": county,
        "felpersham": felpersham,
        "loxley": loxley,
        "ambridge": ambridge,
        "hassett": hassett,
    }
