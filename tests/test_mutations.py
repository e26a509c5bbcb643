"""Tests written to kill the mutants `make mutate` found surviving in decisions/selectors.py and
the privacy filters (the `public()` methods of decisions/querysets.py)."""

import datetime as dt

import pytest

from decisions import selectors
from decisions.choices import Outcome, RecommendationKind
from decisions.models import Decision, Recommendation
from ombudsman.years import ReportingYear
from tests.factories import AnnualLetterFactory, DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
Y22 = ReportingYear(2022)
TODAY = dt.date.today()


def improvement(council, reference, published_on, description, decided=dt.date(2022, 9, 1), **kw):
    decision = DecisionFactory(
        reference=reference,
        council=council,
        decision_date=decided,
        received_date=decided - dt.timedelta(days=60),
        published_on=published_on,
    )
    return RecommendationFactory(
        decision=decision,
        kind=kw.pop("kind", RecommendationKind.PROCEDURE_CHANGE),
        description=description,
        due_date=kw.pop("due_date", decided + dt.timedelta(days=30)),
        **kw,
    )


@pytest.fixture
def improvements(world):
    felpersham = world["felpersham"]
    return {
        "published": improvement(felpersham, "22 555 001", dt.date(2022, 10, 1), "Published fix."),
        "today": improvement(felpersham, "22 555 002", TODAY, "Published today fix."),
        "never": improvement(felpersham, "22 555 003", None, "Never published fix."),
        "future": improvement(
            felpersham, "22 555 004", TODAY + dt.timedelta(days=1), "Tomorrow's fix."
        ),
        **world,
    }


def descriptions(recommendations):
    return [r.description for r in recommendations]


def test_service_improvements_of_unpublished_decisions_are_not_listed(
    improvements, django_assert_num_queries
):
    # one query, the decisions with it: the page shows each improvement's decision
    with django_assert_num_queries(1):
        found = selectors.council_service_improvements(council=improvements["felpersham"], year=Y22)
        assert all(r.decision.reference for r in found)
    listed = descriptions(found)
    assert "Published fix." in listed
    assert "Published today fix." in listed
    assert "Never published fix." not in listed
    assert "Tomorrow's fix." not in listed


def test_council_page_lists_no_unpublished_service_improvement(improvements, client):
    text = client.get("/councils/felpersham/?year=2022-23").content.decode()
    assert "Published fix." in text
    assert "Never published fix." not in text
    assert "Tomorrow&#x27;s fix." not in text and "Tomorrow's fix." not in text


def test_service_improvements_are_the_councils_of_the_year_in_due_order(world):
    felpersham = world["felpersham"]
    published = dt.date(2023, 4, 2)
    late = improvement(felpersham, "22 556 001", published, "B later", due_date=dt.date(2023, 1, 9))
    early = improvement(
        felpersham, "22 556 002", published, "A earlier", due_date=dt.date(2022, 5, 1)
    )
    same_day = improvement(
        felpersham, "22 556 003", published, "C same day", due_date=dt.date(2023, 1, 9)
    )
    improvement(felpersham, "22 556 004", published, "Apology", kind=RecommendationKind.APOLOGY)
    improvement(world["ambridge"], "22 556 005", published, "Another council's fix.")
    improvement(felpersham, "22 556 006", published, "Last year", decided=dt.date(2022, 3, 31))
    improvement(felpersham, "22 556 007", published, "Next year", decided=dt.date(2023, 4, 1))
    first = improvement(felpersham, "22 556 008", published, "First day", decided=Y22.first_day)
    last = improvement(felpersham, "22 556 009", published, "Last day", decided=Y22.last_day)
    listed = selectors.council_service_improvements(council=felpersham, year=Y22)
    mine = [r for r in listed if r.pk in {late.pk, early.pk, same_day.pk, first.pk, last.pk}]
    assert [r.pk for r in mine] == sorted(
        (r.pk for r in mine), key=lambda pk: (Recommendation.objects.get(pk=pk).due_date, pk)
    )
    assert {r.description for r in mine} == {
        "A earlier",
        "B later",
        "C same day",
        "First day",
        "Last day",
    }
    text = descriptions(listed)
    for absent in ("Apology", "Another council's fix.", "Last year", "Next year"):
        assert absent not in text
    assert text.index("B later") < text.index("C same day")
    assert all(r.kind != RecommendationKind.APOLOGY for r in listed)


# --- the public() filters ---------------------------------------------------------------------


def test_decision_public_on_a_given_day(world):
    DecisionFactory(reference="22 557 001", council=world["felpersham"], published_on=None)
    DecisionFactory(
        reference="22 557 002", council=world["felpersham"], published_on=dt.date(2023, 5, 2)
    )
    public = set(Decision.objects.public(dt.date(2023, 5, 2)).values_list("reference", flat=True))
    assert "22 557 002" in public and "22 557 001" not in public
    before = set(Decision.objects.public(dt.date(2023, 5, 1)).values_list("reference", flat=True))
    assert "22 557 002" not in before
    assert "22 557 002" in Decision.objects.public().values_list("reference", flat=True)


