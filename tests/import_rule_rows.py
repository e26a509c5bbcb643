"""What the import rules tests (tests/test_import_rules_*.py) share: the councils as the real
register has them (names, codes, dates, successors, so that the edges do not depend on the
fixture file), rows of decisions and recommendations, and imports of them that must succeed
(`imported`) or be refused with nothing written (`problems_of`). The test modules import the
`councils` fixture by name."""

import csv
import datetime as dt

import pytest

from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import

from .factories import CouncilFactory

D = dt.date

DECISIONS = ["reference", "council", "received_date", "decision_date", "category", "outcome"]
RECOMMENDATIONS = ["decision_reference", "kind", "description", "due_date", "status"]
RECOMMENDATIONS += ["outcome_date"]


@pytest.fixture
def councils(db):
    buckinghamshire = CouncilFactory(
        gss_code="E06000060", name="Buckinghamshire Council", start_date=D(2020, 4, 1)
    )
    aylesbury = CouncilFactory(
        gss_code="E07000004",
        name="Aylesbury Vale District Council",
        short_name="Aylesbury Vale",
        end_date=D(2020, 3, 31),
    )
    aylesbury.replaced_by.add(buckinghamshire)
    north = CouncilFactory(
        gss_code="E06000061", name="North Northamptonshire Council", start_date=D(2021, 4, 1)
    )
    west = CouncilFactory(
        gss_code="E06000062", name="West Northamptonshire Council", start_date=D(2021, 4, 1)
    )
    county = CouncilFactory(
        gss_code="E10000021",
        name="Northamptonshire County Council",
        short_name="Northamptonshire",
        end_date=D(2021, 3, 31),
    )
    county.replaced_by.add(north, west)
    return {
        "buckinghamshire": buckinghamshire,
        "aylesbury": aylesbury,
        "northamptonshire": county,
        "dudley": CouncilFactory(gss_code="E08000027", name="Dudley Council"),
    }


def write(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def decision(ref="22 997 001", council="Dudley Council", day="2022-06-01", outcome="Upheld"):
    return [ref, council, "", day, "Planning", outcome]


def recommendation(ref="22 997 001", due="2022-07-01", status="complied", recorded="2022-07-01"):
    return [ref, "apology", "Apologise.", due, status, recorded]


def problems_of(tmp_path, decisions, recommendations=None, **kwargs) -> list[str]:
    """The problems an import of these rows reports; nothing may have been written."""
    before = (Decision.objects.count(), Recommendation.objects.count(), Decision.history.count())
    d = write(tmp_path / "d.csv", DECISIONS, decisions)
    r = write(tmp_path / "r.csv", RECOMMENDATIONS, recommendations) if recommendations else None
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=d, recommendations_path=r, **kwargs)
    after = (Decision.objects.count(), Recommendation.objects.count(), Decision.history.count())
    assert after == before
    return caught.value.problems


def imported(tmp_path, decisions, recommendations=None, **kwargs):
    d = write(tmp_path / "d.csv", DECISIONS, decisions)
    r = write(tmp_path / "r.csv", RECOMMENDATIONS, recommendations) if recommendations else None
    return decisions_import(decisions_path=d, recommendations_path=r, **kwargs)


def council_of(reference: str) -> str:
    return Decision.objects.get(reference=reference).council.gss_code
