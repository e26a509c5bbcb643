"""The list of figures (decisions.statistics.figures) is the one definition every surface derives
from: these tests hold the surfaces to it, and the source tree to saying each rule once."""

import re

import pytest

from decisions.api.renderers import COLUMNS
from decisions.api.schema import FiguresSerializer, MapCouncilSerializer, RevisionSerializer
from decisions.charts import MAP_STATS, map_config
from decisions.mapdata import FEATURE_FIELDS
from decisions.statistics.figures import (
    COUNT_FIELDS,
    FIGURE,
    FIGURES,
    HEADLINE_RATES,
    RATES,
    Figure,
    MapClasses,
    compliant,
    figure_fields,
)
from decisions.statistics.formulas import figures_from_counts

from .source_tree import ROOT, source_files

PLACEHOLDER = re.compile(r"\{(\w+)(?::([^|}]*)\|([^}]*))?\}")


def test_every_rate_is_built_from_counts():
    for figure in RATES.values():
        assert figure.numerator and all(term in FIGURE for term in figure.numerator)
        assert figure.denominator in FIGURE and not FIGURE[figure.denominator].is_rate
        assert figure.small_base in COUNT_FIELDS
        assert figure.multiplier in (100, 100_000)
        assert figure.unit in ("%", "")
        assert figure.none_text and figure.definition and figure.help


def test_the_headline_rates_are_those_on_the_map():
    assert HEADLINE_RATES == (
        "upheld_rate",
        "satisfactory_remedy_rate",
        "compliance_rate",
        "upheld_per_100k",
    )
    assert list(MAP_STATS) == list(HEADLINE_RATES)


def test_compliant_is_carried_out_on_time_or_late():
    assert compliant({"complied": 2, "complied_late": 1, "not_complied": 5}) == 3
    assert compliant({"complied": 0, "complied_late": 0}) == 0
    assert compliant({"complied": 4}) == 4  # a term not given counts nothing
    row = figures_from_counts({"complied": 2, "complied_late": 1, "compliance_outcomes": 4})
    assert row["compliance_rate"] == 75.0


def test_a_rates_fields_are_its_terms_and_those_its_wording_names():
    plain = Figure(
        key="r", label="R", help="", definition="", numerator=("a", "b"), denominator="c"
    )
    assert figure_fields(plain) == ("a", "b", "c", "r")
    worded = Figure(
        key="r",
        label="R",
        help="",
        definition="",
        numerator=("upheld",),
        denominator="investigations",
        map=MapClasses(breaks=(1,), counts="{numerator} of {denominator}, {population} and {x}"),
    )
    # Named figures join once each, in order; `numerator`, `denominator` and unknowns do not.
    assert figure_fields(worded) == ("upheld", "investigations", "population", "r")


@pytest.mark.parametrize("key", HEADLINE_RATES)
def test_the_tooltip_wording_names_only_what_the_map_sends(key):
    spec = map_config()[key]
    for name, one, many in PLACEHOLDER.findall(spec["counts"]):
        assert name in ("numerator", "denominator") or name in FEATURE_FIELDS, name
        assert bool(one) == bool(many)
    assert set(figure_fields(RATES[key])) <= set(FEATURE_FIELDS)
    # Every brace is a placeholder the map script understands.
    assert spec["counts"].count("{") == len(PLACEHOLDER.findall(spec["counts"]))


def test_the_api_documents_every_figure_in_the_rows_order():
    row = figures_from_counts({})
    documented = [name for name in FiguresSerializer().fields if name in FIGURE]
    assert documented == [key for key in row if key in FIGURE]
    assert set(RevisionSerializer().fields) == set(FIGURE)
    assert [name for name in MapCouncilSerializer().fields if name in FIGURE] == list(
        FEATURE_FIELDS
    )


def test_the_csv_carries_every_figure_and_each_headline_average():
    for figure in FIGURES:
        assert figure.key in COLUMNS
    for key in HEADLINE_RATES:
        assert f"type_average_{key}" in COLUMNS


# --- One place for each rule -------------------------------------------------------------------


# Where a rule may be written again without being defined: tests, docs, data, the benchmark.
SKIPPED = ("tests/", "docs/", "fixtures/", "bench/", "migrations/")


def _places(pattern: str) -> list[str]:
    regex = re.compile(pattern)
    return sorted(
        str(path.relative_to(ROOT))
        for path in source_files(skip=SKIPPED)
        if regex.search(path.read_text(encoding="utf-8"))
    )


def test_the_threshold_is_written_once():
    assert _places(r"SMALL_NUMBER_THRESHOLD\s*=") == ["decisions/statistics/figures.py"]
    assert _places(r"(?i)fewer than 10\b|<\s*10\b") == []


def test_the_compliant_rule_is_written_once():
    assert _places(r"complied\b[^\n]{0,12}\+[^\n]{0,12}complied_late") == [
        "decisions/statistics/figures.py"
    ]


def test_each_rates_terms_are_written_once():
    # A rate's definition is its numerator and denominator named together, or its multiplier.
    for figure in RATES.values():
        pattern = rf"{figure.numerator[-1]}\b[\"']?\s*[/,]\s*[\"']?{figure.denominator}\b"
        assert _places(pattern) == ["decisions/statistics/figures.py"], figure.key
    # The per-head multiplier, given to `rate` anywhere but the list of figures.
    assert _places(r"rate\([^)]*100_?000|multiplier\s*=\s*100_?000") == [
        "decisions/statistics/figures.py"
    ]
