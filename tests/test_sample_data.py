"""The sample data generator: calibration to the national figures, determinism, and the rules
every sample decision must follow."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F

from councils.models import Council
from councils.querysets import AuthorityType
from decisions import service_areas
from decisions.choices import (
    PERSONAL_REMEDY_KINDS,
    SERVICE_IMPROVEMENT_KINDS,
    ComplianceStatus,
    Outcome,
    ReportType,
)
from decisions.models import Decision, Recommendation
from decisions.sample import SampleDataError, sample_data_generate, sample_years_parse
from decisions.sample.calibration import TARGETS
from decisions.sample.categories import CATEGORY_WEIGHTS, SUBCATEGORIES
from decisions.sample.plan import share_out
from ombudsman.years import ReportingYear
from tests.factories import CouncilFactory, DecisionFactory, PopulationFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 1, 15)
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "councils.json"
REFERENCE = re.compile(r"^(\d{2}) \d{3} \d{3}$")


def _factory_england() -> None:
    """41 fictional councils whose lower tier adds up to England's ~56 million residents. Two
    fictional areas are two-tier (a county over its districts), the rest single-tier."""
    layout = [
        (AuthorityType.COUNTY, 4, 5_000_000),
        (AuthorityType.DISTRICT, 16, 1_250_000),
        (AuthorityType.UNITARY, 8, 1_750_000),
        (AuthorityType.METROPOLITAN_BOROUGH, 6, 2_000_000),
        (AuthorityType.LONDON_BOROUGH, 6, 1_500_000),
    ]
    for authority_type, count, residents in layout:
        for _ in range(count):
            council = CouncilFactory(authority_type=authority_type)
            for year in range(2019, 2025):
                PopulationFactory(council=council, year=year, population=residents)
    CouncilFactory(authority_type=AuthorityType.UNITARY)  # no population: a typical one


def _small_world() -> dict[str, Council]:
    councils = {
        kind: CouncilFactory(authority_type=kind)
        for kind in (AuthorityType.COUNTY, AuthorityType.DISTRICT, AuthorityType.UNITARY)
    }
    for council in councils.values():
        PopulationFactory(council=council, year=2020, population=300_000)
    # Abolished before 2022-23: it must get nothing decided after its end.
    councils["gone"] = CouncilFactory(
        authority_type=AuthorityType.DISTRICT, end_date=dt.date(2021, 3, 31)
    )
    # Abolished part-way through 2022-23: nothing received or decided after its last day.
    councils["midyear"] = CouncilFactory(
        authority_type=AuthorityType.UNITARY, end_date=dt.date(2022, 9, 30)
    )
    return councils


def _digest() -> str:
    decisions = Decision.objects.filter(is_sample=True).order_by("reference")
    recommendations = Recommendation.objects.filter(decision__is_sample=True).order_by(
        "decision__reference", "due_date", "kind", "description"
    )
    rows = list(
        decisions.values_list(
            "reference",
            "council__gss_code",
            "category",
            "subcategory",
            "received_date",
            "decision_date",
            "outcome",
            "remedied_by_authority",
            "report_type",
            "summary",
            "published_on",
        )
    ) + list(
        recommendations.values_list(
            "decision__reference",
            "kind",
            "description",
            "amount",
            "due_date",
            "status",
            "outcome_date",
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_national_totals_match_the_published_figures():
    if FIXTURE.exists():
        call_command("loaddata", str(FIXTURE), verbosity=0)
    else:
        _factory_england()
    year = ReportingYear(2023)
    target = TARGETS[2023]
    summary = sample_data_generate(seed=7, years=[year], as_of=dt.date(2030, 1, 1))

    received = Decision.objects.filter(received_date__range=(year.first_day, year.last_day)).count()
    assert abs(received - target.received) <= 0.05 * target.received
    decided = Decision.objects.in_year(year)
    investigations = decided.filter(outcome__in=["upheld", "not_upheld"]).count()
    assert abs(investigations - target.investigations) <= 0.05 * target.investigations
    upheld = decided.filter(outcome="upheld")
    assert abs(upheld.count() / investigations * 100 - target.upheld_pct) <= 2
    remedied = upheld.filter(remedied_by_authority=True).count()
    assert abs(remedied / upheld.count() * 100 - target.remedied_pct) <= 2
    recorded = Recommendation.objects.filter(outcome_date__range=(year.first_day, year.last_day))
    complied = recorded.filter(status__in=["complied", "complied_late"]).count()
    assert recorded.count() > 1000
    assert abs(complied / recorded.count() * 100 - target.compliance_pct) <= 1
    # Late compliance is recorded later, so count it over the year's own decisions.
    checked = Recommendation.objects.filter(decision__in=decided).exclude(status="pending")
    assert 8 <= checked.filter(status="complied_late").count() / checked.count() * 100 <= 18
    improvements = Recommendation.objects.filter(decision__in=decided).service_improvements()
    assert 1500 <= improvements.count() <= 1800
    assert 20 <= decided.filter(report_type=ReportType.REPORT).count() <= 63
    assert 0.22 <= investigations / decided.count() <= 0.27
    assert summary.per_year[year.label]["received"] == received


def test_same_seed_gives_identical_data_and_replace_starts_again():
    _small_world()
    years = sample_years_parse("2021-22:2022-23")
    first = sample_data_generate(seed=3, years=years, scale=0.05, as_of=AS_OF)
    digest = _digest()
    second = sample_data_generate(seed=3, years=years, scale=0.05, as_of=AS_OF, replace=True)
    assert second.deleted == first.decisions
    assert Decision.objects.count() == first.decisions
    assert _digest() == digest
    sample_data_generate(seed=4, years=years, scale=0.05, as_of=AS_OF, replace=True)
    assert _digest() != digest


def test_refuses_to_add_to_existing_sample_data_without_replace():
    _small_world()
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=0.01, as_of=AS_OF)
    before = _digest()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_sample_data", "--years", "2022-23", "--scale", "0.01")
    assert _digest() == before


def test_replace_leaves_real_decisions_alone_and_avoids_their_references():
    councils = _small_world()
    real = DecisionFactory(
        reference="22 000 001", council=councils[AuthorityType.UNITARY], is_sample=False
    )
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=0.05, as_of=AS_OF)
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=0.05, as_of=AS_OF, replace=True)
    assert Decision.objects.get(pk=real.pk).reference == "22 000 001"
    assert Decision.objects.filter(is_sample=False).count() == 1


def test_every_decision_and_recommendation_follows_the_rules():
    councils = _small_world()
    summary = sample_data_generate(seed=2, years=None, scale=0.05, as_of=AS_OF)
    decisions = Decision.objects.all()
    assert decisions.count() == summary.decisions > 4000
    assert not decisions.filter(is_sample=False).exists()
    assert not decisions.filter(remedied_by_authority=True).exclude(outcome=Outcome.UPHELD)
    assert not decisions.filter(report_type=ReportType.REPORT).exclude(outcome=Outcome.UPHELD)
    assert not decisions.filter(received_date__gt=F("decision_date")).exists()
    assert not decisions.filter(decision_date__gt=dt.date(2025, 3, 31)).exists()
    assert not decisions.filter(received_date__lt=dt.date(2019, 4, 1)).exists()
    published = decisions.filter(
        outcome__in=[Outcome.UPHELD, Outcome.NOT_UPHELD, Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES]
    )
    assert not published.filter(published_on__isnull=True).exists()
    for decision_date, published_on in published.values_list("decision_date", "published_on"):
        assert 21 <= (published_on - decision_date).days <= 56
    assert not decisions.exclude(pk__in=published).filter(published_on__isnull=False).exists()
    assert set(decisions.values_list("outcome", flat=True)) == set(Outcome.values)
    for gone in (councils["gone"], councils["midyear"]):
        assert not decisions.filter(council=gone, decision_date__gt=gone.end_date).exists()
        assert decisions.filter(council=gone).exists()

    recs = Recommendation.objects.all()
    assert recs.count() == summary.recommendations > 500
    assert not recs.exclude(decision__outcome=Outcome.UPHELD).exists()
    assert not recs.filter(decision__remedied_by_authority=True).exists()
    assert not recs.filter(due_date__lte=F("decision__decision_date")).exists()
    assert set(recs.values_list("kind", flat=True)) == {
        *PERSONAL_REMEDY_KINDS,
        *SERVICE_IMPROVEMENT_KINDS,
    }
    redress = recs.filter(kind="financial_redress")
    assert not redress.filter(amount__isnull=True).exists()
    assert not redress.filter(amount__lte=0).exists()
    assert not recs.exclude(kind="financial_redress").filter(amount__isnull=False).exists()
    pending = recs.filter(status=ComplianceStatus.PENDING)
    assert pending.exists() and recs.exclude(status=ComplianceStatus.PENDING).exists()
    assert not pending.filter(outcome_date__isnull=False).exists()
    assert not recs.filter(outcome_date__gt=AS_OF).exists()
    assert not recs.filter(outcome_date__lt=F("due_date")).exists()
    for summary_text in decisions.values_list("summary", flat=True)[:500]:
        assert 40 < len(summary_text) < 600
    assert not recs.filter(description="").exists()


def test_as_of_only_decides_what_is_still_pending():
    _small_world()
    years = [ReportingYear(2023)]
    sample_data_generate(seed=5, years=years, scale=0.05, as_of=dt.date(2099, 1, 1))
    assert not Recommendation.objects.filter(status=ComplianceStatus.PENDING).exists()
    late = _digest()
    sample_data_generate(seed=5, years=years, scale=0.05, as_of=dt.date(2024, 1, 1), replace=True)
    assert Recommendation.objects.filter(status=ComplianceStatus.PENDING).exists()
    assert _digest() != late


def test_categories_are_the_ones_each_type_of_council_handles():
    _small_world()
    sample_data_generate(seed=6, years=None, scale=0.05, as_of=AS_OF)
    seen: dict[str, set[tuple[str, str]]] = {}
    for kind, category, subcategory in Decision.objects.values_list(
        "council__authority_type", "category", "subcategory"
    ).distinct():
        seen.setdefault(kind, set()).add((category, subcategory))
        # Filed under the controlled list's headings, with the list's subcategories.
        assert category in service_areas.HEADINGS
        assert subcategory in service_areas.SUBCATEGORIES[category]
        assert category in {service_areas.heading_for(c) for c in CATEGORY_WEIGHTS[kind]}
        assert any(subcategory in SUBCATEGORIES[c] for c in CATEGORY_WEIGHTS[kind])
    district = {c for c, _ in seen[AuthorityType.DISTRICT]}
    assert district.isdisjoint({"Adult care services", "Education and children's services"})
    county = seen[AuthorityType.COUNTY]
    assert {c for c, _ in county}.isdisjoint({"Housing", "Benefits and tax"})
    assert ("Planning and development", "Planning applications") not in county
    assert {"Adult care services", "Education and children's services"} <= {c for c, _ in county}
    assert len({c for c, _ in seen[AuthorityType.UNITARY]}) == len(service_areas.HEADINGS)


def test_references_are_valid_unique_and_dated_by_receipt():
    _small_world()
    sample_data_generate(seed=8, years=sample_years_parse("2019-20:2020-21"), scale=0.1)
    rows = list(Decision.objects.values_list("reference", "received_date"))
    assert len({r for r, _ in rows}) == len(rows) > 2000
    for reference, received in rows:
        match = REFERENCE.match(reference)
        assert match and int(match[1]) == received.year % 100


def test_volumes_follow_population_and_type():
    councils = [CouncilFactory(authority_type=AuthorityType.UNITARY) for _ in range(2)]
    PopulationFactory(council=councils[0], year=2022, population=250_000)
    small = CouncilFactory(authority_type=AuthorityType.UNITARY)
    PopulationFactory(council=small, year=2022, population=2_500)
    district = CouncilFactory(authority_type=AuthorityType.DISTRICT)
    PopulationFactory(council=district, year=2022, population=250_000)
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=0.1, as_of=AS_OF)
    counts = {c.pk: c.decisions.count() for c in [*councils, small, district]}
    assert counts[councils[1].pk] > 0.3 * counts[councils[0].pk]  # typical population
    assert counts[small.pk] < 0.05 * counts[councils[0].pk]
    assert counts[district.pk] < counts[councils[0].pk]


def test_share_out_keeps_the_total():
    assert share_out(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(share_out(17019, [3.2, 0.1, 7, 2.5])) == 17019
    assert share_out(5, [0, 0]) == [0, 0]


@pytest.mark.parametrize(
    "text, labels",
    [("2019-20:2021-22", ["2019-20", "2020-21", "2021-22"]), ("2022-23", ["2022-23"])],
)
def test_years_parse(text, labels):
    assert [y.label for y in sample_years_parse(text)] == labels


@pytest.mark.parametrize("text", ["2019", "2019-20:", "2021-22:2019-20", "2019-20:2020-21:2021-22"])
def test_bad_years_are_a_command_error_naming_the_option(text):
    CouncilFactory()
    with pytest.raises(CommandError, match=r"--years.*2019-20:2024-25"):
        call_command("generate_sample_data", "--years", text, "--scale", "0.01")
    assert not Decision.objects.exists()


def test_years_without_targets_scale_and_empty_databases_are_refused():
    with pytest.raises(SampleDataError, match="2018-19"):
        sample_data_generate(years=[ReportingYear(2018)], scale=0.01)
    # Calibrated, but before the site's first year: no council register to put cases against.
    with pytest.raises(SampleDataError, match="2017-18.*made for 2019-20 to 2024-25"):
        sample_data_generate(years=[ReportingYear(2017)], scale=0.01)
    with pytest.raises(SampleDataError, match="scale"):
        sample_data_generate(years=[ReportingYear(2022)], scale=0)
    with pytest.raises(SampleDataError, match="No councils"):
        sample_data_generate(years=[ReportingYear(2022)], scale=0.01)
    with pytest.raises(CommandError, match="--as-of"):
        call_command("generate_sample_data", "--as-of", "15/01/2025")


def test_command_reports_what_it_made(capsys):
    _small_world()
    call_command(
        "generate_sample_data", "--years", "2022-23", "--scale", "0.02", "--as-of", "2025-01-15"
    )
    out = capsys.readouterr().out
    assert "2022-23" in out and "Made" in out
    assert Decision.objects.filter(is_sample=True).exists()
