"""What the decisions search tests share (tests/test_decision_search*.py): a few decisions of
two fictional councils, public and not, and readers of a results page and of its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from councils.querysets import AuthorityType
from decisions.choices import Outcome, RecommendationKind, ReportType
from decisions.services.imports.layout import DECISION_HEADER
from tests.factories import CouncilFactory, DecisionFactory, RecommendationFactory

D = dt.date


def build_cases() -> dict:
    """Four public decisions and two that are not (one never to be, one not yet)."""
    wetton = CouncilFactory(
        short_name="Wetton",
        name="Wetton District Council",
        slug="wetton",
        gss_code="E07900011",
        authority_type=AuthorityType.DISTRICT,
    )
    dryford = CouncilFactory(
        short_name="Dryford", name="Dryford Council", slug="dryford", gss_code="E06900012"
    )
    made = {}

    def decide(reference, council, day, **kw):
        kw.setdefault("published_on", day + dt.timedelta(days=30))
        made[reference] = DecisionFactory(
            reference=reference,
            council=council,
            decision_date=day,
            received_date=day - dt.timedelta(days=60),
            **kw,
        )
        return made[reference]

    # Older, but says "noise" three times: it ranks above the newer one that says it once.
    decide(
        "22 100 001",
        wetton,
        D(2022, 9, 1),
        category="Environment and regulation",
        subcategory="Licensing",
        summary="Noise from a bar kept Mr B awake. The noise went on at night and the council "
        "did nothing about the noise.",
    )
    decide(
        "22 100 002",
        dryford,
        D(2022, 10, 1),
        category="Environment and regulation",
        subcategory="Licensing",
        summary="Mrs C said the council ignored her report of a neighbour's noise.",
    )
    decide(
        "22 100 003",
        wetton,
        D(2023, 1, 10),
        category="Housing",
        subcategory="Repairs",
        outcome=Outcome.NOT_UPHELD,
        report_type=ReportType.REPORT,
        summary="Repairs to a council flat were delayed for months.",
    )
    redress = decide(
        "21 100 004b",
        dryford,
        D(2021, 6, 1),
        category="Housing",
        subcategory="Allocations",
        summary="The council placed Ms D in the wrong band for housing.",
    )
    RecommendationFactory(
        decision=redress, kind=RecommendationKind.FINANCIAL_REDRESS, due_date=D(2021, 7, 1)
    )
    RecommendationFactory(decision=made["22 100 001"], kind=RecommendationKind.APOLOGY)
    # Never to be published, and not yet: each would top a search for "noise".
    decide("22 100 005", wetton, D(2022, 9, 2), published_on=None, summary="Noise noise noise.")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    decide(
        "22 100 006",
        wetton,
        D(2022, 9, 3),
        published_on=tomorrow,
        summary="Noise noise noise noise.",
        report_type=ReportType.REPORT,
    )
    return {"wetton": wetton, "dryford": dryford, **made}


def listed(response) -> list[str]:
    """The references a results page lists, in its order."""
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    results = page.split('<ol class="decision-list"', 1)
    if len(results) == 1:
        return []
    items = re.findall(r'href="/decisions/([0-9]{2}-[0-9]{3}-[0-9]{3}[a-z]?)/"', results[1])
    return [slug.replace("-", " ") for slug in items]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == DECISION_HEADER
    return list(reader)