def test_decision_public_defaults_to_today(world):
    DecisionFactory(reference="22 557 003", council=world["felpersham"], published_on=TODAY)
    DecisionFactory(
        reference="22 557 004",
        council=world["felpersham"],
        published_on=TODAY + dt.timedelta(days=1),
    )
    public = set(Decision.objects.public().values_list("reference", flat=True))
    assert "22 557 003" in public and "22 557 004" not in public


def test_recommendation_public_on_a_given_day(improvements):
    day = dt.date(2022, 10, 1)
    on_day = set(Recommendation.objects.public(day).values_list("description", flat=True))
    assert "Published fix." in on_day
    assert "Published today fix." not in on_day
    before = Recommendation.objects.public(day - dt.timedelta(days=1))
    assert "Published fix." not in set(before.values_list("description", flat=True))
    now = set(Recommendation.objects.public().values_list("description", flat=True))
    assert {"Published fix.", "Published today fix."} <= now
    assert not {"Never published fix.", "Tomorrow's fix."} & now


# --- the other selectors ----------------------------------------------------------------------


def test_council_decisions_filters_and_order(world):
    felpersham = world["felpersham"]
    decisions = list(selectors.council_decisions(council=felpersham, year=Y22))
    dates = [d.decision_date for d in decisions]
    assert dates == sorted(dates, reverse=True)
    assert all(d.published_on and d.published_on <= TODAY for d in decisions)
    assert len(decisions) == 8  # nine decided in 2022-23, one never published
    upheld = selectors.council_decisions(council=felpersham, year=Y22, outcome=Outcome.UPHELD)
    assert upheld.count() == 3
    taxed = selectors.council_decisions(council=felpersham, year=Y22, category="Benefits and tax")
    assert [d.subcategory for d in taxed] == ["Council tax"]
    both = selectors.council_decisions(
        council=felpersham, year=Y22, outcome=Outcome.NOT_UPHELD, category="Benefits and tax"
    )
    assert both.count() == 0


def test_council_decisions_same_day_by_reference(world):
    """Created out of order, so neither creation order nor its reverse is the right one."""
    felpersham = world["felpersham"]
    for reference in ("22 558 002", "22 558 001", "22 558 003"):
        DecisionFactory(
            reference=reference,
            council=felpersham,
            decision_date=dt.date(2023, 3, 30),
            published_on=dt.date(2023, 4, 1),
        )
    first = list(selectors.council_decisions(council=felpersham, year=Y22)[:3])
    assert [d.reference for d in first] == ["22 558 001", "22 558 002", "22 558 003"]


def test_council_decision_categories(world):
    felpersham = world["felpersham"]
    DecisionFactory(
        reference="22 559 001",
        council=felpersham,
        category="Adult care services",
        decision_date=dt.date(2022, 9, 1),
        published_on=None,
    )
    categories = selectors.council_decision_categories(council=felpersham, year=Y22)
    assert categories == sorted(set(categories))
    assert "Benefits and tax" in categories
    assert "Adult care services" not in categories  # only on an unpublished decision


def test_council_reports(world):
    """Newest first, then by reference; created out of order, and the oldest report has the
    lowest reference."""
    felpersham = world["felpersham"]
    for reference, day in [
        ("22 560 002", dt.date(2022, 6, 1)),
        ("22 560 001", dt.date(2022, 6, 1)),
        ("22 560 003", dt.date(2022, 6, 1)),
        ("22 560 000", dt.date(2022, 5, 1)),
        ("22 560 009", None),
    ]:
        DecisionFactory(
            reference=reference,
            council=felpersham,
            report_type="report",
            decision_date=day or dt.date(2022, 8, 1),
            published_on=dt.date(2022, 7, 1) if day else None,
        )
    reports = selectors.council_reports(council=felpersham)
    expected = ["22 560 001", "22 560 002", "22 560 003", "22 560 000"]
    assert [d.reference for d in reports] == expected
    limited = selectors.council_reports(council=felpersham, limit=2)
    assert [d.reference for d in limited] == expected[:2]
    assert len(selectors.council_reports(council=felpersham, limit=50)) == 4


def test_council_reports_default_limit_is_fifty(world):
    felpersham = world["felpersham"]
    for n in range(51):
        DecisionFactory(
            reference=f"22 561 {n:03d}",
            council=felpersham,
            report_type="report",
            published_on=dt.date(2022, 10, 1),
        )
    assert len(selectors.council_reports(council=felpersham)) == 50


def test_council_letters_sent_only_newest_first(world):
    felpersham = world["felpersham"]
    AnnualLetterFactory(council=felpersham, year=2021, sent_on=dt.date(2022, 7, 1))
    AnnualLetterFactory(council=felpersham, year=2022, sent_on=dt.date(2023, 7, 1))
    AnnualLetterFactory(council=felpersham, year=2023, sent_on=None)
    AnnualLetterFactory(council=world["ambridge"], year=2022, sent_on=dt.date(2023, 7, 1))
    letters = selectors.council_letters(council=felpersham)
    assert [letter.year for letter in letters] == [2022, 2021]


