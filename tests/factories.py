"""factory_boy factories for a fictional England (mySociety's Borsetshire habit): real codes
would tie unit tests to real data, so tests invent councils with codes in the unused E9… range."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from councils.models import Council, Population
from councils.querysets import AuthorityType
from decisions.choices import ComplianceStatus, Outcome, RecommendationKind, ReportType
from decisions.models import AnnualLetter, Decision, Recommendation

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-1.0, 52.0], [-0.9, 52.0], [-0.9, 52.1], [-1.0, 52.1], [-1.0, 52.0]]],
}


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E9{n:07d}")
    short_name = factory.Sequence(lambda n: f"Borsetshire {n}")
    name = factory.LazyAttribute(lambda o: f"{o.short_name} Council")
    slug = factory.LazyAttribute(lambda o: o.short_name.lower().replace(" ", "-"))
    authority_type = AuthorityType.UNITARY
    region = "West Midlands"
    start_date = dt.date(2009, 4, 1)
    boundary = SQUARE
    label_lat = 52.05
    label_lon = -0.95


class PopulationFactory(DjangoModelFactory):
    class Meta:
        model = Population

    council = factory.SubFactory(CouncilFactory)
    year = 2022
    population = 100_000


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    reference = factory.Sequence(lambda n: f"22 {n // 1000 % 1000:03d} {n % 1000:03d}")
    council = factory.SubFactory(CouncilFactory)
    category = "Housing"
    subcategory = "Allocations"
    received_date = dt.date(2022, 5, 1)
    decision_date = dt.date(2022, 9, 1)
    outcome = Outcome.UPHELD
    report_type = ReportType.STATEMENT
    summary = "The council delayed a housing decision; it agreed to apologise."
    published_on = dt.date(2022, 10, 15)


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    decision = factory.SubFactory(DecisionFactory)
    kind = RecommendationKind.APOLOGY
    description = "Apologise to the complainant in writing."
    due_date = dt.date(2022, 10, 1)
    status = ComplianceStatus.PENDING
    outcome_date = None


class AnnualLetterFactory(DjangoModelFactory):
    class Meta:
        model = AnnualLetter

    council = factory.SubFactory(CouncilFactory)
    year = 2022
    addressee = "The Chief Executive"
    body = "Dear Chief Executive, this letter reviews the year."