def test_page_years_and_default_year(world):
    years = selectors.page_years()
    assert years == sorted(years, reverse=True)
    assert ReportingYear(2022) in years and ReportingYear(2021) in years
    assert selectors.default_year(years) == ReportingYear(2022)
    assert selectors.default_year([ReportingYear(2021)]) == ReportingYear(2021)
    assert selectors.default_year([]) is None


def test_default_year_skips_a_year_without_published_decisions(world):
    DecisionFactory(
        reference="23 562 001",
        council=world["felpersham"],
        decision_date=dt.date(2023, 6, 1),
        received_date=dt.date(2023, 5, 1),
        published_on=None,
    )
    years = selectors.page_years()
    assert years[0] == ReportingYear(2023)
    assert selectors.default_year(years) == ReportingYear(2022)
    # only years after the latest: the newest of them all the same
    assert selectors.default_year([ReportingYear(2024), ReportingYear(2023)]) == ReportingYear(2024)


def test_page_years_without_data(db):
    assert len(selectors.page_years()) == 1


def test_ranked_competition_ranks():
    rows = [
        {"name": "D", "x": 5.0},
        {"name": "B", "x": 9.0},
        {"name": "A", "x": 9.0},
        {"name": "C", "x": None},
        {"name": "E", "x": 1.0},
        {"name": "0", "x": None},
    ]
    ranked = selectors._ranked(rows, "x")
    assert [(r["row"]["name"], r["rank"], r["value"]) for r in ranked] == [
        ("A", 1, 9.0),
        ("B", 1, 9.0),
        ("D", 3, 5.0),
        ("E", 4, 1.0),
        ("0", None, None),
        ("C", None, None),
    ]


def test_ranked_zero_is_a_figure():
    ranked = selectors._ranked([{"name": "A", "x": 0.0}, {"name": "B", "x": 0.0}], "x")
    assert [r["rank"] for r in ranked] == [1, 1]


def test_type_ranking(world):
    ranked = selectors.type_ranking(year=Y22, authority_type="district", stat="upheld_rate")
    assert [r["row"]["gss_code"] for r in ranked] == ["E07900001", "E07900002"]
    assert [r["rank"] for r in ranked] == [1, 2]
    assert [r["value"] for r in ranked] == [75.0, 50.0]


def test_council_ranks(world):
    ranks = {r["stat"]: r for r in selectors.council_ranks(year=Y22, council=world["felpersham"])}
    assert list(ranks) == list(selectors.RANKED_STATS)
    assert ranks["upheld_rate"] == {
        "stat": "upheld_rate",
        "rank": 1,
        "tied": False,
        "value": 75.0,
        "of": 2,
    }
    # Loxley Barrett has no compliance outcomes: Felpersham is the only district with the rate
    assert ranks["compliance_rate"]["of"] == 1
    assert ranks["compliance_rate"]["rank"] == 1
    # no population for Loxley Barrett: one district with a rate per head
    assert ranks["upheld_per_100k"]["of"] == 1
    hassett = {r["stat"]: r for r in selectors.council_ranks(year=Y22, council=world["hassett"])}
    assert hassett["upheld_rate"] == {
        "stat": "upheld_rate",
        "rank": None,
        "tied": False,
        "value": None,
        "of": 0,
    }


def test_council_ranks_tied(world):
    felpersham = world["felpersham"]
    loxley = world["loxley"]
    # two more upheld for Loxley Barrett in 2022-23: 3 of 4 upheld, as Felpersham's 3 of 4
    for n in (1, 2):
        DecisionFactory(
            reference=f"22 563 00{n}",
            council=loxley,
            outcome=Outcome.UPHELD,
            decision_date=dt.date(2022, 7, n),
            published_on=dt.date(2022, 9, 1),
        )
    ranks = {r["stat"]: r for r in selectors.council_ranks(year=Y22, council=felpersham)}
    assert ranks["upheld_rate"]["rank"] == 1
    assert ranks["upheld_rate"]["tied"] is True
    assert ranks["upheld_rate"]["of"] == 2


def test_map_rows(world):
    lower = selectors.map_rows(year=Y22, tier="lower")
    assert lower["year"] == "2022-23"
    assert {r["gss_code"] for r in lower["councils"]} == {
        "E07900001",
        "E07900002",
        "E06900001",
        "E09900001",
    }
    assert [a["authority_type"] for a in lower["averages"]][0] == "district"
    assert lower["england"]["councils"] == 5
    assert set(lower) == {"year", "status", "published_at", "councils", "averages", "england"}
    upper = selectors.map_rows(year=Y22, tier="upper")
    assert "E10900001" in {r["gss_code"] for r in upper["councils"]}
    assert "E07900001" not in {r["gss_code"] for r in upper["councils"]}
    assert upper["status"] == lower["status"]
    assert upper["published_at"] == lower["published_at"]
